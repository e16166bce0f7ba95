import { describe, expect, it } from 'vitest';
import { callMinutes } from './callLength';

const line = (first: string, last: string, left?: string) => ({
  first_joined_at: `2026-12-06T10:${first}:00Z`,
  last_joined_at: `2026-12-06T10:${last}:00Z`,
  left_at: left ? `2026-12-06T10:${left}:00Z` : null,
});

describe('callMinutes', () => {
  it('runs from the first join to the last leave', () => {
    expect(callMinutes([line('00', '02', '31'), line('01', '01', '30')])).toBe(31);
  });
  it('is unknown before anyone left, and at least a minute', () => {
    expect(callMinutes([line('00', '00')])).toBeNull();
    expect(callMinutes([line('00', '00', '00')])).toBe(1);
  });
  it('counts a rejoin after the last leave as still going until then', () => {
    expect(callMinutes([line('00', '40', '20')])).toBe(40);
  });
});
