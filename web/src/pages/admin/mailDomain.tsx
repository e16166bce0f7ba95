// Admin: the organisation's mail domain (issue 15) — save it, then register the DNS records shown (DKIM, the
// MAIL FROM subdomain's MX and SPF, a suggested DMARC policy), with how far the mail service got.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { domainStateKey, recordPurposeKey, recordStateKey, type MailDomainSetup } from '../../lib/mailDomain';

export function MailDomainCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const setup = useLoad(() => api.get<MailDomainSetup>('/mail-domain'), [api]);
  const [domain, setDomain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.put('/mail-domain', { domain: domain.trim() });
      setSaved(true);
      setDomain('');
      setup.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(value);
    } catch {
      setCopied(null); // no clipboard (an insecure origin): the value stays selectable in the table
    }
  }

  const current = setup.data;
  return (
    <section className="card" aria-labelledby="mail-domain-h" data-testid="mail-domain">
      <h2 id="mail-domain-h">{t('domain.title')}</h2>
      <p className="muted">{t('domain.intro')}</p>
      {setup.loading && !current ? <Loading /> : null}
      {current && (
        <p>
          {current.domain ? (
            <>
              <strong translate="no">{current.domain}</strong>: <span data-testid="mail-domain-state">{t(domainStateKey(current.state))}</span>
            </>
          ) : (
            t('domain.none')
          )}
        </p>
      )}
      <form className="form grid2" onSubmit={save}>
        <label>
          {t('domain.field')}
          <input name="domain" required maxLength={253} placeholder="example.co.jp" value={domain} onChange={(e) => setDomain(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('domain.save')}
          </button>
        </div>
      </form>
      {saved && <Notice>{t('domain.saved')}</Notice>}
      <ErrorBox error={error ?? setup.error} />
      {current && current.records.length > 0 && (
        <div className="table-wrap">
          <table data-testid="mail-domain-records">
            <caption>{t('domain.records')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('domain.type')}</th>
                <th scope="col">{t('domain.name')}</th>
                <th scope="col">{t('domain.value')}</th>
                <th scope="col">{t('domain.purpose')}</th>
                <th scope="col">{t('domain.state')}</th>
              </tr>
            </thead>
            <tbody>
              {current.records.map((r) => (
                <tr key={`${r.type} ${r.name} ${r.value}`}>
                  <td translate="no">{r.type}</td>
                  <td className="break" translate="no">
                    <code lang="zxx">{r.name}</code>{' '}
                    <button type="button" className="secondary small" onClick={() => void copy(r.name)}>
                      {t('domain.copy')}
                      <span className="sr-only">: {r.name}</span>
                    </button>
                  </td>
                  <td className="break" translate="no">
                    <code lang="zxx">{r.value}</code>{' '}
                    <button type="button" className="secondary small" onClick={() => void copy(r.value)}>
                      {t('domain.copy')}
                      <span className="sr-only">: {r.value}</span>
                    </button>
                  </td>
                  <td>{t(recordPurposeKey(r.purpose))}</td>
                  <td>{t(recordStateKey(r.state))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {copied && (
        <p className="sr-only" role="status">
          {t('domain.copied')}
        </p>
      )}
    </section>
  );
}
