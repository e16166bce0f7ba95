/** The analysis timeline (one value per second, 0..1) as chart series and as a short text for everyone. */
import type { Timeline } from '../api/types';

/** Seconds covered: the longest of the three series. */
export function timelineSeconds(t: Timeline): number {
  return Math.max(t.speaking?.length ?? 0, t.face_present?.length ?? 0, t.smiling?.length ?? 0);
}

/**
 * uPlot's aligned data: x = seconds, then face, speaking, smiling, and for a call with the voices apart the
 * interviewer's speaking; missing or non-finite values are gaps.
 */
export function timelineSeries(t: Timeline): [number[], ...(number | null)[][]] {
  const n = timelineSeconds(t);
  const xs = Array.from({ length: n }, (_, i) => i);
  const pad = (a: number[] | undefined) => xs.map((i) => (a && Number.isFinite(a[i]) ? a[i] : null));
  const series: [number[], ...(number | null)[][]] = [xs, pad(t.face_present), pad(t.speaking), pad(t.smiling)];
  if (t.interviewer_speaking) series.push(pad(t.interviewer_speaking));
  return series;
}

/** The same series with the values in % (0..100), as the chart's axis reads them. */
export function timelinePercentSeries(t: Timeline): [number[], ...(number | null)[][]] {
  const [xs, ...ys] = timelineSeries(t);
  return [xs, ...ys.map((y) => y.map((v) => (v === null ? null : Math.round(v * 1000) / 10)))];
}

export interface TimelineShares {
  seconds: number;
  /** Whole percentages of the seconds where the value is at least the threshold. */
  face: number;
  speaking: number;
  smiling: number;
}

/** How much of the answer the face was seen, the person spoke and smiled (value ≥ threshold), in whole %. */
export function timelineShares(t: Timeline, threshold = 0.5): TimelineShares {
  const seconds = timelineSeconds(t);
  const share = (a: number[] | undefined) =>
    seconds ? Math.round((100 * (a ?? []).filter((v) => Number.isFinite(v) && v >= threshold).length) / seconds) : 0;
  return { seconds, face: share(t.face_present), speaking: share(t.speaking), smiling: share(t.smiling) };
}

/**
 * A call recorded with the voices apart: each side's share of all the speaking, in whole % (summing to 100), or
 * null for any other recording or when nobody spoke.
 */
export function talkShares(t: Timeline): { interviewee: number; interviewer: number } | null {
  if (!t.interviewer_speaking) return null;
  const sum = (a: number[]) => a.reduce((n, v) => n + (Number.isFinite(v) ? v : 0), 0);
  const [mine, theirs] = [sum(t.speaking ?? []), sum(t.interviewer_speaking)];
  if (mine + theirs <= 0) return null;
  const interviewee = Math.round((100 * mine) / (mine + theirs));
  return { interviewee, interviewer: 100 - interviewee };
}

/** Whether a fetched document looks like a timeline (the chart is not drawn from anything else). */
export function isTimeline(x: unknown): x is Timeline {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  return ['speaking', 'face_present', 'smiling'].every((k) => Array.isArray(o[k]));
}
