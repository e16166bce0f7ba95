import { describe, expect, it } from 'vitest';
import { ja } from '../i18n/ja';
import { en } from '../i18n/en';
import { domainStateKey, recordPurposeKey, recordStateKey } from './mailDomain';

describe('mail domain words', () => {
  it('words every state and purpose in both languages', () => {
    for (const state of ['not_set', 'pending', 'verified', 'failed', 'not_started', 'not_needed']) {
      expect(ja[domainStateKey(state)]).toBeTruthy();
      expect(en[recordStateKey(state)]).toBeTruthy();
    }
    expect(ja[domainStateKey('verified')]).toContain('確認済み');
    expect(ja[recordPurposeKey('dmarc')]).toContain('DMARC');
    expect(domainStateKey('something-new')).toBe('domain.state.pending');
  });
});
