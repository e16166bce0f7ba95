import { describe, expect, it } from 'vitest';
import { formatClock, isFinalTake, isRunningOut, retakesLeft, secondsLeft, speakingEstimateMs } from './countdown';

describe('answer countdown', () => {
  it('counts whole seconds down from the answer time and stops at 0', () => {
    expect(secondsLeft(1000, 60, 1000)).toBe(60);
    expect(secondsLeft(1000, 60, 1001)).toBe(60);
    expect(secondsLeft(1000, 60, 2000)).toBe(59);
    expect(secondsLeft(1000, 60, 60999)).toBe(1);
    expect(secondsLeft(1000, 60, 61000)).toBe(0);
    expect(secondsLeft(1000, 60, 999999)).toBe(0);
    // a clock that goes backwards never adds time
    expect(secondsLeft(5000, 30, 1000)).toBe(30);
  });

  it('formats m:ss', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(9)).toBe('0:09');
    expect(formatClock(60)).toBe('1:00');
    expect(formatClock(601)).toBe('10:01');
    expect(formatClock(-3)).toBe('0:00');
  });

  it('warns in the last seconds only', () => {
    expect(isRunningOut(60, 60)).toBe(false);
    expect(isRunningOut(10, 60)).toBe(true);
    expect(isRunningOut(11, 60)).toBe(false);
    expect(isRunningOut(2, 10)).toBe(true);
    expect(isRunningOut(3, 10)).toBe(false);
    expect(isRunningOut(0, 60)).toBe(false);
  });

  it('allows retakes up to the limit, the first take not being one', () => {
    expect(retakesLeft(2, 0)).toBe(2);
    expect(retakesLeft(2, 1)).toBe(2);
    expect(retakesLeft(2, 2)).toBe(1);
    expect(retakesLeft(2, 3)).toBe(0);
    expect(retakesLeft(2, 9)).toBe(0);
    expect(retakesLeft(0, 1)).toBe(0);
  });

  it('estimates a speaking time within bounds', () => {
    expect(speakingEstimateMs('')).toBe(1500);
    expect(speakingEstimateMs('あ'.repeat(20))).toBe(2800);
    expect(speakingEstimateMs('あ'.repeat(1000))).toBe(20000);
  });
});

describe('isFinalTake', () => {
  it('is the last chance once every allowed take was started (a reload does not give new retakes)', () => {
    expect(isFinalTake(1, 0)).toBe(false);
    expect(isFinalTake(1, 1)).toBe(false);
    expect(isFinalTake(1, 2)).toBe(true);
    expect(isFinalTake(0, 1)).toBe(true);
    expect(isFinalTake(3, 7)).toBe(true);
  });
});
