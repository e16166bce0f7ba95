import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { ApiError } from '../api/client';
import type { Consent, Interview, Recording, UploadTicket } from '../api/types';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { MicMeter } from '../components/MicLevel';
import { formatClock } from '../lib/countdown';
import { canFinish, elapsedSeconds, mayRecord, recordingConsent, storedParts } from '../lib/facetoface';
import { AnswerRecorder, browserSupport, getStream, recorderMimeType, releaseStream } from '../lib/media';
import { pendingStore, type PendingAnswer } from '../lib/progress';
import { PutError, uploadWithRetry, xhrPut } from '../lib/upload';

type Phase = 'preview' | 'recording' | 'review' | 'uploading' | 'failed' | 'finishing';

/** The kept recording of this screen in IndexedDB (one at a time), so a reload or a failed upload loses nothing. */
const keptId = (interviewId: string) => `${interviewId}:face-to-face`;

/**
 * 対面面談を録画: the interviewer (or an admin) records a face-to-face interview in the browser. Camera preview and
 * microphone level, start/stop with the elapsed time, review, upload with progress and retries, then "finish"
 * sets the interview to recorded. Without the interviewee's recording consent nothing can be recorded.
 */
export function FaceToFaceRecord() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const { api, me } = useSession();
  const interview = useLoad(() => api.get<Interview>(`/interviews/${id}`), [api, id]);
  const consents = useLoad(() => api.get<Consent[]>(`/interviews/${id}/consents`), [api, id]);
  const recordings = useLoad(() => api.get<Recording[]>(`/interviews/${id}/recordings`), [api, id]);

  if ((interview.loading && !interview.data) || (consents.loading && !consents.data)) return <Loading />;
  const iv = interview.data;
  const error = interview.error ?? consents.error;
  if (error || !iv)
    return (
      <div className="page narrow">
        <PageTitle>{t('f2f.title')}</PageTitle>
        <ErrorBox error={error} onRetry={
            error
              ? () => {
                  interview.reload();
                  consents.reload();
                }
              : undefined
          } />
      </div>
    );
  const back = (
    <p>
      <Link href={`/interviews/${id}`}>{t('f2f.back')}</Link>
    </p>
  );
  if (!mayRecord(iv, me))
    return (
      <div className="page narrow">
        <PageTitle>{t('f2f.title')}</PageTitle>
        <Notice>{iv.mode !== 'face_to_face' ? t('f2f.notFaceToFace') : iv.status === 'scheduled' || iv.status === 'in_progress' ? t('f2f.notYours') : t('f2f.closed')}</Notice>
        {back}
      </div>
    );
  const consent = recordingConsent(consents.data ?? []);
  if (consent !== 'granted')
    return (
      <div className="page narrow">
        <PageTitle>{t('f2f.title')}</PageTitle>
        <div className="notice" role="alert" data-testid="f2f-no-consent" data-consent={consent}>
          <p>
            <strong>{consent === 'declined' ? t('f2f.consentDeclined') : t('f2f.consentMissing')}</strong>
          </p>
          <p>{consent === 'declined' ? t('f2f.consentDeclinedHow') : t('f2f.consentMissingHow')}</p>
        </div>
        <div className="actions">
          <button type="button" className="secondary" onClick={consents.reload}>
            {t('f2f.checkAgain')}
          </button>
        </div>
        {back}
      </div>
    );
  return <Recorder interviewId={id} stored={storedParts(recordings.data ?? [])} onStored={recordings.reload} back={back} />;
}

