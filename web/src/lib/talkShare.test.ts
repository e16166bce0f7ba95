import { describe, expect, it } from 'vitest';
import { EMPTY, PAUSE_MS, myShare, step, talksTooMuch, type TalkState } from './talkShare';

const run = (s: TalkState, mine: number, theirs: number, ms: number, dt = 100) => {
  for (let t = 0; t < ms; t += dt) s = step(s, mine, theirs, dt);
  return s;
};

describe('talk share', () => {
  it('counts each side and the share of the interviewer', () => {
    let s = run(EMPTY, 0.2, 0, 3000);
    s = run(s, 0, 0.2, 9000);
    expect(s.mineMs).toBe(3000);
    expect(s.theirsMs).toBe(9000);
    expect(myShare(s)).toBeCloseTo(0.25);
    expect(myShare(EMPTY)).toBeNull();
  });

  it('counts the louder side when both speak, nobody in silence', () => {
    let s = run(EMPTY, 0.3, 0.1, 1000);
    s = run(s, 0.01, 0.01, 1000);
    expect([s.mineMs, s.theirsMs]).toEqual([1000, 0]);
  });

  it('keeps a monologue through short pauses and ends it after a long one or another speaker', () => {
    let s = run(EMPTY, 0.2, 0, 5000);
    s = run(s, 0, 0, PAUSE_MS - 500);
    s = run(s, 0.2, 0, 1000);
    expect(s.floor).toBe('mine');
    expect(s.runMs).toBe(5000 + PAUSE_MS - 500 + 1000);
    s = run(s, 0, 0, PAUSE_MS);
    expect([s.floor, s.runMs]).toEqual([null, 0]);
    s = run(s, 0.2, 0, 1000);
    s = run(s, 0, 0.2, 500);
    expect([s.floor, s.runMs]).toEqual(['theirs', 500]);
  });

  it('remarks on talking too much only after the first minute', () => {
    const early = run(EMPTY, 0.2, 0, 30_000);
    expect(talksTooMuch(early, 0.5)).toBe(false);
    const later = run(run(early, 0, 0.2, 20_000), 0.2, 0, 20_000);
    expect(myShare(later)).toBeCloseTo(50 / 70);
    expect(talksTooMuch(later, 0.5)).toBe(true);
    expect(talksTooMuch(later, 0.8)).toBe(false);
  });
});
