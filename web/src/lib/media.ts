/** Camera, microphone and recording helpers shared by the device check and the self-interview. */

/** The first recording type the browser supports: WebM on Chrome/Edge/Firefox, MP4 on Safari. */
export function pickMimeType(isSupported: (t: string) => boolean): string | null {
  const candidates = [
    'video/webm;codecs=vp9,opus',
    'video/webm;codecs=vp8,opus',
    'video/webm',
    'video/mp4;codecs=avc1,mp4a',
    'video/mp4',
  ];
  return candidates.find((c) => isSupported(c)) ?? null;
}

export function recorderMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return pickMimeType((t) => MediaRecorder.isTypeSupported(t));
}

export interface Support {
  media: boolean;
  recorder: boolean;
  speech: boolean;
  storage: boolean;
}

export function browserSupport(): Support {
  return {
    media: !!navigator.mediaDevices?.getUserMedia,
    recorder: recorderMimeType() !== null,
    speech: typeof window.speechSynthesis !== 'undefined',
    storage: typeof indexedDB !== 'undefined',
  };
}

let shared: MediaStream | null = null;

/** One camera+microphone stream for the whole interview, so the browser asks only once. */
export async function getStream(): Promise<MediaStream> {
  if (shared && shared.getTracks().every((t) => t.readyState === 'live')) return shared;
  shared = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
    audio: { echoCancellation: true, noiseSuppression: true },
  });
  return shared;
}

export function releaseStream() {
  shared?.getTracks().forEach((t) => t.stop());
  shared = null;
}

/** Root-mean-square level (0..1) of a time-domain byte buffer centred on 128. */
export function rmsLevel(buf: Uint8Array): number {
  if (!buf.length) return 0;
  let sum = 0;
  for (const v of buf) {
    const x = (v - 128) / 128;
    sum += x * x;
  }
  return Math.min(1, Math.sqrt(sum / buf.length) * 3);
}

/** Chunks (one a second) between two copies of the recording so far. */
const SO_FAR_EVERY = 5;

/** Records a stream until stopped; resolves with the whole recording. */
export class AnswerRecorder {
  private rec: MediaRecorder;
  private chunks: Blob[] = [];
  private done: Promise<Blob>;
  readonly mimeType: string;

  /** `onSoFar`, when given, gets the recording so far every few seconds (to keep it against a crash). */
  constructor(stream: MediaStream, mimeType: string, onSoFar?: (sofar: Blob) => void) {
    this.rec = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1_000_000 });
    this.mimeType = this.rec.mimeType || mimeType;
    this.done = new Promise((resolve) => {
      this.rec.ondataavailable = (e) => {
        if (!e.data.size) return;
        this.chunks.push(e.data);
        if (onSoFar && this.chunks.length % SO_FAR_EVERY === 0) onSoFar(new Blob(this.chunks, { type: this.mimeType }));
      };
      this.rec.onstop = () => resolve(new Blob(this.chunks, { type: this.mimeType }));
    });
    this.rec.start(1000);
  }

  stop(): Promise<Blob> {
    if (this.rec.state !== 'inactive') this.rec.stop();
    return this.done;
  }
}

/** Reads a text aloud with a ja-JP (or en) voice when there is one; resolves when done or when no voice can. */
export function speak(text: string, lang: 'ja' | 'en', fallbackMs: number): { done: Promise<void>; cancel: () => void } {
  let timer = 0;
  let resolveFn: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveFn = resolve;
    const synth = typeof window.speechSynthesis !== 'undefined' ? window.speechSynthesis : null;
    const want = lang === 'ja' ? 'ja' : 'en';
    const voice = synth?.getVoices().find((v) => v.lang.toLowerCase().startsWith(want));
    // Without a matching voice the subtitles carry the question and the mouth moves for a while.
    timer = window.setTimeout(resolve, voice ? fallbackMs * 3 : fallbackMs);
    if (!synth || !voice) return;
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.95;
    u.onend = () => resolve();
    u.onerror = () => resolve();
    synth.cancel();
    synth.speak(u);
  });
  return {
    done: done.finally(() => window.clearTimeout(timer)),
    cancel: () => {
      window.speechSynthesis?.cancel();
      window.clearTimeout(timer);
      resolveFn();
    },
  };
}
