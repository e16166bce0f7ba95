/** Pure rules of the consent texts (issue 14 item 11): what the candidate reads, and how an admin's draft is checked. */
import type { ConsentTexts, ConsentTextsInput, ConsentWording } from '../api/types';

export const WORDING_FIELDS: (keyof ConsentWording)[] = ['recording', 'ai_evaluation', 'training_use', 'purpose', 'processors', 'retention', 'withdrawal'];
/** The server's bounds (shared/core/src/usecases/consent_texts.rs). */
export const MAX_TEXT = 2000;
export const MAX_NAME = 200;
export const MAX_URL = 500;

/** The wording in the page's language. */
export const wordingFor = (texts: ConsentTextsInput, lang: 'ja' | 'en'): ConsentWording => (lang === 'en' ? texts.en : texts.ja);

export const isHttpsUrl = (s: string) => /^https:\/\/[^\s/?#@]+\.[^\s/?#@]+([/?#]\S*)?$/.test(s.trim());
export const isEmail = (s: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s.trim());

/** How the contact is linked: a mail link, a page, or (empty, the default) none. */
export function contactHref(contact: string): string | null {
  const c = contact.trim();
  if (isEmail(c)) return `mailto:${c}`;
  if (isHttpsUrl(c)) return c;
  return null;
}

export type DraftProblem = { field: string; problem: 'required' | 'too_long' | 'markup' | 'not_https' | 'not_contact' };

/** The first problem in an admin's draft, checked as the server checks it, so it is said before saving. */
export function draftProblem(d: ConsentTextsInput): DraftProblem | null {
  const text = (field: string, value: string, max: number): DraftProblem | null => {
    const v = value.trim();
    if (!v) return { field, problem: 'required' };
    if ([...v].length > max) return { field, problem: 'too_long' };
    if (/[<>]/.test(v)) return { field, problem: 'markup' };
    return null;
  };
  const checks = [
    text('operator', d.operator, MAX_NAME),
    text('contact', d.contact, MAX_URL) ?? (contactHref(d.contact) ? null : { field: 'contact', problem: 'not_contact' as const }),
    d.privacy_policy_url?.trim() && !isHttpsUrl(d.privacy_policy_url) ? { field: 'privacy_policy_url', problem: 'not_https' as const } : null,
    ...(['ja', 'en'] as const).flatMap((lang) => WORDING_FIELDS.map((f) => text(`${lang}.${f}`, d[lang][f], MAX_TEXT))),
  ];
  return checks.find((c) => c !== null) ?? null;
}

/** The editable part of a version (what PUT takes). */
export function inputOf(t: ConsentTexts): ConsentTextsInput {
  return { operator: t.operator, contact: t.contact, privacy_policy_url: t.privacy_policy_url ?? '', ja: { ...t.ja }, en: { ...t.en } };
}
