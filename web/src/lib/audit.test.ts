import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type Vars } from '../i18n';
import type { AuditEntry } from '../api/types';
import { describeAudit, roleAccess } from './audit';

const ja = (key: MessageKey, vars?: Vars) => translate('ja', key, vars);
const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);

function entry(action: string, old: string | null, next: string | null): AuditEntry {
  return {
    id: '0190',
    at: '2026-12-04T01:00:00Z',
    actor: { id: 'a', display_name: '山田 太郎' },
    action: action as AuditEntry['action'],
    subject: { id: 's', display_name: '鈴木 花子' },
    old,
    new: next,
  };
}

describe('the activity log in plain words', () => {
  it('says a role change with both roles by their names', () => {
    const change = entry('role_changed', 'interviewee', 'admin');
    expect(describeAudit(change, ja)).toBe('山田 太郎 さんが 鈴木 花子 さんの役割を 被面談者 から 管理者 に変更しました');
    expect(describeAudit(change, en)).toBe("山田 太郎 changed 鈴木 花子's role from Interviewee to Admin");
  });

  it('says every action, and something sensible for one it does not know', () => {
    expect(describeAudit(entry('user_disabled', null, null), ja)).toBe('山田 太郎 さんが 鈴木 花子 さんのアカウントを無効にしました');
    expect(describeAudit(entry('password_reset', null, null), ja)).toContain('仮パスワード');
    expect(describeAudit(entry('user_invited', null, 'expert'), ja)).toBe('山田 太郎 さんが 鈴木 花子 さんを 熟練面談者 として招待しました');
    expect(describeAudit(entry('display_name_changed', '鈴木 花子', '佐藤 花子'), en)).toBe("山田 太郎 changed 鈴木 花子's display name to 佐藤 花子");
    expect(describeAudit(entry('attributes_changed', null, null), en)).toBe("山田 太郎 changed 鈴木 花子's protected attributes");
    expect(describeAudit(entry('mfa_reset', null, null), ja)).toBe('山田 太郎 さんが 鈴木 花子 さんの 2 段階認証を解除しました');
    expect(describeAudit(entry('mfa_reset', null, null), en)).toBe("山田 太郎 turned off 鈴木 花子's two-step sign-in");
    expect(describeAudit(entry('mfa_policy_changed', 'optional', 'required'), ja)).toBe('山田 太郎 さんが管理者と熟練面談者の 2 段階認証を 任意 から 必須 に変更しました');
    expect(describeAudit(entry('mfa_policy_changed', 'required', 'optional'), en)).toBe('山田 太郎 changed two-step sign-in for admins and experts from required to optional');
    expect(describeAudit(entry('tenant_renamed', null, null), ja)).toBe('山田 太郎 さんが 鈴木 花子 さんに関する操作をしました');
  });

  it('leaves no placeholder unfilled', () => {
    for (const action of ['user_invited', 'role_changed', 'display_name_changed', 'user_disabled', 'password_reset', 'attributes_changed', 'mfa_reset', 'mfa_policy_changed']) {
      for (const t of [ja, en]) expect(describeAudit(entry(action, 'interviewer', 'admin'), t)).not.toMatch(/[{}]/);
    }
  });
});

describe('what a role may see, said before the change', () => {
  it('says plainly that an admin sees every recording, every score and the protected attributes', () => {
    const jaText = ja(roleAccess('admin'));
    for (const word of ['すべての面談の録画', 'スコア', '保護属性']) expect(jaText).toContain(word);
    const enText = en(roleAccess('admin'));
    for (const word of ['Every interview recording', 'score', 'protected attributes']) expect(enText).toContain(word);
  });

  it('has words for every role', () => {
    for (const role of ['admin', 'interviewer', 'expert', 'interviewee'] as const) {
      expect(ja(roleAccess(role))).not.toBe(roleAccess(role));
    }
  });
});
