/**
 * The pure parts of signing in: what `POST auth/login` answered, and the checks of the
 * "choose your own password" step that follows a temporary password (an invitation's, or Cognito's
 * NEW_PASSWORD_REQUIRED on AWS — both answer the same way through the API). The authenticator-code step's
 * parts are in ./mfa.ts.
 */

/** The API's own minimum (`POST auth/new-password` answers 422 below it). */
export const MIN_PASSWORD_LENGTH = 12;

/** How long an access token lives when the answer does not say (`expires_in`, seconds): the API's 15 minutes. */
export const DEFAULT_EXPIRES_IN = 900;

export type LoginAnswer =
  /** `expiresIn`: seconds the access token lives, from `expires_in` */
  | { kind: 'token'; token: string; expiresIn: number }
  | { kind: 'new_password'; session: string }
  /** the account signs in with an authenticator app's code too: `POST auth/mfa` with this session */
  | { kind: 'mfa'; session: string }
  /** a challenge this screen cannot answer (or an answer it cannot read); `challenge` is the name, if any */
  | { kind: 'unsupported'; challenge: string | null };

/**
 * Classifies the 200 answer of `POST auth/login` (and of `auth/new-password` and `auth/refresh`, which answer
 * `{token, expires_in}` too): a token, or the new-password or authenticator-code challenge with its session.
 */
export function classifyLogin(body: unknown): LoginAnswer {
  if (typeof body !== 'object' || body === null) return { kind: 'unsupported', challenge: null };
  const b = body as Record<string, unknown>;
  if (typeof b.token === 'string' && b.token) {
    const e = b.expires_in;
    const expiresIn = typeof e === 'number' && Number.isFinite(e) && e > 0 ? e : DEFAULT_EXPIRES_IN;
    return { kind: 'token', token: b.token, expiresIn };
  }
  const challenge = typeof b.challenge === 'string' ? b.challenge : null;
  if (challenge === 'new_password_required' && typeof b.session === 'string' && b.session) {
    return { kind: 'new_password', session: b.session };
  }
  if (challenge === 'mfa_required' && typeof b.session === 'string' && b.session) {
    return { kind: 'mfa', session: b.session };
  }
  return { kind: 'unsupported', challenge };
}

/** Length as a person counts it (code points, so an emoji or a kanji is one). */
export function passwordLength(s: string): number {
  return [...s].length;
}

export type NewPasswordProblem = 'too_short' | 'mismatch' | 'same_as_temporary';

/**
 * Checks the new-password form before anything is sent; null when it may be sent.
 * The first problem found is returned: length, then the confirmation, then reuse of the temporary password.
 */
export function checkNewPassword(password: string, confirm: string, temporary: string): NewPasswordProblem | null {
  if (passwordLength(password) < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password !== confirm) return 'mismatch';
  if (temporary && password === temporary) return 'same_as_temporary';
  return null;
}
