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

export function savedAnswers(recordings: Pick<Recording, 'status' | 'question'>[]): SavedAnswers {
  const questions = new Set<number>();
  const followUps = new Set<number>();
  for (const r of recordings) {
    const q = r.question;
    if (!SAVED.includes(r.status) || !q || !Number.isInteger(q.index) || q.index < 0) continue;
    if (q.follow_up === null || q.follow_up === undefined) questions.add(q.index);
    else if (Number.isInteger(q.follow_up) && q.follow_up >= 0 && q.follow_up < 10) followUps.add(followUpIndex(q.index, q.follow_up));
  }
  return { questions: [...questions].sort((a, b) => a - b), followUps: [...followUps].sort((a, b) => a - b) };
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
export function resumePlan(local: Progress, recordings: Pick<Recording, 'status' | 'question'>[], count: number): ResumePlan {
  const server = savedAnswers(recordings);
  const inRange = server.questions.filter((q) => q < count);
  const fromElsewhere = inRange.filter((q) => !local.uploaded.includes(q));
  const uploaded = [...new Set([...local.uploaded, ...inRange, ...server.followUps])];
  const progress: Progress = {
    ...local,
    uploaded,
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
