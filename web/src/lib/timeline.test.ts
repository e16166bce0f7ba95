import { describe, expect, it } from 'vitest';
import { isTimeline, talkShares, timelinePercentSeries, timelineSeconds, timelineSeries, timelineShares } from './timeline';

describe('timeline', () => {
  const t = { speaking: [0, 1, 1, 0.6], face_present: [1, 1, 1, 1], smiling: [0, 0.2] };

  it('covers the longest series and pads the others with gaps', () => {
    expect(timelineSeconds(t)).toBe(4);
    const [xs, face, speaking, smiling] = timelineSeries(t);
    expect(xs).toEqual([0, 1, 2, 3]);
    expect(face).toEqual([1, 1, 1, 1]);
    expect(speaking).toEqual([0, 1, 1, 0.6]);
    expect(smiling).toEqual([0, 0.2, null, null]);
  });

  it('turns non-finite values into gaps', () => {
    const [, face] = timelineSeries({ speaking: [], face_present: [NaN, 0.5], smiling: [] });
    expect(face).toEqual([null, 0.5]);
  });

  it('gives the share of seconds at or above the threshold', () => {
    expect(timelineShares(t)).toEqual({ seconds: 4, face: 100, speaking: 75, smiling: 0 });
    expect(timelineShares(t, 0.1).smiling).toBe(25);
  });

  it('is all zero for an empty timeline', () => {
    expect(timelineShares({ speaking: [], face_present: [], smiling: [] })).toEqual({ seconds: 0, face: 0, speaking: 0, smiling: 0 });
  });

  it('recognises a timeline document', () => {
    expect(isTimeline(t)).toBe(true);
    expect(isTimeline({ speaking: [] })).toBe(false);
    expect(isTimeline(null)).toBe(false);
    expect(isTimeline('x')).toBe(false);
  });
});

describe('timelinePercentSeries', () => {
  it('gives the chart % of each second (its axis says %), gaps kept', () => {
    const [xs, face, speaking] = timelinePercentSeries({ speaking: [0.25, 1], face_present: [0.5, NaN], smiling: [] });
    expect(xs).toEqual([0, 1]);
    expect(face).toEqual([50, null]);
    expect(speaking).toEqual([25, 100]);
  });

  it('a call with the voices apart: each side\'s share of the talking and the interviewer\'s series', () => {
    const t = { speaking: [1, 1, 0.5, 0], face_present: [1, 1, 1, 1], smiling: [0, 0, 0, 0], interviewer_speaking: [0, 0, 0.5, 1] };
    expect(talkShares(t)).toEqual({ interviewee: 63, interviewer: 37 });
    expect(timelineSeries(t)).toHaveLength(5);
    expect(talkShares({ speaking: [1], face_present: [], smiling: [] })).toBeNull();
    expect(talkShares({ ...t, speaking: [0], interviewer_speaking: [0] })).toBeNull();
  });
});
