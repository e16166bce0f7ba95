import { describe, expect, it } from 'vitest';
import { ja } from './ja';
import { en } from './en';
import { format, initialLang, translate } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have exactly the same keys in Japanese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('have no empty texts', () => {
    for (const [k, v] of [...Object.entries(ja), ...Object.entries(en)]) {
      expect(v.trim(), k).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(placeholders(en[k]), k).toEqual(placeholders(ja[k]));
    }
  });

  it('really are translated (English texts contain no Japanese script, apart from the language name)', () => {
    for (const [k, v] of Object.entries(en)) {
      if (k === 'app.lang.ja') continue;
      expect(/[\u3040-\u30ff\u4e00-\u9fff]/.test(v), `${k}: ${v}`).toBe(false);
    }
  });

  it('name every interview status, role and error kind the UI can show', () => {
    for (const s of ['scheduled', 'in_progress', 'recorded', 'analysed', 'rated', 'cancelled']) expect(ja).toHaveProperty(`status.${s}`);
    for (const r of ['admin', 'interviewer', 'expert', 'interviewee']) expect(ja).toHaveProperty(`role.${r}`);
    for (const e of ['network', 'maintenance', 'outside_hours', 'unauthenticated', 'forbidden', 'not_found', 'invalid', 'conflict', 'server', 'other'])
      expect(ja).toHaveProperty(`err.${e}`);
  });
});

describe('format and translate', () => {
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('en', 'run.progress', { n: 2, total: 5 })).toBe('Question 2 of 5');
    expect(translate('ja', 'run.progress', { n: 2, total: 5 })).toBe('質問 2 / 5');
  });

  it('defaults to Japanese, honours a stored choice and an English browser', () => {
    expect(initialLang(null, undefined)).toBe('ja');
    expect(initialLang(null, ['fr-FR'])).toBe('ja');
    expect(initialLang(null, ['en-US', 'ja'])).toBe('en');
    expect(initialLang('ja', ['en-US'])).toBe('ja');
    expect(initialLang('xx', ['ja-JP'])).toBe('ja');
  });
});
