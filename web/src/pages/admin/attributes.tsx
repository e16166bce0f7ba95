// Admin: the protected attributes form under the users table (gender, age band for the fairness analysis).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { ProtectedAttributes, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox, Notice } from '../../components/ui';

/** Protected attributes (gender, age band): kept apart from the profile, used only for the fairness analysis. */
/** `onSaved` lets the page show the new activity-log entry. */
export function AttributesForm({ users, onSaved }: { users: User[]; onSaved?: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [userId, setUserId] = useState('');
  const [gender, setGender] = useState('');
  const [ageBand, setAgeBand] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setSaved(false);
    setError(null);
    if (!userId) return;
    let live = true;
    api
      .get<ProtectedAttributes>(`/users/${userId}/attributes`)
      .then((a) => {
        if (!live) return;
        setGender(a.gender ?? '');
        setAgeBand(a.age_band ?? '');
      })
      .catch((e: ApiError) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, userId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.put(`/users/${userId}/attributes`, { gender: gender.trim() || null, age_band: ageBand.trim() || null });
      setSaved(true);
      onSaved?.();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="attr-h">
      <h2 id="attr-h">{t('users.attributes')}</h2>
      <p className="muted">{t('users.attributesNote')}</p>
      <form className="form grid2" onSubmit={save}>
        <label>
          {t('users.attrUser')}
          <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="" disabled>
              —
            </option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.gender')}
          <input value={gender} maxLength={40} onChange={(e) => setGender(e.target.value)} disabled={!userId} />
        </label>
        <label>
          {t('users.ageBand')}
          <input value={ageBand} maxLength={40} onChange={(e) => setAgeBand(e.target.value)} disabled={!userId} />
        </label>
        <div className="actions">
          <button type="submit" disabled={!userId}>
            {t('app.save')}
          </button>
        </div>
      </form>
      {saved && <Notice>{t('users.attrSaved')}</Notice>}
      <ErrorBox error={error} />
    </section>
  );
}
