import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation, useParams } from 'wouter';
import type { AppConfig } from './config';
import type { Role } from './api/types';
import { LANGS, useI18n, type Lang, type MessageKey } from './i18n';
import { SessionProvider, useSession } from './session';
import { Loading, PageTitle } from './components/ui';
import { SignIn } from './pages/SignIn';
import { SetPassword } from './pages/SetPassword';
import { Profile } from './pages/Profile';
import { Blocked } from './pages/Blocked';
import { chunkFor, type ChunkName } from './lib/prefetch';
import { guardClicks } from './lib/leaveGuard';
import { MaintenanceBanner } from './components/maintenanceBanner';
import { offersAny, type Contract, type ContractOption } from './lib/contract';

// Each role's screens are their own chunk, so the interviewee's flow loads no admin code (nor the chart library).
const admin = () => import('./pages/admin');
const interviews = () => import('./pages/interviews');
const interviewee = () => import('./pages/interviewee');
const feedback = () => import('./pages/feedback');
const reports = () => import('./pages/reports');
const record = () => import('./pages/record');
const call = () => import('./pages/call');
// A deep link (an invitation, "continue", a bookmark) starts loading its page's chunk at once, in parallel with
// config.json and the profile call; lazy() below then finds the module already on its way.
const CHUNKS: Record<ChunkName, () => Promise<unknown>> = { interviewee, feedback, admin, interviews, record, reports, call };
const early = typeof window === 'undefined' ? null : chunkFor(window.location.pathname);
if (early) void CHUNKS[early]().catch(() => undefined);
const Users = lazy(() => admin().then((m) => ({ default: m.Users })));
const Items = lazy(() => admin().then((m) => ({ default: m.Items })));
const QuestionSets = lazy(() => admin().then((m) => ({ default: m.QuestionSets })));
const Models = lazy(() => admin().then((m) => ({ default: m.Models })));
const SentMail = lazy(() => admin().then((m) => ({ default: m.SentMail })));
const TenantSettings = lazy(() => admin().then((m) => ({ default: m.TenantSettings })));
const Ethics = lazy(() => admin().then((m) => ({ default: m.Ethics })));
const InterviewList = lazy(() => interviews().then((m) => ({ default: m.InterviewList })));
const Schedule = lazy(() => interviews().then((m) => ({ default: m.Schedule })));
const InterviewDetail = lazy(() => interviews().then((m) => ({ default: m.InterviewDetail })));
const ExpertQueue = lazy(() => interviews().then((m) => ({ default: m.ExpertQueue })));
const MyInterviews = lazy(() => interviewee().then((m) => ({ default: m.MyInterviews })));
const Consent = lazy(() => interviewee().then((m) => ({ default: m.Consent })));
const DeviceCheck = lazy(() => interviewee().then((m) => ({ default: m.DeviceCheck })));
const SelfInterview = lazy(() => interviewee().then((m) => ({ default: m.SelfInterview })));
const Done = lazy(() => interviewee().then((m) => ({ default: m.Done })));
const MyFeedback = lazy(() => feedback().then((m) => ({ default: m.MyFeedback })));
const Reports = lazy(() => reports().then((m) => ({ default: m.Reports })));
const FaceToFaceRecord = lazy(() => record().then((m) => ({ default: m.FaceToFaceRecord })));
const Call = lazy(() => call().then((m) => ({ default: m.Call })));
// Everyone's own declaration of gender and age band (from the profile page): a small chunk of its own.
const SelfAttributes = lazy(() => import('./pages/selfAttributes').then((m) => ({ default: m.SelfAttributes })));

export function homeOf(role: Role): string {
  switch (role) {
    case 'admin':
      return '/admin/users';
    case 'interviewer':
      return '/interviews';
    case 'expert':
      return '/expert';
    case 'interviewee':
      return '/me';
  }
}

const NAV: Record<Role, [string, MessageKey][]> = {
  admin: [
    ['/admin/users', 'nav.users'],
    ['/admin/items', 'nav.items'],
    ['/admin/question-sets', 'nav.sets'],
    ['/interviews', 'nav.interviews'],
    ['/interviews/new', 'nav.schedule'],
    ['/admin/models', 'nav.models'],
    ['/reports', 'nav.reports'],
    ['/admin/ethics', 'nav.ethics'],
    ['/admin/tenant', 'nav.tenant'],
  ],
  interviewer: [
    ['/interviews', 'nav.interviews'],
    ['/interviews/new', 'nav.schedule'],
    ['/reports', 'nav.reports'],
  ],
  expert: [['/expert', 'nav.queue']],
  interviewee: [['/me', 'nav.myInterviews']],
};

