// Admin users page: invitations from a CSV file (issue 14 item 8). The file is read in the browser (UTF-8 or
// Shift_JIS), every row is checked and shown before anything is sent, then the rows without problems are sent
// one by one (POST /users) with the progress in a live region and a result per row — temporary passwords shown
// this once. A refused row (a duplicate the server found, say) is reported and the others go on.
import { useState, type ChangeEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { Invitation, User } from '../../api/types';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/ja';
import { useSession } from '../../session';
import { ErrorBox, Notice } from '../../components/ui';
import { decodeCsvBytes, parseCsv } from '../../lib/csv';
import { readImport, type ImportRow } from '../../lib/userImport';

/** A bigger file is not a list of up to 500 people. */
const MAX_BYTES = 512 * 1024;

type Outcome = { kind: 'invited'; password: string | null } | { kind: 'skipped' } | { kind: 'failed'; reason: string };

export function UserImportPanel({ users, onInvited }: { users: User[]; onInvited: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [rows, setRows] = useState<ImportRow[] | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [sending, setSending] = useState(false);
  const [finished, setFinished] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const sendable = rows?.filter((r) => !r.problems.length && r.role) ?? [];
  const done = outcomes.length;

  function reset() {
    setRows(null);
    setProblem(null);
    setOutcomes([]);
    setFinished(false);
    setInputKey((k) => k + 1);
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setRows(null);
    setOutcomes([]);
    setFinished(false);
    setProblem(null);
    if (!file) return;
    if (file.size > MAX_BYTES) return setProblem('import.tooMany');
    try {
      const { text } = decodeCsvBytes(await file.arrayBuffer());
      const read = readImport(parseCsv(text), users);
      if (read.ok) setRows(read.rows);
      else setProblem(read.problem);
    } catch {
      setProblem('import.unreadable');
    }
  }

  async function send() {
    if (!rows) return;
    setSending(true);
    setOutcomes([]);
    const results: Outcome[] = [];
    for (const row of rows) {
      let outcome: Outcome;
      if (row.problems.length || !row.role) outcome = { kind: 'skipped' };
      else {
        try {
          const inv = await api.post<Invitation>('/users', { email: row.email, display_name: row.name, role: row.role, password: null });
          outcome = { kind: 'invited', password: inv.temporary_password ?? null };
        } catch (err) {
          outcome = { kind: 'failed', reason: (err as ApiError).message };
        }
      }
      results.push(outcome);
      setOutcomes([...results]);
    }
    setSending(false);
    setFinished(true);
    onInvited();
  }

  const invited = outcomes.filter((o) => o.kind === 'invited').length;
  return (
    <section className="card" aria-labelledby="import-h">
      <h2 id="import-h">{t('import.title')}</h2>
      <p className="muted">{t('import.help')}</p>
      <label className="form">
        {t('import.file')}
        <input key={inputKey} type="file" name="csv" accept=".csv,text/csv" onChange={(e) => void choose(e)} disabled={sending} />
      </label>
      {problem && <ErrorBox error={t(problem)} />}
      {rows && (
        <>
          {/* scrolls sideways on phones: focusable so the keyboard can scroll it too */}
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('import.preview', { n: rows.length })}>
            <table className="import-rows" data-testid="import-preview">
              <caption>{t('import.preview', { n: rows.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('csv.users.email')}</th>
                  <th scope="col">{t('csv.users.name')}</th>
                  <th scope="col">{t('csv.users.role')}</th>
                  <th scope="col">{t('import.problems')}</th>
                  {done > 0 && <th scope="col">{t('import.result')}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.line} data-import-line={r.line}>
                    <td>{r.line}</td>
                    <td className="break">{r.email}</td>
                    <td>{r.name}</td>
                    <td>{r.role ? t(`role.${r.role}`) : r.roleText}</td>
                    <td className={r.problems.length ? 'problem' : 'ok'}>{r.problems.length ? r.problems.map((p) => t(p)).join('、') : t('import.ok')}</td>
                    {done > 0 && <td data-import-result={outcomes[i]?.kind ?? ''}>{outcomes[i] && <OutcomeText outcome={outcomes[i]} />}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p role="status" aria-live="polite" data-testid="import-progress">
            {sending || finished ? t('import.progress', { done, total: rows.length }) : ''}
          </p>
          {finished && (
            <Notice>
              <span data-testid="import-summary">{t('import.summary', { ok: invited, skipped: rows.length - invited })}</span>
              {outcomes.some((o) => o.kind === 'invited' && o.password) && <span> {t('users.tempPasswordNote')}</span>}
            </Notice>
          )}
          <div className="actions">
            {!finished && (
              <button type="button" disabled={sending || !sendable.length} onClick={() => void send()}>
                {t('import.send', { n: sendable.length })}
              </button>
            )}
            <button type="button" className="secondary" disabled={sending} onClick={reset}>
              {t('import.clear')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function OutcomeText({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  if (outcome.kind === 'skipped') return <>{t('import.skipped')}</>;
  if (outcome.kind === 'failed') return <span className="problem">{t('import.failed', { reason: outcome.reason })}</span>;
  return (
    <>
      {t('import.invited')}
      {outcome.password && (
        <>
          {' '}
          <span>{t('users.tempPasswordLabel')}: </span>
          <code data-temporary-password={outcome.password} translate="no">
            {outcome.password}
          </code>
        </>
      )}
    </>
  );
}
