/** Answer-timer arithmetic, kept pure so it is tested without a clock. */

/** Whole seconds left of a `durationSeconds` answer started at `startedAt` (ms), never below 0. */
export function secondsLeft(startedAt: number, durationSeconds: number, now: number): number {
  const elapsed = Math.max(0, now - startedAt);
  return Math.max(0, Math.ceil(durationSeconds - elapsed / 1000));
}

/** "m:ss" for a countdown display. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** Whether the countdown should draw attention (the last 10 seconds, or the last fifth of a short answer). */
export function isRunningOut(left: number, durationSeconds: number): boolean {
  return left > 0 && left <= Math.min(10, Math.ceil(durationSeconds / 5));
}

/** Retakes still allowed for a question after `takes` recordings (the first take is not a retake). */
/**
 * Whether the next recording of a question is its last chance: every allowed take was started already
 * (a reload during a take loses that take, but must not give a fresh set of retakes). That recording
 * is then submitted as it is, without review.
 */
export function isFinalTake(limit: number, takesStarted: number): boolean {
  return takesStarted >= limit + 1;
}

export function retakesLeft(limit: number, takes: number): number {
  return Math.max(0, limit - Math.max(0, takes - 1));
}

/** How long to animate the avatar when no speech voice is available: about 7 Japanese characters per second. */
export function speakingEstimateMs(text: string): number {
  return Math.min(20000, Math.max(1500, text.length * 140));
}
