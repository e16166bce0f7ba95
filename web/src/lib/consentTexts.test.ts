// Issue 14 item 11: the consent screen's words and the admin's draft checks.
import { describe, expect, it } from 'vitest';
import type { ConsentTextsInput, ConsentWording } from '../api/types';
import { translate } from '../i18n';
import { contactHref, draftProblem, isHttpsUrl, wordingFor } from './consentTexts';

const wording = (tag: string): ConsentWording => ({
  recording: `${tag} 録画`,
  ai_evaluation: `${tag} AI`,
  training_use: `${tag} 学習`,
  purpose: '選考',
  processors: '当社',
  retention: '6か月',
  withdrawal: '連絡',
});
const draft = (over: Partial<ConsentTextsInput> = {}): ConsentTextsInput => ({
  operator: '株式会社テスト',
  contact: 'hr@example.co.jp',
  privacy_policy_url: 'https://example.co.jp/privacy',
  ja: wording('ja'),
  en: wording('en'),
  ...over,
});

describe('consent texts', () => {
  it('shows the wording of the page language', () => {
    expect(wordingFor(draft(), 'ja').recording).toBe('ja 録画');
    expect(wordingFor(draft(), 'en').recording).toBe('en 録画');
  });

  it('accepts only https pages and e-mail addresses as links', () => {
    expect(isHttpsUrl('https://example.co.jp/privacy?x=1')).toBe(true);
    for (const bad of ['http://example.co.jp', 'javascript:alert(1)', 'https://', 'https://a b.jp', 'https://u@x.jp']) expect(isHttpsUrl(bad)).toBe(false);
    expect(contactHref('hr@example.co.jp')).toBe('mailto:hr@example.co.jp');
    expect(contactHref('https://example.co.jp/contact')).toBe('https://example.co.jp/contact');
    expect(contactHref('')).toBeNull();
    expect(contactHref('javascript:alert(1)')).toBeNull();
  });

  it('finds what the server would refuse before saving', () => {
    expect(draftProblem(draft())).toBeNull();
    expect(draftProblem(draft({ privacy_policy_url: '' }))).toBeNull();
    expect(draftProblem(draft({ privacy_policy_url: 'http://example.co.jp' }))).toEqual({ field: 'privacy_policy_url', problem: 'not_https' });
    expect(draftProblem(draft({ contact: 'call us' }))).toEqual({ field: 'contact', problem: 'not_contact' });
    expect(draftProblem(draft({ operator: ' ' }))).toEqual({ field: 'operator', problem: 'required' });
    expect(draftProblem(draft({ ja: { ...wording('ja'), recording: '<b>録画</b>' } }))).toEqual({ field: 'ja.recording', problem: 'markup' });
    expect(draftProblem(draft({ en: { ...wording('en'), retention: 'a'.repeat(2001) } }))).toEqual({ field: 'en.retention', problem: 'too_long' });
  });

  it('says declining brings no disadvantage, in the words the walk asked for', () => {
    expect(translate('ja', 'consent.intro')).toContain('同意しなかったことで不利益を受けることはありません');
    expect(translate('ja', 'consent.intro')).not.toContain('選ばなかったことで');
    expect(translate('en', 'consent.intro')).toContain('will not put you at a disadvantage');
  });
});
