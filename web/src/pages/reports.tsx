/**
 * Reports (帳票作成): a Teams/Zoom meeting transcript classified into the tenant's report items, written by the
 * server as an Excel workbook. Admins edit the items; admins and interviewers make and download reports.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import type { Report, ReportItem, ReportItems, RequestedReport, UploadTicket } from '../api/types';
import { useOffered } from '../api/offers';
import { useI18n, type MessageKey } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, Unavailable, formatDateTime } from '../components/ui';
import { MAX_TRANSCRIPT_BYTES, TRANSCRIPT_ACCEPT, decodeTranscript, formatFromFileName } from '../lib/transcript';
import {
  RECORDING_ACCEPT,
  anyPending,
  cleanItems,
  downloadKind,
  itemProblem,
  keywordsFromText,
  keywordsToText,
  pollDelayMs,
  recordingContentType,
  recordingProblem,
  recordingRefusal,
  reportFileName,
  sourceOf,
  stateKey,
  ticketFromUpload,
} from '../lib/reports';
import { PutError, uploadWithRetry, xhrPut } from '../lib/upload';

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
  const delay = pollDelayMs(reports);

  // Reports are written in the background (recordings are transcribed first, which takes minutes): poll while one
  // is pending.
  useEffect(() => {
    if (delay === null) return;
    const h = window.setTimeout(list.reload, delay);
    return () => window.clearTimeout(h);
  }, [delay, list.data]);

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
                  <th scope="col">{t('rep.source')}</th>
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
    <tr data-report-state={report.state} data-report={report.id} data-report-source={sourceOf(report)}>
      <td>{report.title}</td>
      <td>{formatDateTime(report.created_at, lang)}</td>
      <td>{t(`rep.source.${sourceOf(report)}`)}</td>
      <td>
        <span className={`badge report-${report.state}`}>{t(stateKey(report))}</span>
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

type Source = 'transcript' | 'recording';

/** A requested report from a recording whose file is still to be PUT (kept for "try again"). */
interface RecordingUpload {
  title: string;
  file: File;
  ticket: UploadTicket;
}

/** The upload link cannot be renewed without making another report: the user starts again. */
class LinkExpired extends Error {}

function NewReport({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<Source>('transcript');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A recording's upload: progress while sending (null otherwise), retries, and what failed.
  const [upload, setUpload] = useState<RecordingUpload | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [retrying, setRetrying] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);

  // Leaving the page while a recording is being sent would drop it: ask first.
  useEffect(() => {
    if (progress === null) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [progress === null]);

  function reset() {
    setTitle('');
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  function choose(next: Source) {
    setSource(next);
    setFile(null);
    setError(null);
    setNotice(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    setFailed(null);
    if (!file) return setError(t('sum.chooseFile'));
    if (source === 'recording') return void createFromRecording(file);
    const format = formatFromFileName(file.name);
    if (!format) return setError(t('sum.badExtension', { name: file.name }));
    if (file.size > MAX_TRANSCRIPT_BYTES) return setError(t('sum.tooLarge', { mb: MAX_TRANSCRIPT_BYTES / 1048576 }));
    setBusy(true);
    try {
      const text = decodeTranscript(new Uint8Array(await file.arrayBuffer()));
      const r = await api.post<Report>('/reports', { title: title.trim(), format, text });
      setNotice(t('rep.requested', { title: r.title }));
      reset();
      onCreated();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function createFromRecording(f: File) {
    const problem = recordingProblem(f);
    if (problem) return setError(t(`rep.recording.${problem}`, { name: f.name, gb: (f.size / 1024 ** 3).toFixed(1) }));
    const contentType = recordingContentType(f.name, f.type) as string;
    setBusy(true);
    let requested: RequestedReport;
    try {
      requested = await api.post<RequestedReport>('/reports', { title: title.trim(), recording: { content_type: contentType, size_bytes: f.size } });
    } catch (err) {
      const e = err as ApiError;
      const refusal = recordingRefusal(e);
      setError(refusal === 'unsupported' ? t('rep.recordingUnsupported') : refusal === 'refused' ? t('rep.recordingRefused', { detail: e.message }) : e);
      setBusy(false);
      return;
    }
    if (!requested.upload) {
      setError(t('err.server'));
      setBusy(false);
      return;
    }
    await send({ title: requested.title, file: f, ticket: ticketFromUpload(requested.id, requested.upload) });
  }

  /** PUTs the recording to the report's link (network, 5xx retried by uploadWithRetry; "try again" after it gives up). */
  async function send(u: RecordingUpload) {
    setUpload(u);
    setBusy(true);
    setFailed(null);
    setRetrying(0);
    setProgress(0);
    try {
      await uploadWithRetry(
        {
          sign: () => Promise.reject(new LinkExpired()),
          put: xhrPut(u.file),
        },
        { ticket: u.ticket, onProgress: setProgress, onRetry: (n) => setRetrying(n) },
      );
      setUpload(null);
      setNotice(t('rep.recordingSent', { title: u.title }));
      reset();
      onCreated();
    } catch (err) {
      if (err instanceof LinkExpired) {
        setUpload(null);
        setError(t('rep.linkExpired'));
      } else {
        // The object store's own words are technical: say it in the user's language.
        setFailed(err instanceof PutError ? t(err.status === 0 ? 'err.network' : 'err.server') : (err as Error).message);
      }
    } finally {
      setProgress(null);
      setBusy(false);
    }
  }

  const recording = source === 'recording';
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('rep.new')}</h2>
      <form className="form" onSubmit={submit} data-report-source={source}>
        <label>
          {t('rep.reportTitle')}
          <input type="text" name="title" required maxLength={200} value={title} disabled={busy} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <fieldset className="report-source" disabled={busy}>
          <legend>{t('rep.sourceKind')}</legend>
          {(['transcript', 'recording'] as Source[]).map((k) => (
            <label key={k} className="check">
              <input type="radio" name="source" value={k} checked={source === k} onChange={() => choose(k)} />
              {t(k === 'transcript' ? 'rep.fromTranscript' : 'rep.fromRecording')}
            </label>
          ))}
        </fieldset>
        {recording ? (
          <label key="recording">
            {t('rep.recordingFile')}
            <input ref={fileRef} type="file" name="recording" accept={RECORDING_ACCEPT} disabled={busy} aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
        ) : (
          <label key="transcript">
            {t('rep.file')}
            <input ref={fileRef} type="file" name="transcript" accept={TRANSCRIPT_ACCEPT} disabled={busy} aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
        )}
        <p id={`${id}-hint`} className="muted">
          {recording ? t('rep.recordingHint') : t('sum.fileHint')}
        </p>
        {progress !== null && (
          <div className="report-upload">
            <label htmlFor={`${id}-progress`}>{t('rep.uploading')}</label>
            <progress id={`${id}-progress`} max={1} value={progress} aria-valuetext={`${Math.round(progress * 100)}%`} />
            <p className="muted">{retrying > 0 ? t('run.uploadRetry', { n: retrying + 1 }) : t('rep.stayWhileUploading')}</p>
          </div>
        )}
        {failed !== null && upload && progress === null && (
          <div className="error" role="alert">
            <p>{t('rep.uploadFailed', { detail: failed })}</p>
            <p>{t('rep.uploadKept')}</p>
            <button type="button" onClick={() => void send(upload)}>
              {t('app.retry')}
            </button>
          </div>
        )}
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
