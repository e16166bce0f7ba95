import { describe, expect, it } from 'vitest';
import { isRateable, mayAskRetake, mayCancel, mayDelete, mayReschedule, ownsInterview } from './interviewAccess';

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

describe('mayAskRetake (issue 14 item 3)', () => {
  const iv = { interviewer_id: 'i1', mode: 'self' as const, status: 'analysed' as const };
  const rec = { status: 'analysed' as const, question: { index: 0, follow_up: null, text: null }, retake_request: null };
  const admin = { id: 'a', role: 'admin' as const };

  it('offers it to admins and the own interviewer for an arrived answer to a question', () => {
    expect(mayAskRetake(iv, rec, admin)).toBe(true);
    expect(mayAskRetake(iv, rec, { id: 'i1', role: 'interviewer' })).toBe(true);
    expect(mayAskRetake(iv, rec, { id: 'i2', role: 'interviewer' })).toBe(false);
    expect(mayAskRetake(iv, rec, { id: 'e', role: 'expert' })).toBe(false);
  });

  it('not once asked, nor for follow-ups, pending uploads, rated or face-to-face interviews', () => {
    const asked = { reason: 'x', requested_by: 'a', requested_at: '2026-12-05T00:00:00Z' };
    expect(mayAskRetake(iv, { ...rec, retake_request: asked }, admin)).toBe(false);
    expect(mayAskRetake(iv, { ...rec, question: { index: 0, follow_up: 0, text: null } }, admin)).toBe(false);
    expect(mayAskRetake(iv, { ...rec, status: 'pending' }, admin)).toBe(false);
    expect(mayAskRetake({ ...iv, status: 'rated' }, rec, admin)).toBe(false);
    expect(mayAskRetake({ ...iv, mode: 'face_to_face' }, rec, admin)).toBe(false);
  });
});

describe('editing interviews (issue 14 item 8)', () => {
  const admin = { id: 'a', role: 'admin' as const };
  const own = { id: 'i1', role: 'interviewer' as const };
  const other = { id: 'i2', role: 'interviewer' as const };
  it('reschedules only a scheduled interview, by an admin or its interviewer', () => {
    expect(mayReschedule({ interviewer_id: 'i1', status: 'scheduled' }, admin)).toBe(true);
    expect(mayReschedule({ interviewer_id: 'i1', status: 'scheduled' }, own)).toBe(true);
    expect(mayReschedule({ interviewer_id: 'i1', status: 'scheduled' }, other)).toBe(false);
    expect(mayReschedule({ interviewer_id: 'i1', status: 'in_progress' }, admin)).toBe(false);
    expect(mayReschedule({ interviewer_id: 'i1', status: 'scheduled' }, { id: 'e', role: 'expert' })).toBe(false);
  });
  it('deletes only what never took place', () => {
    expect(mayDelete({ interviewer_id: 'i1', status: 'cancelled' }, admin)).toBe(true);
    expect(mayDelete({ interviewer_id: 'i1', status: 'scheduled' }, own)).toBe(true);
    expect(mayDelete({ interviewer_id: 'i1', status: 'recorded' }, admin)).toBe(false);
    expect(mayDelete({ interviewer_id: 'i1', status: 'scheduled' }, other)).toBe(false);
  });
});
