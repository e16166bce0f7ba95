// Admin: the tenant's video call settings on the question sets page (the server's copy of calls, the live hints'
// talk share limit).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { CallPolicy } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';

export function CallSettings() {
  const { t } = useI18n();
  const { api } = useSession();
  const policy = useLoad(() => api.get<CallPolicy>('/calls/settings'), [api]);
  const [serverCopy, setServerCopy] = useState(false);
  const [limit, setLimit] = useState(50);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!policy.data) return;
    setServerCopy(policy.data.server_copy);
    setLimit(policy.data.talk_share_limit);
  }, [policy.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.put<CallPolicy>('/calls/settings', { server_copy: serverCopy, talk_share_limit: limit });
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="call-settings-h">
      <h2 id="call-settings-h">{t('callSettings.title')}</h2>
      {policy.loading && !policy.data ? (
        <Loading />
      ) : policy.error ? (
        <ErrorBox error={policy.error} onRetry={policy.reload} />
      ) : (
        <form className="form" onSubmit={save}>
          <label>
            {t('callSettings.talkLimit')}
            <input
              type="number"
              name="talk_share_limit"
              min={20}
              max={80}
              required
              value={limit}
              aria-describedby="talk-limit-help"
              onChange={(e) => setLimit(Number(e.target.value))}
            />
          </label>
          <p id="talk-limit-help" className="muted check-help">
            {t('callSettings.talkLimitHelp')}
          </p>
          <label className="check">
            <input
              type="checkbox"
              name="server_copy"
              checked={serverCopy}
              aria-describedby="server-copy-help"
              onChange={(e) => setServerCopy(e.target.checked)}
            />
            {t('callSettings.serverCopy')}
          </label>
          <p id="server-copy-help" className="muted check-help">
            {t('callSettings.serverCopyHelp')}
          </p>
          <div className="actions">
            <button type="submit">{t('app.save')}</button>
          </div>
          {saved && <Notice>{t('callSettings.saved')}</Notice>}
          <ErrorBox error={error} />
        </form>
      )}
    </section>
  );
}
