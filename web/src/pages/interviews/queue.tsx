// Interviews: the expert's queue — what is still to rate, and what they rated already (to review).
import { Link } from 'wouter';
import type { Interview } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle, StatusBadge, formatDateTime } from '../../components/ui';
import { isRateable } from '../../lib/interviewAccess';

export function ExpertQueue() {
  const { t } = useI18n();
  const { api } = useSession();
  // The server knows whose ratings exist: one list each, so a rated interview never looks pending.
  const todo = useLoad(() => api.get<Interview[]>('/interviews?rated_by_me=false'), [api]);
  const rated = useLoad(() => api.get<Interview[]>('/interviews?rated_by_me=true'), [api]);
  const toRate = (todo.data ?? []).filter((i) => isRateable(i.status));
  const done = rated.data ?? [];
  if ((todo.loading && !todo.data) || (rated.loading && !rated.data)) return <div className="page"><PageTitle>{t('queue.title')}</PageTitle><Loading /></div>;
  const error = todo.error ?? rated.error;
  return (
    <div className="page">
      <PageTitle>{t('queue.title')}</PageTitle>
      {error ? (
        <ErrorBox error={error} onRetry={() => { todo.reload(); rated.reload(); }} />
      ) : !toRate.length && !done.length ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <>
          {toRate.length ? <QueueList interviews={toRate} action={t('queue.rate')} testId="queue-todo" /> : <p>{t('queue.empty.todo')}</p>}
          {done.length > 0 && (
            <section aria-labelledby="queue-rated">
              <h2 id="queue-rated">{t('queue.ratedTitle')}</h2>
              <QueueList interviews={done} action={t('queue.review')} badge={t('queue.ratedBadge')} testId="queue-rated" />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function QueueList({ interviews, action, badge, testId }: { interviews: Interview[]; action: string; badge?: string; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <ul className="cards" data-testid={testId}>
      {interviews.map((iv) => (
        <li key={iv.id} className="card">
          <p>
            {formatDateTime(iv.scheduled_at, lang)} · {t(`mode.${iv.mode}`)} <StatusBadge status={iv.status} />
            {badge && <span className="badge">{badge}</span>}
          </p>
          <Link href={`/expert/${iv.id}`} className="button">
            {action}
          </Link>
        </li>
      ))}
    </ul>
  );
}
