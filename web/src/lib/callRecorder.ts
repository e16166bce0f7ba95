/**
 * The interviewer's recording of a video call, sent while the call runs: the recording is cut into parts every few
 * minutes (each a whole, playable file), each part is kept in the browser until it is uploaded, and parts go up one
 * after another in the background, so when the call ends only the last part is left to send. A part kept from a
 * reload or a failed upload is sent with the others.
 */

/** One part being recorded; `stop` resolves with the part's file. */
export interface PartRecorder {
  stop(): Promise<Blob>;
}

export interface RecorderState {
  /** A part is being recorded now. */
  recording: boolean;
  /** Parts recorded and not yet uploaded, and their size. */
  queued: number;
  queuedBytes: number;
  /** Parts uploaded in this session. */
  sent: number;
  /** Why the last upload failed (the part stays kept and is tried again), or null. */
  error: string | null;
}

export interface KeptPart {
  index: number;
  blob: Blob;
}

export interface CallRecorderDeps {
  /** Starts part `index` from the current call media (it may keep what it has so far under that index). */
  record: (index: number) => PartRecorder;
  /** Keeps a finished part in the browser until it is uploaded, and forgets it after. */
  keep: (part: KeptPart) => Promise<void>;
  forget: (index: number) => Promise<void>;
  /** Uploads one part (retrying what may pass later); throws when it cannot. */
  upload: (part: KeptPart) => Promise<void>;
  onState: (state: RecorderState) => void;
  /** How long a part runs before the next one starts. */
  partMs: number;
  /** A part shorter than this is dropped (a reconnection's flicker; too short to analyse). */
  minPartMs?: number;
}

/** Two minutes: at 1 Mbit/s a part is about 15 MB, so the tail left at the end uploads in seconds. */
export const PART_MS = 120_000;
/** Two seconds: less holds nothing to analyse. */
export const MIN_PART_MS = 2_000;

export class CallRecorder {
  private current: PartRecorder | null = null;
  private currentIndex = 0;
  /** A part is being stopped and kept: still "recording" to the other side, which must not think all is sent. */
  private stopping = 0;
  private startedAt = 0;
  private queue: KeptPart[];
  private next: number;
  private sent = 0;
  private error: string | null = null;
  private timer?: ReturnType<typeof setTimeout>;
  private uploading: Promise<void> | null = null;
  private closed = false;

  constructor(
    private deps: CallRecorderDeps,
    /** Parts kept from before (a reload, a failed upload): uploaded first. */
    leftover: KeptPart[] = [],
  ) {
    this.queue = [...leftover].sort((a, b) => a.index - b.index);
    this.next = Math.max(-1, ...leftover.map((p) => p.index)) + 1;
    if (this.queue.length) this.drain();
  }

  get state(): RecorderState {
    return {
      recording: this.current !== null || this.stopping > 0,
      queued: this.queue.length,
      queuedBytes: this.queue.reduce((n, p) => n + p.blob.size, 0),
      sent: this.sent,
      error: this.error,
    };
  }

  /** Starts recording (nothing happens while a part runs or after `finish`). */
  start() {
    if (this.current || this.closed) return;
    this.currentIndex = this.next++;
    this.current = this.deps.record(this.currentIndex);
    this.startedAt = Date.now();
    this.timer = setTimeout(() => void this.restart(), this.deps.partMs);
    this.emit();
  }

  /** Ends the current part and starts the next one, e.g. because the call's media changed. */
  async restart() {
    await this.cut();
    this.start();
  }

  /** Ends the current part without starting another (the other side left for a while). */
  async pause() {
    await this.cut();
  }

  /** Stops recording for good and resolves when every part is uploaded; rejects with the upload's error. */
  async finish(): Promise<void> {
    this.closed = true;
    this.error = null;
    await this.cut();
    for (;;) {
      if (this.uploading) await this.uploading;
      if (!this.queue.length) return;
      if (this.error) throw new Error(this.error);
      this.drain();
    }
  }

  /** Tries the kept parts again after a failure. */
  retry() {
    this.error = null;
    this.drain();
  }

  private async cut() {
    clearTimeout(this.timer);
    const part = this.current;
    this.current = null;
    if (!part) return;
    this.stopping++;
    try {
      const [ran, index] = [Date.now() - this.startedAt, this.currentIndex];
      const blob = await part.stop();
      if (!blob.size || ran < (this.deps.minPartMs ?? 0)) {
        await this.deps.forget(index); // whatever of it was kept while it ran
        return;
      }
      const kept = { index, blob };
      await this.deps.keep(kept);
      this.queue.push(kept);
      this.error = null;
    } finally {
      this.stopping--;
      this.emit();
    }
    this.drain();
  }

  /** Uploads the queue in order, one part at a time; stops at the first failure (the part stays queued). */
  private drain() {
    if (this.uploading || !this.queue.length) return;
    this.uploading = (async () => {
      await Promise.resolve(); // set `uploading` before any of this runs
      this.emit();
      while (this.queue.length) {
        const part = this.queue[0];
        try {
          await this.deps.upload(part);
        } catch (e) {
          this.error = e instanceof Error ? e.message : String(e);
          break;
        }
        await this.deps.forget(part.index);
        this.queue.shift();
        this.sent++;
        this.emit();
      }
      this.uploading = null;
      this.emit();
    })();
  }

  private emit() {
    this.deps.onState(this.state);
  }
}
