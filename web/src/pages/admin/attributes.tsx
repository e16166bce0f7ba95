// Admin: the protected attributes form under the users table (gender, age band for the fairness analysis).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { ProtectedAttributes, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox, Notice } from '../../components/ui';
// The fixed choices the server accepts; 'undisclosed' is 回答しない.
import { AGE_BANDS, GENDERS } from '../../lib/ethics';

function known(choices: readonly string[], value: string | null | undefined): string {
  return value && choices.includes(value) ? value : '';
}

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
        // A value stored before the fixed choices existed shows as not entered until it is chosen again.
        setGender(known(GENDERS, a.gender));
        setAgeBand(known(AGE_BANDS, a.age_band));
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
      await api.put(`/users/${userId}/attributes`, { gender: gender || null, age_band: ageBand || null });
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
          <select value={gender} onChange={(e) => setGender(e.target.value)} disabled={!userId}>
            <option value="">{t('attr.unset')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {t(`attr.gender.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.ageBand')}
          <select value={ageBand} onChange={(e) => setAgeBand(e.target.value)} disabled={!userId}>
            <option value="">{t('attr.unset')}</option>
            {AGE_BANDS.map((a) => (
              <option key={a} value={a}>
                {t(`attr.age.${a}`)}
              </option>
            ))}
          </select>
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
