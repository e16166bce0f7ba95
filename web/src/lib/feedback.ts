/** Editing and showing personal feedback: paragraphs as lines of a textarea, the language to show. Pure. */
import type { CriterionCheck, InterviewFeedback, WrittenBy } from '../api/types';

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

/** What keeps the edited paragraphs from being approved: an empty language. */
export function approvalProblem(ja: string, en: string): 'ja' | 'en' | null {
  if (!paragraphsFromText(ja).length) return 'ja';
  if (!paragraphsFromText(en).length) return 'en';
  return null;
}

/** How many content criteria the answers met. */
export function criteriaMet(criteria: CriterionCheck[]): { met: number; total: number } {
  return { met: criteria.filter((c) => c.met).length, total: criteria.length };
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
