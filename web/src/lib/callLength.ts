/** The length of a video call from its attendance lines (the interview page). */
import type { CallAttendance } from '../api/types';

/** The call's length in whole minutes (at least 1): the first join to the last leave; null before anyone left. */
export function callMinutes(list: Pick<CallAttendance, 'first_joined_at' | 'last_joined_at' | 'left_at'>[]): number | null {
  const lefts = list.map((a) => a.left_at).filter((x): x is string => !!x);
  if (!lefts.length) return null;
  const start = Math.min(...list.map((a) => Date.parse(a.first_joined_at)));
  const end = Math.max(...lefts.map((x) => Date.parse(x)), ...list.map((a) => Date.parse(a.last_joined_at)));
  return Math.max(1, Math.round((end - start) / 60000));
}
