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
  /** The tenant requires an app of this person (an admin or expert while the policy is on): it cannot be turned off. */
  required: boolean;
}

/** What `GET/PUT mfa/policy` answer (admins): whether admins and experts must use an app, and how many have none yet. */
export interface MfaPolicy {
  staff_mfa_required: boolean;
  /** Admins and experts, not disabled, without an app set up. */
  staff_without_mfa: number;
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

/** Reads an `MfaView` from an answer; an unreadable one counts as off, and as not required (older servers say nothing). */
export function readMfaView(body: unknown): MfaView {
  if (typeof body !== 'object' || body === null) return { enabled: false, enabled_at: null, required: false };
  const b = body as Record<string, unknown>;
  const enabled = b.enabled === true;
  return { enabled, enabled_at: enabled && typeof b.enabled_at === 'string' ? b.enabled_at : null, required: b.required === true };
}

/** Reads an `MfaPolicy` from an answer; an unreadable one counts as not required, with no count known (0). */
export function readMfaPolicy(body: unknown): MfaPolicy {
  if (typeof body !== 'object' || body === null) return { staff_mfa_required: false, staff_without_mfa: 0 };
  const b = body as Record<string, unknown>;
  const n = b.staff_without_mfa;
  return {
    staff_mfa_required: b.staff_mfa_required === true,
    staff_without_mfa: typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0,
  };
}

/** Whether an API refusal is the tenant's requirement of an app this person has not set up (403 `mfa_setup_required`). */
export function isMfaSetupRequired(e: Pick<ProblemLike, 'type'>): boolean {
  return e.type === 'mfa_setup_required';
}

/**
 * What a refusal of `PUT mfa/policy` means: turning it on before the admin's own app is set up (422 on the field
 * `staff_mfa_required`, said next to the checkbox with a way to the profile), or anything else.
 */
export function policyProblem(e: ProblemLike): 'own_app_missing' | 'other' {
  return e.status === 422 && e.field === 'staff_mfa_required' ? 'own_app_missing' : 'other';
}

/**
 * An SVG document as a `data:` address for an `<img>` (the QR code): the server's Content-Security-Policy allows
 * `img-src data:`, while an inline `<svg>` with its own styles, or a script, would not be.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
