/**
 * The short local check of a recording (issue 14 item 3): too dark, silent, no face. Pure threshold logic over
 * measurements taken in the browser (src/lib/qualitySampler.ts); nothing is sent anywhere and no model is loaded.
 */

/** Mean luma (0–255) below which a picture is too dark to see a face (a lit room is ~80–180). */
export const DARK_LUMA = 40;
/** Peak amplitude (0–1) below which nothing was said: a quiet voice peaks well above 0.05. */
export const SILENT_PEAK = 0.02;
/** Share of sampled frames that must show a face. */
export const FACE_SHARE = 0.5;
/** Takes the check found unusable that may be retaken without using up a retake, per question. */
export const FREE_RETAKES = 3;

export type CheckState = 'pass' | 'fail' | 'skipped';
export type Problem = 'dark' | 'silent' | 'noFace';

export interface Measures {
  /** Mean luma of each sampled frame. */
  luma: number[];
  /** The loudest sample heard (0–1); null when the browser gave no audio to measure. */
  peak: number | null;
  /** Per sampled frame whether a face was found; null when the browser cannot look for faces. */
  faces: boolean[] | null;
}

export interface Verdict {
  dark: CheckState;
  silent: CheckState;
  face: CheckState;
  /** The failed checks, most important first. */
  problems: Problem[];
}

/** Mean luma (Rec. 601) of RGBA pixels, every `step`-th pixel. */
export function meanLuma(rgba: ArrayLike<number>, step = 1): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 2 < rgba.length; i += 4 * step) {
    sum += 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
    n++;
  }
  return n ? sum / n : 0;
}

/** The largest absolute sample of a float time-domain buffer. */
export function peakOf(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  return peak;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Judges measurements; a check with nothing measured is skipped, never passed. */
export function judge(m: Measures): Verdict {
  const dark: CheckState = m.luma.length === 0 ? 'skipped' : median(m.luma) < DARK_LUMA ? 'fail' : 'pass';
  const silent: CheckState = m.peak === null ? 'skipped' : m.peak < SILENT_PEAK ? 'fail' : 'pass';
  const face: CheckState =
    m.faces === null || m.faces.length === 0 ? 'skipped' : m.faces.filter(Boolean).length / m.faces.length < FACE_SHARE ? 'fail' : 'pass';
  const problems: Problem[] = [];
  if (face === 'fail') problems.push('noFace');
  if (dark === 'fail') problems.push('dark');
  if (silent === 'fail') problems.push('silent');
  return { dark, silent, face, problems };
}

/**
 * The retake rule: retaking a take the check found unusable does not use up a retake, at most FREE_RETAKES
 * times per question (so the limit cannot be sidestepped for ever by covering the camera); any other retake
 * counts as before. Returns how many takes the new retake adds to the question's count.
 */
export function retakeCost(unusable: boolean, freeUsed: number): 0 | 1 {
  return unusable && freeUsed < FREE_RETAKES ? 0 : 1;
}

/** What the device check says for the camera or the microphone: OK only when every check of it ran and passed. */
export type DeviceState = 'missing' | 'checking' | 'problem' | 'ok';
export function deviceState(present: boolean, verdict: Verdict | null, checks: ('dark' | 'face' | 'silent')[]): DeviceState {
  if (!present) return 'missing';
  if (!verdict) return 'checking';
  return checks.some((c) => verdict[c] === 'fail') ? 'problem' : 'ok';
}

/** Whether an answer's check failed and an uncounted retake is still left for its question. */
export const freeRetakeLeft = (verdict: Verdict | null, freeUsed: number) => !!verdict?.problems.length && freeUsed < FREE_RETAKES;
