/** Reading a transcript file for upload, and the arithmetic of a summary. Pure, so it is unit-tested. */
import type { InterviewSummary, TranscriptFormat } from '../api/types';

/** What the file inputs accept: Teams/Zoom WebVTT, SubRip, plain text and Amazon Transcribe JSON. */
export const TRANSCRIPT_ACCEPT = '.vtt,.srt,.txt,.json,text/vtt,text/plain,application/json';

/** The largest transcript the browser sends (a 90-minute meeting's WebVTT is well under 1 MB). */
export const MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

/** The format named by a file's extension, or null when the extension is not one we read. */
export function formatFromFileName(name: string): TranscriptFormat | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name.trim())?.[1]?.toLowerCase();
  switch (ext) {
    case 'vtt':
    case 'webvtt':
      return 'vtt';
    case 'srt':
      return 'srt';
    case 'txt':
    case 'text':
      return 'text';
    case 'json':
      return 'transcribe_json';
    default:
      return null;
  }
}

/**
 * The file's text. UTF-8 (with or without a byte-order mark) as Teams and Zoom write it; UTF-16 when it
 * starts with a UTF-16 mark; otherwise Shift_JIS, which Japanese Windows tools still write for .txt and .srt.
 */
export function decodeTranscript(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    try {
      return new TextDecoder('shift_jis').decode(body);
    } catch {
      return new TextDecoder('utf-8').decode(body);
    }
  }
}

/** The share of the interviewee's words the summary kept, as a whole percentage (0 when nothing was said). */
export function keptPercent(s: Pick<InterviewSummary, 'chars' | 'source_chars'>): number {
  if (!s.source_chars || s.source_chars <= 0) return 0;
  return Math.round((Math.min(s.chars, s.source_chars) / s.source_chars) * 100);
}

/** The speakers to offer when correcting the interviewee: the server's list, with the current choice first if missing. */
export function speakerChoices(s: Pick<InterviewSummary, 'speakers' | 'interviewee_speaker'>): string[] | null {
  if (!s.speakers) return null;
  const list = s.speakers.filter((x, i, all) => x.trim() !== '' && all.indexOf(x) === i);
  if (s.interviewee_speaker && !list.includes(s.interviewee_speaker)) list.unshift(s.interviewee_speaker);
  return list;
}

/** Whether the summary holds any sentence at all. */
export function hasSentences(s: Pick<InterviewSummary, 'answers'>): boolean {
  return s.answers.some((a) => a.sentences.length > 0);
}
