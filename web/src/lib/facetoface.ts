/** Rules of the face-to-face recording screen, kept pure so they are unit-tested. */
import type { Consent, Interview, Recording, User } from '../api/types';

export type RecordingConsent = 'granted' | 'declined' | 'missing';

/** The interviewee's latest choice about recording (the API keeps one per kind). */
export function recordingConsent(consents: Pick<Consent, 'kind' | 'granted' | 'at'>[]): RecordingConsent {
  const latest = consents.filter((c) => c.kind === 'recording').sort((a, b) => b.at.localeCompare(a.at))[0];
  return !latest ? 'missing' : latest.granted ? 'granted' : 'declined';
}

const OPEN = ['scheduled', 'in_progress'];

/** Whether this user may record this interview in the browser: a face-to-face one that is still open, by an admin or its own interviewer. */
export function mayRecord(iv: Pick<Interview, 'mode' | 'status' | 'interviewer_id'>, me: Pick<User, 'id' | 'role'> | null): boolean {
  if (!me || iv.mode !== 'face_to_face' || !OPEN.includes(iv.status)) return false;
  return me.role === 'admin' || (me.role === 'interviewer' && iv.interviewer_id === me.id);
}

/** Whole seconds since `startedAt` (ms), never negative. */
export function elapsedSeconds(startedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** Parts already stored for the interview (an abandoned `pending` upload is not one). */
export function storedParts(recordings: Pick<Recording, 'status'>[]): number {
  return recordings.filter((r) => r.status !== 'pending').length;
}

/** "Finish" sets the interview to recorded: only with at least one stored part and nothing still to send. */
export function canFinish(stored: number, unsent: boolean): boolean {
  return stored > 0 && !unsent;
}
