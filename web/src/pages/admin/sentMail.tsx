// Admin: 送信メール (issue 15) — the log of every mail Mendan sent for this tenant (kind, recipient, time,
// sent or not), newest first, older lines on request; where the installation keeps copies, each one can be saved
// as an .eml file that any mail program opens.
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../../api/client';
import type { User } from '../../api/types';
import { useI18n } from '../../i18n';
import { appendPage, formatJst, mailKindKey, mailStateKey, sentPath, type SentMail as Line } from '../../lib/mail';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle } from '../../components/ui';
import { MailDomainCard } from './mailDomain';

export function SentMail() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  // names beside the addresses, when the list of users can be read; the address alone otherwise
  const users = useLoad(() => api.get<User[]>('/users').catch(() => [] as User[]), [api]);
  const [lines, setLines] = useState<Line[] | null>(null);
  const [before, setBefore] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** null until a save was tried; false once the server said it keeps no copies (AWS: SES keeps none). */
  const [copiesKept, setCopiesKept] = useState<boolean | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  async function load(from: string | null) {
    setBusy(true);
    setError(null);
    try {
      const page = await api.get<Line[]>(sentPath(from));
      const next = appendPage(from ? (lines ?? []) : [], page);
      setLines(next.lines);
      setBefore(next.before);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void load(null);
  }, [api]);

  async function save(line: Line) {
    setSaving(line.id);
    setSaveError(null);
    try {
      const blob = await api.getBlob(`/mail/sent/${encodeURIComponent(line.id)}/message`);
      setCopiesKept(true);
      const url = URL.createObjectURL(new Blob([blob], { type: 'message/rfc822' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${line.id}.eml`;
      document.body.append(a);
      a.click();
      a.remove();
      // the browser has the file once the click is handled; the address is freed after it
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      const problem = err as ApiError;
      // the first answer decides: 404 for a line the log lists means this installation keeps no copies
      if (problem.status === 404 && copiesKept === null) setCopiesKept(false);
      else setSaveError(problem);
    } finally {
      setSaving(null);
    }
  }

  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.display_name ?? null;

  return (
    <div className="page">
      <PageTitle>{t('mail.title')}</PageTitle>
      <p className="muted">{t('mail.intro')}</p>
      {copiesKept === false && (
        <p className="notice" data-testid="mail-not-kept">
          {t('mail.notKeptNote')}
        </p>
      )}
      <ErrorBox error={saveError} />
      {lines === null && !error ? (
        <Loading />
      ) : lines && lines.length === 0 ? (
        <p>{t('mail.empty')}</p>
      ) : lines ? (
        <div className="table-wrap stack-wrap">
          {/* Below 720 px each row becomes a card; the explicit roles keep the table semantics that display:block drops. */}
          <table className="stack-table" role="table" data-testid="sent-mail">
            <caption className="sr-only">{t('mail.title')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('mail.at')}</th>
                <th scope="col" role="columnheader">{t('mail.kind')}</th>
                <th scope="col" role="columnheader">{t('mail.to')}</th>
                <th scope="col" role="columnheader">{t('mail.state')}</th>
                {/* no column where nothing can be saved: the notice above says why */}
                {copiesKept !== false && <th scope="col" role="columnheader">{t('mail.copy')}</th>}
              </tr>
            </thead>
            <tbody role="rowgroup">
              {lines.map((m) => {
                const name = nameOf(m.recipient_id);
                const at = formatJst(m.at, lang);
                const kind = t(mailKindKey(m.kind));
                return (
                  <tr key={m.id} role="row" data-mail-kind={m.kind} data-mail-to={m.to} data-mail-id={m.id}>
                    <td role="cell" data-label={t('mail.at')}>
                      <time dateTime={m.at}>{at}</time>
                    </td>
                    <td role="cell" data-label={t('mail.kind')}>{kind}</td>
                    <td role="cell" data-label={t('mail.to')} className="break">
                      {/* one element, so the phone card's grid keeps name and address together beside the label */}
                      <span className="mail-to">
                        {name && <span>{name}</span>}
                        <span className={name ? 'muted' : undefined}>{m.to}</span>
                      </span>
                    </td>
                    <td role="cell" data-label={t('mail.state')}>
                      <span className={`badge mail-${m.state}`}>{t(mailStateKey(m.state))}</span>
                    </td>
                    {copiesKept !== false && (
                      <td role="cell" data-label={t('mail.copy')}>
                        {m.state !== 'sent' || !m.message_id ? (
                          <span className="muted">{t('mail.noCopy')}</span>
                        ) : (
                          <button
                            type="button"
                            className="secondary small"
                            disabled={saving !== null}
                            aria-label={t('mail.saveLabel', { kind, to: m.to, at })}
                            onClick={() => void save(m)}
                          >
                            {saving === m.id ? t('mail.saving') : t('mail.save')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorBox error={error} onRetry={() => void load(lines && lines.length ? before : null)} />
      {before ? (
        <p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void load(before)}>
            {busy ? t('app.loading') : t('mail.more')}
          </button>
        </p>
      ) : lines && lines.length > 0 ? (
        <p className="muted">{t('mail.end')}</p>
      ) : null}
      <MailDomainCard />
    </div>
  );
}

/**
 * The way to the log, beside the activity log on the users page: the header menu has no room left at 1280 px
 * (it must stay one line in English too), and both are records of what happened in the organisation.
 */
export function SentMailCard() {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="sent-mail-h" data-testid="sent-mail-card">
      <h2 id="sent-mail-h">{t('mail.title')}</h2>
      <p className="muted">{t('mail.cardIntro')}</p>
      <p>
        <Link href="/admin/mail">{t('mail.open')}</Link>
      </p>
    </section>
  );
}