/** Menu entries offered only with one of these contract options (the AI ethics page: either ethics option). */
const NAV_OPTIONS: Record<string, ContractOption[]> = {
  '/admin/ethics': ['ethics_model', 'ethics_predictions'],
};

/** The contract's options, read for admins (their menu depends on them); null until known. */
function useContractOptions(): ContractOption[] | null {
  const { api, me } = useSession();
  const [options, setOptions] = useState<ContractOption[] | null>(null);
  const admin = me?.role === 'admin';
  useEffect(() => {
    if (!admin) {
      setOptions(null);
      return;
    }
    let live = true;
    api
      .get<Contract>('/tenant')
      .then((c) => live && setOptions(c.options))
      // an older server, the network: the optional entries stay hidden
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, admin]);
  return options;
}

export function App({ config }: { config: AppConfig }) {
  return (
    <Switch>
      <Route path="/">
        <Redirect to={`/t/${config.tenant}/`} replace />
      </Route>
      <Route path="/t/:tenant" nest>
        <TenantRoot config={config} />
      </Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}

function TenantRoot({ config }: { config: AppConfig }) {
  const { tenant } = useParams<{ tenant: string }>();
  return (
    <SessionProvider key={tenant} config={config} tenant={tenant}>
      <Shell />
    </SessionProvider>
  );
}

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('app.lang')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('app.lang')}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {t(`app.lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Shell() {
  const { t } = useI18n();
  const { token, starting, me, blocker, signOut } = useSession();
  const [location] = useLocation();
  const options = useContractOptions();
  const header = (
    // Leaving an unsaved answer through the header's links or sign-out asks first (lib/leaveGuard).
    <header className="top" onClickCapture={guardClicks}>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <span className="brand">{t('app.name')}</span>
      {me && (
        <nav aria-label={t('app.nav')}>
          <ul>
            {NAV[me.role]
              .filter(([href]) => !NAV_OPTIONS[href] || offersAny(options, NAV_OPTIONS[href]))
              .map(([href, key]) => (
                <li key={href}>
                  <Link href={href} aria-current={location === href ? 'page' : undefined}>
                    {t(key)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      )}
      <div className="tools">
        <LangSwitch />
        {me && (
          <>
            <Link href="/profile" className="who">
              {me.display_name}
            </Link>
            <button type="button" className="secondary" onClick={signOut}>
              {t('app.signout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
  let body;
  if (blocker) body = <Blocked kind={blocker} />;
  // a mailed set-password link works signed in or not (and before the start-up refresh has answered)
  else if (location === '/set-password') body = <SetPassword />;
  // while the start-up refresh is under way: "loading", not a flash of the sign-in form
  else if (!token) body = starting ? <Loading /> : <SignIn />;
  else if (!me) body = <Loading />;
  else
    body = (
      <Switch>
          <Route path="/">
            <Redirect to={homeOf(me.role)} replace />
          </Route>
          <Route path="/signin">
            <Redirect to={homeOf(me.role)} replace />
          </Route>
          <Route path="/profile" component={Profile} />
          <Route path="/profile/attributes" component={SelfAttributes} />
          <Route path="/admin/users" component={Users} />
          <Route path="/admin/items" component={Items} />
          <Route path="/admin/question-sets" component={QuestionSets} />
          <Route path="/admin/models" component={Models} />
          <Route path="/admin/mail" component={SentMail} />
          <Route path="/admin/tenant" component={TenantSettings} />
          <Route path="/admin/ethics" component={Ethics} />
          <Route path="/interviews" component={InterviewList} />
          <Route path="/interviews/new" component={Schedule} />
          <Route path="/interviews/:id/record" component={FaceToFaceRecord} />
          <Route path="/call/:id" component={Call} />
          <Route path="/interviews/:id" component={InterviewDetail} />
          <Route path="/reports" component={Reports} />
          <Route path="/expert" component={ExpertQueue} />
          <Route path="/expert/:id" component={InterviewDetail} />
          <Route path="/me" component={MyInterviews} />
          <Route path="/me/:id/feedback" component={MyFeedback} />
          <Route path="/self/:id/consent" component={Consent} />
          <Route path="/self/:id/check" component={DeviceCheck} />
          <Route path="/self/:id/run" component={SelfInterview} />
          <Route path="/self/:id/done" component={Done} />
          <Route>
            <NotFound />
          </Route>
      </Switch>
    );
  return (
    <>
      {header}
      {!blocker && <MaintenanceBanner />}
      {/* One boundary for every state, mounted from the start: when the profile arrives (in a transition) the
          "loading" line stays until the page's chunk is there, with no fallback to reveal later. */}
      <main id="main">
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </main>
    </>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageTitle>{t('app.notFound')}</PageTitle>
      <p>
        <Link href="~/">{t('app.home')}</Link>
      </p>
    </div>
  );
}
