import { describe, expect, it, vi } from 'vitest';
import { emptyProgress } from './progress';
import { askedOf, FOLLOW_UP_BASE, followUpIndex, followUpOf, followUpQuestion, followUpsFromSpeech, isFollowUp, nextStep, settle, withTimeout } from './followups';

const fu = (ja: string, en = ja) => ({ probes: null, ja, en });

describe('follow-up indices', () => {
  it('never collide with fixed questions and decode back', () => {
    expect(followUpIndex(0, 0)).toBe(FOLLOW_UP_BASE);
    expect(followUpIndex(3, 1)).toBe(FOLLOW_UP_BASE + 31);
    expect(isFollowUp(followUpIndex(3, 1))).toBe(true);
    expect(isFollowUp(5)).toBe(false);
    expect(followUpOf(followUpIndex(12, 1))).toEqual({ question: 12, k: 1 });
  });

  it('tells the server which question an upload answers', () => {
    expect(askedOf(2)).toEqual({ question_index: 2 });
    expect(askedOf(followUpIndex(2, 1))).toEqual({ question_index: 2, follow_up_index: 1 });
  });
});

describe('nextStep', () => {
  const p0 = emptyProgress();
  it('is the plain order when follow-ups are off', () => {
    expect(nextStep(p0, 2, false)).toEqual({ kind: 'question', index: 0 });
    expect(nextStep({ ...p0, uploaded: [0] }, 2, false)).toEqual({ kind: 'question', index: 1 });
    expect(nextStep({ ...p0, uploaded: [0, 1] }, 2, false)).toEqual({ kind: 'done' });
  });
  it('asks for key points after an uploaded answer, then the follow-ups, then the next question', () => {
    let p = { ...p0, uploaded: [0] };
    expect(nextStep(p, 2, true)).toEqual({ kind: 'keypoints', question: 0 });
    p = settle(p, 0, [fu('具体的には？'), fu('結果は？')]);
    expect(nextStep(p, 2, true)).toEqual({ kind: 'followup', question: 0, k: 0, index: followUpIndex(0, 0) });
    p = { ...p, uploaded: [...p.uploaded, followUpIndex(0, 0)] };
    expect(nextStep(p, 2, true)).toEqual({ kind: 'followup', question: 0, k: 1, index: followUpIndex(0, 1) });
    p = { ...p, uploaded: [...p.uploaded, followUpIndex(0, 1)] };
    expect(nextStep(p, 2, true)).toEqual({ kind: 'question', index: 1 });
  });
  it('moves on when the stage was skipped or gave nothing', () => {
    const p = settle({ ...p0, uploaded: [0, 1] }, 0, []);
    expect(nextStep(p, 2, true)).toEqual({ kind: 'keypoints', question: 1 });
    expect(nextStep(settle(p, 1, []), 2, true)).toEqual({ kind: 'done' });
  });
  it('asks at most two follow-ups', () => {
    const p = settle({ ...p0, uploaded: [0] }, 0, [fu('a'), fu('b'), fu('c')]);
    expect(p.followUps[0]).toHaveLength(2);
  });
  it('resumes a reload at the open follow-up (its parent answer is uploaded)', () => {
    const p = { ...settle({ ...p0, uploaded: [0] }, 0, [fu('a')]), uploaded: [0] };
    expect(nextStep(p, 1, true)).toEqual({ kind: 'followup', question: 0, k: 0, index: FOLLOW_UP_BASE });
  });
});

describe('followUpQuestion', () => {
  it("takes the parent's language and answer time", () => {
    const parent = { text: '強みは？', answer_seconds: 45 };
    expect(followUpQuestion(fu('具体例は？', 'An example?'), parent, true)).toEqual({ text: '具体例は？', answer_seconds: 45 });
    expect(followUpQuestion(fu('具体例は？', 'An example?'), parent, false)).toEqual({ text: 'An example?', answer_seconds: 45 });
    expect(followUpQuestion(fu('具体例は？', ''), parent, false).text).toBe('具体例は？');
  });
});

describe('withTimeout', () => {
  it('passes a quick answer through and gives up on a slow one', async () => {
    await expect(withTimeout(Promise.resolve(1), 50)).resolves.toBe(1);
    vi.useFakeTimers();
    const slow = withTimeout(new Promise(() => undefined), 100);
    vi.advanceTimersByTime(100);
    await expect(slow).rejects.toThrow('timeout');
    vi.useRealTimers();
  });
});

import { joinResults } from './dictation';
describe('dictation', () => {
  it('joins every result heard so far, final or not', () => {
    const r = (transcript: string, isFinal: boolean) => ({ isFinal, 0: { transcript } });
    expect(joinResults([r('物流の遅延を', true), r(' 四割減らしました ', false)])).toBe('物流の遅延を 四割減らしました');
    expect(joinResults([])).toBe('');
  });
});

describe('followUpsFromSpeech', () => {
  const question = { probes: 'result', ja: '結果はどうでしたか。', en: 'What was the result?' };
  const noSleep = () => Promise.resolve();

  it('asks again while the answer is transcribed, then gives its follow-ups', async () => {
    const ask = vi
      .fn()
      .mockResolvedValueOnce({ follow_ups: [], transcribing: true })
      .mockResolvedValueOnce({ follow_ups: [], transcribing: true })
      .mockResolvedValueOnce({ follow_ups: [question], transcribing: false });
    expect(await followUpsFromSpeech(ask, new AbortController().signal, noSleep)).toEqual([question]);
    expect(ask).toHaveBeenCalledTimes(3);
  });

  it('gives up on an error, after its attempts, or once the interviewee types', async () => {
    const refused = vi.fn().mockRejectedValue(new Error('transcription_unavailable'));
    expect(await followUpsFromSpeech(refused, new AbortController().signal, noSleep)).toBeNull();
    const forever = vi.fn().mockResolvedValue({ follow_ups: [], transcribing: true });
    expect(await followUpsFromSpeech(forever, new AbortController().signal, noSleep, 4)).toBeNull();
    expect(forever).toHaveBeenCalledTimes(4);
    const typed = new AbortController();
    const late = vi.fn().mockImplementation(async () => {
      typed.abort();
      return { follow_ups: [question], transcribing: false };
    });
    expect(await followUpsFromSpeech(late, typed.signal, noSleep)).toBeNull();
  });
});
