// Interviews: the list for admins and interviewers — status filter, table view and day view.
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { Interview, InterviewStatus, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle, StatusBadge, formatDateTime, nameOf } from '../../components/ui';
import { groupByDay } from '../../lib/days';

const STATUSES: InterviewStatus[] = ['scheduled', 'in_progress', 'recorded', 'analysed', 'rated', 'cancelled'];

export function InterviewList() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<InterviewStatus | ''>('');
  const [view, setView] = useState<'list' | 'day'>('list');
  const interviews = useLoad(() => api.get<Interview[]>(status ? `/interviews?status=${status}` : '/interviews'), [api, status]);
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const days = useMemo(() => groupByDay(interviews.data ?? [], lang), [interviews.data, lang]);

  return (
    <div className="page">
      <PageTitle>{t('iv.title')}</PageTitle>
      <div className="toolbar">
        <label>
          {t('iv.filter')}
          <select value={status} onChange={(e) => setStatus(e.target.value as InterviewStatus | '')}>
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
      ) : view === 'list' ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('iv.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('iv.when')}</th>
                <th scope="col">{t('iv.mode')}</th>
                <th scope="col">{t('iv.interviewee')}</th>
                <th scope="col">{t('iv.interviewer')}</th>
                <th scope="col">{t('iv.status')}</th>
                <th scope="col">
                  <span className="sr-only">{t('iv.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {interviews.data.map((iv) => (
                <tr key={iv.id} data-interview={iv.id}>
                  <td>{formatDateTime(iv.scheduled_at, lang)}</td>
                  <td>{t(`mode.${iv.mode}`)}</td>
                  <td>{nameOf(users.data, iv.interviewee_id)}</td>
                  <td>{nameOf(users.data, iv.interviewer_id)}</td>
                  <td>
                    <StatusBadge status={iv.status} />
                  </td>
                  <td>
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
