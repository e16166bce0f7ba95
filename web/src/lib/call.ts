/**
 * One browser's side of an interview's video call: peer-to-peer RTCPeerConnections introduced through the
 * signaling channel (KVS framing, see ./signaling). The interviewer is the channel's master and answers each
 * viewer (the interviewee, an admin sitting in); a viewer offers to the master. Each link carries a small data
 * channel with the sender's seat and whether their microphone or camera is off, so the other side can say so.
 *
 * Recovery: a viewer offers again every few seconds until the master answers (the master may join later), and
 * again whenever its link fails (a new connection replaces the old one on both sides); a dropped signaling
 * connection asks the server for a new join URL and reconnects with back-off, without touching a link that still
 * works.
 */
import type { CallJoin } from '../api/types';
import { SignalingClient, type Signal } from './signaling';

export type CallPhase = 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'ended';

/** The interviewer's recording as the other side sees it. */
export interface SharedRecording {
  on: boolean;
  /** Parts recorded and not yet uploaded. */
  queued: number;
}

export interface PeerState {
  seat: string;
  muted: boolean;
  cameraOff: boolean;
  /** The interviewer's recording, when it records. */
  recording?: SharedRecording | null;
  /** The interviewee asked to leave: the interviewer's browser ends the recording and sends the rest. */
  leaving?: boolean;
  /** The interviewer ended the call for everyone. */
  ended?: boolean;
}

/** A peer's state from its data channel message (anything else in it is ignored). */
export function parsePeerState(text: string): PeerState | null {
  try {
    const s = JSON.parse(text);
    if (typeof s !== 'object' || s === null) return null;
    const r = s.recording;
    return {
      seat: String(s.seat ?? ''),
      muted: Boolean(s.muted),
      cameraOff: Boolean(s.cameraOff),
      recording: r && typeof r === 'object' ? { on: Boolean(r.on), queued: Math.max(0, Number(r.queued) || 0) } : null,
      leaving: Boolean(s.leaving),
      ended: Boolean(s.ended),
    };
  } catch {
    return null;
  }
}

export interface Remote {
  id: string;
  stream: MediaStream;
  state: PeerState | null;
}

export interface CallEvents {
  onPhase: (phase: CallPhase) => void;
  onRemotes: (remotes: Remote[]) => void;
}

/**
 * A viewer repeats its offer this often while the master has not answered (the master may not have joined yet, and
 * signaling keeps nothing for an absent peer). The same offer, with the candidates gathered since: no new
 * connection, no new TURN allocation per repeat.
 */
const OFFER_REPEAT_MS = 1000;
/** A link "disconnected" this long counts as failed (a brief network hiccup recovers by itself). */
const DISCONNECTED_GRACE_MS = 4000;
const MAX_BACKOFF_MS = 10000;
/** Time for the master's "ended" notice to reach the viewers before its links close. */
const END_NOTICE_MS = 300;
/** The master, as a viewer names its one peer. */
const MASTER = 'master';

interface Link {
  id: string;
  pc: RTCPeerConnection;
  stream: MediaStream;
  state: PeerState | null;
  channel: RTCDataChannel | null;
  answered: boolean;
  connected: boolean;
  /** The ICE username fragment of the offer a master answered: a repeat of that offer is not a new one. */
  remoteUfrag?: string;
  pending: RTCIceCandidateInit[];
  grace?: ReturnType<typeof setTimeout>;
}

/** What the next phase is, from the session's facts (pure, for the unit tests). */
export function phaseOf(f: { ended: boolean; signalingOpen: boolean; connectedPeers: number; everConnected: boolean }): CallPhase {
  if (f.ended) return 'ended';
  if (f.connectedPeers > 0) return 'connected';
  if (f.everConnected) return 'reconnecting';
  return f.signalingOpen ? 'waiting' : 'connecting';
}

/** The ICE username fragment of an SDP (a new connection has a new one), or null. */
export function iceUfrag(sdp: string | undefined): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1] ?? null;
}

/** The back-off before the n-th reconnection attempt (0-based). */
export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS);
}

