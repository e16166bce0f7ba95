// Admin: the users page — invite people (one by one or from a CSV file), change names and roles (after a
// confirmation, with undo), disable accounts, turn off someone's authenticator-app sign-in (a lost phone), all with a
// card per row on phones; search, filter, page through and export the list, and the activity log of those actions.
import { useMemo, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { ROLES, type Invitation, type Role, type User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Pager } from '../../components/Pager';
import { roleAccess } from '../../lib/audit';
import { downloadCsv } from '../../lib/csv';
import { csvFileName, usersCsv } from '../../lib/exports';
import { matchesQuery, paginate } from '../../lib/listing';
import { UserImportPanel } from './userImportPanel';
import { UserName } from './userName';
import { ActivityLog } from './activityLog';
import { SentMailCard } from './sentMail';
import { AttributesForm } from './attributes';
import { UndeliverableNote, type Undeliverable } from './undeliverable';

/** A role change: asked about before it happens, offered for undo after. */
interface RoleChange {
  user: User;
  from: Role;
  to: Role;
}

export function Users() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  // addresses mail no longer goes to (a permanent bounce or a complaint); none where nothing was reported
  const undeliverable = useLoad(() => api.get<Undeliverable[]>('/mail/undeliverable').catch(() => [] as Undeliverable[]), [api]);
  // issue 14 item 8: search, filters and paging of the table, all in the browser
  const [query, setQuery] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | ''>('');
  const [stateFilter, setStateFilter] = useState<'' | 'active' | 'disabled'>('');
  const [pageNo, setPageNo] = useState(1);
  const [renamed, setRenamed] = useState<{ from: string; to: string } | null>(null);
  const shown = useMemo(
    () =>
      (users.data ?? []).filter(
        (u) =>
          matchesQuery(query, [u.display_name, u.email]) &&
          (!roleFilter || u.role === roleFilter) &&
          (!stateFilter || (stateFilter === 'disabled') === u.disabled),
      ),
    [users.data, query, roleFilter, stateFilter],
  );
  const page = paginate(shown, pageNo);
  /** A filter changed: back to the first page. */
  const filter = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    setPageNo(1);
  };
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('interviewee');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<RoleChange | null>(null);
  const [changed, setChanged] = useState<{ change: RoleChange; undone: boolean } | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [disabled, setDisabled] = useState<string | null>(null);
  /** The person whose authenticator-app sign-in is about to be turned off (the dialog is open), and who was last. */
  const [resettingMfa, setResettingMfa] = useState<User | null>(null);
  const [mfaReset, setMfaReset] = useState<string | null>(null);
  // bumped after every change, so the activity log reads its newest entries again
  const [logVersion, setLogVersion] = useState(0);

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
      setLogVersion((v) => v + 1);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  /** After the confirmation dialog: disabling cannot be undone from this page. */
  async function disable(u: User) {
    setDisabling(null);
    setError(null);
    setChanged(null);
    setDisabled(null);
    setMfaReset(null);
    try {
      await api.post(`/users/${u.id}/disable`);
      setDisabled(u.display_name);
      users.reload();
      setLogVersion((v) => v + 1);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  /** After the confirmation dialog: sign-in stops asking this person for an authenticator app's code (a lost phone). */
  async function resetMfa(u: User) {
    setResettingMfa(null);
    setError(null);
    setChanged(null);
    setDisabled(null);
    setMfaReset(null);
    try {
      await api.post(`/users/${u.id}/mfa/reset`);
      setMfaReset(u.display_name);
      setLogVersion((v) => v + 1);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  /** Sets the role; `undo` says it is the undo of `change` (from `to` back to `from`). */
  async function applyRole(change: RoleChange, undo: boolean) {
    setError(null);
    setChanged(null);
    setDisabled(null);
    setMfaReset(null);
    try {
      await api.patch(`/users/${change.user.id}`, { role: undo ? change.from : change.to });
      setChanged({ change, undone: undo });
    } catch (err) {
      setError(err as ApiError);
    }
    users.reload();
    setLogVersion((v) => v + 1);
  }

  function confirmRole() {
    if (!asking) return;
    setAsking(null);
    void applyRole(asking, false);
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
              <RoleOptions />
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
      {changed && (
        <Notice>
          <span data-testid="role-changed">
            {changed.undone
              ? t('users.roleRestored', { name: changed.change.user.display_name, to: t(`role.${changed.change.from}`) })
              : t('users.roleChanged', {
                  name: changed.change.user.display_name,
                  from: t(`role.${changed.change.from}`),
                  to: t(`role.${changed.change.to}`),
                })}
          </span>{' '}
          {!changed.undone && (
            <button type="button" className="secondary small" onClick={() => void applyRole(changed.change, true)}>
              {t('users.undo')}
            </button>
          )}
        </Notice>
      )}
      {disabled && (
        <Notice>
          <span data-testid="user-disabled">{t('users.disabledDone', { name: disabled })}</span>
        </Notice>
      )}
      {mfaReset && (
        <Notice>
          <span data-testid="mfa-reset">{t('users.mfaResetDone', { name: mfaReset })}</span>
        </Notice>
      )}
      {resettingMfa && (
        <ConfirmDialog
          title={t('users.mfaDialog.title')}
          confirmLabel={t('users.mfaDialog.confirm')}
          cancelLabel={t('users.mfaDialog.cancel')}
          onConfirm={() => void resetMfa(resettingMfa)}
          onCancel={() => setResettingMfa(null)}
        >
          <p>{t('users.mfaDialog.body', { name: resettingMfa.display_name })}</p>
        </ConfirmDialog>
      )}
      {disabling && (
        <ConfirmDialog
          title={t('users.disableDialog.title')}
          confirmLabel={t('users.disableDialog.confirm')}
          cancelLabel={t('users.disableDialog.cancel')}
          onConfirm={() => void disable(disabling)}
          onCancel={() => setDisabling(null)}
          danger
        >
          <p>{t('users.disableDialog.body', { name: disabling.display_name })}</p>
        </ConfirmDialog>
      )}
      {asking && (
        <ConfirmDialog
          title={t('users.roleDialog.title')}
          confirmLabel={t('users.roleDialog.confirm')}
          cancelLabel={t('users.roleDialog.cancel')}
          onConfirm={confirmRole}
          onCancel={() => setAsking(null)}
        >
          <p>
            {t('users.roleDialog.change', {
              name: asking.user.display_name,
              from: t(`role.${asking.from}`),
              to: t(`role.${asking.to}`),
            })}
          </p>
          <p>{t('users.roleDialog.sees', { name: asking.user.display_name })}</p>
          <p>
            <strong>{t(roleAccess(asking.to))}</strong>
          </p>
        </ConfirmDialog>
      )}
      {renamed && (
        <Notice>
          <span data-testid="user-renamed">{t('users.renamed', renamed)}</span>
        </Notice>
      )}
      <div className="filters" role="search" aria-label={t('list.filters')}>
        <label>
          {t('users.search')}
          <input type="search" name="q" value={query} onChange={(e) => filter(setQuery)(e.target.value)} />
        </label>
        <label>
          {t('users.filterRole')}
          <select name="role_filter" value={roleFilter} onChange={(e) => filter(setRoleFilter)(e.target.value as Role | '')}>
            <option value="">{t('users.allRoles')}</option>
            <RoleOptions />
          </select>
        </label>
        <label>
          {t('users.filterState')}
          <select name="state_filter" value={stateFilter} onChange={(e) => filter(setStateFilter)(e.target.value as '' | 'active' | 'disabled')}>
            <option value="">{t('users.allStates')}</option>
            <option value="active">{t('users.active')}</option>
            <option value="disabled">{t('users.disabled')}</option>
          </select>
        </label>
        <button type="button" className="secondary" disabled={!shown.length} onClick={() => downloadCsv(csvFileName('users'), usersCsv(shown, t))}>
          {t('list.export')}
        </button>
      </div>
      {users.loading && !users.data ? (
        <Loading />
      ) : users.error ? (
        <ErrorBox error={users.error} onRetry={users.reload} />
      ) : !shown.length ? (
        <p>{t('list.noMatch')}</p>
      ) : (
        <>
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
                {page.items.map((u) => (
                  <tr key={u.id} data-email={u.email} role="row">
                    <td role="cell" data-label={t('users.name')}>
                      <UserName
                        user={u}
                        onRenamed={(from, to) => {
                          setRenamed({ from, to });
                          users.reload();
                          setLogVersion((v) => v + 1);
                        }}
                      />
                    </td>
                    <td role="cell" data-label={t('users.email')} className="break">{u.email}</td>
                    <td role="cell" data-label={t('users.role')}>
                      {u.id === me?.id ? (
                        t(`role.${u.role}`)
                      ) : (
                        <select
                          aria-label={`${t('users.role')}: ${u.display_name}`}
                          value={u.role}
                          disabled={u.disabled}
                          // nothing changes yet: the select keeps showing the stored role until the dialog is confirmed
                          onChange={(e) => setAsking({ user: u, from: u.role, to: e.target.value as Role })}
                        >
                          <RoleOptions />
                        </select>
                      )}
                    </td>
                    <td role="cell" data-label={t('users.state')}>
                      {u.disabled ? t('users.disabled') : t('users.active')}
                      {undeliverable.data
                        ?.filter((b) => b.user_id === u.id && b.email === u.email)
                        .map((b) => (
                          <UndeliverableNote key={b.user_id} entry={b} onCleared={undeliverable.reload} />
                        ))}
                    </td>
                    <td role="cell" data-label={t('users.actions')}>
                      <div className="actions">
                        {!u.disabled && u.id !== me?.id && (
                          <button type="button" className="secondary small" onClick={() => setDisabling(u)}>
                            {t('users.disable')}
                            <span className="sr-only">: {u.display_name}</span>
                          </button>
                        )}
                        {/* for everyone: the API answers "off" also when it was never on */}
                        <button type="button" className="secondary small" onClick={() => setResettingMfa(u)}>
                          {t('users.mfaReset')}
                          <span className="sr-only">: {u.display_name}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} onPage={setPageNo} label={t('users.title')} />
        </>
      )}
      {users.data && (
        <UserImportPanel
          users={users.data}
          onInvited={() => {
            users.reload();
            setLogVersion((v) => v + 1);
          }}
        />
      )}
      {users.data && <AttributesForm users={users.data} onSaved={() => setLogVersion((v) => v + 1)} />}
      <ActivityLog version={logVersion} />
      <SentMailCard />
    </div>
  );
}

/** The roles as options of a select, in the screen's language. */
function RoleOptions() {
  const { t } = useI18n();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </>
  );
}
