import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApi, type Api, type ApiError, type ProblemKind, type RequestOptions } from './api/client';
import type { User } from './api/types';
import type { AppConfig } from './config';
import { useI18n, type MessageKey } from './i18n';
import { COOKIE_MODE, refreshAfterSeconds, refreshLockName, refreshOutcome, RETRY_SECONDS, shared, withLock, type RefreshOutcome } from './lib/refresh';
import { classifyLogin } from './lib/signin';
import { isMfaSetupRequired } from './lib/mfa';

/**
 * A screen-wide state that replaces the page: the API said maintenance or outside service hours, or (`mfa_setup`)
 * the tenant requires an authenticator app of this admin or expert, who has none yet: only its set-up is open.
 */
export type Blocker = 'maintenance' | 'outside_hours' | 'mfa_setup' | null;

/** The routes of the account itself (signing in, the session, /me), whose closure closes the whole screen. */
export function isAccountPath(path: string): boolean {
  return path === '/me' || path.startsWith('/auth/');
}

/**
 * What signing in led to: signed in, or the password was a temporary one and the user must choose their
 * own first (`session` goes with it to {@link Session.choosePassword}; it is kept in memory only), or the account
 * signs in with an authenticator app's code too (`session` goes to {@link Session.answerMfa}).
 */
export type SignInResult = { kind: 'signed_in'; user: User } | { kind: 'new_password'; session: string } | { kind: 'mfa'; session: string };

interface Session {
  config: AppConfig;
  tenant: string;
  api: Api;
  /** The access token (15 minutes, renewed before it ends); in memory only. */
  token: string | null;
  /** True while the start-up refresh asks whether this browser's cookie still holds a session. */
  starting: boolean;
  me: User | null;
  blocker: Blocker;
  clearBlocker: () => void;
  signIn: (email: string, password: string) => Promise<SignInResult>;
  /** Answers the new-password challenge (`POST auth/new-password`) and signs in with the token it gives. */
  choosePassword: (email: string, session: string, newPassword: string) => Promise<User>;
  /** Answers the authenticator-code challenge (`POST auth/mfa`) and signs in with the token it gives. */
  answerMfa: (email: string, session: string, code: string) => Promise<User>;
  signOut: () => void;
  /** Signs out of every browser and device of this user (`POST auth/logout {everywhere: true}`). */
  signOutEverywhere: () => void;
}

const Ctx = createContext<Session | null>(null);
/** The auth calls: the refresh token stays in its HttpOnly cookie (cookie mode), and no bearer token is sent. */
const AUTH_CALL: RequestOptions = { headers: COOKIE_MODE, auth: false };
/** Where the 12-hour token of earlier versions was kept; removed on start. */
const legacyTokenKey = (tenant: string) => `mendan.token.${tenant}`;
/** Sign-out waits at most this long for `POST auth/logout`, then drops the session here anyway. */
const LOGOUT_WAIT_MS = 1500;

/**
 * The session of one tenant. The access token lives in memory only (a ref for requests, state for rendering);
 * the refresh token is an HttpOnly cookie (SameSite=Strict, path /t/{tenant}/v1/auth) that script never sees.
 * On start the cookie is tried once; the access token is renewed a minute before it ends, when a request
 * answers 401, and when the tab comes back after its refresh was due.
 */
