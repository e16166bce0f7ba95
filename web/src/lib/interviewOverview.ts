/** The interview detail's overview, kept pure so it is unit-tested: consent states and the next thing to do. */
import type { Consent, ConsentKind, InterviewMode, InterviewStatus, Recording, Role } from '../api/types';

/** A consent has three states: the interviewee has not decided yet, agreed, or declined. */
export type ConsentState = 'unanswered' | 'granted' | 'declined';

/** The interviewee's latest choice of one kind (the API keeps one per kind; the newest wins if there are more). */
export function consentState(consents: Pick<Consent, 'kind' | 'granted' | 'at'>[] | null, kind: ConsentKind): ConsentState {
  const latest = (consents ?? []).filter((c) => c.kind === kind).sort((a, b) => b.at.localeCompare(a.at))[0];
  return !latest ? 'unanswered' : latest.granted ? 'granted' : 'declined';
}

/** The feedback as the detail page knows it (`null`: not known yet, or not shown to this user). */
export type FeedbackProgress = 'none' | 'draft' | 'approved' | null;

export interface NextStepInput {
  status: InterviewStatus;
  mode: InterviewMode;
  role: Role | undefined;
  recordingConsent: ConsentState;
  recordings: Pick<Recording, 'status'>[];
  /** Whether a transcript was uploaded (`null`: still loading). */
  hasTranscript: boolean | null;
  feedback: FeedbackProgress;
}

/** The message key of the next thing to do on this interview, for the person looking at it. */
export type NextStep =
  | 'cancelled'
  | 'waitConsent'
  | 'noRecording'
  | 'waitAnswers'
  | 'record'
  | 'analysing'
  | 'transcript'
  | 'draft'
  | 'approve'
  | 'rate'
  | 'done'
  | 'expertRate';

const OPEN: InterviewStatus[] = ['scheduled', 'in_progress'];

export function nextStep(i: NextStepInput): NextStep {
  if (i.status === 'cancelled') return 'cancelled';
  if (i.role === 'expert') return 'expertRate';
  if (OPEN.includes(i.status)) {
    if (i.recordingConsent === 'unanswered') return 'waitConsent';
    if (i.recordingConsent === 'declined') return 'noRecording';
    return i.mode === 'self' ? 'waitAnswers' : 'record';
  }
  if (i.recordings.some((r) => r.status === 'pending' || r.status === 'uploaded')) return 'analysing';
  if (i.hasTranscript === false) return 'transcript';
  if (i.feedback === 'none') return 'draft';
  if (i.feedback === 'draft') return 'approve';
  if (i.role === 'interviewer' && i.status !== 'rated') return 'rate';
  return 'done';
}
