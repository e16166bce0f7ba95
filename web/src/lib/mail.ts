/**
 * The pure parts of mail in the UI (issue 15): the set-password link's token from the address, the sent-mail
 * log's words and paging, and how long a repeated reset request must wait.
 */
import type { MessageKey } from '../i18n';

/** A link token as the server makes it: `pl1.` and 32 random bytes in URL-safe base64 without padding. */
const TOKEN = /^pl1\.[A-Za-z0-9_-]{43}$/;

/**
 * The token of a mailed set-password link (`/t/{tenant}/set-password#pl1.…`), from `location.hash`; null when
 * the address carries none or a damaged one (a mail program that cut the link short).
 */
export function tokenFromHash(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  return TOKEN.test(text) ? text : null;
}

/** The address without its fragment, to put in place of the link's (the token must not stay in the history). */
export function addressWithoutHash(location: { pathname: string; search: string }): string {
  return location.pathname + location.search;
}

export type MailKind =
  | 'interview_scheduled'
  | 'interview_rescheduled'
  | 'interview_cancelled'
  | 'interview_reminder'
  | 'invitation'
  | 'password_reset'
  | 'feedback_published'
  | 'report_ready'
  | 'model_trained'
  | 'fairness_alert';
export type MailState = 'sent' | 'refused' | 'suppressed';

/** One line of the sent-mail log (`GET mail/sent`). */
export interface SentMail {
  id: string;
  at: string;
  kind: MailKind;
  recipient_id: string;
  to: string;
  state: MailState;
  message_id: string | null;
}

/** How many lines `GET mail/sent` answers at most. */
export const SENT_PAGE_SIZE = 100;

const KINDS: Record<MailKind, MessageKey> = {
  interview_scheduled: 'mail.kind.interview_scheduled',
  interview_rescheduled: 'mail.kind.interview_rescheduled',
  interview_cancelled: 'mail.kind.interview_cancelled',
  interview_reminder: 'mail.kind.interview_reminder',
  invitation: 'mail.kind.invitation',
  password_reset: 'mail.kind.password_reset',
  feedback_published: 'mail.kind.feedback_published',
  report_ready: 'mail.kind.report_ready',
  model_trained: 'mail.kind.model_trained',
  fairness_alert: 'mail.kind.fairness_alert',
};

/** The words for a kind of mail; a kind this screen does not know yet is "other mail", never a raw code. */
export function mailKindKey(kind: string): MessageKey {
  return (KINDS as Record<string, MessageKey>)[kind] ?? 'mail.kind.other';
}

export function mailStateKey(state: string): MessageKey {
  switch (state) {
    case 'sent':
      return 'mail.state.sent';
    case 'suppressed':
      return 'mail.state.suppressed';
    default:
      return 'mail.state.refused';
  }
}

/**
 * The log so far with the next (older) page appended: a line already shown (a mail sent while paging moved the
 * pages) appears once. `before` is the id to ask the next page with, null when this page was the last.
 */
export function appendPage(shown: SentMail[], page: SentMail[]): { lines: SentMail[]; before: string | null } {
  const seen = new Set(shown.map((m) => m.id));
  const lines = [...shown, ...page.filter((m) => !seen.has(m.id))];
  const before = page.length >= SENT_PAGE_SIZE ? page[page.length - 1].id : null;
  return { lines, before };
}

/** The `GET mail/sent` path for a page: the newest, or the lines older than `before`. */
export function sentPath(before: string | null): string {
  return before ? `/mail/sent?before=${encodeURIComponent(before)}` : '/mail/sent';
}

/** Whole minutes to wait, rounded up (at least one), from Retry-After seconds; null when the server gave none. */
export function waitMinutes(retryAfterSeconds: number | null): number | null {
  if (retryAfterSeconds === null || !Number.isFinite(retryAfterSeconds)) return null;
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/** A log time in Japan's time zone, as the column heading says, whatever the computer's own zone. */
export function formatJst(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