function Recorder({ interviewId, stored, onStored, back }: { interviewId: string; stored: number; onStored: () => void; back: ReactNode }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [, navigate] = useLocation();
  const [support] = useState(() => browserSupport());
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [cameraDenied, setCameraDenied] = useState(false);
  const [phase, setPhase] = useState<Phase>('preview');
  const [startedAt, setStartedAt] = useState(0);
  const [now, setNow] = useState(0);
  const [kept, setKept] = useState<PendingAnswer | null>(null);
  const [keptUrl, setKeptUrl] = useState<string | null>(null);
  const [fromBefore, setFromBefore] = useState(false);
  const [progress, setProgress] = useState(0);
  const [retrying, setRetrying] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  /** The stored count the server should reach once it has taken the part just sent (it marks a part stored as
   * its upload event is handled, a moment after the upload itself): the list is read again until it does. */
  const [awaited, setAwaited] = useState<number | null>(null);
  const storedNow = useRef(stored);
  storedNow.current = stored;
  useEffect(() => {
    if (awaited === null || stored >= awaited) return;
    let reads = 0;
    const h = setInterval(() => {
      if (++reads > 20) clearInterval(h);
      onStored();
    }, 1500);
    return () => clearInterval(h);
  }, [awaited, stored, onStored]);
  const recorder = useRef<AnswerRecorder | null>(null);
  const live = useRef<HTMLVideoElement>(null);
  const mime = recorderMimeType();

  const openCamera = useCallback(async () => {
    setCameraDenied(false);
    try {
      setStream(await getStream());
    } catch {
      setCameraDenied(true);
    }
  }, []);

  // The camera opens at once; a recording kept from a failed upload (or a reload) is offered for sending first.
  useEffect(() => {
    void openCamera();
    let alive = true;
    pendingStore.list(interviewId).then((left) => {
      const k = left.find((a) => a.id === keptId(interviewId));
      if (!alive || !k) return;
      setKept(k);
      setFromBefore(true);
      setPhase('review');
    });
    return () => {
      alive = false;
      // Leaving by an in-app link while recording: keep what was recorded, it is offered here next time.
      const r = recorder.current;
      recorder.current = null;
      if (r) void r.stop().then((blob) => pendingStore.put({ id: keptId(interviewId), interviewId, index: 0, blob, contentType: blob.type || 'video/webm', ticket: null }));
      releaseStream();
    };
  }, [interviewId, openCamera]);

  useEffect(() => {
    if (stream && live.current) {
      live.current.srcObject = stream;
      void live.current.play().catch(() => undefined);
    }
  }, [stream, phase]);

  useEffect(() => {
    if (!kept) return;
    const url = URL.createObjectURL(kept.blob);
    setKeptUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [kept]);

  useEffect(() => {
    if (phase !== 'recording') return;
    const h = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(h);
  }, [phase]);

  // Leaving the page while recording or sending would lose the interview: the browser asks first.
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'uploading') return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [phase]);

  function start() {
    if (!stream || !mime) return;
    recorder.current = new AnswerRecorder(stream, mime);
    const at = Date.now();
    setStartedAt(at);
    setNow(at);
    setSaved(null);
    setFromBefore(false);
    setPhase('recording');
  }

  async function stop() {
    const r = recorder.current;
    recorder.current = null;
    if (!r) return;
    const blob = await r.stop();
    const a: PendingAnswer = { id: keptId(interviewId), interviewId, index: 0, blob, contentType: blob.type || 'video/webm', ticket: null };
    await pendingStore.put(a);
    setKept(a);
    setPhase('review');
  }

  async function discard() {
    if (!window.confirm(t('f2f.confirmDiscard'))) return;
    await pendingStore.remove(keptId(interviewId));
    setKept(null);
    setPhase('preview');
  }

  async function send() {
    const a = kept;
    if (!a) return;
    setPhase('uploading');
    setFailure(null);
    setProgress(0);
    setRetrying(0);
    try {
      await uploadWithRetry(
        {
          sign: () => api.post<UploadTicket>(`/interviews/${interviewId}/recordings`, { content_type: a.contentType, size_bytes: a.blob.size }),
          put: xhrPut(a.blob),
        },
        {
          ticket: a.ticket,
          onTicket: (ticket) => {
            const withTicket = { ...a, ticket };
            setKept(withTicket);
            void pendingStore.put(withTicket);
          },
          onProgress: setProgress,
          onRetry: (n) => setRetrying(n),
        },
      );
      await pendingStore.remove(a.id);
      setKept(null);
      setSaved(a.blob.size / 1048576);
      setPhase('preview');
      setAwaited(storedNow.current + 1);
      onStored();
    } catch (e) {
      // The object store's own words are technical: say it in the user's language.
      setFailure(e instanceof PutError ? t(e.status === 0 ? 'err.network' : 'err.server') : (e as ApiError).message);
      setPhase('failed');
    }
  }

  async function finish() {
    setPhase('finishing');
    setFailure(null);
    try {
      const iv = await api.get<Interview>(`/interviews/${interviewId}`);
      if (iv.status === 'scheduled' || iv.status === 'in_progress') await api.post(`/interviews/${interviewId}/status`, { status: 'recorded' });
      releaseStream();
      navigate(`/interviews/${interviewId}`);
    } catch (e) {
      setFailure((e as Error).message);
      setPhase('preview');
    }
  }

  const elapsed = phase === 'recording' ? elapsedSeconds(startedAt, now) : 0;
  const unsent = !!kept;
  return (
    <div className="page f2f" data-phase={phase}>
      <PageTitle>{t('f2f.title')}</PageTitle>
      <p>{t('f2f.intro')}</p>
      {!mime || !support.media ? <ErrorBox error={t('check.unsupported')} /> : null}
      <div className="two-col">
        <section className="card" aria-labelledby="f2f-cam-h">
          <h2 id="f2f-cam-h">{t('check.camera')}</h2>
          <div className="self-view">
            {phase === 'review' || phase === 'uploading' || phase === 'failed' ? (
              keptUrl && <video key="review" src={keptUrl} controls playsInline className="preview" aria-label={t('f2f.reviewVideo')} />
            ) : (
              <video key="live" ref={live} muted playsInline className="preview" aria-label={t('check.preview')} />
            )}
            {phase === 'recording' && (
              <span className="rec-dot" aria-hidden="true">
                ● {t('run.recording')}
              </span>
            )}
          </div>
          <h2 id="f2f-mic-h">{t('check.mic')}</h2>
          <MicMeter id="f2f-mic-level" stream={stream} label={t('check.micLevel')} />
          <ErrorBox error={cameraDenied ? t('check.denied') : null} onRetry={cameraDenied ? openCamera : undefined} />
        </section>
        <section className="card" aria-labelledby="f2f-ctl-h">
          <h2 id="f2f-ctl-h">{t('f2f.controls')}</h2>
          <div className="countdown" role="timer" aria-label={t('f2f.elapsed')}>
            <span className="muted">{t('f2f.elapsed')}</span> <strong data-testid="elapsed">{formatClock(elapsed)}</strong>
          </div>
          <p className="muted" data-testid="f2f-parts">
            {t('f2f.parts', { n: stored })}
          </p>
          {saved !== null && <Notice>{t('f2f.saved', { mb: saved.toFixed(2) })}</Notice>}
          {phase === 'preview' && (
            <div className="actions">
              <button type="button" onClick={start} disabled={!stream || !mime}>
                {stored > 0 ? t('f2f.startMore') : t('f2f.start')}
              </button>
              <button type="button" className="secondary" onClick={finish} disabled={!canFinish(stored, unsent)}>
                {t('f2f.finish')}
              </button>
            </div>
          )}
          {phase === 'preview' && !canFinish(stored, unsent) && <p className="muted">{t('f2f.finishHint')}</p>}
          {phase === 'recording' && (
            <div className="actions">
              <button type="button" className="danger" onClick={stop}>
                {t('f2f.stop')}
              </button>
            </div>
          )}
          {phase === 'review' && (
            <>
              {fromBefore && <Notice>{t('f2f.keptFromBefore')}</Notice>}
              <p>{t('f2f.review', { mb: ((kept?.blob.size ?? 0) / 1048576).toFixed(2) })}</p>
              <div className="actions">
                <button type="button" onClick={send}>
                  {t('f2f.upload')}
                </button>
                <button type="button" className="secondary" onClick={discard}>
                  {t('f2f.discard')}
                </button>
              </div>
            </>
          )}
          {phase === 'uploading' && (
            <div className="upload">
              <label htmlFor="f2f-upload-progress">{t('f2f.uploading')}</label>
              <progress id="f2f-upload-progress" max={1} value={progress} />
              {retrying > 0 && <p className="muted">{t('run.uploadRetry', { n: retrying + 1 })}</p>}
            </div>
          )}
          {phase === 'failed' && (
            <div className="error" role="alert">
              <p>{t('run.uploadFailed', { detail: failure ?? '' })}</p>
              <p>{t('f2f.keptLocally')}</p>
              <button type="button" onClick={send}>
                {t('app.retry')}
              </button>
            </div>
          )}
          {phase === 'finishing' && <Loading />}
          {phase === 'preview' && <ErrorBox error={failure} />}
        </section>
      </div>
      {back}
    </div>
  );
}
