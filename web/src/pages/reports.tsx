/**
 * Reports (帳票作成): a Teams/Zoom meeting transcript classified into the tenant's report items, written by the
 * server as an Excel workbook. Admins edit the items; admins and interviewers make and download reports.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import type { Report, ReportItem, ReportItems } from '../api/types';
import { useOffered } from '../api/offers';
import { useI18n, type MessageKey } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, Unavailable, formatDateTime } from '../components/ui';
import { MAX_TRANSCRIPT_BYTES, TRANSCRIPT_ACCEPT, decodeTranscript, formatFromFileName } from '../lib/transcript';
import { anyPending, cleanItems, downloadKind, itemProblem, keywordsFromText, keywordsToText, reportFileName } from '../lib/reports';

const POLL_MS = 2000;

export function Reports() {
  const { t } = useI18n();
  const { me } = useSession();
  const offered = useOffered('GET', '/reports');
  return (
    <div className="page">
      <PageTitle>{t('rep.title')}</PageTitle>
      <p>{t('rep.intro')}</p>
      {offered === null ? (
        <Loading />
      ) : offered === false ? (
        <Unavailable title={t('rep.title')} text={t('rep.unavailable')} />
      ) : (
        <ReportsBody admin={me?.role === 'admin'} />
      )}
    </div>
  );
}

function ReportsBody({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const { api } = useSession();
  const list = useLoad(() => api.get<{ reports: Report[] }>('/reports'), [api]);
  const reports = list.data?.reports ?? [];
  const pending = anyPending(reports);

  // Reports are written in the background: poll while one is pending.
  useEffect(() => {
    if (!pending) return;
    const h = window.setTimeout(list.reload, POLL_MS);
    return () => window.clearTimeout(h);
  }, [pending, list.data]);

  return (
    <>
      <div className="two-col">
        <NewReport onCreated={list.reload} />
        <ItemsCard admin={admin} />
      </div>
      <section className="card" aria-labelledby="rep-list-h">
        <div className="toolbar">
          <h2 id="rep-list-h">{t('rep.list')}</h2>
          <button type="button" className="secondary small" onClick={list.reload}>
            {t('detail.refresh')}
          </button>
        </div>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ErrorBox error={list.error} onRetry={list.reload} />
        ) : !reports.length ? (
          <p>{t('rep.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t('rep.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rep.reportTitle')}</th>
                  <th scope="col">{t('rep.created')}</th>
                  <th scope="col">{t('rep.state')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('rep.download')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <ReportRow key={r.id} report={r} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pending && <p className="muted" role="status">{t('rep.polling')}</p>}
      </section>
    </>
  );
}

function ReportRow({ report }: { report: Report }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.get<Report>(`/reports/${report.id}`);
      if (!r.download) {
        setError(t('rep.noDownload'));
        return;
      }
      const name = reportFileName(report.title);
      const a = document.createElement('a');
      a.download = name;
      let objectUrl: string | null = null;
      if (downloadKind(r.download) === 'link') {
        a.href = r.download.url;
      } else {
        const res = await fetch(r.download.url, { method: r.download.method, headers: r.download.headers });
        if (!res.ok) throw new Error(t('rep.downloadFailed', { status: res.status }));
        objectUrl = URL.createObjectURL(await res.blob());
        a.href = objectUrl;
      }
      document.body.appendChild(a);
      a.click();
      a.remove();
      if (objectUrl) window.setTimeout(() => URL.revokeObjectURL(objectUrl as string), 10000);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-report-state={report.state} data-report={report.id}>
      <td>{report.title}</td>
      <td>{formatDateTime(report.created_at, lang)}</td>
      <td>
        <span className={`badge report-${report.state}`}>{t(`rep.state.${report.state}` as MessageKey)}</span>
        {report.state === 'failed' && report.error && <p className="error-text">{report.error}</p>}
      </td>
      <td>
        {report.state === 'ready' && (
          <button type="button" className="small" onClick={download} disabled={busy}>
            {t('rep.download')}
            <span className="sr-only">: {report.title}</span>
          </button>
        )}
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

function NewReport({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!file) return setError(t('sum.chooseFile'));
    const format = formatFromFileName(file.name);
    if (!format) return setError(t('sum.badExtension', { name: file.name }));
    if (file.size > MAX_TRANSCRIPT_BYTES) return setError(t('sum.tooLarge', { mb: MAX_TRANSCRIPT_BYTES / 1048576 }));
    setBusy(true);
    try {
      const text = decodeTranscript(new Uint8Array(await file.arrayBuffer()));
      const r = await api.post<Report>('/reports', { title: title.trim(), format, text });
      setNotice(t('rep.requested', { title: r.title }));
      setTitle('');
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onCreated();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('rep.new')}</h2>
      <form className="form" onSubmit={submit}>
        <label>
          {t('rep.reportTitle')}
          <input type="text" name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('rep.file')}
          <input ref={fileRef} type="file" name="transcript" accept={TRANSCRIPT_ACCEPT} aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <p id={`${id}-hint`} className="muted">
          {t('sum.fileHint')}
        </p>
        <ErrorBox error={error} />
        {notice && <Notice>{notice}</Notice>}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('sum.uploading') : t('rep.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

interface EditRow {
  key: number;
  name: string;
  description: string;
  keywords: string;
}
let rowKey = 0;
const toRow = (it: ReportItem): EditRow => ({ key: ++rowKey, name: it.name, description: it.description, keywords: keywordsToText(it.keywords) });
const fromRow = (r: EditRow): ReportItem => ({ name: r.name, description: r.description, keywords: keywordsFromText(r.keywords) });

/** The items a transcript is classified into: an editor for admins, a list for interviewers. */
function ItemsCard({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const loaded = useLoad(() => api.get<ReportItems>('/reports/items'), [api]);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) setRows(loaded.data.items.map(toRow));
  }, [loaded.data]);

  const set = (key: number, patch: Partial<EditRow>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const items = rows.map(fromRow);
    const problem = itemProblem(items);
    if (problem) return setError(t(`rep.item.${problem.kind}` as MessageKey, { n: problem.row + 1 }));
    setBusy(true);
    try {
      const r = await api.put<ReportItems>('/reports/items', { items: cleanItems(items) });
      setRows(r.items.map(toRow));
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card report-items" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('rep.items')}</h2>
      <p className="muted">{t('rep.itemsHelp')}</p>
      {loaded.loading && !loaded.data ? (
        <Loading />
      ) : loaded.error ? (
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      ) : !admin ? (
        !rows.length ? (
          <p>{t('rep.noItems')}</p>
        ) : (
          <ul className="plain">
            {loaded.data?.items.map((it) => (
              <li key={it.name} className="report-item">
                <strong>{it.name}</strong>
                {it.description && <> — {it.description}</>}
                <br />
                <span className="muted">{t('rep.keywordsList', { keywords: it.keywords.join('、') })}</span>
              </li>
            ))}
          </ul>
        )
      ) : (
        <form className="form" onSubmit={save}>
          {!rows.length && <p>{t('rep.noItemsAdmin')}</p>}
          {rows.map((r, i) => (
            <fieldset key={r.key} className="item-row">
              <legend>{t('rep.item', { n: i + 1 })}</legend>
              <label>
                {t('rep.itemName')}
                <input type="text" required maxLength={100} value={r.name} onChange={(e) => set(r.key, { name: e.target.value })} />
              </label>
              <label>
                {t('rep.itemDescription')}
                <input type="text" maxLength={500} value={r.description} onChange={(e) => set(r.key, { description: e.target.value })} />
              </label>
              <label>
                {t('rep.itemKeywords')}
                <input type="text" maxLength={1000} value={r.keywords} onChange={(e) => set(r.key, { keywords: e.target.value })} />
              </label>
              <button type="button" className="secondary small" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                {t('rep.removeItem', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <ErrorBox error={error} />
          {saved && <Notice>{t('rep.itemsSaved')}</Notice>}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setRows((rs) => [...rs, toRow({ name: '', description: '', keywords: [] })])}>
              {t('rep.addItem')}
            </button>
            <button type="submit" disabled={busy}>
              {t('rep.saveItems')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