export class CallSession {
  private signaling: SignalingClient | null = null;
  private links = new Map<string, Link>();
  private local: PeerState;
  private ended = false;
  private everConnected = false;
  private attempts = 0;
  private offerTimer?: ReturnType<typeof setTimeout>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private join: CallJoin,
    private media: MediaStream,
    private events: CallEvents,
    /** Asks the server for a fresh join (POST interviews/{id}/call); throws when the call is closed. */
    private rejoin: () => Promise<CallJoin>,
  ) {
    this.local = { seat: join.seat, muted: false, cameraOff: false };
  }

  start() {
    this.connect(this.join);
  }

  get isMaster(): boolean {
    return this.join.role === 'master';
  }

  /** Whether the microphone is off. */
  setMuted(muted: boolean) {
    this.media.getAudioTracks().forEach((t) => (t.enabled = !muted));
    this.local = { ...this.local, muted };
    this.broadcast();
  }

  setCameraOff(off: boolean) {
    this.media.getVideoTracks().forEach((t) => (t.enabled = !off));
    this.local = { ...this.local, cameraOff: off };
    this.broadcast();
  }

  /** Uses another camera or microphone: the new track replaces the old one on every link, without renegotiating. */
  async replaceTrack(track: MediaStreamTrack) {
    const old = track.kind === 'audio' ? this.media.getAudioTracks() : this.media.getVideoTracks();
    old.forEach((t) => {
      this.media.removeTrack(t);
      t.stop();
    });
    track.enabled = track.kind === 'audio' ? !this.local.muted : !this.local.cameraOff;
    this.media.addTrack(track);
    await Promise.all(
      [...this.links.values()].flatMap((l) => l.pc.getSenders().filter((s) => s.track?.kind === track.kind).map((s) => s.replaceTrack(track))),
    );
  }

  /** Tells the others something about this side (the recording's progress, a wish to leave). */
  share(state: Partial<Omit<PeerState, 'seat'>>) {
    this.local = { ...this.local, ...state };
    this.broadcast();
  }

  leave() {
    this.finish();
  }

  /** The master ends the call for everyone: the viewers are told, then the links close. */
  end() {
    if (!this.isMaster) return this.finish();
    this.share({ ended: true });
    setTimeout(() => this.finish(), END_NOTICE_MS);
  }

  private finish() {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.offerTimer);
    clearTimeout(this.reconnectTimer);
    this.signaling?.close();
    for (const l of this.links.values()) this.closeLink(l);
    this.links.clear();
    this.emit();
  }

  private connect(join: CallJoin) {
    this.join = join;
    this.signaling = new SignalingClient(join.signaling_url, {
      onOpen: () => {
        this.attempts = 0;
        // A viewer whose link still works keeps it; otherwise it (re)offers.
        if (!this.isMaster && !this.links.get(MASTER)?.connected) void this.offer();
        this.emit();
      },
      onSignal: (s) => void this.onSignal(s),
      onGoAway: () => this.finish(),
      onDrop: () => this.reconnect(),
    });
    this.emit();
  }

  private reconnect() {
    if (this.ended) return;
    this.emit();
    const delay = backoffMs(this.attempts++);
    this.reconnectTimer = setTimeout(async () => {
      if (this.ended) return;
      try {
        this.connect(await this.rejoin());
      } catch (e) {
        // The call closed meanwhile (409): nothing to come back to. Anything else: try again later.
        if ((e as { status?: number }).status === 409) this.finish();
        else this.reconnect();
      }
    }, delay);
  }

  private async onSignal(s: Signal) {
    if (this.ended) return;
    if (s.type === 'SDP_OFFER' && this.isMaster) return this.answer(s.sender, s.payload as RTCSessionDescriptionInit);
    const link = this.links.get(this.isMaster ? s.sender : MASTER);
    if (!link) return;
    if (s.type === 'SDP_ANSWER' && !this.isMaster && !link.answered) {
      link.answered = true;
      clearTimeout(this.offerTimer);
      await link.pc.setRemoteDescription(s.payload as RTCSessionDescriptionInit);
      await this.flush(link);
    } else if (s.type === 'ICE_CANDIDATE') {
      const candidate = s.payload as RTCIceCandidateInit;
      if (link.pc.remoteDescription) await link.pc.addIceCandidate(candidate).catch(() => undefined);
      else link.pending.push(candidate);
    }
  }

  private async flush(link: Link) {
    for (const c of link.pending.splice(0)) await link.pc.addIceCandidate(c).catch(() => undefined);
  }

  /** Viewer: a new link to the master and an offer on it, repeated until answered. */
  private async offer() {
    clearTimeout(this.offerTimer);
    if (this.ended || !this.signaling?.open) return;
    const link = this.newLink(MASTER);
    link.channel = link.pc.createDataChannel('state');
    this.watchChannel(link, link.channel);
    await link.pc.setLocalDescription(await link.pc.createOffer());
    const repeat = () => {
      if (this.ended || link.answered || this.links.get(MASTER) !== link) return;
      this.signaling?.send('SDP_OFFER', link.pc.localDescription?.toJSON());
      this.offerTimer = setTimeout(repeat, OFFER_REPEAT_MS);
    };
    repeat();
  }

  /** Master: a viewer's new offer replaces whatever link it had and is answered; a repeat of the current one is not. */
  private async answer(viewer: string, offer: RTCSessionDescriptionInit) {
    const ufrag = iceUfrag(offer.sdp);
    if (ufrag && this.links.get(viewer)?.remoteUfrag === ufrag) return;
    const link = this.newLink(viewer);
    link.remoteUfrag = ufrag ?? undefined;
    link.pc.ondatachannel = (ev) => {
      link.channel = ev.channel;
      this.watchChannel(link, ev.channel);
    };
    await link.pc.setRemoteDescription(offer);
    await this.flush(link);
    await link.pc.setLocalDescription(await link.pc.createAnswer());
    this.signaling?.send('SDP_ANSWER', link.pc.localDescription?.toJSON(), viewer);
  }

  private newLink(id: string): Link {
    const old = this.links.get(id);
    if (old) this.closeLink(old);
    const pc = new RTCPeerConnection({ iceServers: this.join.ice_servers });
    const link: Link = { id, pc, stream: new MediaStream(), state: null, channel: null, answered: false, connected: false, pending: [] };
    this.links.set(id, link);
    for (const track of this.media.getTracks()) pc.addTrack(track, this.media);
    pc.ontrack = (ev) => {
      link.stream.addTrack(ev.track);
      this.emit();
    };
    pc.onicecandidate = (ev) => {
      if (ev.candidate) this.signaling?.send('ICE_CANDIDATE', ev.candidate.toJSON(), this.isMaster ? id : undefined);
    };
    pc.onconnectionstatechange = () => {
      if (this.links.get(id) !== link) return;
      clearTimeout(link.grace);
      const state = pc.connectionState;
      if (state === 'connected') {
        link.connected = true;
        this.everConnected = true;
      } else if (state === 'failed') {
        this.linkFailed(link);
      } else if (state === 'disconnected') {
        link.grace = setTimeout(() => this.linkFailed(link), DISCONNECTED_GRACE_MS);
      }
      this.emit();
    };
    return link;
  }

  private linkFailed(link: Link) {
    if (this.links.get(link.id) !== link || this.ended) return;
    this.closeLink(link);
    this.links.delete(link.id);
    this.emit();
    // The viewer starts again; the master waits for its new offer.
    if (!this.isMaster) void this.offer();
  }

  private closeLink(link: Link) {
    clearTimeout(link.grace);
    link.pc.onconnectionstatechange = null;
    link.pc.close();
  }

  private watchChannel(link: Link, channel: RTCDataChannel) {
    channel.onopen = () => channel.send(JSON.stringify(this.local));
    channel.onmessage = (ev) => {
      const state = parsePeerState(String(ev.data));
      if (!state) return; // not ours: ignored
      link.state = state;
      if (state.ended && link.id === MASTER) this.finish();
      else this.emit();
    };
  }

  private broadcast() {
    const text = JSON.stringify(this.local);
    for (const l of this.links.values()) if (l.channel?.readyState === 'open') l.channel.send(text);
  }

  private emit() {
    const connected = [...this.links.values()].filter((l) => l.connected);
    this.events.onPhase(
      phaseOf({ ended: this.ended, signalingOpen: !!this.signaling?.open, connectedPeers: connected.length, everConnected: this.everConnected }),
    );
    this.events.onRemotes(this.ended ? [] : connected.map((l) => ({ id: l.id, stream: l.stream, state: l.state })));
  }
}
