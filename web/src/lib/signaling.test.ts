import { describe, expect, it, vi } from 'vitest';
import { SignalingClient, decodeSignal, encodeSignal } from './signaling';
import { backoffMs, iceUfrag, phaseOf } from './call';

describe('KVS signaling framing', () => {
  it('frames an offer as KVS does and reads it back', () => {
    const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    const out = JSON.parse(encodeSignal('SDP_OFFER', offer));
    expect(out.action).toBe('SDP_OFFER');
    expect(out.recipientClientId).toBeUndefined();
    expect(JSON.parse(atob(out.messagePayload))).toEqual(offer);
    const relayed = JSON.stringify({ messageType: 'SDP_OFFER', messagePayload: out.messagePayload, senderClientId: 'u-1' });
    expect(decodeSignal(relayed)).toEqual({ type: 'SDP_OFFER', payload: offer, sender: 'u-1' });
  });

  it('names the viewer the master answers', () => {
    expect(JSON.parse(encodeSignal('SDP_ANSWER', {}, 'u-2')).recipientClientId).toBe('u-2');
  });

  it('keeps non-ASCII text intact', () => {
    const out = JSON.parse(encodeSignal('ICE_CANDIDATE', { note: '面談' }));
    const back = decodeSignal(JSON.stringify({ messageType: 'ICE_CANDIDATE', messagePayload: out.messagePayload }));
    expect(back).toEqual({ type: 'ICE_CANDIDATE', payload: { note: '面談' }, sender: '' });
  });

  it('reads notices and ignores what is not a signal', () => {
    expect(decodeSignal('{"messageType":"GO_AWAY"}')).toEqual({ type: 'go_away' });
    expect(decodeSignal('{"messageType":"STATUS_RESPONSE","statusResponse":{"description":"bad"}}')).toEqual({ type: 'refused', description: 'bad' });
    for (const junk of ['not json', '{"messageType":"SDP_OFFER","messagePayload":"***"}', '{"messageType":"OTHER"}', '{}']) {
      expect(decodeSignal(junk)).toBeNull();
    }
  });
});

describe('SignalingClient', () => {
  function fakeSocket() {
    const sent: string[] = [];
    const socket = {
      readyState: 0,
      send: (t: string) => sent.push(t),
      close: vi.fn(),
      onopen: null as ((e: Event) => unknown) | null,
      onmessage: null as ((e: MessageEvent) => unknown) | null,
      onclose: null as ((e: CloseEvent) => unknown) | null,
      onerror: null as ((e: Event) => unknown) | null,
    };
    return { socket, sent };
  }

  it('tells a drop from the end of the call, and says nothing when we close it', () => {
    const handlers = { onOpen: vi.fn(), onSignal: vi.fn(), onGoAway: vi.fn(), onDrop: vi.fn() };
    const a = fakeSocket();
    const client = new SignalingClient('ws://x', handlers, () => a.socket);
    expect(client.send('SDP_OFFER', {})).toBe(false);
    a.socket.readyState = 1;
    a.socket.onopen?.(new Event('open'));
    expect(client.send('SDP_OFFER', {})).toBe(true);
    expect(a.sent).toHaveLength(1);
    a.socket.onclose?.({} as CloseEvent);
    expect(handlers.onDrop).toHaveBeenCalledTimes(1);

    const b = fakeSocket();
    new SignalingClient('ws://x', handlers, () => b.socket);
    b.socket.onmessage?.({ data: '{"messageType":"GO_AWAY"}' } as MessageEvent);
    b.socket.onclose?.({} as CloseEvent);
    expect(handlers.onGoAway).toHaveBeenCalledTimes(1);
    expect(handlers.onDrop).toHaveBeenCalledTimes(1);

    const c = fakeSocket();
    new SignalingClient('ws://x', handlers, () => c.socket).close();
    c.socket.onclose?.({} as CloseEvent);
    expect(handlers.onDrop).toHaveBeenCalledTimes(1);
  });
});

describe('call phases', () => {
  const base = { ended: false, signalingOpen: false, connectedPeers: 0, everConnected: false };
  it('follows the facts', () => {
    expect(phaseOf(base)).toBe('connecting');
    expect(phaseOf({ ...base, signalingOpen: true })).toBe('waiting');
    expect(phaseOf({ ...base, signalingOpen: true, connectedPeers: 1, everConnected: true })).toBe('connected');
    // A call that was up and lost its peer says so, even while signaling is fine.
    expect(phaseOf({ ...base, signalingOpen: true, everConnected: true })).toBe('reconnecting');
    expect(phaseOf({ ...base, ended: true, connectedPeers: 1 })).toBe('ended');
  });
  it('backs off up to ten seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('offers', () => {
  it('are told apart by their ICE username fragment', () => {
    const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=ice-ufrag:Ab3d\r\na=ice-pwd:xyz\r\n';
    expect(iceUfrag(sdp)).toBe('Ab3d');
    expect(iceUfrag('v=0\r\n')).toBeNull();
    expect(iceUfrag(undefined)).toBeNull();
  });
});
