/**
 * The order of a self-interview with follow-up questions, kept pure so it is unit-tested.
 *
 * Fixed questions keep their index (0, 1, ...). The k-th follow-up (0-based, at most FOLLOW_UP_MAX) of question q
 * has index FOLLOW_UP_BASE + q * 10 + k in the progress and in the saved answers, so the two never collide and a
 * reload finds its place. After a fixed question's answer is uploaded, a set with follow-ups on gets a "key points"
 * stage for it; once that is settled (asked, skipped, or none returned) its follow-ups, if any, come next.
 */
import type { FollowUp, FollowUps, Question } from '../api/types';
import type { Progress } from './progress';

export const FOLLOW_UP_BASE = 1000;
export const FOLLOW_UP_MAX = 2;

export const followUpIndex = (question: number, k: number) => FOLLOW_UP_BASE + question * 10 + k;
export const isFollowUp = (index: number) => index >= FOLLOW_UP_BASE;
/** The fixed question a follow-up belongs to, and which follow-up it is. */
export function followUpOf(index: number): { question: number; k: number } {
  const n = index - FOLLOW_UP_BASE;
  return { question: Math.floor(n / 10), k: n % 10 };
}

/** What the upload tells the server about a local answer index: the question, and the follow-up. */
export function askedOf(index: number): { question_index: number; follow_up_index?: number } {
  if (!isFollowUp(index)) return { question_index: index };
  const { question, k } = followUpOf(index);
  return { question_index: question, follow_up_index: k };
}

export type Step =
  | { kind: 'question'; index: number }
  | { kind: 'keypoints'; question: number }
  | { kind: 'followup'; question: number; k: number; index: number }
  | { kind: 'done' };

/** What comes next: the first fixed question not uploaded, else a key-points stage or follow-up still open, else done. */
export function nextStep(p: Pick<Progress, 'uploaded' | 'settled' | 'followUps'>, count: number, followUpsOn: boolean): Step {
  for (let q = 0; q < count; q++) {
    if (!p.uploaded.includes(q)) return { kind: 'question', index: q };
    if (!followUpsOn) continue;
    if (!p.settled.includes(q)) return { kind: 'keypoints', question: q };
    const asked = (p.followUps[q] ?? []).slice(0, FOLLOW_UP_MAX);
    for (let k = 0; k < asked.length; k++) {
      const index = followUpIndex(q, k);
      if (!p.uploaded.includes(index)) return { kind: 'followup', question: q, k, index };
    }
  }
  return { kind: 'done' };
}

/** A follow-up as a question: its text in the parent question's language, with the parent's answer time. */
export function followUpQuestion(f: FollowUp, parent: Question, japanese: boolean): Question {
  const text = (japanese ? f.ja : f.en) || f.ja || f.en;
  return { text, answer_seconds: parent.answer_seconds };
}

/** The progress after a key-points stage ends with these follow-ups (none when skipped). */
export function settle(p: Progress, question: number, followUps: FollowUp[]): Progress {
  return {
    ...p,
    settled: [...new Set([...p.settled, question])],
    followUps: { ...p.followUps, [question]: followUps.slice(0, FOLLOW_UP_MAX) },
  };
}

/** Rejects with `timeout` after `ms`, so a slow server never holds the interviewee up. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const h = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(h);
        resolve(v);
      },
      (e) => {
        clearTimeout(h);
        reject(e);
      },
    );
  });
}

/** How often, and how long, the run page asks for follow-ups from the spoken answer while it is transcribed. */
export const HEARING_INTERVAL_MS = 2000;
export const HEARING_ATTEMPTS = 30;

/**
 * Follow-ups from the spoken answer: asks (`ask` posts the answer's recording id) until the server has heard the
 * answer, then resolves to its follow-ups. Resolves to `null` when the server cannot hear it (no recogniser, nothing
 * recognised, any error), after `attempts` tries, or once `signal` aborts (the interviewee typed or skipped) — the
 * typed key points remain.
 */
export async function followUpsFromSpeech(
  ask: () => Promise<FollowUps>,
  signal: AbortSignal,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  attempts = HEARING_ATTEMPTS,
): Promise<FollowUp[] | null> {
  for (let n = 0; n < attempts && !signal.aborted; n++) {
    let r: FollowUps;
    try {
      r = await ask();
    } catch {
      return null;
    }
    if (signal.aborted) return null;
    if (!r.transcribing) return r.follow_ups ?? [];
    await sleep(HEARING_INTERVAL_MS);
  }
  return null;
}
