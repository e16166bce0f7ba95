// Admin: the users page — invite people, change roles, disable accounts (a card per row on phones).
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { ROLES, type Invitation, type Role, type User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { AttributesForm } from './attributes';

export function Users() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('interviewee');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);

  async function invite(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const inv = await api.post<Invitation>('/users', {
        email: email.trim(),
        display_name: name.trim(),
        role,
        password: password ? password : null,
      });
      setDone(inv);
      setEmail('');
      setName('');
      setPassword('');
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function disable(u: User) {
    if (!window.confirm(t('users.confirmDisable', { name: u.display_name }))) return;
    setError(null);
    try {
      await api.post(`/users/${u.id}/disable`);
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  async function changeRole(u: User, r: Role) {
    setError(null);
    try {
      await api.patch(`/users/${u.id}`, { role: r });
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('users.title')}</PageTitle>
      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">{t('users.invite')}</h2>
        <form className="form grid2" onSubmit={invite}>
          <label>
            {t('users.email')}
            <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('users.name')}
            <input name="display_name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('users.role')}
            <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('users.password')}
            <input type="text" name="password" minLength={12} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('users.submit')}
            </button>
          </div>
        </form>
        {done && (
          <Notice>
            {t('users.invited', { name: done.user.display_name })}
            {done.temporary_password && (
              <span className="temp-password">
                <span>
                  {t('users.tempPasswordLabel')}:{' '}
                  <code data-temporary-password={done.temporary_password} translate="no">
                    {done.temporary_password}
                  </code>
                </span>
                <span>{t('users.tempPasswordNote')}</span>
              </span>
            )}
          </Notice>
        )}
        <ErrorBox error={error} />
      </section>
      {users.loading && !users.data ? (
        <Loading />
      ) : users.error ? (
        <ErrorBox error={users.error} onRetry={users.reload} />
      ) : (
        <div className="table-wrap stack-wrap">
          {/* Below 720 px each row becomes a card; the explicit roles keep the table semantics that display:block drops. */}
          <table className="stack-table" role="table">
            <caption className="sr-only">{t('users.title')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('users.name')}</th>
                <th scope="col" role="columnheader">{t('users.email')}</th>
                <th scope="col" role="columnheader">{t('users.role')}</th>
                <th scope="col" role="columnheader">{t('users.state')}</th>
                <th scope="col" role="columnheader">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {users.data?.map((u) => (
                <tr key={u.id} data-email={u.email} role="row">
                  <td role="cell" data-label={t('users.name')}>{u.display_name}</td>
                  <td role="cell" data-label={t('users.email')} className="break">{u.email}</td>
                  <td role="cell" data-label={t('users.role')}>
                    {u.id === me?.id ? (
                      t(`role.${u.role}`)
                    ) : (
                      <select
                        aria-label={`${t('users.role')}: ${u.display_name}`}
                        value={u.role}
                        disabled={u.disabled}
                        onChange={(e) => changeRole(u, e.target.value as Role)}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td role="cell" data-label={t('users.state')}>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  <td role="cell" data-label={t('users.actions')}>
                    {!u.disabled && u.id !== me?.id && (
                      <button type="button" className="secondary small" onClick={() => disable(u)}>
                        {t('users.disable')}
                        <span className="sr-only">: {u.display_name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data && <AttributesForm users={users.data} />}
    </div>
  );
}
