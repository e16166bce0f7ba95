import { describe, expect, it } from 'vitest';
import { chunkFor } from './prefetch';

describe('chunkFor', () => {
  it('names the chunk of each deep link', () => {
    expect(chunkFor('/t/demo/self/abc/consent')).toBe('interviewee');
    expect(chunkFor('/t/demo/self/abc/run')).toBe('interviewee');
    expect(chunkFor('/t/demo/me')).toBe('interviewee');
    expect(chunkFor('/t/demo/me/abc/feedback')).toBe('feedback');
    expect(chunkFor('/t/demo/admin/users')).toBe('admin');
    expect(chunkFor('/t/demo/interviews')).toBe('interviews');
    expect(chunkFor('/t/demo/interviews/abc')).toBe('interviews');
    expect(chunkFor('/t/demo/interviews/abc/record')).toBe('record');
    expect(chunkFor('/t/demo/call/abc')).toBe('call');
    expect(chunkFor('/t/demo/expert/abc')).toBe('interviews');
    expect(chunkFor('/t/demo/reports')).toBe('reports');
  });

  it('fetches nothing early where the page is not known yet', () => {
    expect(chunkFor('/')).toBeNull();
    expect(chunkFor('/t/demo/')).toBeNull();
    expect(chunkFor('/t/demo')).toBeNull();
    expect(chunkFor('/t/demo/profile')).toBeNull();
    expect(chunkFor('/elsewhere/me')).toBeNull();
    expect(chunkFor('/t/demo/meeting')).toBeNull();
  });
});
