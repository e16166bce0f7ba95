import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { ApiError } from '../api/client';
import type { Consent as ConsentT, FollowUps, Interview, Question, QuestionSet, Recording, UploadTicket } from '../api/types';
import { isOffered } from '../api/offers';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, StatusBadge, formatDateTime } from '../components/ui';
import { Avatar } from '../components/Avatar';
import { formatClock, isRunningOut, retakesLeft, secondsLeft, speakingEstimateMs } from '../lib/countdown';
import { AnswerRecorder, browserSupport, getStream, recorderMimeType, releaseStream, speak, type Support } from '../lib/media';
import { MicMeter } from '../components/MicLevel';
import { loadProgress, pendingStore, saveProgress, type PendingAnswer, type Progress } from '../lib/progress';
import { askedOf, followUpOf, followUpQuestion, isFollowUp, nextStep, settle, withTimeout, type Step } from '../lib/followups';
import { KeyPoints } from '../components/KeyPoints';
import { resumePlan } from '../lib/resume';
import { PutError, uploadWithRetry, xhrPut } from '../lib/upload';
import { CONSENT_TEXT_VERSION } from '../lib/consent';

const OPEN = ['scheduled', 'in_progress'];
/** Interviews whose feedback may exist (once a person approves it). */
const FINISHED = ['recorded', 'analysed', 'rated'];

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
                {formatDateTime(iv.scheduled_at, lang)} · {t(`mode.${iv.mode}`)} <StatusBadge status={iv.status} />
              </p>
              {iv.mode === 'self' && OPEN.includes(iv.status) ? (
                <Link href={`/self/${iv.id}/consent`} className="button">
                  {iv.status === 'in_progress' ? t('mine.resume') : t('mine.start')}
                </Link>
              ) : iv.mode === 'self' && iv.status !== 'cancelled' ? (
                <span className="muted">{t('mine.done')}</span>
              ) : iv.mode === 'face_to_face' && OPEN.includes(iv.status) ? (
                <Link href={`/self/${iv.id}/consent`} className="button secondary">
                  {t('mine.consent')}
                </Link>
              ) : null}
              {FINISHED.includes(iv.status) && (
                <Link href={`/me/${iv.id}/feedback`} className="button secondary">
                  {t('mine.feedback')}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Choice = boolean | null;

function ConsentChoice({
  name,
  title,
  text,
  value,
  onChange,
}: {
  name: string;
  title: string;
  text: string;
  value: Choice;
  onChange: (v: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="card consent" data-consent={name}>
      <legend>{title}</legend>
      <p>{text}</p>
      <div className="choices">
        <label className="pill">
          <input type="radio" name={name} value="yes" checked={value === true} onChange={() => onChange(true)} required />
          <span>{t('consent.yes')}</span>
        </label>
        <label className="pill">
          <input type="radio" name={name} value="no" checked={value === false} onChange={() => onChange(false)} />
          <span>{t('consent.no')}</span>
        </label>
      </div>
    </fieldset>
  );
}

export function Consent() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const { api } = useSession();
  const [, navigate] = useLocation();
  const existing = useLoad(() => api.get<ConsentT[]>(`/interviews/${id}/consents`), [api, id]);
  // A face-to-face interview is recorded by the interviewer: after the choices there is no device check here.
  const interview = useLoad(() => api.get<Interview>(`/interviews/${id}`), [api, id]);
  const faceToFace = interview.data?.mode === 'face_to_face';
  const [savedF2f, setSavedF2f] = useState(false);
  const [recording, setRecording] = useState<Choice>(null);
  const [ai, setAi] = useState<Choice>(null);
  const [training, setTraining] = useState<Choice>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [declined, setDeclined] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const c = existing.data;
    if (!c) return;
    const get = (k: string) => c.find((x) => x.kind === k)?.granted ?? null;
    setRecording(get('recording'));
    setAi(get('ai_evaluation'));
    setTraining(get('training_use'));
  }, [existing.data]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (recording === null || ai === null || training === null) {
      setError(new Error(t('consent.choose')) as ApiError);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = (kind: string, granted: boolean) => ({ kind, granted, text_version: CONSENT_TEXT_VERSION });
      await api.post(`/interviews/${id}/consents`, body('recording', recording));
      await api.post(`/interviews/${id}/consents`, body('ai_evaluation', ai));
      await api.post(`/interviews/${id}/consents`, body('training_use', training));
      if (faceToFace) setSavedF2f(true);
      else if (!recording) setDeclined(true);
      else navigate(`/self/${id}/check`);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  if ((existing.loading && !existing.data) || (interview.loading && !interview.data)) return <Loading />;
  return (
    <div className="page narrow">
      <PageTitle>{t('consent.title')}</PageTitle>
      <p>{t('consent.intro')}</p>
      <form onSubmit={submit} className="form">
        <ConsentChoice name="recording" title={t('consent.recording')} text={t('consent.recordingText')} value={recording} onChange={setRecording} />
        <ConsentChoice name="ai_evaluation" title={t('consent.ai')} text={t('consent.aiText')} value={ai} onChange={setAi} />
        <ConsentChoice name="training_use" title={t('consent.training')} text={t('consent.trainingText')} value={training} onChange={setTraining} />
        {recording === false && <p className="notice">{t(faceToFace ? 'consent.declinedRecordingF2f' : 'consent.declinedRecording')}</p>}
        {ai === false && <p className="muted">{t('consent.declinedAi')}</p>}
        {training === false && <p className="muted">{t('consent.declinedTraining')}</p>}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('consent.submit')}
          </button>
        </div>
      </form>
      {savedF2f && (
        <div className="notice" role="status" data-testid="consent-saved">
          <p>{t('consent.savedF2f')}</p>
          <Link href="/me">{t('nav.myInterviews')}</Link>
        </div>
      )}
      {declined && (
        <div className="notice" role="alert" data-testid="consent-declined">
          <p>{t('consent.blocked')}</p>
          <p>{t('consent.declinedRecording')}</p>
        </div>
      )}
    </div>
  );
}

export function DeviceCheck() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [support] = useState<Support>(() => browserSupport());
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  async function start() {
    setError(null);
    try {
      const s = await getStream();
      setStream(s);
    } catch {
      setError(t('check.denied'));
    }
  }

  useEffect(() => {
    if (!stream || !video.current) return;
    video.current.srcObject = stream;
    void video.current.play().catch(() => undefined);
  }, [stream]);

  const canRecord = support.media && support.recorder;
  const camOk = !!stream?.getVideoTracks().length;
  const micOk = !!stream?.getAudioTracks().length;
  const ok = (b: boolean) => <span className={b ? 'ok' : 'ng'}>{b ? t('check.ok') : t('check.ng')}</span>;

  return (
    <div className="page">
      <PageTitle>{t('check.title')}</PageTitle>
      <p>{t('check.intro')}</p>
      {!canRecord && <ErrorBox error={t('check.unsupported')} />}
      <div className="two-col">
        <section className="card" aria-labelledby="cam-h">
          <h2 id="cam-h">
            {t('check.camera')} {stream && ok(camOk)}
          </h2>
          <video ref={video} className="preview" muted playsInline aria-label={t('check.preview')} />
          <h2 id="mic-h">
            {t('check.mic')} {stream && ok(micOk)}
          </h2>
          <p className="muted">{t('check.micHint')}</p>
          <MicMeter id="mic-level" stream={stream} label={t('check.micLevel')} />
          {!stream && (
            <button type="button" onClick={start} disabled={!canRecord}>
              {t('check.start')}
            </button>
          )}
          <ErrorBox error={error} onRetry={error ? start : undefined} />
        </section>
        <section className="card" aria-labelledby="br-h">
          <h2 id="br-h">{t('check.browser')}</h2>
          <ul className="plain checks">
            <li>
              {t('check.support.media')}: {ok(support.media)}
            </li>
            <li>
              {t('check.support.recorder')}: {ok(support.recorder)}
            </li>
            <li>
              {t('check.support.speech')}: {ok(support.speech)} <span className="muted">{t('check.optional')}</span>
            </li>
            <li>
              {t('check.support.storage')}: {ok(support.storage)} <span className="muted">{t('check.optional')}</span>
            </li>
          </ul>
        </section>
      </div>
      <div className="actions">
        <button type="button" disabled={!(camOk && micOk && canRecord)} onClick={() => navigate(`/self/${id}/run`)}>
          {t('check.continue')}
        </button>
      </div>
    </div>
  );
}

