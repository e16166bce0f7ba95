import { describe, expect, it } from 'vitest';
import { anyPending, cleanItems, downloadKind, itemProblem, keywordsFromText, keywordsToText, reportFileName } from './reports';

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
