/**
 * Who is talking in a call, from the two sides' audio levels (the interviewer's microphone and the other side's
 * incoming audio), sampled a few times a second: each side's speaking time, the share of the interviewer, and the
 * length of the current monologue. Pure, so the rules are unit-tested; the live hints panel feeds it from WebAudio.
 */

export interface TalkState {
  /** Milliseconds the interviewer ("mine") and the other side ("theirs") spoke. */
  mineMs: number;
  theirsMs: number;
  /** Who holds the floor: the last one who spoke (pauses shorter than PAUSE_MS keep it). */
  floor: 'mine' | 'theirs' | null;
  /** How long the holder of the floor has held it. */
  runMs: number;
  /** Silence since anyone last spoke. */
  quietMs: number;
}

/** RMS level above which a side counts as speaking (the quality check's floor for "a voice is heard"). */
export const SPEAKING_LEVEL = 0.03;
/** A pause this long ends a turn: the monologue counter starts again with the next speaker. */
export const PAUSE_MS = 2000;

export const EMPTY: TalkState = { mineMs: 0, theirsMs: 0, floor: null, runMs: 0, quietMs: 0 };

/** The state after `dtMs` more of the two levels (0..1). When both speak, the louder one counts. */
export function step(s: TalkState, mine: number, theirs: number, dtMs: number): TalkState {
  const who = mine < SPEAKING_LEVEL && theirs < SPEAKING_LEVEL ? null : mine >= theirs ? 'mine' : 'theirs';
  if (who === null) {
    const quietMs = s.quietMs + dtMs;
    return quietMs >= PAUSE_MS ? { ...s, floor: null, runMs: 0, quietMs } : { ...s, runMs: s.floor ? s.runMs + dtMs : 0, quietMs };
  }
  const runMs = who === s.floor ? s.runMs + dtMs : dtMs;
  return {
    mineMs: s.mineMs + (who === 'mine' ? dtMs : 0),
    theirsMs: s.theirsMs + (who === 'theirs' ? dtMs : 0),
    floor: who,
    runMs,
    quietMs: 0,
  };
}

/** The interviewer's share of the speaking time (0..1), or null before anyone spoke. */
export function myShare(s: TalkState): number | null {
  const total = s.mineMs + s.theirsMs;
  return total > 0 ? s.mineMs / total : null;
}

/** Speaking time before a share is worth a remark (the first minute is introductions). */
export const NOTE_AFTER_MS = 60_000;

/** Whether to remind the interviewer gently that they talk more than `limit` (0..1) of the time. */
export function talksTooMuch(s: TalkState, limit: number): boolean {
  const share = myShare(s);
  return share !== null && s.mineMs + s.theirsMs >= NOTE_AFTER_MS && share > limit;
}
