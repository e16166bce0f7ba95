import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type Vars } from '../i18n';
import { retakeWords, secondsWords } from './questionSetWords';

const ja = (key: MessageKey, vars?: Vars) => translate('ja', key, vars);
const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);

describe("a question set card's words", () => {
  it('says the retake limit as a person would, not as the form field', () => {
    expect(retakeWords(1, ja)).toBe('撮り直し: 1 回まで');
    expect(retakeWords(3, ja)).toBe('撮り直し: 3 回まで');
    expect(retakeWords(0, ja)).toBe('撮り直しなし');
    expect(retakeWords(1, en)).toBe('1 retake');
    expect(retakeWords(2, en)).toBe('2 retakes');
    expect(retakeWords(0, en)).toBe('No retakes');
    for (const n of [0, 1, 5]) expect(retakeWords(n, ja)).not.toContain('0〜10');
  });

  it('says answer times in seconds with a space and the unit', () => {
    expect(secondsWords(30, ja)).toBe('30 秒');
    expect(secondsWords(30, en)).toBe('30 s');
  });
});
