import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { copyName } from './editing';

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
