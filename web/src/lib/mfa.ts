/**
 * The pure parts of signing in with an authenticator app (TOTP, issue 20 item 6): the secret as a person types it
 * into the app (groups of four), the 6-digit code as a person may type it (full-width digits from a Japanese
 * input method, spaces), and what the API's refusals mean for the screen.
 */

/** Digits of an authenticator app's code. */
export const CODE_DIGITS = 6;

/** How many characters of the secret are shown together (what authenticator apps show too). */
export const SECRET_GROUP = 4;

/** What `GET /me/mfa` (and the set-up's confirmation and turning off) answer. */
export interface MfaView {
  enabled: boolean;
  enabled_at: string | null;
}

/** What `POST /me/mfa/totp` answers: the secret (base32) and the `otpauth://` address for the QR code. */
export interface TotpSetup {
  secret: string;
  uri: string;
}

/**
 * The secret in groups of four for typing it in by hand: upper case, without the spaces or `=` padding a server
 * might put in. Apps take it with or without the spaces.
 */
export function groupSecret(secret: string, size: number = SECRET_GROUP): string[] {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += size) groups.push(clean.slice(i, i + size));
  return groups;
}

/**
 * The code as typed, as the API wants it: full-width digits (「１２３４５６」 from a Japanese input method) made
 * ASCII, spaces and hyphens (「123 456」「123-456」) dropped. Anything else is left, so the check below refuses it.
 */
export function normalizeCode(input: string): string {
  return input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u3000\-‐－ー]/g, '');
}

/** Whether a (normalized) code is six ASCII digits, so it is worth sending. */
export function isCompleteCode(code: string): boolean {
  return new RegExp(`^[0-9]{${CODE_DIGITS}}$`).test(code);
}

/** The parts of an API error (`ApiError`) these checks read. */
export interface ProblemLike {
  status: number;
  type: string;
  field: string | null;
}

/**
 * What a refusal of `POST auth/mfa` (the sign-in's code step) means: `wrong_code` (a wrong or already used code: try
 * again with the app's current one), `expired` (the step's 3 minutes are over or it was used: back to the password),
 * `other` (too many attempts, a disabled account, the network...: the API's own words).
 */
export function signInCodeProblem(e: ProblemLike): 'wrong_code' | 'expired' | 'other' {
  if (e.type === 'wrong_code') return 'wrong_code';
  if (e.type === 'sign_in_expired') return 'expired';
  return 'other';
}

/** What a refusal of `POST me/mfa/totp/confirm` means: a code that does not match (422 on `code`), or anything else. */
export function setupCodeProblem(e: ProblemLike): 'wrong_code' | 'other' {
  return e.status === 422 && e.field === 'code' ? 'wrong_code' : 'other';
}

/** Reads an `MfaView` from an answer; an unreadable one counts as off. */
export function readMfaView(body: unknown): MfaView {
  if (typeof body !== 'object' || body === null) return { enabled: false, enabled_at: null };
  const b = body as Record<string, unknown>;
  const enabled = b.enabled === true;
  return { enabled, enabled_at: enabled && typeof b.enabled_at === 'string' ? b.enabled_at : null };
}

/**
 * An SVG document as a `data:` address for an `<img>` (the QR code): the server's Content-Security-Policy allows
 * `img-src data:`, while an inline `<svg>` with its own styles, or a script, would not be.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
