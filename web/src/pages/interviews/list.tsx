// Interviews: the list for admins and interviewers — search by name, status filter, date range, table view (paged)
// and day view, CSV export (issue 14 item 8).
import { useMemo, useState } from 'react';
import { Link, useSearch } from 'wouter';
import type { Interview, InterviewStatus, QuestionSet, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle, StatusBadge, formatDateTime, nameOf } from '../../components/ui';
import { Pager } from '../../components/Pager';
import { downloadCsv } from '../../lib/csv';
import { groupByDay } from '../../lib/days';
import { csvFileName, interviewsCsv } from '../../lib/exports';
import { inDayRange, matchesQuery, paginate } from '../../lib/listing';

const STATUSES: InterviewStatus[] = ['scheduled', 'in_progress', 'recorded', 'analysed', 'rated', 'cancelled'];

export function InterviewList() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<InterviewStatus | ''>('');
  const [view, setView] = useState<'list' | 'day'>('list');
  const interviews = useLoad(() => api.get<Interview[]>(status ? `/interviews?status=${status}` : '/interviews'), [api, status]);
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const sets = useLoad(() => api.get<QuestionSet[]>('/question-sets').catch(() => [] as QuestionSet[]), [api]);
  // issue 14 item 8: name search, date range and paging, in the browser on what the API returned
  const deleted = new URLSearchParams(useSearch()).get('deleted') === '1';
  const [query, setQuery] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [pageNo, setPageNo] = useState(1);
  const shown = useMemo(
    () =>
      (interviews.data ?? []).filter(
        (iv) => matchesQuery(query, [nameOf(users.data, iv.interviewee_id), nameOf(users.data, iv.interviewer_id)]) && inDayRange(iv.scheduled_at, from, to),
      ),
    [interviews.data, users.data, query, from, to],
  );
  const page = paginate(shown, pageNo);
  const days = useMemo(() => groupByDay(shown, lang), [shown, lang]);
  /** A filter changed: back to the first page. */
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPageNo(1);
  };

  return (
    <div className="page">
      <PageTitle>{t('iv.title')}</PageTitle>
      {deleted && <Notice>{t('ivedit.deleted')}</Notice>}
      <div className="filters" role="search" aria-label={t('list.filters')}>
        <label>
          {t('iv.search')}
          <input type="search" name="q" value={query} onChange={(e) => filter(setQuery)(e.target.value)} />
        </label>
        <label>
          {t('iv.from')}
          <input type="date" name="from" value={from} onChange={(e) => filter(setFrom)(e.target.value)} />
        </label>
        <label>
          {t('iv.to')}
          <input type="date" name="to" value={to} onChange={(e) => filter(setTo)(e.target.value)} />
        </label>
        <button
          type="button"
          className="secondary"
          disabled={!shown.length}
          onClick={() => downloadCsv(csvFileName('interviews'), interviewsCsv(shown, users.data ?? [], sets.data ?? [], t))}
        >
          {t('list.export')}
        </button>
      </div>
      <div className="toolbar">
        <label>
          {t('iv.filter')}
          <select value={status} onChange={(e) => filter((v) => setStatus(v as InterviewStatus | ''))(e.target.value)}>
            <option value="">{t('iv.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div role="group" aria-label={`${t('iv.list')} / ${t('iv.day')}`} className="seg">
          <button type="button" aria-pressed={view === 'list'} className={view === 'list' ? '' : 'secondary'} onClick={() => setView('list')}>
            {t('iv.list')}
          </button>
          <button type="button" aria-pressed={view === 'day'} className={view === 'day' ? '' : 'secondary'} onClick={() => setView('day')}>
            {t('iv.day')}
          </button>
        </div>
        <Link href="/interviews/new" className="button">
          {t('nav.schedule')}
        </Link>
      </div>
      {interviews.loading && !interviews.data ? (
        <Loading />
      ) : interviews.error ? (
        <ErrorBox error={interviews.error} onRetry={interviews.reload} />
      ) : !interviews.data?.length ? (
        <p>{t('iv.empty')}</p>
      ) : !shown.length ? (
        <p>{t('list.noMatch')}</p>
      ) : view === 'list' ? (
        <>
          <div className="table-wrap stack-wrap">
            {/* Below 720 px each row becomes a card (as on the users page); the explicit roles keep the table semantics. */}
            <table className="stack-table" role="table">
              <caption className="sr-only">{t('iv.title')}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">{t('iv.when')}</th>
                  <th scope="col" role="columnheader">{t('iv.mode')}</th>
                  <th scope="col" role="columnheader">{t('iv.interviewee')}</th>
                  <th scope="col" role="columnheader">{t('iv.interviewer')}</th>
                  <th scope="col" role="columnheader">{t('iv.status')}</th>
                  <th scope="col" role="columnheader">
                    <span className="sr-only">{t('iv.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {page.items.map((iv) => (
                  <tr key={iv.id} data-interview={iv.id} role="row">
                    <td role="cell" data-label={t('iv.when')}>{formatDateTime(iv.scheduled_at, lang)}</td>
                    <td role="cell" data-label={t('iv.mode')}>{t(`mode.${iv.mode}`)}</td>
                    <td role="cell" data-label={t('iv.interviewee')}>{nameOf(users.data, iv.interviewee_id)}</td>
                    <td role="cell" data-label={t('iv.interviewer')}>{nameOf(users.data, iv.interviewer_id)}</td>
                    <td role="cell" data-label={t('iv.status')}>
                      <StatusBadge status={iv.status} />
                    </td>
                    <td role="cell" data-label="">
                      <Link href={`/interviews/${iv.id}`}>
                        {t('iv.open')}
                        <span className="sr-only">: {nameOf(users.data, iv.interviewee_id)}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} onPage={setPageNo} label={t('iv.title')} />
        </>
      ) : (
        <div className="days">
          {days.map((d) => (
            <section key={d.key} className="card day" aria-label={d.label}>
              <h2>{d.label}</h2>
              <ul>
                {d.items.map((iv) => (
                  <li key={iv.id}>
                    <time dateTime={iv.scheduled_at}>{d.time(iv)}</time> {nameOf(users.data, iv.interviewee_id)} · {t(`mode.${iv.mode}`)}{' '}
                    <StatusBadge status={iv.status} /> <Link href={`/interviews/${iv.id}`}>{t('iv.open')}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
