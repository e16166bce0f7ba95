// Interviews: the expert's queue of interviews that can be rated.
import { Link } from 'wouter';
import type { Interview } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle, StatusBadge, formatDateTime } from '../../components/ui';
import { isRateable } from '../../lib/interviewAccess';

export function ExpertQueue() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const interviews = useLoad(() => api.get<Interview[]>('/interviews'), [api]);
  const rateable = (interviews.data ?? []).filter((i) => isRateable(i.status));
  return (
    <div className="page">
      <PageTitle>{t('queue.title')}</PageTitle>
      {interviews.loading && !interviews.data ? (
        <Loading />
      ) : interviews.error ? (
        <ErrorBox error={interviews.error} onRetry={interviews.reload} />
      ) : !rateable.length ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <ul className="cards">
          {rateable.map((iv) => (
            <li key={iv.id} className="card">
              <p>
                {formatDateTime(iv.scheduled_at, lang)} · {t(`mode.${iv.mode}`)} <StatusBadge status={iv.status} />
              </p>
              <Link href={`/expert/${iv.id}`} className="button">
                {t('queue.rate')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
