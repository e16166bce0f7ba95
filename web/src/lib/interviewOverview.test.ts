import { describe, expect, it } from 'vitest';
import { consentState, nextStep, type NextStepInput } from './interviewOverview';

const at = (s: number) => `2026-12-01T00:00:0${s}Z`;

describe('consentState', () => {
  it('is "not answered yet" until the interviewee decides, never "declined"', () => {
    expect(consentState([], 'ai_evaluation')).toBe('unanswered');
    expect(consentState(null, 'recording')).toBe('unanswered');
    expect(consentState([{ kind: 'recording', granted: true, at: at(1) }], 'ai_evaluation')).toBe('unanswered');
  });
  it('tells granted from declined, the newest choice winning', () => {
    expect(consentState([{ kind: 'ai_evaluation', granted: false, at: at(1) }], 'ai_evaluation')).toBe('declined');
    expect(
      consentState(
        [
          { kind: 'ai_evaluation', granted: false, at: at(1) },
          { kind: 'ai_evaluation', granted: true, at: at(2) },
        ],
        'ai_evaluation',
      ),
    ).toBe('granted');
  });
});

describe('nextStep', () => {
  const base: NextStepInput = {
    status: 'scheduled',
    mode: 'self',
    role: 'interviewer',
    recordingConsent: 'unanswered',
    recordings: [],
    hasTranscript: false,
    feedback: 'none',
  };
  it('waits for the interviewee before anything else', () => {
    expect(nextStep(base)).toBe('waitConsent');
    expect(nextStep({ ...base, recordingConsent: 'declined' })).toBe('noRecording');
    expect(nextStep({ ...base, recordingConsent: 'granted' })).toBe('waitAnswers');
    expect(nextStep({ ...base, recordingConsent: 'granted', mode: 'face_to_face' })).toBe('record');
  });
  it('then leads through analysis, transcript, draft, approval and rating', () => {
    const done = { ...base, status: 'analysed' as const, recordingConsent: 'granted' as const };
    expect(nextStep({ ...done, recordings: [{ status: 'uploaded' }] })).toBe('analysing');
    expect(nextStep(done)).toBe('transcript');
    expect(nextStep({ ...done, hasTranscript: true })).toBe('draft');
    expect(nextStep({ ...done, hasTranscript: true, feedback: 'draft' })).toBe('approve');
    expect(nextStep({ ...done, hasTranscript: true, feedback: 'approved' })).toBe('rate');
    expect(nextStep({ ...done, status: 'rated', hasTranscript: true, feedback: 'approved' })).toBe('done');
    expect(nextStep({ ...done, role: 'admin', hasTranscript: true, feedback: 'approved' })).toBe('done');
  });
  it('says a cancelled interview is cancelled and gives experts their one task', () => {
    expect(nextStep({ ...base, status: 'cancelled' })).toBe('cancelled');
    expect(nextStep({ ...base, role: 'expert' })).toBe('expertRate');
  });
});
