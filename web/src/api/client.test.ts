import { describe, expect, it, vi } from 'vitest';
import { ApiError, classify, createApi } from './client';

function problem(status: number, body: object) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

function setup(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const onProblem = vi.fn();
  const api = createApi({
    apiBase: 'http://api.example',
    tenant: 'demo',
    token: () => 'tok',
    lang: () => 'en, ja;q=0.5',
    fallback: (k) => `fallback:${k}`,
    onProblem,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return respond(url, init);
    }) as unknown as typeof fetch,
  });
  return { api, calls, onProblem };
}

describe('api client', () => {
  it('sends the tenant path, bearer token, language and JSON body', async () => {
    const { api, calls } = setup(() => new Response(JSON.stringify({ ok: 1 }), { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(api.post('/users', { a: 1 })).resolves.toEqual({ ok: 1 });
    const h = calls[0].init.headers as Record<string, string>;
    expect(calls[0].url).toBe('http://api.example/t/demo/v1/users');
    expect(h.Authorization).toBe('Bearer tok');
    expect(h['Accept-Language']).toBe('en, ja;q=0.5');
    expect(h['Content-Type']).toBe('application/json');
    expect(calls[0].init.body).toBe('{"a":1}');
  });

  it("surfaces the problem's detail, type and field", async () => {
    const { api } = setup(() =>
      problem(403, { type: 'consent_missing', title: 'Forbidden', status: 403, detail: '被面談者の同意（録画）がまだありません。', field: 'recording' }),
    );
    const err = (await api.post('/interviews/x/recordings', {}).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('被面談者の同意（録画）がまだありません。');
    expect(err.type).toBe('consent_missing');
    expect(err.field).toBe('recording');
    expect(err.kind).toBe('forbidden');
    expect(err.retryable).toBe(false);
  });

  it('falls back to the dictionary when the body is not a problem', async () => {
    const { api } = setup(() => new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const err = (await api.get('/me').catch((e) => e)) as ApiError;
    expect(err.message).toBe('fallback:server');
    expect(err.retryable).toBe(true);
  });

  it('reports maintenance and network failures to the screen-wide handler', async () => {
    const m = setup(() => problem(503, { type: 'maintenance', status: 503, detail: 'メンテナンス中です' }));
    await expect(m.api.get('/me')).rejects.toMatchObject({ kind: 'maintenance', message: 'メンテナンス中です' });
    expect(m.onProblem).toHaveBeenCalledWith(expect.objectContaining({ kind: 'maintenance' }), '/me');

    const n = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(n.api.get('/me')).rejects.toMatchObject({ kind: 'network', status: 0, message: 'fallback:network' });
    expect(n.onProblem).toHaveBeenCalledOnce();
  });

  it('accepts 204 and an unreadable problem body', async () => {
    const a = setup(() => new Response(null, { status: 204 }));
    await expect(a.api.post('/x')).resolves.toBeUndefined();
    const b = setup(() => new Response('{not json', { status: 422, headers: { 'content-type': 'application/problem+json' } }));
    await expect(b.api.get('/x')).rejects.toMatchObject({ kind: 'invalid', message: 'fallback:invalid' });
  });

  it('sends per-request headers, and no bearer token on the auth calls', async () => {
    const { api, calls } = setup(() => new Response(JSON.stringify({ token: 't', expires_in: 900 }), { status: 200, headers: { 'content-type': 'application/json' } }));
    await api.post('/auth/refresh', {}, { headers: { 'X-Mendan-Refresh': 'cookie' }, auth: false });
    const h = calls[0].init.headers as Record<string, string>;
    expect(h['X-Mendan-Refresh']).toBe('cookie');
    expect(h.Authorization).toBeUndefined();
    expect(calls[0].init.body).toBe('{}');
    // fetch's default credentials ('same-origin') carry the HttpOnly cookie: nothing is set here
    expect(calls[0].init.credentials).toBeUndefined();
    await api.get('/me');
    expect((calls[1].init.headers as Record<string, string>)['X-Mendan-Refresh']).toBeUndefined();
  });

  it('classifies statuses and problem types', () => {
    expect(classify(503, 'maintenance')).toBe('maintenance');
    expect(classify(503, 'unavailable')).toBe('server');
    expect(classify(403, 'outside_service_hours')).toBe('outside_hours');
    expect(classify(401, 'unauthenticated')).toBe('unauthenticated');
    expect(classify(404, 'not_found')).toBe('not_found');
    expect(classify(409, 'conflict')).toBe('conflict');
    expect(classify(422, 'invalid')).toBe('invalid');
    expect(classify(0, '')).toBe('network');
    expect(classify(418, '')).toBe('other');
  });
});

describe('an expired access token', () => {
  const ok = () => new Response(JSON.stringify({ ok: 1 }), { status: 200, headers: { 'content-type': 'application/json' } });
  const expired = () => problem(401, { type: 'unauthenticated', status: 401, detail: 'サインインしてください。' });

  function withRefresh(respond: (auth: string | undefined, n: number) => Response, refreshTo: string | null) {
    let token = 'old';
    const calls: (string | undefined)[] = [];
    const onProblem = vi.fn();
    const refresh = vi.fn(async () => {
      if (refreshTo === null) return false;
      token = refreshTo;
      return true;
    });
    const api = createApi({
      apiBase: '',
      tenant: 'demo',
      token: () => token,
      lang: () => 'ja',
      fallback: (k) => k,
      onProblem,
      refresh,
      fetch: (async (_url: string, init: RequestInit) => {
        const auth = (init.headers as Record<string, string>).Authorization;
        calls.push(auth);
        return respond(auth, calls.length);
      }) as unknown as typeof fetch,
    });
    return { api, calls, onProblem, refresh, setToken: (t: string) => (token = t) };
  }

  it('is refreshed once and the request sent again with the new token', async () => {
    const s = withRefresh((auth) => (auth === 'Bearer new' ? ok() : expired()), 'new');
    await expect(s.api.post('/interviews', { a: 1 })).resolves.toEqual({ ok: 1 });
    expect(s.refresh).toHaveBeenCalledOnce();
    expect(s.calls).toEqual(['Bearer old', 'Bearer new']);
    expect(s.onProblem).not.toHaveBeenCalled();
  });

  it('signs out (the 401 reaches the screen-wide handler) when the refresh fails', async () => {
    const s = withRefresh(() => expired(), null);
    await expect(s.api.get('/me')).rejects.toMatchObject({ status: 401, kind: 'unauthenticated' });
    expect(s.refresh).toHaveBeenCalledOnce();
    expect(s.calls).toEqual(['Bearer old']);
    expect(s.onProblem).toHaveBeenCalledWith(expect.objectContaining({ kind: 'unauthenticated' }), '/me');
  });

  it('is sent again once only: a second 401 is the answer', async () => {
    const s = withRefresh(() => expired(), 'new');
    await expect(s.api.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(s.refresh).toHaveBeenCalledOnce();
    expect(s.calls).toEqual(['Bearer old', 'Bearer new']);
  });

  it('is not refreshed again when another request already brought a new token', async () => {
    let s!: ReturnType<typeof withRefresh>;
    s = withRefresh((auth) => {
      if (auth === 'Bearer old') {
        s.setToken('newer'); // another request's refresh finished while this one was on its way
        return expired();
      }
      return ok();
    }, 'unused');
    await expect(s.api.get('/me')).resolves.toEqual({ ok: 1 });
    expect(s.refresh).not.toHaveBeenCalled();
    expect(s.calls).toEqual(['Bearer old', 'Bearer newer']);
  });

  it('is not refreshed for the auth calls (their 401 is wrong credentials or an ended session) nor without a token', async () => {
    const s = withRefresh(() => problem(401, { type: 'wrong_credentials', status: 401, detail: 'x' }), 'new');
    await expect(s.api.post('/auth/login', { email: 'a', password: 'b' }, { auth: false })).rejects.toMatchObject({ status: 401 });
    expect(s.calls).toEqual([undefined]);
    expect(s.refresh).not.toHaveBeenCalled();
  });

  it('is not refreshed on 403 or other refusals', async () => {
    const s = withRefresh(() => problem(403, { type: 'forbidden', status: 403, detail: 'x' }), 'new');
    await expect(s.api.get('/users')).rejects.toMatchObject({ status: 403 });
    expect(s.refresh).not.toHaveBeenCalled();
  });

  // issue 15: a repeated password-reset request says how long to wait; a sent mail is saved as a file
  it('carries Retry-After of a 429 as seconds', async () => {
    const { api } = setup(
      () =>
        new Response(JSON.stringify({ type: 'too_many_attempts', status: 429, detail: 'wait' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '120' },
        }),
    );
    const err = (await api.post('/auth/password-reset', { email: 'a@b.example' }, { auth: false }).catch((e) => e)) as ApiError;
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(120);
  });

  it('reads a file answer as a Blob with the bearer token', async () => {
    const { api, calls } = setup(() => new Response('Subject: x\r\n\r\nhi', { status: 200, headers: { 'content-type': 'message/rfc822' } }));
    const blob = await api.getBlob('/mail/sent/1/message');
    expect(await blob.text()).toBe('Subject: x\r\n\r\nhi');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });
});
