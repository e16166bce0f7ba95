import { describe, expect, it } from 'vitest';
import { approvalProblem, candidateLanguage, coverageOf, criteriaMet, groupCriteria, isEdited, paragraphsFor, paragraphsFromText, similarityPercent, textFromParagraphs, wordedByModel } from './feedback';

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
  it("need only the interviewee's language to be approved", () => {
    expect(approvalProblem('あ', 'a')).toBeNull();
    expect(approvalProblem(' \n', 'a')).toBe('ja');
    // a Japanese candidate's feedback needs no English body (issue 14 item 2)
    expect(approvalProblem('あ', '')).toBeNull();
    expect(approvalProblem('あ', '', 'en')).toBe('en');
    expect(approvalProblem('', 'a', 'en')).toBeNull();
  });
  it("know the interviewee's language, Japanese when the server does not say", () => {
    expect(candidateLanguage({ language: 'en' })).toBe('en');
    expect(candidateLanguage({})).toBe('ja');
  });
});

describe('criteria', () => {
  it('count the met ones', () => {
    const c = (met: boolean) => ({ name: 'x', met, evidence: null, similarity: 0.5 });
    expect(criteriaMet([c(true), c(false), c(true)])).toEqual({ met: 2, total: 3 });
    expect(criteriaMet([])).toEqual({ met: 0, total: 0 });
  });
  it('are listed under the heading that matches their state, the count being the shown list', () => {
    // the walk of issue 14: found criteria were shown under "not found", counted 0 of 2
    const criteria = [
      { name: '協調性', coverage: 'partly' as const, met: true, evidence: '店長と相談して分担表を作りました。', matched: ['相談'], similarity: 0.1 },
      { name: '語学力', coverage: 'not_found' as const, met: false, evidence: null, similarity: 0 },
      { name: 'リーダーシップ', coverage: 'found' as const, met: true, evidence: 'リーダーとして企画しました。', matched: ['リーダー', '企画'], similarity: 0.07 },
    ];
    const { shown, missing, total } = groupCriteria(criteria);
    expect(shown.map((c) => c.name)).toEqual(['リーダーシップ', '協調性']);
    expect(missing.map((c) => c.name)).toEqual(['語学力']);
    expect(criteriaMet(criteria)).toEqual({ met: shown.length, total });
  });
  it('never quote a sentence under "not found", even from an older server', () => {
    const old = { name: '協調性', met: false, evidence: '店長と相談しました。', similarity: 0.08 };
    expect(coverageOf(old)).toBe('not_found');
    expect(groupCriteria([old]).missing[0].evidence).toBeNull();
    expect(coverageOf({ met: true })).toBe('found');
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
