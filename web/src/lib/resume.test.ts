import { describe, expect, it } from 'vitest';
import type { Recording } from '../api/types';
import { emptyProgress } from './progress';
import { followUpIndex, nextStep } from './followups';
import { resumePlan, retakesAsked, savedAnswers } from './resume';

type Rec = Pick<Recording, 'status' | 'question' | 'retake_request'>;
const rec = (status: Recording['status'], index: number | null, followUp: number | null = null): Rec => ({
  status,
  question: index === null ? null : { index, follow_up: followUp, text: null },
});

describe('savedAnswers', () => {
  it('counts uploaded and analysed answers only, fixed questions and follow-ups apart', () => {
    const s = savedAnswers([
      rec('analysed', 1),
      rec('uploaded', 0),
      rec('pending', 2),
      rec('failed', 3),
      rec('uploaded', 0, 1),
      rec('analysed', null),
      rec('uploaded', 0),
    ]);
    expect(s.questions).toEqual([0, 1]);
    expect(s.followUps).toEqual([followUpIndex(0, 1)]);
  });
});

describe('resumePlan', () => {
  it('starts at the first question on a fresh device with nothing saved (practice first)', () => {
    const r = resumePlan(emptyProgress(), [], 3);
    expect(r).toMatchObject({ saved: 0, next: 0 });
    expect(r.progress.practiceDone).toBe(false);
  });

  it('goes on at the first fixed question not answered on another device, skipping the practice', () => {
    const r = resumePlan(emptyProgress(), [rec('uploaded', 0), rec('analysed', 1)], 3);
    expect(r.saved).toBe(2);
    expect(r.next).toBe(2);
    expect(r.progress.practiceDone).toBe(true);
    expect(nextStep(r.progress, 3, false)).toEqual({ kind: 'question', index: 2 });
  });

  it('finds a gap: an abandoned (pending) answer does not count', () => {
    const r = resumePlan(emptyProgress(), [rec('uploaded', 0), rec('pending', 1), rec('uploaded', 2)], 3);
    expect(r).toMatchObject({ saved: 2, next: 1 });
  });

  it('is done when every fixed question is saved', () => {
    const r = resumePlan(emptyProgress(), [rec('uploaded', 0), rec('uploaded', 1)], 2);
    expect(r).toMatchObject({ saved: 2, next: 2 });
    expect(nextStep(r.progress, 2, true)).toEqual({ kind: 'done' });
  });

  it('settles the follow-up stage of answers given elsewhere, so key points are not asked again', () => {
    const r = resumePlan(emptyProgress(), [rec('uploaded', 0), rec('uploaded', 0, 0)], 2);
    expect(r.progress.settled).toEqual([0]);
    expect(r.progress.uploaded).toContain(followUpIndex(0, 0));
    expect(nextStep(r.progress, 2, true)).toEqual({ kind: 'question', index: 1 });
  });

  it('keeps this browser’s own open key-points stage after a reload', () => {
    const local = { ...emptyProgress(), practiceDone: true, uploaded: [0] };
    const r = resumePlan(local, [rec('uploaded', 0)], 2);
    expect(r.progress.settled).toEqual([]);
    expect(nextStep(r.progress, 2, true)).toEqual({ kind: 'keypoints', question: 0 });
  });

  it('joins local and server answers and ignores questions beyond the set', () => {
    const local = { ...emptyProgress(), practiceDone: true, uploaded: [1] };
    const r = resumePlan(local, [rec('uploaded', 0), rec('uploaded', 7)], 3);
    expect(r).toMatchObject({ saved: 2, next: 2 });
    expect(r.progress.uploaded).not.toContain(7);
  });
});

describe('retake requests (issue 14 item 3)', () => {
  const asked = (index: number, reason = '声が小さい'): Rec => ({
    ...rec('analysed', index),
    retake_request: { reason, requested_by: 'u', requested_at: '2026-12-05T00:00:00Z' },
  });

  it('an answer asked for again no longer counts, and the run goes back to that question with the reason', () => {
    const local = { ...emptyProgress(), uploaded: [0, 1], practiceDone: true, takes: { 0: 2, 1: 1 }, settled: [0, 1] };
    const recordings = [asked(0), rec('analysed', 1)];
    expect(savedAnswers(recordings).questions).toEqual([1]);
    expect(retakesAsked(recordings)).toEqual([{ index: 0, reason: '声が小さい' }]);
    const r = resumePlan(local, recordings, 2);
    expect(r).toMatchObject({ saved: 1, next: 0 });
    expect(r.progress.uploaded).toEqual([1]);
    expect(r.progress.takes).toEqual({ 1: 1 });
  });

  it('a newer answer to that question settles the request', () => {
    const local = { ...emptyProgress(), uploaded: [1], practiceDone: true };
    const recordings = [asked(0), rec('uploaded', 0), rec('analysed', 1)];
    expect(retakesAsked(recordings)).toEqual([]);
    expect(resumePlan(local, recordings, 2)).toMatchObject({ saved: 2, next: 2 });
  });
});
