/**
 * Issue 14 item 11: what the interviewee's own list says about an interview. The staff's statuses (recorded,
 * analysed, rated) describe the company's work and would tell a candidate how far their evaluation has got, so the
 * candidate sees only where they stand: upcoming, under way, answered (a self-interview) or over (face to face).
 */
import type { Interview } from '../api/types';

export type CandidateState = 'upcoming' | 'under_way' | 'answered' | 'finished' | 'cancelled';

export function candidateState(iv: Pick<Interview, 'status' | 'mode'>): CandidateState {
  switch (iv.status) {
    case 'scheduled':
      return 'upcoming';
    case 'in_progress':
      return 'under_way';
    case 'cancelled':
      return 'cancelled';
    default:
      return iv.mode === 'self' ? 'answered' : 'finished';
  }
}
