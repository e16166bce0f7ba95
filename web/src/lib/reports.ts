/** The report page's pure parts: item keywords as text, item checks, polling and the workbook's file name. */
import type { Download, Report, ReportItem, UploadTicket } from '../api/types';

/** Keywords typed as one line, separated by commas (ASCII or Japanese 、，) or new lines; trimmed, duplicates dropped. */
export function keywordsFromText(text: string): string[] {
  const seen = new Set<string>();
  for (const k of text.split(/[,、，\n]/)) {
    const w = k.trim();
    if (w) seen.add(w);
  }
  return [...seen];
}

export function keywordsToText(keywords: string[]): string {
  return keywords.join(', ');
}

export type ItemProblem = { row: number; kind: 'name_missing' | 'name_duplicate' };

/** The first thing wrong with the items as edited, or null. Every item needs a name of its own. */
export function itemProblem(items: ReportItem[]): ItemProblem | null {
  const names = new Set<string>();
  for (const [row, it] of items.entries()) {
    const name = it.name.trim();
    if (!name) return { row, kind: 'name_missing' };
    if (names.has(name)) return { row, kind: 'name_duplicate' };
    names.add(name);
  }
  return null;
}

/** The items as sent: names and descriptions trimmed. */
export function cleanItems(items: ReportItem[]): ReportItem[] {
  return items.map((it) => ({ name: it.name.trim(), description: it.description.trim(), keywords: it.keywords }));
}

/** Whether the list should be polled: some report is still being written. */
export function anyPending(reports: Pick<Report, 'state'>[]): boolean {
  return reports.some((r) => r.state === 'pending');
}

/** A safe file name for the workbook: the title without path or control characters, `.xlsx` at the end. */
export function reportFileName(title: string): string {
  const base = title
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || 'report'}.xlsx`;
}

/** A plain link is enough for a GET without signed headers; otherwise the browser fetches with them. */
export function downloadKind(d: Pick<Download, 'method' | 'headers'>): 'link' | 'fetch' {
  return d.method.toUpperCase() === 'GET' && Object.keys(d.headers ?? {}).length === 0 ? 'link' : 'fetch';
}

// ---- Reports from a meeting recording (Teams/Zoom audio or video, transcribed by AWS before the report is made)

/** The content types `POST /reports {recording}` takes. */
export const RECORDING_TYPES = ['video/mp4', 'video/webm', 'audio/mp4', 'audio/webm', 'audio/mpeg', 'audio/wav'] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];
/** The largest recording the API takes: 2 GiB. */
export const MAX_RECORDING_BYTES = 2 * 1024 ** 3;
export const RECORDING_ACCEPT = [...RECORDING_TYPES, '.mp4', '.webm', '.m4a', '.mp3', '.wav'].join(',');

/** Names browsers and operating systems give the same formats. */
const TYPE_ALIASES: Record<string, RecordingType> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
};
const BY_EXTENSION: Record<string, RecordingType> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};

/**
 * The content type to declare for a recording file: the browser's type when the API takes it (aliases mapped,
 * parameters such as `;codecs=` dropped), else the one its extension stands for; null when neither is taken.
 */
export function recordingContentType(name: string, type: string): RecordingType | null {
  const t = type.split(';')[0].trim().toLowerCase();
  if ((RECORDING_TYPES as readonly string[]).includes(t)) return t as RecordingType;
  if (TYPE_ALIASES[t]) return TYPE_ALIASES[t];
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? null;
}

export type RecordingProblem = 'type' | 'empty' | 'too_large';

/** What keeps a file from being sent as a meeting recording, checked before anything is sent. */
export function recordingProblem(f: { name: string; type: string; size: number }): RecordingProblem | null {
  if (!recordingContentType(f.name, f.type)) return 'type';
  if (f.size <= 0) return 'empty';
  if (f.size > MAX_RECORDING_BYTES) return 'too_large';
  return null;
}

/**
 * A refusal of `POST /reports {recording}` said in the UI's own words: `unsupported` when the installation cannot
 * transcribe recordings (`mendan serve`: the problem type `transcription_unavailable`; older servers: a 422 on the
 * field `recording` whose detail speaks of transcribing), `refused`
 * for another 422 on that field (its detail is shown with it); null for anything else (shown as the API says it).
 */
export function recordingRefusal(e: {
  status: number;
  type?: string;
  field: string | null;
  detail: string;
}): 'unsupported' | 'refused' | null {
  if (e.type === 'transcription_unavailable') return 'unsupported';
  if (e.status !== 422 || e.field !== 'recording') return null;
  return /transcri|文字起こし/i.test(e.detail) ? 'unsupported' : 'refused';
}

/** What a report is made from; older servers do not say, and only knew transcripts. */
export function sourceOf(r: Pick<Report, 'source'>): 'transcript' | 'recording' {
  return r.source === 'recording' ? 'recording' : 'transcript';
}

/** The dictionary key of a report's state: a pending report from a recording is being transcribed first. */
export function stateKey(r: Pick<Report, 'state' | 'source'>): `rep.state.${'pending' | 'ready' | 'failed' | 'transcribing'}` {
  return r.state === 'pending' && sourceOf(r) === 'recording' ? 'rep.state.transcribing' : `rep.state.${r.state}`;
}

/**
 * How long to wait before listing again: 2 s while a transcript's report is being written (seconds), 10 s while
 * only recordings are being transcribed (minutes), null when nothing is pending.
 */
export function pollDelayMs(reports: Pick<Report, 'state' | 'source'>[]): number | null {
  const pending = reports.filter((r) => r.state === 'pending');
  if (!pending.length) return null;
  return pending.some((r) => sourceOf(r) === 'transcript') ? 2000 : 10000;
}

/** The report's upload link as the ticket `uploadWithRetry` and `xhrPut` use. */
export function ticketFromUpload(reportId: string, upload: Download): UploadTicket {
  return { recording_id: reportId, upload_url: upload.url, method: upload.method || 'PUT', headers: upload.headers ?? {}, expires_at: upload.expires_at };
}
