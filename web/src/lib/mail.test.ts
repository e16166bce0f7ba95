import { describe, expect, it } from 'vitest';
import { ja } from '../i18n/ja';
import { en } from '../i18n/en';
import { addressWithoutHash, appendPage, formatJst, mailKindKey, mailStateKey, SENT_PAGE_SIZE, sentPath, tokenFromHash, waitMinutes, type SentMail } from './mail';

const TOKEN = `pl1.${'A'.repeat(40)}b_-`;

describe('tokenFromHash', () => {
  it('reads the token of a mailed link, with or without the #', () => {
    expect(tokenFromHash(`#${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromHash(TOKEN)).toBe(TOKEN);
  });

  it('answers null for no token, another version, a cut or lengthened link', () => {
    for (const hash of ['', '#', '#pl1.', `#pl2.${'A'.repeat(43)}`, `#${TOKEN.slice(0, -1)}`, `#${TOKEN}x`, `#${TOKEN}=`, `#${TOKEN.replace('b', '+')}`, '#main']) {
      expect(tokenFromHash(hash)).toBeNull();
    }
  });

  it('leaves the fragment out of the address put back', () => {
    expect(addressWithoutHash({ pathname: '/t/demo/set-password', search: '' })).toBe('/t/demo/set-password');
    expect(addressWithoutHash({ pathname: '/t/demo/set-password', search: '?lang=en' })).toBe('/t/demo/set-password?lang=en');
  });
});

describe('mail words', () => {
  it('names every kind and state in both languages, and an unknown kind as other mail', () => {
    for (const kind of ['interview_scheduled', 'interview_rescheduled', 'interview_cancelled', 'invitation', 'password_reset']) {
      const key = mailKindKey(kind);
      expect(key).not.toBe('mail.kind.other');
      expect(ja[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
    expect(mailKindKey('bounce_notice')).toBe('mail.kind.other');
    expect(ja[mailStateKey('sent')]).toBe('送信済み');
    expect(ja[mailStateKey('refused')]).toBe('送信できませんでした');
    expect(ja[mailStateKey('suppressed')]).toContain('送信停止中');
    expect(ja[mailKindKey('interview_reminder')]).toBe('面談のリマインド');
  });
});

function line(n: number): SentMail {
  return { id: `id-${n}`, at: '2026-12-05T03:00:00Z', kind: 'invitation', recipient_id: 'u', to: 'a@b.example', state: 'sent', message_id: 'm' };
}

describe('paging the sent-mail log', () => {
  it('asks for older lines after a full page, and stops after a short one', () => {
    const full = Array.from({ length: SENT_PAGE_SIZE }, (_, i) => line(i));
    const first = appendPage([], full);
    expect(first.lines).toHaveLength(SENT_PAGE_SIZE);
    expect(first.before).toBe(`id-${SENT_PAGE_SIZE - 1}`);
    const second = appendPage(first.lines, [line(100), line(101)]);
    expect(second.lines.map((m) => m.id).slice(-2)).toEqual(['id-100', 'id-101']);
    expect(second.before).toBeNull();
    expect(appendPage([], []).before).toBeNull();
  });

  it('shows a line once when pages overlap', () => {
    expect(appendPage([line(1), line(2)], [line(2), line(3)]).lines.map((m) => m.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('builds the page path', () => {
    expect(sentPath(null)).toBe('/mail/sent');
    expect(sentPath('0193-ab')).toBe('/mail/sent?before=0193-ab');
  });
});

describe('waiting and times', () => {
  it('rounds the wait up to whole minutes', () => {
    expect(waitMinutes(null)).toBeNull();
    expect(waitMinutes(0)).toBe(1);
    expect(waitMinutes(61)).toBe(2);
    expect(waitMinutes(900)).toBe(15);
  });

  it("shows the log's times in Japan's time zone", () => {
    expect(formatJst('2026-12-05T15:30:00Z', 'ja')).toContain('6日');
    expect(formatJst('2026-12-05T15:30:00Z', 'ja')).toContain('00:30');
    expect(formatJst('2026-12-05T15:30:00Z', 'en')).toContain('00:30');
    expect(formatJst('not a time', 'ja')).toBe('not a time');
  });
});
