import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';
import { useSession, type Blocker } from '../session';
import { Loading, PageTitle } from '../components/ui';

// Its own chunk, as on the profile page: this page is in the main bundle, the set-up is needed by few.
const MfaCard = lazy(() => import('./mfaCard').then((m) => ({ default: m.MfaCard })));

/**
 * Maintenance (API 503 with a maintenance problem) and outside-service-hours pages; and the set-up of an
 * authenticator app the tenant requires of admins and experts (API 403 `mfa_setup_required`), shown instead of
 * any page until it is done.
 */
export function Blocked({ kind }: { kind: Exclude<Blocker, null> }) {
  const { t } = useI18n();
  if (kind === 'mfa_setup') return <MfaSetupRequired />;
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

/** The app's set-up right here; once it is confirmed the page asked for shows (mounted afresh, so its data loads). */
function MfaSetupRequired() {
  const { t } = useI18n();
  const { clearBlocker } = useSession();
  return (
    <div className="page narrow blocked" data-blocker="mfa_setup">
      <PageTitle>{t('mfaRequired.title')}</PageTitle>
      <p>{t('mfaRequired.body')}</p>
      <Suspense fallback={<Loading />}>
        <MfaCard onEnabled={clearBlocker} />
      </Suspense>
    </div>
  );
}
