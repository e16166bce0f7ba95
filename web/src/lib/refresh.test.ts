import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { COOKIE_MODE, refreshAfterSeconds, refreshLockName, refreshOutcome, shared, withLock, type Locks } from './refresh';

const apiError = (status: number, type: string, kind: ApiError['kind']) => new ApiError(status, type, 'x', null, kind);

describe('when to refresh', () => {
  it('is a minute before the access token ends', () => {
    expect(refreshAfterSeconds(900)).toBe(840);
    expect(refreshAfterSeconds(3600)).toBe(3540);
  });

  it('is never in the first half of a short-lived token', () => {
    expect(refreshAfterSeconds(120)).toBe(60);
    expect(refreshAfterSeconds(100)).toBe(50);
    expect(refreshAfterSeconds(30)).toBe(15);
    expect(refreshAfterSeconds(1)).toBe(0.5);
  });
});

describe('the answer of auth/refresh', () => {
  it('is a new token with its lifetime (15 minutes when not said)', async () => {
    await expect(refreshOutcome(async () => ({ token: 't2', expires_in: 600 }))).resolves.toEqual({ kind: 'token', token: 't2', expiresIn: 600 });
    await expect(refreshOutcome(async () => ({ token: 't2' }))).resolves.toEqual({ kind: 'token', token: 't2', expiresIn: 900 });
  });

  it('is the end of the session on 401', async () => {
    await expect(
      refreshOutcome(async () => {
        throw apiError(401, 'unauthenticated', 'unauthenticated');
      }),
    ).resolves.toEqual({ kind: 'ended' });
  });

  it('is a failure worth retrying on network errors, 5xx, maintenance, outside hours and unreadable answers', async () => {
    for (const e of [
      apiError(0, '', 'network'),
      apiError(502, '', 'server'),
      apiError(503, 'maintenance', 'maintenance'),
      apiError(403, 'outside_service_hours', 'outside_hours'),
      new TypeError('Failed to fetch'),
      null,
    ]) {
      await expect(
        refreshOutcome(async () => {
          throw e;
        }),
      ).resolves.toEqual({ kind: 'failed' });
    }
    await expect(refreshOutcome(async () => '<html>')).resolves.toEqual({ kind: 'failed' });
    await expect(refreshOutcome(async () => ({ token: '' }))).resolves.toEqual({ kind: 'failed' });
  });

  it('is asked for in cookie mode, under a lock of its tenant', () => {
    expect(COOKIE_MODE).toEqual({ 'X-Mendan-Refresh': 'cookie' });
    expect(refreshLockName('demo')).toBe('mendan-refresh-demo');
  });
});

describe('shared', () => {
  it('runs once for concurrent callers, and again after it settled', async () => {
    let release!: (v: string) => void;
    const fn = vi.fn(() => new Promise<string>((r) => (release = r)));
    const once = shared(fn);
    const a = once();
    const b = once();
    const c = once();
    expect(fn).toHaveBeenCalledTimes(1);
    release('tok');
    await expect(Promise.all([a, b, c])).resolves.toEqual(['tok', 'tok', 'tok']);
    void once();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('runs again after a failure', async () => {
    const fn = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('ok');
    const once = shared(fn as () => Promise<string>);
    await expect(once()).rejects.toThrow('down');
    await expect(once()).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('withLock', () => {
  it('uses the Web Lock of the given name when there is one', async () => {
    const names: string[] = [];
    const locks: Locks = {
      request: (name, cb) => {
        names.push(name);
        return cb();
      },
    };
    await expect(withLock('mendan-refresh-demo', async () => 7, locks)).resolves.toBe(7);
    expect(names).toEqual(['mendan-refresh-demo']);
  });

  it('without Web Locks runs one at a time per name, a failure not blocking the next', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = withLock(
      'l-test',
      () =>
        new Promise<void>((r) => {
          order.push('first start');
          releaseFirst = () => {
            order.push('first end');
            r();
          };
        }),
      null,
    );
    const second = withLock(
      'l-test',
      async () => {
        order.push('second start');
        throw new Error('refused');
      },
      null,
    );
    const third = withLock('l-test', async () => order.push('third'), null);
    const other = withLock('l-other', async () => order.push('other name'), null);
    await other;
    await Promise.resolve();
    expect(order).toEqual(['first start', 'other name']);
    releaseFirst();
    await first;
    await expect(second).rejects.toThrow('refused');
    await third;
    expect(order).toEqual(['first start', 'other name', 'first end', 'second start', 'third']);
  });
});
