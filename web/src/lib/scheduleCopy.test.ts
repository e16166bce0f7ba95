import { describe, expect, it } from 'vitest';
import { readScheduleQuery, scheduleCopyQuery } from './scheduleCopy';

const a = '11111111-1111-4111-8111-111111111111';
const b = '22222222-2222-4222-8222-222222222222';
const s = '33333333-3333-4333-8333-333333333333';

describe('schedule copy', () => {
  it('carries mode, people and set there and back', () => {
    const q = scheduleCopyQuery({ mode: 'self', interviewee_id: a, interviewer_id: b, question_set_id: s });
    expect(readScheduleQuery(q)).toEqual({ mode: 'self', interviewee: a, interviewer: b, questionSet: s });
    expect(readScheduleQuery(`?${scheduleCopyQuery({ mode: 'face_to_face', interviewee_id: a, interviewer_id: null, question_set_id: null })}`)).toEqual({
      mode: 'face_to_face',
      interviewee: a,
    });
  });
  it('ignores what it does not know', () => {
    expect(readScheduleQuery('')).toBeNull();
    expect(readScheduleQuery('mode=group&interviewee=<script>')).toBeNull();
  });
});
