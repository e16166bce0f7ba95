// Admin: the activity log — consequential admin actions in plain words, newest first, older pages on request.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client';
import type { AuditEntry, AuditPage } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox, Loading, formatDateTime } from '../../components/ui';
import { describeAudit } from '../../lib/audit';

/** `version` changes whenever the page changed something, so the newest entries are read again. */
export function ActivityLog({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(before: string | null) {
    setBusy(true);
    setError(null);
    try {
      const page = await api.get<AuditPage>(before ? `/audit?before=${encodeURIComponent(before)}` : '/audit');
      setEntries((old) => (before ? [...(old ?? []), ...page.entries] : page.entries));
      setNext(page.next_before);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void load(null);
  }, [api, version]);

  return (
    <section className="card" aria-labelledby="audit-h" data-testid="activity-log">
      <h2 id="audit-h">{t('audit.title')}</h2>
      <p className="muted">{t('audit.intro')}</p>
      {entries === null && !error ? (
        <Loading />
      ) : entries && entries.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <ol className="audit-log">
          {entries?.map((e) => (
            <li key={e.id} data-audit={e.action}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
              {describeAudit(e, t)}
            </li>
          ))}
        </ol>
      )}
      <ErrorBox error={error} onRetry={() => void load(null)} />
      {next && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void load(next)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
