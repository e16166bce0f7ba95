/**
 * The pure parts of keeping a session alive. The access token (15 minutes) lives in memory only; the refresh
 * token is an HttpOnly cookie the page cannot read, sent by the browser to `POST auth/refresh` only, which
 * answers a new access token and rotates the cookie.
 */
import { classifyLogin } from './signin';

/**
 * Asks the API to answer in cookie mode: the refresh token goes into the HttpOnly cookie, never into the JSON
 * body where script (and so an XSS) could read it. Sent on auth/login, new-password, mfa, refresh and logout.
 */
export const COOKIE_MODE = { 'X-Mendan-Refresh': 'cookie' } as const;

/** After a refresh that could not be made (network, 5xx, maintenance), try again this much later. */
export const RETRY_SECONDS = 30;

/**
 * Seconds after an access token was issued at which to refresh it: a minute before it ends, but never in the
 * first half of its life (a short-lived token would otherwise be refreshed at once, or too late).
 */
export function refreshAfterSeconds(expiresIn: number): number {
  return Math.max(expiresIn - 60, expiresIn / 2);
}

/**
 * What `POST auth/refresh` led to: a new access token; `ended` (401: expired, signed out, revoked, disabled,
 * or no cookie — only signing in again helps); or `failed` (network, 5xx, maintenance: worth trying later).
 */
export type RefreshOutcome = { kind: 'token'; token: string; expiresIn: number } | { kind: 'ended' } | { kind: 'failed' };

/** Runs the refresh call and classifies its answer or its error (an ApiError, or anything thrown). */
export async function refreshOutcome(call: () => Promise<unknown>): Promise<RefreshOutcome> {
  try {
    const a = classifyLogin(await call());
    return a.kind === 'token' ? { kind: 'token', token: a.token, expiresIn: a.expiresIn } : { kind: 'failed' };
  } catch (e) {
    return (e as { status?: unknown } | null)?.status === 401 ? { kind: 'ended' } : { kind: 'failed' };
  }
}

/** Concurrent calls share one run of `fn` (several 401s at once cause one refresh); a later call runs it again. */
export function shared<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= fn().finally(() => {
      pending = null;
    });
    return pending;
  };
}

/** The part of the Web Locks API used here (`navigator.locks`). */
export interface Locks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding the lock `name`. A refresh token may be used once, and tabs share the cookie jar, so two
 * tabs must not refresh at the same time: the Web Lock makes the second wait, and it then sends the cookie the
 * first one's refresh rotated. Without Web Locks (an old browser, or a page not in a secure context) refreshes
 * are only serialised within this tab.
 */
export function withLock<T>(name: string, fn: () => Promise<T>, locks: Locks | null = browserLocks()): Promise<T> {
  if (locks) return locks.request(name, () => fn());
  const run = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
  tails.set(name, run.catch(() => undefined));
  return run;
}

function browserLocks(): Locks | null {
  return typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks as Locks) : null;
}

/** The lock name: one per tenant, as the cookie is (its path is /t/{tenant}/v1/auth). */
export const refreshLockName = (tenant: string) => `mendan-refresh-${tenant}`;
