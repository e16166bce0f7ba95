import { describe, expect, it } from 'vitest';
import type { InterviewFeedback, InterviewSummary } from '../api/types';
import { feedbackOf, summaryOf } from './noneYet';

const summary: InterviewSummary = {
  interview_id: 'i',
  interviewee_speaker: '候補者',
  answers: [],
  chars: 0,
  source_chars: 0,
  transcript_key: 'k',
  created_at: '2026-12-01T00:00:00Z',
  created_by: 'u',
};
const draft: InterviewFeedback = {
  interview_id: 'i',
  state: 'draft',
  ja: [],
  en: [],
  criteria: [],
  generated_at: '2026-12-01T00:00:00Z',
  approved_by: null,
  approved_at: null,
};

describe('nothing yet is a state', () => {
  it('reads {"state": "none"} as no summary, and a ready one without its state', () => {
    expect(summaryOf({ state: 'none' })).toBeNull();
    expect(summaryOf({ ...summary, state: 'ready' })).toEqual(summary);
  });
  it('reads {"state": "none"} as no feedback, and drafts and approved feedback as they are', () => {
    expect(feedbackOf({ state: 'none' })).toBeNull();
    expect(feedbackOf(draft)).toEqual(draft);
  });
});
