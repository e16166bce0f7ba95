// Admin users table: the display name, changed in place (issue 14 item 8) — 表示名を変更 opens a field with 保存 and
// キャンセル; Escape cancels. PATCH /users/{id} {display_name}.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox } from '../../components/ui';

export function UserName({ user, onRenamed }: { user: User; onRenamed: (from: string, to: string) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(user.display_name);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) input.current?.focus();
    else if (wasEditing.current) opener.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const to = name.trim();
    if (!to || to === user.display_name) return setEditing(false);
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/users/${user.id}`, { display_name: to });
      setEditing(false);
      onRenamed(user.display_name, to);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  if (!editing)
    return (
      <span className="inline-edit">
        <span data-testid="user-name">{user.display_name}</span>
        {!user.disabled && (
          <button
            type="button"
            ref={opener}
            className="secondary small"
            onClick={() => {
              setName(user.display_name);
              setError(null);
              setEditing(true);
            }}
          >
            {t('users.rename')}
            <span className="sr-only">: {user.display_name}</span>
          </button>
        )}
      </span>
    );
  return (
    <form className="inline-edit" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}>
      <input
        ref={input}
        name="display_name"
        required
        maxLength={100}
        aria-label={t('users.newName', { name: user.display_name })}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="small" disabled={busy}>
        {t('edit.save')}
      </button>
      <button type="button" className="secondary small" onClick={() => setEditing(false)}>
        {t('edit.cancel')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