export function SessionProvider({ config, tenant, children }: { config: AppConfig; tenant: string; children: ReactNode }) {
  const { lang, t } = useI18n();
  const [token, setToken] = useState<string | null>(null);
  const [starting, setStarting] = useState(true);
  const [me, setMe] = useState<User | null>(null);
  const [blocker, setBlocker] = useState<Blocker>(null);
  const tokenRef = useRef<string | null>(null);
  const langRef = useRef(lang);
  langRef.current = lang;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  /** When the next refresh is due (ms since the epoch): timers sleep in background tabs, so a tab coming back checks. */
  const dueAt = useRef(Infinity);
  const renewRef = useRef<() => Promise<RefreshOutcome>>(async () => ({ kind: 'failed' }));

  const schedule = useCallback((seconds: number) => {
    clearTimeout(timer.current);
    dueAt.current = Date.now() + seconds * 1000;
    // setTimeout fires at once beyond 2^31-1 ms (~24.8 days): a long-lived token is then simply renewed earlier
    timer.current = setTimeout(() => void renewRef.current(), Math.min(seconds * 1000, 2 ** 31 - 1));
  }, []);

  const dropToken = useCallback(() => {
    clearTimeout(timer.current);
    dueAt.current = Infinity;
    tokenRef.current = null;
    setToken(null);
    setMe(null);
    setStarting(false);
    // the app's set-up belongs to the session that was asked for it; maintenance and hours stay
    setBlocker((b) => (b === 'mfa_setup' ? null : b));
  }, []);

  const api = useMemo(
    () =>
      createApi({
        apiBase: config.apiBase,
        tenant,
        token: () => tokenRef.current,
        lang: () => (langRef.current === 'en' ? 'en, ja;q=0.5' : 'ja, en;q=0.5'),
        fallback: (kind: ProblemKind) => t(`err.${kind}` as MessageKey),
        onProblem: (e: ApiError, path: string) => {
          if (e.kind === 'maintenance') setBlocker('maintenance');
          // Hours are per feature (表5-1): the whole screen closes only when the account itself is outside them
          // (nothing this role does is served now); a closed feature's page says so itself.
          else if (e.kind === 'outside_hours' && isAccountPath(path)) setBlocker('outside_hours');
          // The tenant requires an app of admins and experts and this one has none yet: every page but the
          // account's own answers 403, so the screen shows the set-up instead (pages/Blocked).
          else if (isMfaSetupRequired(e) && tokenRef.current) setBlocker('mfa_setup');
          else if (e.kind === 'unauthenticated' && tokenRef.current) dropToken();
        },
        // only while signed in: a late 401 after signing out must not bring the session back
        refresh: async () => tokenRef.current !== null && (await renewRef.current()).kind === 'token',
      }),
    // the fallback texts follow the language through `t`
    [config.apiBase, tenant, t, dropToken],
  );
  const apiRef = useRef(api);
  apiRef.current = api;

  // One refresh at a time: callers in this tab share the one under way, other tabs wait for the Web Lock (the
  // refresh token is used once; the tab that waited then sends the cookie the first one's refresh rotated).
  const renew = useMemo(
    () =>
      shared(async (): Promise<RefreshOutcome> => {
        const r = await withLock(refreshLockName(tenant), () => refreshOutcome(() => apiRef.current.post('/auth/refresh', {}, AUTH_CALL)));
        // Signed in: keep the session going. On start (no token yet) the caller adopts the token itself.
        if (tokenRef.current) {
          if (r.kind === 'token') {
            tokenRef.current = r.token;
            setToken(r.token);
            schedule(refreshAfterSeconds(r.expiresIn));
          } else if (r.kind === 'ended') dropToken();
          else schedule(RETRY_SECONDS);
        }
        return r;
      }),
    [tenant, schedule, dropToken],
  );
  renewRef.current = renew;

  /** Signs in with an access token once `/me` has accepted it. */
  const adopt = useCallback(
    async (tok: string, expiresIn: number) => {
      tokenRef.current = tok;
      try {
        const user = await api.get<User>('/me');
        schedule(refreshAfterSeconds(expiresIn));
        // A transition: the sign-in form (or, on start, the "loading" line) stays until the first page's lazy chunk
        // is there, instead of committing a Suspense fallback whose reveal React then holds back for ~300 ms.
        startTransition(() => {
          setToken(tokenRef.current);
          setMe(user);
          setStarting(false);
        });
        return user;
      } catch (e) {
        clearTimeout(timer.current);
        tokenRef.current = null;
        throw e;
      }
    },
    [api, schedule],
  );

  // Once per mount: resume the session this browser's cookie holds, if any. Until it answers the "loading" line
  // shows, not the sign-in form. 401 (no session) and failures lead to the sign-in form; maintenance and
  // outside-hours answers set their blocker through the API client as any call does.
  useEffect(() => {
    localStorage.removeItem(legacyTokenKey(tenant));
    let live = true;
    void (async () => {
      const r = await renew();
      if (!live) return;
      if (r.kind === 'token') {
        try {
          await adopt(r.token, r.expiresIn);
          return;
        } catch {
          // another tenant's session (404/403) or /me failing: the sign-in form below
        }
      }
      if (live) dropToken();
    })();
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && tokenRef.current && Date.now() >= dueAt.current) void renewRef.current();
    };
    document.addEventListener('visibilitychange', onVisible);
    // Signing out in one tab signs out this tenant's other tabs of the browser (they share the cookie).
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`mendan-session-${tenant}`);
    if (channel) channel.onmessage = (e) => e.data === 'signed-out' && tokenRef.current && dropToken();
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      channel?.close();
      clearTimeout(timer.current);
    };
  }, [tenant, dropToken]);

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInResult> => {
      const answer = classifyLogin(await api.post<unknown>('/auth/login', { email, password }, AUTH_CALL));
      if (answer.kind === 'new_password' || answer.kind === 'mfa') return answer;
      if (answer.kind === 'unsupported') throw new Error(t('signin.unsupported'));
      return { kind: 'signed_in', user: await adopt(answer.token, answer.expiresIn) };
    },
    [api, adopt, t],
  );

  const choosePassword = useCallback(
    async (email: string, session: string, newPassword: string) => {
      const answer = classifyLogin(await api.post<unknown>('/auth/new-password', { email, session, new_password: newPassword }, AUTH_CALL));
      if (answer.kind !== 'token') throw new Error(t('signin.unsupported'));
      return adopt(answer.token, answer.expiresIn);
    },
    [api, adopt, t],
  );

  const answerMfa = useCallback(
    async (email: string, session: string, code: string) => {
      const answer = classifyLogin(await api.post<unknown>('/auth/mfa', { email, session, code }, AUTH_CALL));
      if (answer.kind !== 'token') throw new Error(t('signin.unsupported'));
      return adopt(answer.token, answer.expiresIn);
    },
    [api, adopt, t],
  );

  // The server revokes the session and clears the cookie. Wait for it a moment (a reload right after must not
  // resume the session), never long: the session is dropped here whatever the answer. Under the refresh lock, so
  // the cookie sent is the latest one.
  const endSession = useCallback((everywhere: boolean) => {
    clearTimeout(timer.current);
    const body = everywhere ? { everywhere: true } : {};
    const bye = withLock(refreshLockName(tenant), () => api.post('/auth/logout', body, AUTH_CALL)).catch(() => undefined);
    void Promise.race([bye, new Promise((r) => setTimeout(r, LOGOUT_WAIT_MS))]).then(() => {
      dropToken();
      if (typeof BroadcastChannel !== 'undefined') {
        const c = new BroadcastChannel(`mendan-session-${tenant}`);
        c.postMessage('signed-out');
        c.close();
      }
    });
  }, [api, tenant, dropToken]);
  const signOut = useCallback(() => endSession(false), [endSession]);
  const signOutEverywhere = useCallback(() => endSession(true), [endSession]);

  const value = useMemo<Session>(
    () => ({ config, tenant, api, token, starting, me, blocker, clearBlocker: () => setBlocker(null), signIn, choosePassword, answerMfa, signOut, signOutEverywhere }),
    [config, tenant, api, token, starting, me, blocker, signIn, choosePassword, answerMfa, signOut, signOutEverywhere],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** Loads data from the API with loading and error states; `reload` fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
} {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => live && setState({ data, error: null, loading: false }))
      .catch((error: ApiError) => live && setState({ data: null, error, loading: false }));
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}
