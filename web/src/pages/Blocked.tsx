import { useI18n } from '../i18n';
import type { Blocker } from '../session';
import { PageTitle } from '../components/ui';

/** Maintenance (API 503 with a maintenance problem) and outside-service-hours pages. */
export function Blocked({ kind }: { kind: Exclude<Blocker, null> }) {
  const { t } = useI18n();
  const m = kind === 'maintenance';
  return (
    <div className="page narrow blocked" data-blocker={kind}>
      <PageTitle>{m ? t('maint.title') : t('hours.title')}</PageTitle>
      <p>{m ? t('maint.body') : t('hours.body')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
