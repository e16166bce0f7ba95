// The ethics screens' own dictionary (i18n/ethics.ts) holds to the rules of the main one (i18n.test.ts, wording.test.ts).
import { describe, expect, it } from 'vitest';
import { ja } from './ja';
import { ethicsEn, ethicsJa } from './ethics';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the ethics dictionary', () => {
  it('has the same keys in Japanese and English, none of them also in the main dictionary', () => {
    expect(Object.keys(ethicsEn).sort()).toEqual(Object.keys(ethicsJa).sort());
    expect(Object.keys(ethicsJa).filter((k) => k in ja)).toEqual([]);
  });

  it('has no empty texts and the same placeholders in both languages', () => {
    for (const k of Object.keys(ethicsJa) as (keyof typeof ethicsJa)[]) {
      expect(ethicsJa[k].trim(), k).not.toBe('');
      expect(ethicsEn[k].trim(), k).not.toBe('');
      expect(placeholders(ethicsEn[k]), k).toEqual(placeholders(ethicsJa[k]));
    }
  });

  it('is really translated, and the Japanese texts hold no runs of three English words', () => {
    for (const [k, v] of Object.entries(ethicsEn)) expect(/[\u3040-\u30ff\u4e00-\u9fff]/.test(v), `${k}: ${v}`).toBe(false);
    const run = /[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’.,-]*){2,}/;
    for (const [k, v] of Object.entries(ethicsJa)) expect(run.test(v), `${k}: ${v}`).toBe(false);
  });
});
