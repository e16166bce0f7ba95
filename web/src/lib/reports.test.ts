import { describe, expect, it } from 'vitest';
import {
  MAX_RECORDING_BYTES,
  anyPending,
  cleanItems,
  downloadKind,
  itemProblem,
  keywordsFromText,
  keywordsToText,
  pollDelayMs,
  recordingContentType,
  recordingProblem,
  recordingRefusal,
  reportFileName,
  sourceOf,
  stateKey,
  ticketFromUpload,
} from './reports';

describe('report items', () => {
  it('read keywords separated by commas, Japanese commas or lines', () => {
    expect(keywordsFromText('予算, 広告費、費用，コスト\n 予算 ')).toEqual(['予算', '広告費', '費用', 'コスト']);
    expect(keywordsFromText(' , ')).toEqual([]);
    expect(keywordsFromText(keywordsToText(['採用', '面接']))).toEqual(['採用', '面接']);
  });
  it('need a name of their own', () => {
    const it = (name: string, keywords = ['k']) => ({ name, description: '', keywords });
    expect(itemProblem([it('予算'), it('採用')])).toBeNull();
    expect(itemProblem([it('予算'), it(' ')])).toEqual({ row: 1, kind: 'name_missing' });
    expect(itemProblem([it('予算'), it(' 予算 ')])).toEqual({ row: 1, kind: 'name_duplicate' });
    expect(itemProblem([it('予算', [])])).toBeNull();
    expect(itemProblem([])).toBeNull();
  });
  it('are trimmed before saving', () => {
    expect(cleanItems([{ name: ' 予算 ', description: ' 費用の話 ', keywords: ['予算'] }])).toEqual([{ name: '予算', description: '費用の話', keywords: ['予算'] }]);
  });
});

describe('reports', () => {
  it('are polled while one is pending', () => {
    expect(anyPending([{ state: 'ready' }, { state: 'pending' }])).toBe(true);
    expect(anyPending([{ state: 'ready' }, { state: 'failed' }])).toBe(false);
    expect(anyPending([])).toBe(false);
  });
  it('download under a safe file name', () => {
    expect(reportFileName('定例会議 11/26')).toBe('定例会議 11 26.xlsx');
    expect(reportFileName('  ')).toBe('report.xlsx');
    expect(reportFileName('a'.repeat(100))).toBe(`${'a'.repeat(80)}.xlsx`);
  });
  it('use a plain link unless the signature needs headers', () => {
    expect(downloadKind({ method: 'GET', headers: {} })).toBe('link');
    expect(downloadKind({ method: 'get', headers: { 'x-amz-security-token': 't' } })).toBe('fetch');
    expect(downloadKind({ method: 'POST', headers: {} })).toBe('fetch');
  });
});

describe('meeting recordings', () => {
  it('declare a content type the API takes, from the browser type or the extension', () => {
    expect(recordingContentType('meeting.mp4', 'video/mp4')).toBe('video/mp4');
    expect(recordingContentType('meeting.webm', 'video/webm;codecs=vp9,opus')).toBe('video/webm');
    expect(recordingContentType('voice.m4a', 'audio/x-m4a')).toBe('audio/mp4');
    expect(recordingContentType('voice.mp3', 'audio/mp3')).toBe('audio/mpeg');
    expect(recordingContentType('voice.wav', 'audio/x-wav')).toBe('audio/wav');
    expect(recordingContentType('Zoom 会議.M4A', '')).toBe('audio/mp4');
    expect(recordingContentType('meeting.mp4', 'application/octet-stream')).toBe('video/mp4');
    expect(recordingContentType('meeting.mov', 'video/quicktime')).toBeNull();
    expect(recordingContentType('meeting.vtt', 'text/vtt')).toBeNull();
    expect(recordingContentType('noextension', '')).toBeNull();
  });
  it('are checked before anything is sent', () => {
    expect(recordingProblem({ name: 'a.mp4', type: 'video/mp4', size: 1000 })).toBeNull();
    expect(recordingProblem({ name: 'a.mp4', type: 'video/mp4', size: MAX_RECORDING_BYTES })).toBeNull();
    expect(recordingProblem({ name: 'a.mp4', type: 'video/mp4', size: MAX_RECORDING_BYTES + 1 })).toBe('too_large');
    expect(recordingProblem({ name: 'a.mp4', type: 'video/mp4', size: 0 })).toBe('empty');
    expect(recordingProblem({ name: 'a.vtt', type: 'text/vtt', size: 10 })).toBe('type');
  });
  it('refused by an installation that cannot transcribe are said in the UI language', () => {
    const detail = "Check the field `recording`: this installation cannot transcribe recordings (Amazon Transcribe runs only on AWS); upload the meeting's transcript (the VTT that Teams or Zoom export) instead";
    expect(recordingRefusal({ status: 422, type: 'transcription_unavailable', field: 'recording', detail: 'x' })).toBe('unsupported');
    expect(recordingRefusal({ status: 422, field: 'recording', detail })).toBe('unsupported');
    expect(recordingRefusal({ status: 422, field: 'recording', detail: `入力「recording」を確認してください: ${detail}` })).toBe('unsupported');
    expect(recordingRefusal({ status: 422, field: 'recording', detail: 'at most 2 GiB' })).toBe('refused');
    expect(recordingRefusal({ status: 422, field: 'title', detail })).toBeNull();
    expect(recordingRefusal({ status: 409, field: null, detail: '帳票の項目がまだ設定されていません。' })).toBeNull();
  });
  it('show their source and "being transcribed" while pending', () => {
    expect(sourceOf({ source: 'recording' })).toBe('recording');
    expect(sourceOf({ source: 'transcript' })).toBe('transcript');
    expect(sourceOf({})).toBe('transcript');
    expect(stateKey({ state: 'pending', source: 'recording' })).toBe('rep.state.transcribing');
    expect(stateKey({ state: 'pending', source: 'transcript' })).toBe('rep.state.pending');
    expect(stateKey({ state: 'pending' })).toBe('rep.state.pending');
    expect(stateKey({ state: 'ready', source: 'recording' })).toBe('rep.state.ready');
    expect(stateKey({ state: 'failed', source: 'recording' })).toBe('rep.state.failed');
  });
  it('are polled less often than transcripts', () => {
    expect(pollDelayMs([])).toBeNull();
    expect(pollDelayMs([{ state: 'ready', source: 'recording' }])).toBeNull();
    expect(pollDelayMs([{ state: 'pending', source: 'recording' }])).toBe(10000);
    expect(pollDelayMs([{ state: 'pending', source: 'recording' }, { state: 'pending' }])).toBe(2000);
  });
  it('are uploaded through the report\'s link as a ticket', () => {
    const upload = { url: 'https://s3.example/r?X-Amz=1', method: 'PUT', headers: { 'content-type': 'video/mp4' }, expires_at: '2026-01-01T01:00:00Z' };
    expect(ticketFromUpload('r1', upload)).toEqual({ recording_id: 'r1', upload_url: upload.url, method: 'PUT', headers: upload.headers, expires_at: upload.expires_at });
  });
});
