import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { ApiError } from '../api/client';
import type {
  Consent,
  ConsentKind,
  EvaluationItem,
  Interview,
  InterviewMode,
  PredictionView,
  InterviewStatus,
  QuestionSet,
  Rating,
  Recording,
  Timeline,
  User,
} from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, StatusBadge, formatDateTime, nameOf } from '../components/ui';
import { TimelineChart } from '../components/TimelineChart';
import { isTimeline } from '../lib/timeline';
import { mayRecord } from '../lib/facetoface';
import { SummaryPanel } from './summary';
import { FeedbackPanel } from './feedback';
import { groupByDay } from '../lib/days';
import { CONSENT_TEXT_VERSION } from '../lib/consent';
import { direction, featureLabel, formatInterval, num, percentOnScale, sortWarnings, warningText, FEW_INTERVIEWS } from '../lib/models';

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

function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function Schedule() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const [, navigate] = useLocation();
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const sets = useLoad(() => api.get<QuestionSet[]>('/question-sets'), [api]);
  const [mode, setMode] = useState<InterviewMode>('self');
  const [interviewee, setInterviewee] = useState('');
  const [interviewer, setInterviewer] = useState(me?.role === 'interviewer' ? me.id : '');
  const [setId, setSetId] = useState('');
  const [at, setAt] = useState(() => localInputValue(new Date(Date.now() + 5 * 60000)));
  const [error, setError] = useState<ApiError | null>(null);
  const interviewees = (users.data ?? []).filter((u) => u.role === 'interviewee' && !u.disabled);
  const interviewers = (users.data ?? []).filter((u) => (u.role === 'interviewer' || u.role === 'admin') && !u.disabled);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const iv = await api.post<Interview>('/interviews', {
        mode,
        interviewee_id: interviewee,
        interviewer_id: interviewer || null,
        question_set_id: setId || null,
        scheduled_at: new Date(at).toISOString(),
      });
      navigate(`/interviews/${iv.id}`);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (users.loading || sets.loading) return <Loading />;
  return (
    <div className="page narrow">
      <PageTitle>{t('sched.title')}</PageTitle>
      <ErrorBox error={users.error ?? sets.error} />
      {!interviewees.length && <Notice>{t('sched.needPeople')}</Notice>}
      <form className="card form" onSubmit={submit}>
        <fieldset>
          <legend>{t('sched.mode')}</legend>
          {(['self', 'face_to_face'] as InterviewMode[]).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {t(`mode.${m}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('sched.interviewee')}
          <select name="interviewee" required value={interviewee} onChange={(e) => setInterviewee(e.target.value)}>
            <option value="" disabled>
              —
            </option>
            {interviewees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sched.interviewer')}
          <select name="interviewer" value={interviewer} onChange={(e) => setInterviewer(e.target.value)}>
            <option value="">{t('sched.interviewerNone')}</option>
            {interviewers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({t(`role.${u.role}`)})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sched.set')}
          <select name="question_set" value={setId} required={mode === 'self'} onChange={(e) => setSetId(e.target.value)}>
            <option value="">{t('sched.setNone')}</option>
            {(sets.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sched.at')}
          <input type="datetime-local" name="scheduled_at" required value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit">{t('sched.submit')}</button>
        </div>
      </form>
    </div>
  );
}

export function ExpertQueue() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const interviews = useLoad(() => api.get<Interview[]>('/interviews'), [api]);
  const rateable = (interviews.data ?? []).filter((i) => ['recorded', 'analysed', 'rated'].includes(i.status));
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

const FAILURES = ['unreadable', 'empty', 'no_speech'];

function RecordingCard({ rec, n }: { rec: Recording; n: number }) {
  const { t } = useI18n();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [timelineFailed, setTimelineFailed] = useState(false);
  // The presigned link changes on every list answer; fetch the document again only for another object.
  const timelineKey = rec.timeline_url?.split('?')[0] ?? null;
  useEffect(() => {
    if (!rec.timeline_url) return;
    let live = true;
    setTimelineFailed(false);
    fetch(rec.timeline_url)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((j: unknown) => {
        if (!live) return;
        if (isTimeline(j)) setTimeline(j);
        else setTimelineFailed(true);
      })
      .catch(() => live && setTimelineFailed(true));
    return () => {
      live = false;
    };
  }, [timelineKey]);
  const failure =
    rec.status === 'failed'
      ? rec.failure_code && FAILURES.includes(rec.failure_code)
        ? t(`fail.${rec.failure_code}` as MessageKey)
        : (rec.failure ?? '')
      : null;
  return (
    <li className="card recording" data-recording-status={rec.status} data-recording={rec.id}>
      <h3>
        {t('detail.answer', { n })} <span className={`badge rec-${rec.status}`}>{t(`rec.${rec.status}`)}</span>
      </h3>
      {rec.question && (
        <p className="asked">
          {rec.question.follow_up === null
            ? t('detail.askedQuestion', { q: rec.question.index + 1 })
            : t('detail.askedFollowUp', { q: rec.question.index + 1, k: rec.question.follow_up + 1 })}
          {rec.question.text ? `: ${rec.question.text}` : ''}
        </p>
      )}
      <p className="muted">
        {rec.content_type} · {t('detail.size', { mb: (rec.size_bytes / 1048576).toFixed(2) })}
      </p>
      {rec.download_url ? (
        <Player url={rec.download_url} label={t('detail.player', { n })} />
      ) : rec.status === 'pending' ? (
        <p className="muted">{t('detail.playbackUnavailable')}</p>
      ) : null}
      {failure && <p className="error-text">{failure}</p>}
      {rec.analysis && (
        <p>{rec.analysis.sufficient ? t('detail.sufficient') : t('detail.insufficient', { reasons: rec.analysis.reasons.join(', ') })}</p>
      )}
      {timeline ? (
        <TimelineChart timeline={timeline} title={t('detail.timeline')} />
      ) : timelineFailed ? (
        <p className="muted">{t('timeline.loadFailed')}</p>
      ) : rec.status === 'analysed' && !rec.timeline_url ? (
        <p className="muted">{t('detail.timelineUnavailable')}</p>
      ) : null}
    </li>
  );
}

/** The video of a recording; keeps the first link it got, so the list refreshing does not restart playback. */
function Player({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState(url);
  const key = url.split('?')[0];
  useEffect(() => setSrc(url), [key]);
  return (
    <video
      controls
      preload="metadata"
      playsInline
      src={src}
      className="player"
      aria-label={label}
      data-testid="player"
      onLoadedMetadata={(e) => revealDuration(e.currentTarget)}
    />
  );
}

/**
 * Browser recordings (MediaRecorder WebM) carry no duration, so the player shows 0:00 and cannot seek well:
 * a seek far past the end makes the browser find the real length, then playback goes back to the start.
 */
function revealDuration(v: HTMLVideoElement) {
  if (Number.isFinite(v.duration)) return;
  const back = () => {
    v.removeEventListener('durationchange', known);
    v.removeEventListener('seeked', back);
    v.currentTime = 0;
  };
  const known = () => Number.isFinite(v.duration) && back();
  v.addEventListener('durationchange', known);
  // if the length stays unknown, the end of the seek still brings playback back to the start
  v.addEventListener('seeked', back);
  v.currentTime = 1e7;
}

/**
 * The AI's prediction for admins and the interview's own interviewer (never for experts, who rate
 * without seeing the model's opinion): a reference value that a person confirms.
 */
function AiPanel({ view, error, onRetry }: { view: PredictionView | null; error: ApiError | null; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const items = useLoad(() => (view?.status === 'ready' ? api.get<EvaluationItem[]>('/evaluation-items') : Promise.resolve([])), [api, view?.status]);
  const p = view?.prediction;
  const status = view?.status;
  return (
    <section className="card ai-panel" aria-labelledby="ai-h" data-ai-status={status ?? (error ? 'error' : 'loading')}>
      <h2 id="ai-h">{t('detail.ai')}</h2>
      <p className="ai-reference">
        <strong>{t('ai.reference')}</strong>
      </p>
      {error ? (
        <ErrorBox error={error} onRetry={onRetry} />
      ) : !view ? (
        <Loading />
      ) : status === 'ready' && p ? (
        <>
          {sortWarnings(p.result.warnings).map((w) =>
            w.code === FEW_INTERVIEWS ? (
              <div key={w.code} className="warning strong-warning" role="note">
                <strong>{warningText(w, lang)}</strong>
              </div>
            ) : null,
          )}
          <ul className="plain ai-items">
            {p.result.items.map((it) => {
              const scale = items.data?.find((x) => x.id === it.item)?.scale;
              const interval = formatInterval(it.low, it.high, scale?.min, scale?.max);
              return (
                <li key={it.item} className="ai-item">
                  <h3>{it.name}</h3>
                  <p>
                    {t('ai.score')}: <strong className="ai-score">{num(it.score, 1)}</strong>
                    {' · '}
                    {scale ? t('ai.intervalText', { interval, min: scale.min, max: scale.max }) : `${t('ai.interval')} ${interval}`}
                  </p>
                  {scale && (
                    <div
                      className="interval-bar"
                      role="img"
                      aria-label={t('ai.barLabel', { name: it.name, score: num(it.score, 1), interval, min: scale.min, max: scale.max })}
                    >
                      <span
                        className="interval-range"
                        style={{
                          left: `${percentOnScale(it.low, scale.min, scale.max)}%`,
                          width: `${Math.max(1, percentOnScale(it.high, scale.min, scale.max) - percentOnScale(it.low, scale.min, scale.max))}%`,
                        }}
                      />
                      <span className="interval-point" style={{ left: `${percentOnScale(it.score, scale.min, scale.max)}%` }} />
                    </div>
                  )}
                  {it.top_features.length > 0 && (
                    <>
                      <h4>{t('ai.features')}</h4>
                      <ul>
                        {it.top_features.slice(0, 3).map((f) => {
                          const d = direction(f.contribution);
                          return (
                            <li key={f.feature} data-direction={d}>
                              {featureLabel(f, lang)}: <span className={`dir-${d}`}>{d === 'raises' ? '▲ ' : d === 'lowers' ? '▼ ' : ''}{t(`ai.${d}`)}</span>{' '}
                              <span className="muted">({f.contribution > 0 ? '+' : ''}{num(f.contribution, 2)})</span>
                            </li>
                          );
                        })}
                      </ul>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {p.result.warnings.some((w) => w.code !== FEW_INTERVIEWS) && (
            <>
              <h3>{t('ai.warnings')}</h3>
              <ul>
                {p.result.warnings
                  .filter((w) => w.code !== FEW_INTERVIEWS)
                  .map((w, i) => (
                    <li key={`${w.code}-${i}`}>{warningText(w, lang)}</li>
                  ))}
              </ul>
            </>
          )}
          <p className="muted">{t('ai.model', { version: p.model_version, date: formatDateTime(p.created_at, lang) })}</p>
        </>
      ) : (
        <p className="muted">{status === 'no_model' ? t('ai.noModel') : status === 'consent_missing' ? t('ai.consentMissing') : t('ai.notYet')}</p>
      )}
    </section>
  );
}

function RatingForm({ interview, onSaved, aiShown }: { interview: Interview; onSaved: () => void; aiShown: boolean }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const ratings = useLoad(() => api.get<Rating[]>(`/interviews/${interview.id}/ratings`), [api, interview.id]);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [training, setTraining] = useState<boolean | null>(null);
  const [ownJudgement, setOwnJudgement] = useState(false);
  const needsConfirm = aiShown && !ownJudgement;

  useEffect(() => {
    const mine = ratings.data?.find((r) => r.rater_id === me?.id);
    if (mine) {
      setScores(Object.fromEntries(mine.scores.map((s) => [s.item_id, s.score])));
      setComment(mine.comment ?? '');
    }
  }, [ratings.data, me?.id]);

  const rateable = ['recorded', 'analysed', 'rated'].includes(interview.status);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (needsConfirm) return;
    setError(null);
    setSaved(false);
    try {
      await api.put(`/interviews/${interview.id}/ratings`, {
        scores: Object.entries(scores).map(([item_id, score]) => ({ item_id, score })),
        comment: comment.trim() ? comment.trim() : null,
      });
      if (me?.role === 'expert' && training !== null) {
        await api.post(`/interviews/${interview.id}/consents`, { kind: 'training_use', granted: training, text_version: CONSENT_TEXT_VERSION });
      }
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (items.loading) return <Loading />;
  if (items.error) return <ErrorBox error={items.error} onRetry={items.reload} />;
  return (
    <section className="card" aria-labelledby="rate-h">
      <h2 id="rate-h">{t('rate.title')}</h2>
      {!rateable ? (
        <p>{t('rate.notYet')}</p>
      ) : !items.data?.length ? (
        <p>{t('rate.noItems')}</p>
      ) : (
        <form className="form" onSubmit={submit}>
          {items.data.map((item) => {
            const span = item.scale.max - item.scale.min;
            const label = t('rate.score', { name: item.name, min: item.scale.min, max: item.scale.max });
            return span <= 10 ? (
              <fieldset key={item.id} className="scale">
                <legend>{label}</legend>
                {item.description && <p className="muted">{item.description}</p>}
                <div className="scale-options">
                  {Array.from({ length: span + 1 }, (_, k) => item.scale.min + k).map((v) => (
                    <label key={v} className="pill">
                      <input type="radio" name={`score-${item.id}`} value={v} checked={scores[item.id] === v} onChange={() => setScores((s) => ({ ...s, [item.id]: v }))} />
                      <span>{v}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : (
              <label key={item.id}>
                {label}
                <input
                  type="number"
                  min={item.scale.min}
                  max={item.scale.max}
                  value={scores[item.id] ?? ''}
                  onChange={(e) => setScores((s) => ({ ...s, [item.id]: Number(e.target.value) }))}
                />
              </label>
            );
          })}
          <label>
            {t('rate.comment')}
            <textarea name="comment" rows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {me?.role === 'expert' && (
            <fieldset>
              <legend>{t('rate.training')}</legend>
              <p>{t('rate.trainingText')}</p>
              <label className="check">
                <input type="radio" name="training" checked={training === true} onChange={() => setTraining(true)} />
                {t('rate.trainingYes')}
              </label>
              <label className="check">
                <input type="radio" name="training" checked={training === false} onChange={() => setTraining(false)} />
                {t('rate.trainingNo')}
              </label>
            </fieldset>
          )}
          {aiShown && (
            <div>
              <label className="check">
                <input type="checkbox" name="own_judgement" checked={ownJudgement} aria-describedby={needsConfirm ? 'own-judgement-note' : undefined} onChange={(e) => setOwnJudgement(e.target.checked)} />
                {t('ai.confirm')}
              </label>
              {needsConfirm && (
                <p id="own-judgement-note" className="muted">
                  {t('ai.confirmNeeded')}
                </p>
              )}
            </div>
          )}
          <ErrorBox error={error} />
          {saved && <Notice>{t('rate.saved')}</Notice>}
          <div className="actions">
            <button type="submit" disabled={!Object.keys(scores).length || needsConfirm}>
              {t('rate.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}


export function InterviewDetail() {
  const { id } = useParams<{ id: string }>();
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const interview = useLoad(() => api.get<Interview>(`/interviews/${id}`), [api, id]);
  const recordings = useLoad(() => api.get<Recording[]>(`/interviews/${id}/recordings`), [api, id]);
  const consents = useLoad(
    () => (me?.role === 'expert' ? Promise.resolve([] as Consent[]) : api.get<Consent[]>(`/interviews/${id}/consents`)),
    [api, id, me?.role],
  );
  const users = useLoad(() => (me?.role === 'expert' ? Promise.resolve([] as User[]) : api.get<User[]>('/users')), [api, me?.role]);
  // The prediction only for admins and this interview's interviewer: experts rate without the model's opinion.
  const aiAllowed = !!interview.data && (me?.role === 'admin' || (me?.role === 'interviewer' && interview.data.interviewer_id === me.id));
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

  const [cancelError, setCancelError] = useState<ApiError | null>(null);
  const [hasTranscript, setHasTranscript] = useState<boolean | null>(null);
  async function cancel() {
    if (!window.confirm(t('detail.confirmCancel'))) return;
    setCancelError(null);
    try {
      await api.post(`/interviews/${id}/status`, { status: 'cancelled' });
      interview.reload();
    } catch (err) {
      setCancelError(err as ApiError);
    }
  }

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
  const canWrite = me?.role === 'admin' || (me?.role === 'interviewer' && iv.interviewer_id === me.id);
  const canCancel = (me?.role === 'admin' || me?.role === 'interviewer') && (iv.status === 'scheduled' || iv.status === 'in_progress');
  const recs = [...(recordings.data ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const kinds: ConsentKind[] = ['recording', 'ai_evaluation', 'training_use'];

  return (
    <div className="page">
      <PageTitle>{t('detail.title')}</PageTitle>
      <dl className="card facts">
        <dt>{t('iv.when')}</dt>
        <dd>{formatDateTime(iv.scheduled_at, lang)}</dd>
        <dt>{t('iv.mode')}</dt>
        <dd>{t(`mode.${iv.mode}`)}</dd>
        {me?.role !== 'expert' && (
          <>
            <dt>{t('iv.interviewee')}</dt>
            <dd>{nameOf(users.data, iv.interviewee_id)}</dd>
            <dt>{t('iv.interviewer')}</dt>
            <dd>{nameOf(users.data, iv.interviewer_id)}</dd>
          </>
        )}
        <dt>{t('iv.status')}</dt>
        <dd>
          <StatusBadge status={iv.status} />
        </dd>
      </dl>
      {(canCancel || mayRecord(iv, me)) && (
        <div className="actions">
          {mayRecord(iv, me) && (
            <Link href={`/interviews/${iv.id}/record`} className="button">
              {t('detail.record')}
            </Link>
          )}
          {canCancel && (
            <button type="button" className="secondary" onClick={cancel}>
              {t('detail.cancel')}
            </button>
          )}
        </div>
      )}
      <ErrorBox error={cancelError} />
      {me?.role !== 'expert' && consents.data && (
        <section className="card" aria-labelledby="consent-h">
          <h2 id="consent-h">{t('detail.consents')}</h2>
          <ul className="plain">
            {kinds.map((k) => {
              const c = consents.data?.find((x) => x.kind === k);
              const key = k === 'recording' ? 'consent.recording' : k === 'ai_evaluation' ? 'consent.ai' : 'consent.training';
              return (
                <li key={k} data-consent-kind={k} data-granted={c ? String(c.granted) : 'missing'}>
                  {t(key)}: {c ? (c.granted ? t('detail.consentGranted') : t('detail.consentDeclined')) : t('detail.consentMissing')}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div className="two-col">
        <section aria-labelledby="rec-h">
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
            <ol className="cards plain">
              {recs.map((r, i) => (
                <RecordingCard key={r.id} rec={r} n={i + 1} />
              ))}
            </ol>
          )}
          {aiAllowed && <AiPanel view={prediction.data} error={prediction.error} onRetry={prediction.reload} />}
          <SummaryPanel interviewId={iv.id} canUpload={canWrite} onSummary={(s) => setHasTranscript(!!s)} />
          {canWrite && <FeedbackPanel interviewId={iv.id} hasTranscript={hasTranscript} users={users.data} />}
        </section>
        {me?.role === 'interviewer' || me?.role === 'expert' ? <RatingForm interview={iv} onSaved={interview.reload} aiShown={me?.role === 'interviewer' && prediction.data?.status === 'ready'} /> : <span />}
      </div>
    </div>
  );
}
