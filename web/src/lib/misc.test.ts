import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { pickMimeType, rmsLevel } from './media';
import { emptyProgress, loadProgress, nextQuestion, parseProgress, saveProgress } from './progress';
import { groupByDay, localInputValue } from './days';

describe('config.json', () => {
  it('reads the fields and falls back on bad values', () => {
    expect(parseConfig({ apiBase: 'https://api.example/', tenant: 'acme', auth: 'cognito' })).toEqual({
      apiBase: 'https://api.example',
      tenant: 'acme',
      auth: 'cognito',
    });
    expect(parseConfig({ tenant: '../evil', auth: 'x' })).toEqual({ apiBase: '', tenant: 'demo', auth: 'embedded' });
    expect(parseConfig(null)).toEqual({ apiBase: '', tenant: 'demo', auth: 'embedded' });
  });
});

describe('recording type', () => {
  it('prefers WebM and falls back to MP4 (Safari)', () => {
    expect(pickMimeType((t) => t.startsWith('video/webm'))).toBe('video/webm;codecs=vp9,opus');
    expect(pickMimeType((t) => t === 'video/mp4')).toBe('video/mp4');
    expect(pickMimeType(() => false)).toBeNull();
  });

  it('measures a microphone level', () => {
    expect(rmsLevel(new Uint8Array(128).fill(128))).toBe(0);
    expect(rmsLevel(new Uint8Array([0, 255, 0, 255]))).toBe(1);
    expect(rmsLevel(new Uint8Array())).toBe(0);
  });
});

describe('self-interview progress', () => {
  it('survives a reload and resumes at the first answer not uploaded', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadProgress('iv', storage)).toEqual(emptyProgress());
    saveProgress('iv', { ...emptyProgress(), uploaded: [0, 2], practiceDone: true, takes: { 0: 1 } }, storage);
    const p = loadProgress('iv', storage);
    expect(p.practiceDone).toBe(true);
    expect(nextQuestion(p, 4)).toBe(1);
    expect(nextQuestion({ ...p, uploaded: [0, 1, 2, 3] }, 4)).toBe(4);
  });

  it('ignores damaged stored progress', () => {
    expect(parseProgress('{oops')).toEqual(emptyProgress());
    expect(parseProgress('{"uploaded":[1,"x",-1],"practiceDone":"yes"}')).toEqual({ uploaded: [1], practiceDone: false, takes: {}, settled: [], followUps: {} });
    expect(parseProgress('{"settled":[0,"1"],"followUps":[1]}')).toMatchObject({ settled: [0], followUps: {} });
  });
});

describe('day view', () => {
  it('groups interviews by local day in time order', () => {
    const d1 = new Date(2026, 10, 26, 9, 0).toISOString();
    const d1b = new Date(2026, 10, 26, 14, 30).toISOString();
    const d2 = new Date(2026, 10, 27, 10, 0).toISOString();
    const days = groupByDay(
      [
        { id: 'c', scheduled_at: d2 },
        { id: 'b', scheduled_at: d1b },
        { id: 'a', scheduled_at: d1 },
      ],
      'ja',
    );
    expect(days.map((d) => d.items.map((i) => i.id))).toEqual([['a', 'b'], ['c']]);
    expect(days[0].label).toContain('26');
  });

  it('writes a datetime-local value in local time', () => {
    expect(localInputValue(new Date(2026, 4, 1, 9, 5, 59))).toBe('2026-05-01T09:05');
    expect(localInputValue(new Date(2026, 11, 31, 23, 0))).toBe('2026-12-31T23:00');
  });
});
