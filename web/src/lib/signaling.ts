/**
 * A signaling client for the Kinesis Video Streams WebRTC protocol, which `mendan serve`'s relay speaks too: one
 * client, two endpoints. We use our own ~100 lines instead of the official SDK because the server presigns the
 * URL for exactly one channel, role and person (the browser holds no AWS credentials and signs nothing), so all
 * that is left is framing: `{action, messagePayload: base64(JSON), recipientClientId?}` out,
 * `{messageType, messagePayload, senderClientId}` in.
 */

export type SignalAction = 'SDP_OFFER' | 'SDP_ANSWER' | 'ICE_CANDIDATE';

export interface Signal {
  type: SignalAction;
  /** The decoded payload: an RTCSessionDescriptionInit or an RTCIceCandidateInit. */
  payload: unknown;
  /** Who sent it (a viewer's client id, as the master sees it; empty from the master). */
  sender: string;
}

/** What the server said besides relayed signals. */
export type ServerNotice = { type: 'go_away' } | { type: 'refused'; description: string };

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(b64: string): string {
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** One outgoing message as KVS frames it. */
export function encodeSignal(action: SignalAction, payload: unknown, recipientClientId?: string): string {
  const message: Record<string, string> = { action, messagePayload: toBase64(JSON.stringify(payload)) };
  if (recipientClientId) message.recipientClientId = recipientClientId;
  return JSON.stringify(message);
}

/** One incoming message: a relayed signal, a notice, or null for anything else (ignored). */
export function decodeSignal(text: string): Signal | ServerNotice | null {
  let message: { messageType?: unknown; messagePayload?: unknown; senderClientId?: unknown; statusResponse?: { description?: unknown } };
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  const type = message.messageType;
  if (type === 'GO_AWAY') return { type: 'go_away' };
  if (type === 'STATUS_RESPONSE') return { type: 'refused', description: String(message.statusResponse?.description ?? '') };
  if (type !== 'SDP_OFFER' && type !== 'SDP_ANSWER' && type !== 'ICE_CANDIDATE') return null;
  if (typeof message.messagePayload !== 'string') return null;
  try {
    return { type, payload: JSON.parse(fromBase64(message.messagePayload)), sender: typeof message.senderClientId === 'string' ? message.senderClientId : '' };
  } catch {
    return null;
  }
}

export interface SignalingHandlers {
  onOpen: () => void;
  onSignal: (signal: Signal) => void;
  /** The call was ended for everyone (the interview finished or was cancelled). */
  onGoAway: () => void;
  /** The connection closed without the call ending: the caller decides whether to connect again. */
  onDrop: () => void;
}

type SocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
};

/** One signaling connection. */
export class SignalingClient {
  private socket: SocketLike;
  private ended = false;

  constructor(url: string, handlers: SignalingHandlers, open: (url: string) => SocketLike = (u) => new WebSocket(u)) {
    this.socket = open(url);
    this.socket.onopen = () => handlers.onOpen();
    this.socket.onmessage = (ev) => {
      const m = typeof ev.data === 'string' ? decodeSignal(ev.data) : null;
      if (!m) return;
      if (m.type === 'go_away') {
        this.ended = true;
        handlers.onGoAway();
      } else if (m.type === 'refused') {
        console.warn('signaling refused a message:', m.description);
      } else {
        handlers.onSignal(m);
      }
    };
    this.socket.onclose = () => {
      if (!this.ended) {
        this.ended = true;
        handlers.onDrop();
      }
    };
    this.socket.onerror = () => undefined;
  }

  get open(): boolean {
    return this.socket.readyState === 1;
  }

  send(action: SignalAction, payload: unknown, recipientClientId?: string): boolean {
    if (!this.open) return false;
    this.socket.send(encodeSignal(action, payload, recipientClientId));
    return true;
  }

  /** Closes without telling the handlers (we are leaving, or replacing this connection). */
  close() {
    this.ended = true;
    this.socket.close();
  }
}
