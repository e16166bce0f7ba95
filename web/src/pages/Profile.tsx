import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { PageTitle } from '../components/ui';
import { MailPreferencesCard } from './mailPreferences';

// Its own chunk (the profile is in the main bundle; the QR code library loads later still, on "set up").
const MfaCard = lazy(() => import('./mfaCard').then((m) => ({ default: m.MfaCard })));

export function Profile() {
  const { t } = useI18n();
  const { me, tenant, signOutEverywhere } = useSession();
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
      <MailPreferencesCard />
      {/* the optional self-declaration for the AI's bias check (issue 19): its own page, with its own consent */}
      <section className="card" aria-labelledby="profile-attributes" data-testid="profile-attributes">
        <h2 id="profile-attributes">{t('profile.attributes')}</h2>
        <p>{t('profile.attributesHelp')}</p>
        <Link href="/profile/attributes">{t('profile.attributesLink')}</Link>
      </section>
      {/* sign-in with an authenticator app's code too (issue 20 item 6) */}
      <Suspense fallback={null}>
        <MfaCard />
      </Suspense>
      {/* a lost laptop or a shared PC left signed in: every session of this user ends, here too */}
      <section className="card" aria-labelledby="profile-sessions">
        <h2 id="profile-sessions">{t('profile.sessions')}</h2>
        <p>{t('profile.sessionsHelp')}</p>
        <button type="button" className="secondary" onClick={signOutEverywhere}>
          {t('profile.signOutEverywhere')}
        </button>
      </section>
    </div>
  );
}
