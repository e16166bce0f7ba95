import { useI18n } from '../i18n';
import { useSession } from '../session';
import { PageTitle } from '../components/ui';

export function Profile() {
  const { t } = useI18n();
  const { me, tenant } = useSession();
  if (!me) return null;
  return (
    <div className="page narrow">
      <PageTitle>{t('profile.title')}</PageTitle>
      <dl className="card facts">
        <dt>{t('profile.name')}</dt>
        <dd>{me.display_name}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('profile.role')}</dt>
        <dd>{t(`role.${me.role}`)}</dd>
        <dt>{t('profile.tenant')}</dt>
        <dd>{tenant}</dd>
      </dl>
    </div>
  );
}
