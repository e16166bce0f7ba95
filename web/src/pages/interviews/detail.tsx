// Interview detail page: the overview (who, when, question set, consents, next step) and actions first, then the
// AI panel, summary and feedback beside the rating, and the recordings last, compact.
import { useEffect, useState } from 'react';
import { useParams } from 'wouter';
import type { Consent, Interview, PredictionView, QuestionSet, Recording, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle } from '../../components/ui';
import { ownsInterview } from '../../lib/interviewAccess';
import { consentState, nextStep, type FeedbackProgress } from '../../lib/interviewOverview';
import { SummaryPanel } from '../summary';
import { FeedbackPanel } from '../feedback';
import { AiPanel } from './aiPanel';
import { InterviewActions } from './interviewActions';
import { Overview } from './overview';
import { CallAttendanceList } from './callAttendance';
import { RatingForm } from './ratingForm';
import { RecordingCard } from './recordingCard';

export function InterviewDetail() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const { api, me } = useSession();
  const interview = useLoad(() => api.get<Interview>(`/interviews/${id}`), [api, id]);
  const recordings = useLoad(() => api.get<Recording[]>(`/interviews/${id}/recordings`), [api, id]);
  const consents = useLoad(
    () => (me?.role === 'expert' ? Promise.resolve([] as Consent[]) : api.get<Consent[]>(`/interviews/${id}/consents`)),
    [api, id, me?.role],
  );
  // The question set by name; without it the overview says "—" rather than failing the page.
  const setId = interview.data?.question_set_id ?? null;
  const questionSet = useLoad(
    () => (setId ? api.get<QuestionSet>(`/question-sets/${setId}`).catch(() => null) : Promise.resolve(null)),
    [api, setId],
  );
  const users = useLoad(() => (me?.role === 'expert' ? Promise.resolve([] as User[]) : api.get<User[]>('/users')), [api, me?.role]);
  // The prediction only for admins and this interview's interviewer: experts rate without the model's opinion.
  const aiAllowed = !!interview.data && ownsInterview(interview.data, me);
  const prediction = useLoad(
    () => (aiAllowed ? api.get<PredictionView>(`/interviews/${id}/prediction`) : Promise.resolve(null)),
    [api, id, aiAllowed, interview.data?.status],
  );

  // Analysis runs after upload: poll while a recording is still on its way.
  const busy = recordings.data?.some((r) => r.status === 'pending' || r.status === 'uploaded');
  useEffect(() => {
    if (!busy) return;
    const h = window.setTimeout(() => {
      recordings.reload();
      interview.reload();
    }, 3000);
    return () => window.clearTimeout(h);
  }, [busy, recordings.data]);

  const [hasTranscript, setHasTranscript] = useState<boolean | null>(null);
  const [feedback, setFeedback] = useState<FeedbackProgress>(null);

  if (interview.loading && !interview.data) return <Loading />;
  if (interview.error || !interview.data)
    return (
      <div className="page">
        <PageTitle>{t('detail.title')}</PageTitle>
        <ErrorBox error={interview.error} onRetry={interview.reload} />
      </div>
    );
  const iv = interview.data;
  // Admins and the interview's own interviewer upload transcripts (and write feedback); experts only read.
  const canWrite = ownsInterview(iv, me);
  const recs = [...(recordings.data ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));

  const next = nextStep({
    status: iv.status,
    mode: iv.mode,
    role: me?.role,
    recordingConsent: consentState(consents.data, 'recording'),
    recordings: recs,
    hasTranscript,
    feedback: canWrite ? feedback : 'approved',
  });

  return (
    <div className="page interview-detail">
      <PageTitle>{t('detail.title')}</PageTitle>
      <Overview
        iv={iv}
        showPeople={me?.role !== 'expert'}
        users={users.data}
        questionSet={questionSet.data ?? undefined}
        consents={consents.data}
        next={next}
      />
      <InterviewActions iv={iv} users={users.data} onChanged={interview.reload} />
      {canWrite && iv.mode === 'face_to_face' && <CallAttendanceList iv={iv} users={users.data} />}
      <div className="two-col">
        <div className="detail-main">
          {aiAllowed && (
            <AiPanel view={prediction.data} error={prediction.error} onRetry={prediction.reload} aiConsent={consentState(consents.data, 'ai_evaluation')} />
          )}
          <SummaryPanel interviewId={iv.id} canUpload={canWrite} onSummary={(s) => setHasTranscript(!!s)} />
          {canWrite && <FeedbackPanel interviewId={iv.id} hasTranscript={hasTranscript} users={users.data} onState={setFeedback} />}
        </div>
        {me?.role === 'interviewer' || me?.role === 'expert' ? (
          <RatingForm interview={iv} onSaved={interview.reload} aiShown={me?.role === 'interviewer' && prediction.data?.status === 'ready'} />
        ) : (
          <span />
        )}
      </div>
      <section aria-labelledby="rec-h" className="recordings">
        <div className="toolbar">
          <h2 id="rec-h">{t('detail.recordings')}</h2>
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              recordings.reload();
              interview.reload();
            }}
          >
            {t('detail.refresh')}
          </button>
        </div>
        {recordings.error ? (
          <ErrorBox error={recordings.error} onRetry={recordings.reload} />
        ) : !recs.length ? (
          <p>{t('detail.noRecordings')}</p>
        ) : (
          <ol className="cards plain recording-grid">
            {recs.map((r, i) => (
              <RecordingCard
                key={r.id}
                rec={r}
                n={i + 1}
                interview={iv}
                onChanged={() => {
                  recordings.reload();
                  interview.reload();
                }}
              />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
