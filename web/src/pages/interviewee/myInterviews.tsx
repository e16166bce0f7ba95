// Interviewee: "My interviews", the landing page — start or resume a self-interview, consent to a face-to-face
// one, read the feedback of a finished one.
import { Link } from 'wouter';
import type { Interview, Recording } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle, formatDateTime } from '../../components/ui';
import { candidateState } from '../../lib/candidateState';
import { isFinished, isOpen } from '../../lib/selfInterview';
import { retakesAsked } from '../../lib/resume';

export function MyInterviews() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const list = useLoad(() => api.get<Interview[]>('/interviews'), [api]);
  return (
    <div className="page">
      <PageTitle>{t('mine.title')}</PageTitle>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <p>{t('mine.empty')}</p>
      ) : (
        <ul className="cards">
          {list.data.map((iv) => (
            <li key={iv.id} className="card" data-interview={iv.id}>
              <p>
                {formatDateTime(iv.scheduled_at, lang)} · {t(`mode.${iv.mode}`)} <span className="badge" data-candidate-state={candidateState(iv)}>
                  {t(`mine.state.${candidateState(iv)}`)}
                </span>
              </p>
              {iv.deadline && isOpen(iv.status) && (
                <p data-testid="deadline">
                  {t('iv.deadline')}: {formatDateTime(iv.deadline, lang)}
                </p>
              )}
              {iv.mode === 'self' && iv.status === 'in_progress' && <RetakeAsked id={iv.id} />}
              <div className="actions">
                {iv.mode === 'self' && isOpen(iv.status) ? (
                  <Link href={`/self/${iv.id}/consent`} className="button">
                    {iv.status === 'in_progress' ? t('mine.resume') : t('mine.start')}
                  </Link>
                ) : iv.mode === 'self' && iv.status !== 'cancelled' ? (
                  <span className="muted">{t('mine.done')}</span>
                ) : iv.mode === 'face_to_face' && isOpen(iv.status) ? (
                  <>
                    <Link href={`/call/${iv.id}`} className="button">
                      {t('call.enter')}
                    </Link>
                    <Link href={`/self/${iv.id}/consent`} className="button secondary">
                      {t('mine.consent')}
                    </Link>
                  </>
                ) : null}
                {isFinished(iv.status) && (
                  <Link href={`/me/${iv.id}/feedback`} className="button secondary">
                    {t('mine.feedback')}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A self-interview under way may be so because staff asked for a new answer: say so on the list (issue 14 item 3). */
function RetakeAsked({ id }: { id: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const recs = useLoad(() => api.get<Recording[]>(`/interviews/${id}/recordings`).catch(() => [] as Recording[]), [api, id]);
  const asked = retakesAsked(recs.data ?? []);
  if (!asked.length) return null;
  return (
    <div className="notice" data-retake-asked>
      <p>{t('retake.candidateNotice')}</p>
      <ul>
        {asked.map((r) => (
          <li key={r.index}>{t('retake.candidateQuestion', { q: r.index + 1, reason: r.reason })}</li>
        ))}
      </ul>
    </div>
  );
}
