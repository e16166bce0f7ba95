/** Editing and showing personal feedback: paragraphs as lines of a textarea, the language to show. Pure. */
import type { Coverage, CriterionCheck, FeedbackLanguage, InterviewFeedback, WrittenBy } from '../api/types';

/** One paragraph per line: lines trimmed, empty lines dropped. */
export function paragraphsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function textFromParagraphs(paragraphs: string[]): string {
  return paragraphs.join('\n');
}

/** The paragraphs in the UI language; the other language's when that one is empty (better than nothing). */
export function paragraphsFor(f: Pick<InterviewFeedback, 'ja' | 'en'>, lang: 'ja' | 'en'): { paragraphs: string[]; lang: 'ja' | 'en' } {
  const want = lang === 'en' ? f.en : f.ja;
  if (want.length) return { paragraphs: want, lang };
  const other = lang === 'en' ? 'ja' : 'en';
  return { paragraphs: other === 'en' ? f.en : f.ja, lang: other };
}

/** Whether the textareas differ from the draft as generated (so regenerating would throw edits away). */
export function isEdited(f: Pick<InterviewFeedback, 'ja' | 'en'>, ja: string, en: string): boolean {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return !same(paragraphsFromText(ja), f.ja) || !same(paragraphsFromText(en), f.en);
}

/** The interviewee's language (Japanese when an older server does not say). */
export function candidateLanguage(f: { language?: FeedbackLanguage | null }): FeedbackLanguage {
  return f.language === 'en' ? 'en' : 'ja';
}

/** What keeps the edited paragraphs from being approved: the interviewee's language left empty (the other is optional). */
export function approvalProblem(ja: string, en: string, language: FeedbackLanguage = 'ja'): FeedbackLanguage | null {
  return paragraphsFromText(language === 'en' ? en : ja).length ? null : language;
}

/** A criterion's state; older servers sent only `met`. */
export function coverageOf(c: Pick<CriterionCheck, 'coverage' | 'met'>): Coverage {
  return c.coverage ?? (c.met ? 'found' : 'not_found');
}

/**
 * The criteria as shown: what the answers showed (found first, then partly, each with its sentence) and what they did
 * not (never with a quote: a sentence that does not show a criterion is no evidence). `shown` counts exactly the first list.
 */
export function groupCriteria(criteria: CriterionCheck[]): { shown: CriterionCheck[]; missing: CriterionCheck[]; total: number } {
  const of = (k: Coverage) => criteria.filter((c) => coverageOf(c) === k);
  return { shown: [...of('found'), ...of('partly')], missing: of('not_found').map((c) => ({ ...c, evidence: null })), total: criteria.length };
}

/** How many content criteria the answers showed (found or partly), out of all. */
export function criteriaMet(criteria: CriterionCheck[]): { met: number; total: number } {
  const { shown, total } = groupCriteria(criteria);
  return { met: shown.length, total };
}

/** A similarity (0..1) as a whole percentage, clamped. */
export function similarityPercent(similarity: number): number {
  if (!Number.isFinite(similarity)) return 0;
  return Math.round(Math.min(1, Math.max(0, similarity)) * 100);
}

/**
 * Whether the deployment's language model worded the text (only ever after its wording passed the server's checks;
 * what is said still comes from Mendan's templates). A missing `written_by` (older servers) means the templates.
 */
export function wordedByModel(x: { written_by?: WrittenBy | null } | null | undefined): boolean {
  return x?.written_by === 'language_model';
}
