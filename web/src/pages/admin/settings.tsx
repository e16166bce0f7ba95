// Admin: tenant settings (the API does not offer them yet: the page says so).
import { useI18n } from '../../i18n';
import { PageTitle, Unavailable } from '../../components/ui';

export function Settings() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageTitle>{t('settings.title')}</PageTitle>
      <Unavailable title={t('settings.title')} text={t('settings.unavailable')} />
    </div>
  );
}
