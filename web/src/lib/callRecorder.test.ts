import { describe, expect, it, vi } from 'vitest';
import { CallRecorder, type CallRecorderDeps, type KeptPart, type RecorderState } from './callRecorder';

/** A recorder whose parts are `part-N` blobs, an upload that can be made to fail, and a record of what happened. */
function harness(failUploads = 0) {
  let made = 0;
  let failures = failUploads;
  const kept = new Map<number, Blob>();
  const uploaded: number[] = [];
  const states: RecorderState[] = [];
  const deps: CallRecorderDeps = {
    record: () => {
      const n = made++;
      return { stop: async () => new Blob([`part-${n}`]) };
    },
    keep: async (p: KeptPart) => void kept.set(p.index, p.blob),
    forget: async (i: number) => void kept.delete(i),
    upload: async (p: KeptPart) => {
      if (failures > 0) {
        failures--;
        throw new Error('network error');
      }
      uploaded.push(p.index);
    },
    onState: (s) => states.push(s),
    partMs: 1000,
  };
  return { deps, kept, uploaded, states };
}

describe('CallRecorder', () => {
  it('cuts a part every partMs, sends each while the next records, and at the end only the tail', async () => {
    vi.useFakeTimers();
    const h = harness();
    const r = new CallRecorder(h.deps);
    r.start();
    expect(r.state.recording).toBe(true);
    await vi.advanceTimersByTimeAsync(2500);
    expect(h.uploaded).toEqual([0, 1]);
    expect(r.state).toMatchObject({ recording: true, queued: 0, sent: 2 });
    const before = h.states.length;
    await r.finish();
    expect(h.uploaded).toEqual([0, 1, 2]);
    // the other side is never told "nothing recording, nothing queued" while the tail is on its way
    const allSent = h.states.slice(before).find((s) => !s.recording && s.queued === 0);
    expect(allSent?.sent).toBe(3);
    expect(r.state).toMatchObject({ recording: false, queued: 0, sent: 3, error: null });
    expect(h.kept.size).toBe(0);
    // finished: no more parts
    r.start();
    expect(r.state.recording).toBe(false);
    vi.useRealTimers();
  });

  it('keeps a part whose upload failed, says why, and sends it on finish', async () => {
    const h = harness(1);
    const r = new CallRecorder(h.deps);
    r.start();
    await r.pause();
    await vi.waitFor(() => expect(r.state.error).toBe('network error'));
    expect(r.state).toMatchObject({ queued: 1, recording: false });
    expect(h.kept.has(0)).toBe(true);
    await r.finish();
    expect(h.uploaded).toEqual([0]);
    expect(h.kept.size).toBe(0);
  });

  it('rejects finish while a part cannot be sent, and sends it when finish is asked again', async () => {
    const h = harness(10);
    const r = new CallRecorder(h.deps);
    r.start();
    await expect(r.finish()).rejects.toThrow('network error');
    expect(r.state.queued).toBe(1);
    h.deps.upload = async (p) => void h.uploaded.push(p.index);
    await r.finish();
    expect(h.uploaded).toEqual([0]);
  });

  it('sends parts kept from before a reload first and numbers new parts after them', async () => {
    const h = harness();
    const r = new CallRecorder(h.deps, [
      { index: 4, blob: new Blob(['old-4']) },
      { index: 2, blob: new Blob(['old-2']) },
    ]);
    r.start();
    await r.finish();
    expect(h.uploaded).toEqual([2, 4, 5]);
  });

  it('drops a part shorter than minPartMs (a reconnection flicker) and forgets what of it was kept', async () => {
    vi.useFakeTimers();
    const h = harness();
    const r = new CallRecorder({ ...h.deps, partMs: 5000, minPartMs: 2000 });
    r.start();
    h.kept.set(0, new Blob(['part-0 so far']));
    await vi.advanceTimersByTimeAsync(500);
    await r.restart();
    expect(h.kept.has(0)).toBe(false);
    await vi.advanceTimersByTimeAsync(2500);
    await r.finish();
    expect(h.uploaded).toEqual([1]);
    expect(h.kept.size).toBe(0);
    vi.useRealTimers();
  });

  it('a restart (the other side came back, a device changed) ends one part and begins the next', async () => {
    const h = harness();
    const r = new CallRecorder(h.deps);
    r.start();
    await r.restart();
    expect(r.state.recording).toBe(true);
    await r.finish();
    expect(h.uploaded).toEqual([0, 1]);
  });
});
