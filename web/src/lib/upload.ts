/**
 * Uploading one answer: ask the API for a presigned URL, PUT the bytes with exactly the signed headers,
 * retry what may succeed later (network, 5xx, an expired signature) with a growing pause, and give up
 * at once on what cannot (no consent, finished interview, refused type).
 */
import { ApiError } from '../api/client';
import type { UploadTicket } from '../api/types';

export class PutError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'PutError';
  }
  get retryable(): boolean {
    // 0: network; 403: signature expired or refused (a fresh ticket may help); 408/429/5xx: later.
    return this.status === 0 || this.status === 403 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface UploadDeps {
  sign: () => Promise<UploadTicket>;
  put: (ticket: UploadTicket, onProgress: (fraction: number) => void) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export interface UploadOptions {
  attempts?: number;
  baseDelayMs?: number;
  onProgress?: (fraction: number) => void;
  onRetry?: (attempt: number, error: unknown) => void;
  /** A ticket obtained before a reload, reused while it has not expired. */
  ticket?: UploadTicket | null;
  onTicket?: (ticket: UploadTicket) => void;
  now?: () => number;
}

export function backoffMs(attempt: number, base: number): number {
  return Math.min(30000, base * 2 ** (attempt - 1));
}

function isRetryable(e: unknown): boolean {
  if (e instanceof ApiError || e instanceof PutError) return e.retryable;
  return false;
}

export async function uploadWithRetry(deps: UploadDeps, opts: UploadOptions = {}): Promise<UploadTicket> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  let ticket = opts.ticket ?? null;
  if (ticket && Date.parse(ticket.expires_at) - 60000 < now()) ticket = null;
  for (let attempt = 1; ; attempt++) {
    try {
      if (!ticket) {
        ticket = await deps.sign();
        opts.onTicket?.(ticket);
      }
      opts.onProgress?.(0);
      await deps.put(ticket, (f) => opts.onProgress?.(f));
      opts.onProgress?.(1);
      return ticket;
    } catch (e) {
      if (e instanceof PutError && e.status === 403) ticket = null;
      if (!isRetryable(e) || attempt >= attempts) throw e;
      opts.onRetry?.(attempt, e);
      await sleep(backoffMs(attempt, base));
    }
  }
}

/** PUT with XMLHttpRequest, the only browser API that reports upload progress. */
export function xhrPut(blob: Blob) {
  return (ticket: UploadTicket, onProgress: (fraction: number) => void) =>
    new Promise<void>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(ticket.method || 'PUT', ticket.upload_url);
      for (const [k, v] of Object.entries(ticket.headers)) {
        // The browser sets Content-Length itself and refuses to let scripts set it.
        if (k.toLowerCase() !== 'content-length') xhr.setRequestHeader(k, v);
      }
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
      };
      xhr.onload = () =>
        xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new PutError(xhr.status, xhr.responseText.slice(0, 300)));
      xhr.onerror = () => reject(new PutError(0, 'network error'));
      xhr.ontimeout = () => reject(new PutError(0, 'timeout'));
      xhr.send(blob);
    });
}
