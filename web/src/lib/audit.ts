// The activity log in plain words, and what each role may see (said before a role changes).
import { ROLES, type AuditEntry, type Role } from '../api/types';
import type { MessageKey, Vars } from '../i18n';

type T = (key: MessageKey, vars?: Vars) => string;

const ACTIONS: Record<string, MessageKey> = {
  user_invited: 'audit.user_invited',
  role_changed: 'audit.role_changed',
  display_name_changed: 'audit.display_name_changed',
  user_disabled: 'audit.user_disabled',
  password_reset: 'audit.password_reset',
  attributes_changed: 'audit.attributes_changed',
  mfa_reset: 'audit.mfa_reset',
  mfa_policy_changed: 'audit.mfa_policy_changed',
};

/** The two-step sign-in policy's values (mfa_policy_changed). */
function isMfaPolicyValue(value: string | null): value is 'required' | 'optional' {
  return value === 'required' || value === 'optional';
}

function isRole(value: string | null): value is Role {
  return value !== null && (ROLES as string[]).includes(value);
}

/** A role by its name in the UI language, a policy's value in words; anything else (a display name) as it is. */
function valueWords(action: string, value: string | null, t: T): string {
  if (isRole(value)) return t(`role.${value}`);
  if (action === 'mfa_policy_changed' && isMfaPolicyValue(value)) return t(`audit.mfa.${value}`);
  return value ?? '—';
}

/** One entry as a sentence: 「山田 太郎 さんが 鈴木 花子 さんの役割を 被面談者 から 管理者 に変更しました」. */
export function describeAudit(entry: AuditEntry, t: T): string {
  const key = ACTIONS[entry.action] ?? 'audit.other';
  return t(key, {
    actor: entry.actor.display_name,
    subject: entry.subject.display_name,
    old: valueWords(entry.action, entry.old, t),
    new: valueWords(entry.action, entry.new, t),
  });
}

/** What a person with `role` may see, for the confirmation of a role change. */
export function roleAccess(role: Role): MessageKey {
  return `role.access.${role}`;
}
