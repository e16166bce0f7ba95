/**
 * Who may do what with an interview in the staff screens, kept pure so it is unit-tested. The API decides in the
 * end; these rules only keep the UI from offering (or calling) what it would refuse.
 */
import type { Interview, InterviewStatus, Recording, User } from '../api/types';

type Me = Pick<User, 'id' | 'role'> | null | undefined;

/**
 * Admins and the interview's own interviewer: they see the AI prediction, upload transcripts and write feedback.
 * Experts never do (they rate without the model's opinion).
 */
export function ownsInterview(iv: Pick<Interview, 'interviewer_id'>, me: Me): boolean {
  return me?.role === 'admin' || (me?.role === 'interviewer' && iv.interviewer_id === me.id);
}

/** Admins and interviewers may cancel an interview that has not been recorded yet. */
export function mayCancel(iv: Pick<Interview, 'status'>, me: Me): boolean {
  return (me?.role === 'admin' || me?.role === 'interviewer') && (iv.status === 'scheduled' || iv.status === 'in_progress');
}

const RATEABLE: InterviewStatus[] = ['recorded', 'analysed', 'rated'];

/** Recorded (and later, not cancelled): the interview can be rated. */
export function isRateable(status: InterviewStatus): boolean {
  return RATEABLE.includes(status);
}

/**
 * Staff may ask for a new answer (issue 14 item 3) to a self-interview question whose recording arrived, while the
 * interview is not rated or cancelled, once per recording. The API checks the same.
 */
export function mayAskRetake(
  iv: Pick<Interview, 'interviewer_id' | 'mode' | 'status'>,
  rec: Pick<Recording, 'status' | 'question' | 'retake_request'>,
  me: Me,
): boolean {
  return (
    ownsInterview(iv, me) &&
    iv.mode === 'self' &&
    ['in_progress', 'recorded', 'analysed'].includes(iv.status) &&
    rec.status !== 'pending' &&
    !!rec.question &&
    rec.question.follow_up === null &&
    !rec.retake_request
  );
}

/** Issue 14 item 8: admins and the interview's own interviewer change the date, interviewer or set while it is scheduled. */
export function mayReschedule(iv: Pick<Interview, 'interviewer_id' | 'status'>, me: Me): boolean {
  return ownsInterview(iv, me) && iv.status === 'scheduled';
}

/** Issue 14 item 8: the same people delete an interview that never took place (scheduled or cancelled). */
export function mayDelete(iv: Pick<Interview, 'interviewer_id' | 'status'>, me: Me): boolean {
  return ownsInterview(iv, me) && (iv.status === 'scheduled' || iv.status === 'cancelled');
}
