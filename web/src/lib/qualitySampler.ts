/**
 * Measures a live camera+microphone stream for the local quality check (src/lib/quality.ts): frame brightness
 * from a small canvas, the loudest sound from an analyser, and faces where the browser offers FaceDetector.
 * Everything stays in the page.
 */
import type { Measures } from './quality';
import { meanLuma, peakOf } from './quality';

interface DetectedFace {
  boundingBox: DOMRectReadOnly;
}
interface FaceDetectorLike {
  detect(image: CanvasImageSource): Promise<DetectedFace[]>;
}
type FaceDetectorCtor = new (opts?: { fastMode?: boolean; maxDetectedFaces?: number }) => FaceDetectorLike;

/** The browser's face detector, when it has one (Chrome behind a setting, some Android browsers). */
function faceDetector(): FaceDetectorLike | null {
  const ctor = (globalThis as unknown as { FaceDetector?: FaceDetectorCtor }).FaceDetector;
  if (!ctor) return null;
  try {
    return new ctor({ fastMode: true, maxDetectedFaces: 1 });
  } catch {
    return null;
  }
}

/** True when the browser can look for faces, so the screen says only what was checked. */
export const canDetectFaces = () => typeof (globalThis as { FaceDetector?: unknown }).FaceDetector === 'function';

const SAMPLE_MS = 400;
const W = 160;
const H = 120;

export class QualitySampler {
  private video = document.createElement('video');
  private canvas = document.createElement('canvas');
  private ctx: AudioContext | null = null;
  private analyser: AnalyserNode | null = null;
  private detector = faceDetector();
  private timer = 0;
  private busy = false;
  private samples: { luma: number; peak: number | null; face: boolean | null }[] = [];

  /** `keep` keeps only the latest samples (a rolling view for the device check); 0 keeps all (an answer). */
  constructor(
    stream: MediaStream,
    private keep = 0,
  ) {
    this.canvas.width = W;
    this.canvas.height = H;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = stream;
    void this.video.play().catch(() => undefined);
    if (stream.getAudioTracks().length) {
      this.ctx = new AudioContext();
      this.analyser = this.ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.ctx.createMediaStreamSource(stream).connect(this.analyser);
      void this.ctx.resume().catch(() => undefined);
    }
    this.timer = window.setInterval(() => void this.sample(), SAMPLE_MS);
  }

  private async sample() {
    if (this.busy || this.video.readyState < 2) return;
    this.busy = true;
    try {
      const g = this.canvas.getContext('2d', { willReadFrequently: true });
      if (!g) return;
      g.drawImage(this.video, 0, 0, W, H);
      const luma = meanLuma(g.getImageData(0, 0, W, H).data, 2);
      let peak: number | null = null;
      if (this.analyser) {
        const buf = new Float32Array(this.analyser.fftSize);
        this.analyser.getFloatTimeDomainData(buf);
        peak = peakOf(buf);
      }
      let face: boolean | null = null;
      if (this.detector) face = (await this.detector.detect(this.canvas).catch(() => null))?.length ? true : false;
      this.samples.push({ luma, peak, face });
      if (this.keep && this.samples.length > this.keep) this.samples.shift();
    } finally {
      this.busy = false;
    }
  }

  /** How many frames were measured so far. */
  get count() {
    return this.samples.length;
  }

  measures(): Measures {
    const s = this.samples;
    const peaks = s.map((x) => x.peak).filter((p): p is number => p !== null);
    const faces = s.map((x) => x.face).filter((f): f is boolean => f !== null);
    return {
      luma: s.map((x) => x.luma),
      peak: peaks.length ? Math.max(...peaks) : null,
      faces: this.detector ? faces : null,
    };
  }

  stop(): Measures {
    window.clearInterval(this.timer);
    const m = this.measures();
    this.video.srcObject = null;
    void this.ctx?.close().catch(() => undefined);
    return m;
  }
}
