/**
 * 同じ内容で予定を作成 (issue 14 item 8): an interview's details carried to the schedule form in its query string,
 * so the link can be opened in a new tab and the form stays a plain page.
 */
import type { Interview, InterviewMode } from '../api/types';

export interface ScheduleDefaults {
  mode: InterviewMode;
  interviewee: string;
  interviewer: string;
  questionSet: string;
}

export function scheduleCopyQuery(iv: Pick<Interview, 'mode' | 'interviewee_id' | 'interviewer_id' | 'question_set_id'>): string {
  const q = new URLSearchParams({ mode: iv.mode, interviewee: iv.interviewee_id });
  if (iv.interviewer_id) q.set('interviewer', iv.interviewer_id);
  if (iv.question_set_id) q.set('question_set', iv.question_set_id);
  return q.toString();
}

const ID = /^[0-9a-f-]{36}$/i;

/** The defaults a query string asks for; anything unknown or malformed is left out. Null when it asks for none. */
export function readScheduleQuery(search: string): Partial<ScheduleDefaults> | null {
  const q = new URLSearchParams(search);
  const out: Partial<ScheduleDefaults> = {};
  const mode = q.get('mode');
  if (mode === 'self' || mode === 'face_to_face') out.mode = mode;
  const id = (k: string) => {
    const v = q.get(k);
    return v && ID.test(v) ? v : undefined;
  };
  if (id('interviewee')) out.interviewee = id('interviewee');
  if (id('interviewer')) out.interviewer = id('interviewer');
  if (id('question_set')) out.questionSet = id('question_set');
  return Object.keys(out).length ? out : null;
}
