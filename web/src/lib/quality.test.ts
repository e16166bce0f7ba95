import { describe, expect, it } from 'vitest';
import { DARK_LUMA, FREE_RETAKES, deviceState, freeRetakeLeft, judge, meanLuma, peakOf, retakeCost } from './quality';

const px = (r: number, g: number, b: number, n = 4) => Array.from({ length: n }, () => [r, g, b, 255]).flat();

describe('meanLuma', () => {
  it('is 0 for black, 255 for white, and weighs green most', () => {
    expect(meanLuma(px(0, 0, 0))).toBe(0);
    expect(meanLuma(px(255, 255, 255))).toBeCloseTo(255);
    expect(meanLuma(px(0, 255, 0))).toBeGreaterThan(meanLuma(px(255, 0, 0)));
    expect(meanLuma([])).toBe(0);
  });
  it('samples every step-th pixel', () => {
    expect(meanLuma([...px(255, 255, 255, 1), ...px(0, 0, 0, 1)], 2)).toBeCloseTo(255);
  });
});

describe('peakOf', () => {
  it('takes the loudest sample either side of zero', () => {
    expect(peakOf([0.01, -0.3, 0.2])).toBeCloseTo(0.3);
    expect(peakOf([])).toBe(0);
  });
});

describe('judge', () => {
  const bright = [120, 130, 125];
  it('passes a lit picture with a face and a voice', () => {
    expect(judge({ luma: bright, peak: 0.4, faces: [true, true, false] })).toEqual({ dark: 'pass', silent: 'pass', face: 'pass', problems: [] });
  });
  it('finds a dark, silent picture with no face', () => {
    const v = judge({ luma: [3, 4, 120], peak: 0.001, faces: [false, false, true] });
    expect(v.problems).toEqual(['noFace', 'dark', 'silent']);
  });
  it('says dark on the median frame, not on one dark moment', () => {
    expect(judge({ luma: [DARK_LUMA - 1, 100, 100], peak: 0.3, faces: null }).dark).toBe('pass');
    expect(judge({ luma: [DARK_LUMA - 1, DARK_LUMA - 2, 100], peak: 0.3, faces: null }).dark).toBe('fail');
  });
  it('skips what could not be measured instead of passing it', () => {
    expect(judge({ luma: [], peak: null, faces: null })).toEqual({ dark: 'skipped', silent: 'skipped', face: 'skipped', problems: [] });
    expect(judge({ luma: bright, peak: 0.3, faces: [] }).face).toBe('skipped');
  });
});

describe('retakeCost', () => {
  it('is free for an unusable take, up to the free limit', () => {
    expect(retakeCost(true, 0)).toBe(0);
    expect(retakeCost(true, FREE_RETAKES - 1)).toBe(0);
    expect(retakeCost(true, FREE_RETAKES)).toBe(1);
  });
  it('always counts a usable take', () => {
    expect(retakeCost(false, 0)).toBe(1);
  });
});

describe('deviceState', () => {
  const dark = judge({ luma: [5, 5, 5], peak: 0.3, faces: null });
  it('never says OK before the check ran or when one of its checks failed', () => {
    expect(deviceState(false, null, ['dark'])).toBe('missing');
    expect(deviceState(true, null, ['dark'])).toBe('checking');
    expect(deviceState(true, dark, ['dark', 'face'])).toBe('problem');
    expect(deviceState(true, dark, ['silent'])).toBe('ok');
  });
});

describe('freeRetakeLeft', () => {
  it('is offered only after a failed check, while uncounted retakes are left', () => {
    const silent = judge({ luma: [100], peak: 0, faces: null });
    expect(freeRetakeLeft(silent, 0)).toBe(true);
    expect(freeRetakeLeft(silent, FREE_RETAKES)).toBe(false);
    expect(freeRetakeLeft(judge({ luma: [100], peak: 0.5, faces: null }), 0)).toBe(false);
    expect(freeRetakeLeft(null, 0)).toBe(false);
  });
});
