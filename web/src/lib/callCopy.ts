/**
 * The server's copy of the call (on AWS: Kinesis Video Streams WebRTC ingestion), for when the interviewer's
 * recording does not arrive. The interviewee's browser is the master of the interview's storage-enabled channel
 * and sends its camera and microphone there; the service joins as a peer once asked (`POST …/call/copy/session`)
 * and stores what it receives. Nothing of it is shown: it runs beside the call and ends with it.
 */
import type { CallJoin } from '../api/types';
import { CallSession, type CallPhase } from './call';

/** How often the copy looks whether the service needs asking (again). */
const TICK_MS = 5_000;
/** After asking, how long to give the service to connect before asking again. */
export const SESSION_RETRY_MS = 20_000;
/** Asks in all: a service that keeps failing is not asked for ever (the interviewer's recording is the main one). */
export const MAX_SESSION_ASKS = 12;

/** Whether to ask the service to join now (pure, for the unit tests): nothing stores, and the last ask is old. */
export function shouldAsk(phase: CallPhase, lastAskAt: number | null, asks: number, now: number): boolean {
  if (phase !== 'waiting' && phase !== 'reconnecting') return false;
  if (asks >= MAX_SESSION_ASKS) return false;
  return lastAskAt === null || now - lastAskAt >= SESSION_RETRY_MS;
}

export class CallCopy {
  private session: CallSession;
  private phase: CallPhase = 'connecting';
  private lastAskAt: number | null = null;
  private asks = 0;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    first: CallJoin,
    media: MediaStream,
    /** Asks the service to join the copy's channel (`POST …/call/copy/session`). */
    private askSession: () => Promise<unknown>,
    /** A fresh master URL for the copy's channel (`POST …/call/copy`). */
    rejoin: () => Promise<CallJoin>,
  ) {
    // Its own stream holding the same tracks: the call's device switch changes the call's stream.
    const events = { onPhase: (p: CallPhase) => this.onPhase(p), onRemotes: () => undefined };
    this.session = new CallSession(first, new MediaStream(media.getTracks()), events, rejoin);
  }

  start() {
    this.session.start();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  setMuted(muted: boolean) {
    this.session.setMuted(muted);
  }

  setCameraOff(off: boolean) {
    this.session.setCameraOff(off);
  }

  /** The call switched to `track` (already live in the call): the copy sends it too. */
  async replaceTrack(track: MediaStreamTrack) {
    await this.session.replaceTrack(track);
  }

  stop() {
    clearInterval(this.timer);
    this.session.leave();
  }

  private onPhase(phase: CallPhase) {
    this.phase = phase;
    if (phase === 'ended') clearInterval(this.timer);
    this.tick();
  }

  private tick() {
    const now = Date.now();
    if (!shouldAsk(this.phase, this.lastAskAt, this.asks, now)) return;
    this.lastAskAt = now;
    this.asks += 1;
    // A failed ask is asked again on a later tick; the call itself never waits for the copy.
    void this.askSession().catch(() => undefined);
  }
}
