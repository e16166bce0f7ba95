import { describe, expect, it } from 'vitest';
import { isFinished, isJapanese, isOpen, placeOf } from './selfInterview';

describe('self-interview rules', () => {
  it('tells open and finished interviews apart (cancelled is neither)', () => {
    expect(isOpen('scheduled')).toBe(true);
    expect(isOpen('in_progress')).toBe(true);
    expect(isOpen('recorded')).toBe(false);
    expect(['recorded', 'analysed', 'rated'].every((s) => isFinished(s as never))).toBe(true);
    expect(isFinished('in_progress')).toBe(false);
    expect(isOpen('cancelled') || isFinished('cancelled')).toBe(false);
  });

  it('recognises Japanese text by its kana or kanji', () => {
    expect(isJapanese('自己紹介をしてください。')).toBe(true);
    expect(isJapanese('カメラ')).toBe(true);
    expect(isJapanese('ひらがな')).toBe(true);
    expect(isJapanese('Please introduce yourself.')).toBe(false);
    expect(isJapanese('')).toBe(false);
  });

  it('places each step of the interview', () => {
    expect(placeOf({ kind: 'question', index: 1 }, 3)).toEqual({ index: 1, phase: 'speaking' });
    expect(placeOf({ kind: 'followup', question: 0, k: 1, index: 1001 }, 3)).toEqual({ index: 1001, phase: 'speaking' });
    expect(placeOf({ kind: 'keypoints', question: 2 }, 3)).toEqual({ index: 2, phase: 'keypoints' });
    expect(placeOf({ kind: 'done' }, 3)).toEqual({ index: 3, phase: 'finishing' });
  });
});
