/** Reads the "nothing yet" state of the summary and feedback answers (a state, not a 404) as `null`. */
import type { FeedbackAnswer, InterviewFeedback, InterviewSummary, SummaryAnswer } from '../api/types';

export function summaryOf(a: SummaryAnswer): InterviewSummary | null {
  if (a.state !== 'ready') return null;
  const { state: _state, ...summary } = a;
  return summary;
}

export function feedbackOf(a: FeedbackAnswer): InterviewFeedback | null {
  return a.state === 'none' ? null : a;
}
