import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { UploadTicket } from '../api/types';
import { PutError, backoffMs, uploadWithRetry } from './upload';

const ticket = (n: number, expires = '2100-01-01T00:00:00Z'): UploadTicket => ({
  recording_id: `r${n}`,
  upload_url: `http://x/objects/${n}`,
  method: 'PUT',
  headers: { 'content-type': 'video/webm' },
  expires_at: expires,
});

function deps(putOutcomes: (Error | null)[], signOutcomes: (Error | null)[] = []) {
  let signs = 0;
  const sleeps: number[] = [];
  const sign = vi.fn(async () => {
    const e = signOutcomes[signs];
    signs++;
    if (e) throw e;
    return ticket(signs);
  });
  const put = vi.fn(async (_t: UploadTicket, progress: (f: number) => void) => {
    progress(0.5);
    const e = putOutcomes.shift();
    if (e) throw e;
  });
  return { sign, put, sleep: async (ms: number) => void sleeps.push(ms), sleeps };
}

describe('uploadWithRetry', () => {
  it('signs once and puts once when all goes well, reporting progress', async () => {
    const d = deps([null]);
    const progress: number[] = [];
    const t = await uploadWithRetry(d, { onProgress: (f) => progress.push(f) });
    expect(t.recording_id).toBe('r1');
    expect(d.sign).toHaveBeenCalledOnce();
    expect(progress).toEqual([0, 0.5, 1]);
  });

  it('retries network failures with growing pauses, keeping the ticket', async () => {
    const d = deps([new PutError(0, 'offline'), new PutError(503, 'busy'), null]);
    const retries: number[] = [];
    await uploadWithRetry(d, { baseDelayMs: 100, onRetry: (n) => retries.push(n) });
    expect(d.put).toHaveBeenCalledTimes(3);
    expect(d.sign).toHaveBeenCalledOnce();
    expect(d.sleeps).toEqual([100, 200]);
    expect(retries).toEqual([1, 2]);
  });

  it('asks for a fresh ticket when the signed URL is refused (expired)', async () => {
    const d = deps([new PutError(403, 'expired'), null]);
    const t = await uploadWithRetry(d, { baseDelayMs: 1 });
    expect(d.sign).toHaveBeenCalledTimes(2);
    expect(t.recording_id).toBe('r2');
  });

  it('does not retry what cannot succeed (no consent)', async () => {
    const consent = new ApiError(403, 'consent_missing', '同意がありません', 'recording', 'forbidden');
    const d = deps([], [consent]);
    await expect(uploadWithRetry(d)).rejects.toBe(consent);
    expect(d.sign).toHaveBeenCalledOnce();
    expect(d.sleeps).toEqual([]);
  });

  it('retries a sign-in step that failed for a temporary reason', async () => {
    const d = deps([null], [new ApiError(0, '', 'offline', null, 'network')]);
    await uploadWithRetry(d, { baseDelayMs: 1 });
    expect(d.sign).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with the last error', async () => {
    const d = deps([new PutError(500, 'a'), new PutError(500, 'b'), new PutError(500, 'c')]);
    await expect(uploadWithRetry(d, { attempts: 3, baseDelayMs: 1 })).rejects.toMatchObject({ message: 'c' });
    expect(d.put).toHaveBeenCalledTimes(3);
  });

  it('reuses a ticket saved before a reload, unless it is about to expire', async () => {
    const a = deps([null]);
    await uploadWithRetry(a, { ticket: ticket(9), now: () => Date.parse('2026-01-01T00:00:00Z') });
    expect(a.sign).not.toHaveBeenCalled();
    const b = deps([null]);
    const onTicket = vi.fn();
    await uploadWithRetry(b, { ticket: ticket(9, '2026-01-01T00:00:30Z'), now: () => Date.parse('2026-01-01T00:00:00Z'), onTicket });
    expect(b.sign).toHaveBeenCalledOnce();
    expect(onTicket).toHaveBeenCalledWith(expect.objectContaining({ recording_id: 'r1' }));
  });

  it('caps the pause', () => {
    expect(backoffMs(1, 1000)).toBe(1000);
    expect(backoffMs(3, 1000)).toBe(4000);
    expect(backoffMs(20, 1000)).toBe(30000);
  });
});