type Phase = 'loading' | 'resuming' | 'speaking' | 'ready' | 'recording' | 'review' | 'uploading' | 'keypoints' | 'failed' | 'finishing';

/** How long the interviewee waits at most for follow-up questions before being offered to skip. */
const FOLLOW_UP_TIMEOUT_MS = 5000;

const isJapanese = (s: string) => /[\u3040-\u30ff\u3400-\u9fff]/.test(s);

/** Where a step of the interview puts the page; `total` as the index means finished. */
function placeOf(step: Step, total: number): { index: number; phase: Phase } {
  switch (step.kind) {
    case 'question':
    case 'followup':
      return { index: step.index, phase: 'speaking' };
    case 'keypoints':
      return { index: step.question, phase: 'keypoints' };
    case 'done':
      return { index: total, phase: 'finishing' };
  }
}

export function SelfInterview() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const { api } = useSession();
  const [, navigate] = useLocation();
  const [interview, setInterview] = useState<Interview | null>(null);
  const [set, setSet] = useState<QuestionSet | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>(() => loadProgress(id));
  const [phase, setPhase] = useState<Phase>('loading');
  /** -1 is the practice question. */
  const [index, setIndex] = useState(-1);
  const [startedAt, setStartedAt] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [blob, setBlob] = useState<Blob | null>(null);
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  const [upload, setUpload] = useState(0);
  const [retrying, setRetrying] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const recorder = useRef<AnswerRecorder | null>(null);
  /** The answer being uploaded, with its latest ticket, so "retry" reuses the same recording id. */
  const pendingRef = useRef<PendingAnswer | null>(null);
  const speech = useRef<{ cancel: () => void } | null>(null);
  /** The question set has follow-ups on and the server offers them. */
  const [followUpsOn, setFollowUpsOn] = useState(false);
  const [askingFollowUps, setAskingFollowUps] = useState(false);
  const [followUpError, setFollowUpError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const question: Question | null = useMemo(() => {
    if (!set) return null;
    if (index < 0) return set.practice_question ?? { text: t('run.defaultPractice'), answer_seconds: 30 };
    if (isFollowUp(index)) {
      const { question: q, k } = followUpOf(index);
      const parent = set.questions[q];
      const f = progress.followUps[q]?.[k];
      return parent && f ? followUpQuestion(f, parent, isJapanese(parent.text)) : null;
    }
    return set.questions[index] ?? null;
  }, [set, index, t, progress.followUps]);
  const total = set?.questions.length ?? 0;

  const update = useCallback(
    (p: Progress) => {
      saveProgress(id, p);
      setProgress(p);
    },
    [id],
  );

  const uploadOne = useCallback(
    async (a: PendingAnswer) => {
      setUpload(0);
      setRetrying(0);
      await uploadWithRetry(
        {
          sign: () =>
            api.post<UploadTicket>(`/interviews/${id}/recordings`, {
              content_type: a.contentType,
              size_bytes: a.blob.size,
              ...askedOf(a.index),
              question_text: a.questionText,
            }),
          put: xhrPut(a.blob),
        },
        {
          ticket: a.ticket,
          onTicket: (ticket) => {
            const withTicket = { ...a, ticket };
            if (pendingRef.current?.id === a.id) pendingRef.current = withTicket;
            void pendingStore.put(withTicket);
          },
          onProgress: setUpload,
          onRetry: (n) => setRetrying(n),
        },
      );
      await pendingStore.remove(a.id);
    },
    [api, id],
  );

  // Load the interview, its questions and the consent; upload what a previous visit left behind.
  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const iv = await api.get<Interview>(`/interviews/${id}`);
        if (!alive) return;
        setInterview(iv);
        if (FINISHED.includes(iv.status)) {
          // every answer is already in (from this or another device)
          navigate(`/self/${id}/done`, { replace: true });
          return;
        }
        if (!OPEN.includes(iv.status)) {
          setFatal(t('run.closed'));
          return;
        }
        if (!iv.question_set_id) {
          setFatal(t('run.noSet'));
          return;
        }
        const consents = await api.get<ConsentT[]>(`/interviews/${id}/consents`);
        if (!consents.some((c) => c.kind === 'recording' && c.granted)) {
          setFatal(t('run.consentNeeded'));
          return;
        }
        const qs = await api.get<QuestionSet>(`/question-sets/${iv.question_set_id}`);
        const withFollowUps = qs.follow_ups && (await isOffered(api.base, 'POST', '/interviews/{id}/follow-ups'));
        if (!alive) return;
        setSet(qs);
        setFollowUpsOn(withFollowUps);
        // The answers the server already holds, from this device or another one (a failed list is not fatal).
        const recs = await api.get<Recording[]>(`/interviews/${id}/recordings`).catch(() => [] as Recording[]);
        if (!alive) return;
        const plan = resumePlan(loadProgress(id), recs, qs.questions.length);
        let p = plan.progress;
        update(p);
        if (plan.saved > 0) setNotice(plan.next < qs.questions.length ? t('run.resumed', { saved: plan.saved, total: qs.questions.length, n: plan.next + 1 }) : t('run.allSaved'));
        const left = await pendingStore.list(id);
        if (left.length) {
          setPhase('resuming');
          for (const a of left) {
            await uploadOne(a);
            p = { ...p, uploaded: [...new Set([...p.uploaded, a.index])] };
            update(p);
          }
        }
        if (!alive) return;
        const place = p.practiceDone ? placeOf(nextStep(p, qs.questions.length, withFollowUps), qs.questions.length) : { index: -1, phase: 'speaking' as Phase };
        setIndex(place.index);
        setPhase(place.phase);
      } catch (e) {
        if (alive) setFatal((e as Error).message);
      }
    })();
    return () => {
      alive = false;
    };
  }, [api, id, t, update, uploadOne, navigate]);

  // Show the camera while answering (a callback ref: the element mounts only once the questions are loaded).
  const attachLive = useCallback(
    (el: HTMLVideoElement | null) => {
      if (!el) return;
      getStream()
        .then((s) => {
          el.srcObject = s;
          void el.play().catch(() => undefined);
        })
        .catch(() => setFatal(t('check.denied')));
    },
    [t],
  );

  // Read the question aloud on entering a question.
  useEffect(() => {
    if (phase !== 'speaking' || !question) return;
    const lang = isJapanese(question.text) ? 'ja' : 'en';
    const s = speak(question.text, lang, speakingEstimateMs(question.text));
    speech.current = s;
    s.done.then(() => setPhase((p) => (p === 'speaking' ? 'ready' : p)));
    return () => s.cancel();
  }, [phase, question]);

  // The countdown; the answer stops by itself at 0.
  useEffect(() => {
    if (phase !== 'recording') return;
    const h = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(h);
  }, [phase]);
  const left = question ? secondsLeft(startedAt, question.answer_seconds, now) : 0;

  // Warn before closing the tab while an answer is being recorded or sent.
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'uploading') return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [phase]);

  // Finish: mark the interview recorded and say thank you.
  useEffect(() => {
    if (phase !== 'finishing' || !interview) return;
    (async () => {
      try {
        const iv = await api.get<Interview>(`/interviews/${id}`);
        if (iv.status === 'in_progress') await api.post(`/interviews/${id}/status`, { status: 'recorded' });
        releaseStream();
        navigate(`/self/${id}/done`);
      } catch (e) {
        setUploadError((e as Error).message);
        setPhase('failed');
      }
    })();
  }, [phase, interview, api, id, navigate]);

  const takes = progress.takes[index] ?? 0;
  const retakes = index < 0 ? 99 : retakesLeft(set?.retake_limit ?? 0, takes);

  async function startAnswer() {
    speech.current?.cancel();
    const mime = recorderMimeType();
    if (!mime) {
      setFatal(t('check.unsupported'));
      return;
    }
    const stream = await getStream();
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    setBlob(null);
    setBlobUrl(null);
    setNotice(null);
    recorder.current = new AnswerRecorder(stream, mime);
    const at = Date.now();
    setStartedAt(at);
    setNow(at);
    update({ ...progress, takes: { ...progress.takes, [index]: takes + 1 } });
    setPhase('recording');
  }

  const stopAnswer = useCallback(async () => {
    const r = recorder.current;
    recorder.current = null;
    if (!r) return;
    const b = await r.stop();
    setBlob(b);
    setBlobUrl(URL.createObjectURL(b));
    setPhase('review');
  }, []);

  useEffect(() => {
    if (phase === 'recording' && left === 0) void stopAnswer();
  }, [phase, left, stopAnswer]);

  /** Goes to what comes after the progress `p`: a question, a follow-up, a key-points stage, or the end. */
  function advance(p: Progress) {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    setBlob(null);
    setBlobUrl(null);
    setFollowUpError(null);
    const place = placeOf(nextStep(p, total, followUpsOn), total);
    setIndex(place.index);
    setPhase(place.phase);
  }

  async function askFollowUps(answerText: string) {
    setAskingFollowUps(true);
    setFollowUpError(null);
    try {
      const r = await withTimeout(
        api.post<FollowUps>(`/interviews/${id}/follow-ups`, { question_index: index, answer_text: answerText }),
        FOLLOW_UP_TIMEOUT_MS,
      );
      const p = settle(progress, index, r.follow_ups ?? []);
      update(p);
      setNotice(p.followUps[index]?.length ? null : t('run.noFollowUps'));
      advance(p);
    } catch (e) {
      // Skippable without penalty: say what happened and leave both choices open.
      setFollowUpError((e as Error).message === 'timeout' ? t('run.followUpSlow') : (e as Error).message);
    } finally {
      setAskingFollowUps(false);
    }
  }

  function skipFollowUps() {
    const p = settle(progress, index, []);
    update(p);
    setNotice(null);
    advance(p);
  }

  async function submitAnswer() {
    if (index < 0) {
      const p = { ...progress, practiceDone: true };
      update(p);
      advance(p);
      return;
    }
    if (!blob) return;
    const key = `${id}:${index}`;
    let a: PendingAnswer;
    if (pendingRef.current?.id === key && pendingRef.current.blob === blob) {
      a = pendingRef.current;
    } else {
      a = { id: key, interviewId: id, index, questionText: question?.text, blob, contentType: blob.type || 'video/webm', ticket: null };
      pendingRef.current = a;
      await pendingStore.put(a);
    }
    setPhase('uploading');
    setUploadError(null);
    try {
      await uploadOne(a);
      const p = { ...progress, uploaded: [...new Set([...progress.uploaded, index])] };
      update(p);
      pendingRef.current = null;
      advance(p);
    } catch (e) {
      // The object store's own words are technical: say it in the user's language.
      setUploadError(e instanceof PutError ? t(e.status === 0 ? 'err.network' : 'err.server') : (e as Error).message);
      setPhase('failed');
    }
  }

  if (fatal)
    return (
      <div className="page narrow">
        <PageTitle>{t('run.title')}</PageTitle>
        <ErrorBox error={fatal} />
        {fatal === t('run.consentNeeded') && (
          <Link href={`/self/${id}/consent`} className="button">
            {t('consent.title')}
          </Link>
        )}
      </div>
    );
  if (phase === 'loading' || !set || !question) return <Loading />;

  const running = isRunningOut(left, question.answer_seconds);
  return (
    <div className="page interview" data-phase={phase} data-index={index}>
      <PageTitle>{t('run.title')}</PageTitle>
      <p className="progress-label" aria-live="polite">
        {index < 0
          ? t('run.practice')
          : isFollowUp(index)
            ? t('run.followUpProgress', {
                n: followUpOf(index).question + 1,
                k: followUpOf(index).k + 1,
                count: progress.followUps[followUpOf(index).question]?.length ?? 1,
              })
            : t('run.progress', { n: Math.min(index + 1, total), total })}
      </p>
      {index < 0 && <p className="notice">{t('run.practiceNote')}</p>}
      {isFollowUp(index) && <p className="notice">{t('run.followUpNote')}</p>}
      {notice && <Notice>{notice}</Notice>}
      <div className="stage">
        <div className="avatar-box">
          <Avatar speaking={phase === 'speaking'} label={t('run.avatar')} />
          {phase === 'speaking' && <span className="badge">{t('run.speaking')}</span>}
        </div>
        <div className="self-view">
          <video ref={attachLive} muted playsInline className="preview" aria-label={t('check.preview')} />
          {phase === 'recording' && (
            <span className="rec-dot" aria-hidden="true">
              ● {t('run.recording')}
            </span>
          )}
        </div>
      </div>
      <section className="subtitle" aria-label={t('run.subtitle')} aria-live="polite">
        <p>{question.text}</p>
      </section>
      {(phase === 'speaking' || phase === 'ready' || phase === 'recording') && (
        <div className={`countdown${running ? ' running-out' : ''}`} role="timer" aria-label={t('run.timeLeft')}>
          <span className="muted">{t('run.timeLeft')}</span>{' '}
          <strong data-testid="countdown">{formatClock(phase === 'recording' ? left : question.answer_seconds)}</strong>
        </div>
      )}
      {phase === 'resuming' && <Notice>{t('run.resumeUploads')}</Notice>}
      {phase === 'keypoints' && (
        <KeyPoints lang={isJapanese(question.text) ? 'ja' : 'en'} busy={askingFollowUps} error={followUpError} onSubmit={askFollowUps} onSkip={skipFollowUps} />
      )}
      <div className="actions center">
        {(phase === 'speaking' || phase === 'ready') && (
          <>
            <button type="button" onClick={startAnswer}>
              {t('run.startAnswer')}
            </button>
            {phase === 'ready' && (
              <button type="button" className="secondary" onClick={() => setPhase('speaking')}>
                {t('run.replay')}
              </button>
            )}
          </>
        )}
        {phase === 'recording' && (
          <button type="button" className="danger" onClick={stopAnswer}>
            {t('run.stopAnswer')}
          </button>
        )}
      </div>
      {phase === 'review' && blobUrl && (
        <section className="card review" aria-label={t('run.review')}>
          <p>{t('run.review')}</p>
          <video src={blobUrl} controls playsInline className="preview" />
          <div className="actions">
            <button type="button" onClick={submitAnswer}>
              {index < 0 ? t('run.practiceNext') : t('run.submit')}
            </button>
            {retakes > 0 ? (
              <button type="button" className="secondary" onClick={startAnswer}>
                {index < 0 ? t('run.retakePractice') : t('run.retake', { n: retakes })}
              </button>
            ) : (
              <span className="muted">{t('run.noRetakes')}</span>
            )}
          </div>
        </section>
      )}
      {(phase === 'uploading' || phase === 'resuming') && (
        <div className="upload">
          <label htmlFor="upload-progress">{t('run.uploading')}</label>
          <progress id="upload-progress" max={1} value={upload} aria-label={t('run.uploadProgress')} />
          {retrying > 0 && <p className="muted">{t('run.uploadRetry', { n: retrying + 1 })}</p>}
        </div>
      )}
      {phase === 'finishing' && <Loading />}
      {phase === 'failed' && (
        <div className="error" role="alert">
          <p>{t('run.uploadFailed', { detail: uploadError ?? '' })}</p>
          {index !== total && <p>{t('run.keptLocally')}</p>}
          <button type="button" onClick={index === total ? () => setPhase('finishing') : submitAnswer}>
            {t('app.retry')}
          </button>
        </div>
      )}
    </div>
  );
}

export function Done() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  useEffect(() => releaseStream(), []);
  return (
    <div className="page narrow done">
      <PageTitle>{t('done.title')}</PageTitle>
      <p>{t('done.body')}</p>
      <section className="card" aria-labelledby="done-fb-h">
        <h2 id="done-fb-h">{t('done.feedback')}</h2>
        <p>{t('done.feedbackText')}</p>
        <Link href={`/me/${id}/feedback`} className="button secondary">
          {t('mine.feedback')}
        </Link>
      </section>
      <Link href="/me">{t('nav.myInterviews')}</Link>
    </div>
  );
}
