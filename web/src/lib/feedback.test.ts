import { describe, expect, it } from 'vitest';
import { approvalProblem, criteriaMet, isEdited, paragraphsFor, paragraphsFromText, similarityPercent, textFromParagraphs, wordedByModel } from './feedback';

describe('feedback paragraphs', () => {
  it('are the non-empty lines of a textarea, trimmed', () => {
    expect(paragraphsFromText('  一つ目。\n\n二つ目。 \r\n   \n')).toEqual(['一つ目。', '二つ目。']);
    expect(paragraphsFromText('')).toEqual([]);
  });
  it('round-trip through the textarea', () => {
    const ps = ['First paragraph.', 'Second one.'];
    expect(paragraphsFromText(textFromParagraphs(ps))).toEqual(ps);
  });
  it('are shown in the UI language, else in the other one', () => {
    const f = { ja: ['日本語'], en: ['English'] };
    expect(paragraphsFor(f, 'en')).toEqual({ paragraphs: ['English'], lang: 'en' });
    expect(paragraphsFor(f, 'ja')).toEqual({ paragraphs: ['日本語'], lang: 'ja' });
    expect(paragraphsFor({ ja: ['日本語'], en: [] }, 'en')).toEqual({ paragraphs: ['日本語'], lang: 'ja' });
  });
  it('notice edits, but not whitespace alone', () => {
    const f = { ja: ['あ', 'い'], en: ['a'] };
    expect(isEdited(f, 'あ\n\nい\n', ' a ')).toBe(false);
    expect(isEdited(f, 'あ\nう', 'a')).toBe(true);
    expect(isEdited(f, 'あ\nい', 'a\nb')).toBe(true);
  });
  it('need both languages to be approved', () => {
    expect(approvalProblem('あ', 'a')).toBeNull();
    expect(approvalProblem(' \n', 'a')).toBe('ja');
    expect(approvalProblem('あ', '')).toBe('en');
  });
});

describe('criteria', () => {
  it('count the met ones', () => {
    const c = (met: boolean) => ({ name: 'x', met, evidence: null, similarity: 0.5 });
    expect(criteriaMet([c(true), c(false), c(true)])).toEqual({ met: 2, total: 3 });
    expect(criteriaMet([])).toEqual({ met: 0, total: 0 });
  });
  it('show similarity as a clamped percentage', () => {
    expect(similarityPercent(0.734)).toBe(73);
    expect(similarityPercent(1.2)).toBe(100);
    expect(similarityPercent(-0.1)).toBe(0);
    expect(similarityPercent(Number.NaN)).toBe(0);
  });
});

describe('who worded the feedback', () => {
  it('is the language model only when the server says so', () => {
    expect(wordedByModel({ written_by: 'language_model' })).toBe(true);
    expect(wordedByModel({ written_by: 'templates' })).toBe(false);
    // older servers do not say: the templates wrote it
    expect(wordedByModel({})).toBe(false);
    expect(wordedByModel({ written_by: null })).toBe(false);
    expect(wordedByModel(null)).toBe(false);
  });
});
