import { describe, expect, it } from 'vitest';
import type { Interview, QuestionSet, User } from '../api/types';
import { translate } from '../i18n';
import type { MessageKey } from '../i18n/ja';
import { csvFileName, interviewsCsv, jstDateTime, usersCsv } from './exports';
import { parseCsv } from './csv';

const ja = (k: MessageKey, v?: Record<string, string | number>) => translate('ja', k, v);
const en = (k: MessageKey, v?: Record<string, string | number>) => translate('en', k, v);
const user = (id: string, display_name: string, role: User['role'], disabled = false): User => ({
  id,
  email: `${id}@demo.example`,
  display_name,
  role,
  disabled,
  created_at: '2026-01-01T00:00:00Z',
});

describe('users CSV', () => {
  const users = [user('a', '山田 太郎', 'admin'), user('b', '=HYPERLINK("x")', 'interviewee', true)];
  it('has Japanese headers and words on a Japanese screen, guarded against formulas', () => {
    const rows = parseCsv(usersCsv(users, ja));
    expect(rows).toEqual([
      ['氏名', 'メールアドレス', 'ロール', '状態'],
      ['山田 太郎', 'a@demo.example', '管理者', '有効'],
      ["'=HYPERLINK(\"x\")", 'b@demo.example', '被面談者', '無効'],
    ]);
  });
  it('has English headers on an English screen', () => {
    expect(parseCsv(usersCsv(users, en))[0]).toEqual(['Name', 'Email', 'Role', 'State']);
  });
});

describe('interviews CSV', () => {
  it('says the time in Japan time and names people and the set', () => {
    const iv: Interview = {
      id: 'i',
      mode: 'self',
      interviewee_id: 'b',
      interviewer_id: 'a',
      question_set_id: 's',
      scheduled_at: '2026-12-05T00:30:00Z',
      status: 'scheduled',
      created_at: '',
      updated_at: '',
    };
    const set = { id: 's', name: '新卒面談' } as QuestionSet;
    const rows = parseCsv(interviewsCsv([iv], [user('a', '面談 太郎', 'interviewer'), user('b', '候補 花子', 'interviewee')], [set], ja));
    expect(rows).toEqual([
      ['日時（日本時間）', '形式', '被面談者', '面談者', '質問セット', '状態'],
      ['2026-12-05 09:30', '自己面談', '候補 花子', '面談 太郎', '新卒面談', '予定'],
    ]);
  });
  it('formats Japan time across midnight and names files by the day', () => {
    expect(jstDateTime('2026-12-05T15:05:00Z')).toBe('2026-12-06 00:05');
    expect(csvFileName('users', new Date('2026-12-05T16:00:00Z'))).toBe('users-2026-12-06.csv');
  });
});
