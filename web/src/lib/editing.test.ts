import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { copyName, exampleLines } from './editing';

const ja = (name: string) => translate('ja', 'edit.copyName', { name });
const en = (name: string) => translate('en', 'edit.copyName', { name });

describe('copyName', () => {
  it('marks a copy in the screen language', () => {
    expect(copyName('コミュニケーション', ja, 80)).toBe('コミュニケーション（コピー）');
    expect(copyName('Teamwork', en, 80)).toBe('Teamwork (copy)');
  });
  it('stays within the length limit, cutting whole characters', () => {
    const long = '𠮷'.repeat(80);
    const c = copyName(long, ja, 80);
    expect([...c].length).toBe(80);
    expect(c.endsWith('（コピー）')).toBe(true);
  });
});

describe('example sentences', () => {
  it('are one per line, trimmed, without blank lines', () => {
    expect(exampleLines('  自分から提案しました。 \n\n\t新しい仕組みを作りました。\n')).toEqual(['自分から提案しました。', '新しい仕組みを作りました。']);
    expect(exampleLines('')).toEqual([]);
  });
});
