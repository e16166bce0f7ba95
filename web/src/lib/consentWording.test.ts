// Issue 14 item 11: the default consent wording is honest and complete, in Japanese and English.
import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../i18n';

const SCREEN: MessageKey[] = [
  'consent.intro',
  'consent.recordingText',
  'consent.aiText',
  'consent.trainingText',
  'consent.dataOperator',
  'consent.dataProcessors',
  'consent.dataRetention',
  'consent.dataWithdraw',
  'consent.dataContact',
];
const all = (lang: 'ja' | 'en') => SCREEN.map((k) => translate(lang, k)).join('\n');

describe('consent wording', () => {
  it('no longer contradicts itself or addresses the candidate as a member of the organisation', () => {
    const ja = all('ja');
    expect(ja).not.toContain('評価のためだけに');
    expect(ja).not.toContain('あなたの組織');
    expect(ja).not.toContain('選ばなかったことで');
    expect(all('en')).not.toMatch(/used only for the evaluation|your organisation/);
  });

  it('says declining has no disadvantage, what is recorded and what AI analyses', () => {
    expect(translate('ja', 'consent.intro')).toContain('同意しなかったことで不利益を受けることはありません');
    expect(translate('ja', 'consent.recordingText')).toMatch(/映像.*音声/);
    const ai = translate('ja', 'consent.aiText');
    for (const word of ['表情', '視線', '頭の動き', '声', '必ず人が確かめ']) expect(ai).toContain(word);
    expect(translate('en', 'consent.aiText')).toMatch(/facial expressions.*gaze.*head.*voice/);
  });

  it('names who sees the recordings, who is responsible and processes, retention, withdrawal and contact', () => {
    expect(translate('ja', 'consent.recordingText')).toContain('採用を担当する人と、その会社が評価を依頼した専門家');
    expect(translate('ja', 'consent.dataOperator')).toContain('応募先の会社');
    expect(translate('ja', 'consent.dataProcessors')).toContain('Mendan');
    expect(translate('ja', 'consent.dataRetention')).toContain('1か月以内に削除');
    expect(translate('ja', 'consent.dataWithdraw')).toContain('取り消し');
    expect(translate('ja', 'consent.dataContact')).toContain('採用担当者');
    for (const k of SCREEN) expect(translate('en', k)).not.toBe(translate('ja', k));
  });
});
