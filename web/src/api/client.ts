/**
 * The API client: bearer token (renewed and the request sent again once when it answers 401), Accept-Language
 * per UI language, and every non-2xx answer turned into an {@link ApiError} that carries the server's
 * problem+json `detail` (already in the user's language).
 */
export type ProblemKind =
  | 'network'
  | 'maintenance'
  | 'outside_hours'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'server'
  | 'other';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem `type` as the server sent it (`consent_missing`, `invalid`, ...), or "" when none. */
    readonly type: string,
    /** Text for the user: the server's detail, else a fallback supplied by the caller's dictionary. */
    readonly detail: string,
    readonly field: string | null,
    readonly kind: ProblemKind,
    /** Seconds from the Retry-After header (429), or null when none. */
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** Whether trying the same request again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.status === 429 || this.status === 408;
  }
}

export function classify(status: number, type: string): ProblemKind {
  const t = type.toLowerCase();
  if (status === 0) return 'network';
  if (t.includes('maintenance')) return 'maintenance';
  if (t.includes('service_hours') || t.includes('outside_hours')) return 'outside_hours';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid';
  if (status >= 500) return 'server';
  return 'other';
}

/** Builds an ApiError from a finished response (the body is read here). */
export async function problemFrom(res: Response, fallback: (kind: ProblemKind) => string): Promise<ApiError> {
  let type = '';
  let detail = '';
  let field: string | null = null;
  const ct = res.headers.get('content-type') ?? '';
  if (ct.includes('json')) {
    try {
      const body = (await res.json()) as Record<string, unknown>;
      if (typeof body.type === 'string') type = body.type;
      if (typeof body.detail === 'string') detail = body.detail;
      if (typeof body.field === 'string') field = body.field;
    } catch {
      // an unreadable body: the fallback text below is used
    }
  }
  const kind = classify(res.status, type);
  const wait = Number(res.headers.get('retry-after') ?? NaN);
  return new ApiError(res.status, type, detail || fallback(kind), field, kind, Number.isFinite(wait) && wait >= 0 ? wait : null);
}

export interface ClientOptions {
  apiBase: string;
  tenant: string;
  token: () => string | null;
  lang: () => string;
  fallback: (kind: ProblemKind) => string;
  /** Called for problems that may change the whole screen (maintenance, service hours, signed out), with the path. */
  onProblem?: (e: ApiError, path: string) => void;
  /**
   * Called when a request sent with a token answers 401 (the access token expired): resolves true once a new
   * token is there (`token()` answers it), and the request is then sent once more.
   */
  refresh?: () => Promise<boolean>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Extra headers of this request (X-Mendan-Refresh on the auth calls). */
  headers?: Record<string, string>;
  /** false: no bearer token and no refresh on 401 (the auth calls, whose 401 means wrong credentials or an ended session). */
  auth?: boolean;
  /** 'blob': the body as a Blob (a file to save), whatever its type. */
  as?: 'blob';
}

export type Api = ReturnType<typeof createApi>;

export function createApi(o: ClientOptions) {
  const doFetch = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const base = `${o.apiBase}/t/${encodeURIComponent(o.tenant)}/v1`;

  async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}, retry = true): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': o.lang(),
      ...opts.headers,
    };
    const token = opts.auth === false ? null : o.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      const e = new ApiError(0, '', o.fallback('network'), null, 'network');
      o.onProblem?.(e, path);
      throw e;
    }
    if (res.status === 401 && token && retry && o.refresh) {
      // An expired access token: send once more, with the token another request's refresh brought meanwhile, or a new one.
      const now = o.token();
      if ((now && now !== token) || (await o.refresh())) return request<T>(method, path, body, opts, false);
    }
    if (!res.ok) {
      const e = await problemFrom(res, o.fallback);
      o.onProblem?.(e, path);
      throw e;
    }
    if (res.status === 204) return undefined as T;
    if (opts.as === 'blob') return (await res.blob()) as T;
    const ct = res.headers.get('content-type') ?? '';
    return (ct.includes('json') ? await res.json() : await res.text()) as T;
  }

  return {
    base,
    request: <T>(method: string, path: string, body?: unknown, opts?: RequestOptions) => request<T>(method, path, body, opts),
    get: <T>(path: string) => request<T>('GET', path),
    /** A file from the API (a sent mail's .eml), with the bearer token like any call. */
    getBlob: (path: string) => request<Blob>('GET', path, undefined, { as: 'blob' }),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    del: <T = void>(path: string) => request<T>('DELETE', path),
  };
}
