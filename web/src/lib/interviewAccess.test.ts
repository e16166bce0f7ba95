import { describe, expect, it } from 'vitest';
import { isRateable, mayCancel, ownsInterview } from './interviewAccess';

describe('interview access', () => {
  const iv = { interviewer_id: 'i1', status: 'scheduled' as const };

  it('gives the AI prediction, transcripts and feedback to admins and the own interviewer only', () => {
    expect(ownsInterview(iv, { id: 'a', role: 'admin' })).toBe(true);
    expect(ownsInterview(iv, { id: 'i1', role: 'interviewer' })).toBe(true);
    expect(ownsInterview(iv, { id: 'i2', role: 'interviewer' })).toBe(false);
    expect(ownsInterview({ interviewer_id: null }, { id: 'i1', role: 'interviewer' })).toBe(false);
    expect(ownsInterview(iv, { id: 'i1', role: 'expert' })).toBe(false);
    expect(ownsInterview(iv, { id: 'c', role: 'interviewee' })).toBe(false);
    expect(ownsInterview(iv, null)).toBe(false);
  });

  it('lets admins and interviewers cancel an interview until it is recorded', () => {
    expect(mayCancel(iv, { id: 'i2', role: 'interviewer' })).toBe(true);
    expect(mayCancel({ status: 'in_progress' }, { id: 'a', role: 'admin' })).toBe(true);
    expect(mayCancel({ status: 'recorded' }, { id: 'a', role: 'admin' })).toBe(false);
    expect(mayCancel({ status: 'cancelled' }, { id: 'a', role: 'admin' })).toBe(false);
    expect(mayCancel(iv, { id: 'e', role: 'expert' })).toBe(false);
    expect(mayCancel(iv, undefined)).toBe(false);
  });

  it('rates recorded, analysed and rated interviews', () => {
    expect(['recorded', 'analysed', 'rated'].every((s) => isRateable(s as never))).toBe(true);
    expect(isRateable('scheduled')).toBe(false);
    expect(isRateable('in_progress')).toBe(false);
    expect(isRateable('cancelled')).toBe(false);
  });
});
