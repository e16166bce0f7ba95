import { describe, expect, it } from 'vitest';
import { candidateState } from './candidateState';
import { translate, type MessageKey } from '../i18n';
import type { InterviewStatus } from '../api/types';

const ALL: InterviewStatus[] = ['scheduled', 'in_progress', 'recorded', 'analysed', 'rated', 'cancelled'];

describe('candidateState', () => {
  it('maps the staff statuses to where the candidate stands', () => {
    expect(ALL.map((status) => candidateState({ status, mode: 'self' }))).toEqual(['upcoming', 'under_way', 'answered', 'answered', 'answered', 'cancelled']);
    expect(ALL.map((status) => candidateState({ status, mode: 'face_to_face' }))).toEqual(['upcoming', 'under_way', 'finished', 'finished', 'finished', 'cancelled']);
  });

  it('never shows the internal words to a candidate', () => {
    for (const mode of ['self', 'face_to_face'] as const) {
      const words = ALL.map((status) => translate('ja', `mine.state.${candidateState({ status, mode })}` as MessageKey));
      for (const internal of ['録画済み', '分析済み', '評価済み']) expect(words).not.toContain(internal);
      expect(words.every((w) => !w.startsWith('mine.state.'))).toBe(true);
    }
    expect(translate('ja', 'mine.state.upcoming')).toBe('予定');
    expect(translate('ja', 'mine.state.answered')).toBe('回答済み');
    expect(translate('ja', 'mine.state.finished')).toBe('終了');
    expect(translate('en', 'mine.state.answered')).toBe('Answered');
  });
});
