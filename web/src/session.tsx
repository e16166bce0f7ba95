import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApi, type Api, type ApiError, type ProblemKind } from './api/client';
import type { User } from './api/types';
import type { AppConfig } from './config';
import { useI18n, type MessageKey } from './i18n';
import { classifyLogin } from './lib/signin';

/** A screen-wide state that replaces the page: the API said maintenance or outside service hours. */
export type Blocker = 'maintenance' | 'outside_hours' | null;

/**
 * What signing in led to: signed in, or the password was a temporary one and the user must choose their
 * own first (`session` goes with it to {@link Session.choosePassword}; it is kept in memory only).
 */
export type SignInResult = { kind: 'signed_in'; user: User } | { kind: 'new_password'; session: string };

interface Session {
  config: AppConfig;
  tenant: string;
  api: Api;
  token: string | null;
  me: User | null;
  blocker: Blocker;
  clearBlocker: () => void;
  signIn: (email: string, password: string) => Promise<SignInResult>;
  /** Answers the new-password challenge (`POST auth/new-password`) and signs in with the token it gives. */
  choosePassword: (email: string, session: string, newPassword: string) => Promise<User>;
  signOut: () => void;
}

const Ctx = createContext<Session | null>(null);
const tokenKey = (tenant: string) => `mendan.token.${tenant}`;

export function SessionProvider({ config, tenant, children }: { config: AppConfig; tenant: string; children: ReactNode }) {
  const { lang, t } = useI18n();
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(tokenKey(tenant)));
  const [me, setMe] = useState<User | null>(null);
  const [blocker, setBlocker] = useState<Blocker>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const langRef = useRef(lang);
  langRef.current = lang;

  const dropToken = useCallback(() => {
    localStorage.removeItem(tokenKey(tenant));
    setToken(null);
    setMe(null);
  }, [tenant]);

  const api = useMemo(
    () =>
      createApi({
        apiBase: config.apiBase,
        tenant,
        token: () => tokenRef.current,
        lang: () => (langRef.current === 'en' ? 'en, ja;q=0.5' : 'ja, en;q=0.5'),
        fallback: (kind: ProblemKind) => t(`err.${kind}` as MessageKey),
        onProblem: (e: ApiError) => {
          if (e.kind === 'maintenance') setBlocker('maintenance');
          else if (e.kind === 'outside_hours') setBlocker('outside_hours');
          else if (e.kind === 'unauthenticated' && tokenRef.current) dropToken();
        },
      }),
    // the fallback texts follow the language through `t`
    [config.apiBase, tenant, t, dropToken],
  );

  useEffect(() => {
    if (!token) return;
    let live = true;
    api
      .get<User>('/me')
      // A transition: the first page appears when its lazy chunk is there (the "loading" line stays meanwhile),
      // instead of committing a Suspense fallback whose reveal React then holds back for ~300 ms.
      .then((u) => live && startTransition(() => setMe(u)))
      .catch((e: ApiError) => {
        // a token of another tenant answers 404: treat it as signed out here
        if (live && (e.kind === 'not_found' || e.kind === 'forbidden')) dropToken();
      });
    return () => {
      live = false;
    };
  }, [token, api, dropToken]);

  /** Keeps a token once `/me` has accepted it. */
  const adopt = useCallback(
    async (tok: string) => {
      tokenRef.current = tok;
      try {
        const user = await api.get<User>('/me');
        localStorage.setItem(tokenKey(tenant), tok);
        // as on start-up: the sign-in screen stays until the home page's chunk is there
        startTransition(() => {
          setToken(tok);
          setMe(user);
        });
        return user;
      } catch (e) {
        tokenRef.current = null;
        throw e;
      }
    },
    [api, tenant],
  );

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInResult> => {
      const answer = classifyLogin(await api.post<unknown>('/auth/login', { email, password }));
      if (answer.kind === 'new_password') return answer;
      if (answer.kind === 'unsupported') throw new Error(t('signin.unsupported'));
      return { kind: 'signed_in', user: await adopt(answer.token) };
    },
    [api, adopt, t],
  );

  const choosePassword = useCallback(
    async (email: string, session: string, newPassword: string) => {
      const answer = classifyLogin(await api.post<unknown>('/auth/new-password', { email, session, new_password: newPassword }));
      if (answer.kind !== 'token') throw new Error(t('signin.unsupported'));
      return adopt(answer.token);
    },
    [api, adopt, t],
  );

  const value = useMemo<Session>(
    () => ({ config, tenant, api, token, me, blocker, clearBlocker: () => setBlocker(null), signIn, choosePassword, signOut: dropToken }),
    [config, tenant, api, token, me, blocker, signIn, choosePassword, dropToken],
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
