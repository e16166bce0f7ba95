import { describe, expect, it } from 'vitest';
import { canFinish, elapsedSeconds, mayRecord, recordingConsent, storedParts } from './facetoface';

describe('face-to-face recording', () => {
  it('reads the latest recording consent', () => {
    expect(recordingConsent([])).toBe('missing');
    expect(recordingConsent([{ kind: 'ai_evaluation', granted: true, at: '2026-01-01T00:00:00Z' }])).toBe('missing');
    expect(
      recordingConsent([
        { kind: 'recording', granted: true, at: '2026-01-01T00:00:00Z' },
        { kind: 'recording', granted: false, at: '2026-01-02T00:00:00Z' },
      ]),
    ).toBe('declined');
    expect(recordingConsent([{ kind: 'recording', granted: true, at: '2026-01-01T00:00:00Z' }])).toBe('granted');
  });

  it('lets admins and the own interviewer record an open face-to-face interview only', () => {
    const iv = { mode: 'face_to_face' as const, status: 'scheduled' as const, interviewer_id: 'i1' };
    expect(mayRecord(iv, { id: 'a', role: 'admin' })).toBe(true);
    expect(mayRecord(iv, { id: 'i1', role: 'interviewer' })).toBe(true);
    expect(mayRecord({ ...iv, status: 'in_progress' }, { id: 'i1', role: 'interviewer' })).toBe(true);
    expect(mayRecord(iv, { id: 'i2', role: 'interviewer' })).toBe(false);
    expect(mayRecord(iv, { id: 'e', role: 'expert' })).toBe(false);
    expect(mayRecord(iv, { id: 'c', role: 'interviewee' })).toBe(false);
    expect(mayRecord(iv, null)).toBe(false);
    expect(mayRecord({ ...iv, mode: 'self' }, { id: 'a', role: 'admin' })).toBe(false);
    expect(mayRecord({ ...iv, status: 'recorded' }, { id: 'a', role: 'admin' })).toBe(false);
  });

  it('counts elapsed whole seconds', () => {
    expect(elapsedSeconds(1000, 1000)).toBe(0);
    expect(elapsedSeconds(1000, 62999)).toBe(61);
    expect(elapsedSeconds(5000, 1000)).toBe(0);
  });

  it('finishes only with a stored part and nothing unsent', () => {
    expect(storedParts([{ status: 'pending' }, { status: 'uploaded' }, { status: 'failed' }])).toBe(2);
    expect(canFinish(0, false)).toBe(false);
    expect(canFinish(1, true)).toBe(false);
    expect(canFinish(1, false)).toBe(true);
  });
});
