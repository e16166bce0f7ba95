/**
 * Where a self-interview goes on: the answers the server already holds (from any device) joined with this
 * browser's own progress, so a reload or another device starts at the first fixed question not yet answered.
 */
import type { Recording } from '../api/types';
import { followUpIndex } from './followups';
import type { Progress } from './progress';

/** Recording states that mean the answer is safely stored (an abandoned `pending` one is not). */
const SAVED = ['uploaded', 'analysed'];

export interface SavedAnswers {
  /** Fixed questions answered, ascending. */
  questions: number[];
  /** Follow-up answers, as local indices (`followUpIndex`). */
  followUps: number[];
}

type Answer = Pick<Recording, 'status' | 'question' | 'retake_request'>;

export function savedAnswers(recordings: Answer[]): SavedAnswers {
  const questions = new Set<number>();
  const followUps = new Set<number>();
  for (const r of recordings) {
    const q = r.question;
    // An answer staff asked to be given again no longer counts as given.
    if (!SAVED.includes(r.status) || r.retake_request || !q || !Number.isInteger(q.index) || q.index < 0) continue;
    if (q.follow_up === null || q.follow_up === undefined) questions.add(q.index);
    else if (Number.isInteger(q.follow_up) && q.follow_up >= 0 && q.follow_up < 10) followUps.add(followUpIndex(q.index, q.follow_up));
  }
  return { questions: [...questions].sort((a, b) => a - b), followUps: [...followUps].sort((a, b) => a - b) };
}

/** A fixed question staff asked to be answered again, with their reason, until a newer answer is saved. */
export interface RetakeAsked {
  index: number;
  reason: string;
}

export function retakesAsked(recordings: Answer[]): RetakeAsked[] {
  const answered = new Set(savedAnswers(recordings).questions);
  const asked = new Map<number, string>();
  for (const r of recordings) {
    const q = r.question;
    if (!r.retake_request || !q || (q.follow_up !== null && q.follow_up !== undefined) || answered.has(q.index)) continue;
    asked.set(q.index, r.retake_request.reason);
  }
  return [...asked].map(([index, reason]) => ({ index, reason })).sort((a, b) => a.index - b.index);
}

export interface ResumePlan {
  /** The progress to go on from. */
  progress: Progress;
  /** How many of the fixed questions are answered and stored. */
  saved: number;
  /** The first fixed question not answered yet; `count` when all are. */
  next: number;
}

/**
 * Joins the server's saved answers into the local progress. An answer this browser did not know about was
 * given elsewhere: the practice is over, and that question's follow-up stage is settled (its follow-ups, if any,
 * were asked there). Questions this browser knows keep their own state, e.g. key points still open after a reload.
 */
export function resumePlan(local: Progress, recordings: Answer[], count: number): ResumePlan {
  const server = savedAnswers(recordings);
  const inRange = server.questions.filter((q) => q < count);
  const fromElsewhere = inRange.filter((q) => !local.uploaded.includes(q));
  // Questions to answer again: this browser's memory of having answered them no longer holds, and the takes start over.
  const again = retakesAsked(recordings).map((r) => r.index);
  const uploaded = [...new Set([...local.uploaded.filter((q) => !again.includes(q)), ...inRange, ...server.followUps])];
  const takes = { ...local.takes };
  for (const q of again) delete takes[q];
  const progress: Progress = {
    ...local,
    uploaded,
    takes,
    practiceDone: local.practiceDone || uploaded.length > 0,
    settled: [...new Set([...local.settled, ...fromElsewhere])],
  };
  let next = count;
  for (let q = 0; q < count; q++) {
    if (!uploaded.includes(q)) {
      next = q;
      break;
    }
  }
  const saved = Array.from({ length: count }, (_, q) => q).filter((q) => uploaded.includes(q)).length;
  return { progress, saved, next };
}
