// Interviewee: the self-interview run — the practice question, each question read aloud, recording with a
// countdown, review and retakes, upload (kept in IndexedDB, resumed on reload or another device), key points and
// follow-up questions, then the end. The state lives here; the pieces of the screen are in runView.tsx.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { Consent as ConsentT, FollowUp, FollowUps, Interview, Question, QuestionSet, Recording } from '../../api/types';
import { isOffered } from '../../api/offers';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { isFinalTake, isRunningOut, retakesLeft, secondsLeft, speakingEstimateMs } from '../../lib/countdown';
import { guardLeaving } from '../../lib/leaveGuard';
import { AnswerRecorder, getStream, recorderMimeType, releaseStream, speak } from '../../lib/media';
import { draftStore, loadProgress, pendingStore, saveProgress, type PendingAnswer, type Progress } from '../../lib/progress';
import { followUpOf, followUpQuestion, followUpsFromSpeech, isFollowUp, nextStep, settle, withTimeout } from '../../lib/followups';
import { isFinished, isJapanese, isOpen, placeOf, type Phase } from '../../lib/selfInterview';
import { KeyPoints } from '../../components/KeyPoints';
import { resumePlan, retakesAsked } from '../../lib/resume';
import { PutError } from '../../lib/upload';
import { useAnswerUpload } from './useAnswerUpload';
import { QualitySampler } from '../../lib/qualitySampler';
import { freeRetakeLeft, judge, retakeCost, type Verdict } from '../../lib/quality';
import { AnswerQualityWarning } from '../../components/QualityChecks';
import { AnswerReview, Countdown, RunProgress, Stage, UploadFailed, UploadProgress } from './runView';

/** How long the interviewee waits at most for follow-up questions before being offered to skip. */
const FOLLOW_UP_TIMEOUT_MS = 5000;

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
  const [uploadError, setUploadError] = useState<string | null>(null);
  const recorder = useRef<AnswerRecorder | null>(null);
  /** The take being recorded is the question's last chance: it is submitted when it stops. */
  const finalTake = useRef(false);
  const { upload, retrying, pendingRef, uploadOne } = useAnswerUpload(api, id);
  const speech = useRef<{ cancel: () => void } | null>(null);
  /** The question set has follow-ups on and the server offers them. */
  const [followUpsOn, setFollowUpsOn] = useState(false);
  const [askingFollowUps, setAskingFollowUps] = useState(false);
  const [followUpError, setFollowUpError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The recording each fixed question's answer became (this visit), so its follow-ups can come from what was said. */
  const answerRecordings = useRef<Record<number, string>>({});
  /** Hearing the spoken answer for its follow-ups; aborted when the interviewee types, sends or skips. */
  const hearing = useRef<AbortController | null>(null);
  const [heardSoon, setHeardSoon] = useState(false);
  /** The local check of the take under review, and the uncounted retakes used per question (issue 14 item 3). */
  const sampler = useRef<QualitySampler | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [freeUsed, setFreeUsed] = useState<Record<number, number>>({});

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

  // Load the interview, its questions and the consent; upload what a previous visit left behind.
  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const iv = await api.get<Interview>(`/interviews/${id}`);
        if (!alive) return;
        setInterview(iv);
        if (isFinished(iv.status)) {
          // every answer is already in (from this or another device)
          navigate(`/self/${id}/done`, { replace: true });
          return;
        }
        if (!isOpen(iv.status)) {
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
        // Staff asked for a new answer: say which question and why, in their words.
        const asked = retakesAsked(recs).filter((r) => r.index < qs.questions.length);
        if (asked.length) setNotice(asked.map((r) => t('retake.candidateQuestion', { q: r.index + 1, reason: r.reason })).join(' '));
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
        // An answer recorded but not yet submitted before the reload: back to its review.
        const draft = place.index >= 0 && place.phase === 'speaking' ? await draftStore.get(id, place.index) : null;
        if (!alive) return;
        setIndex(place.index);
        if (draft) {
          setBlob(draft);
          setBlobUrl(URL.createObjectURL(draft));
          setPhase('review');
        } else {
          setPhase(place.phase);
        }
      } catch (e) {
        if (alive) setFatal((e as Error).message);
      }
    })();
    return () => {
      alive = false;
    };
  }, [api, id, t, update, uploadOne, navigate]);

  // The quality sampler stops with the page.
  useEffect(() => () => void sampler.current?.stop(), []);

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

  // Leaving through the app's own links while an answer is unsaved asks first.
  useEffect(() => {
    const unsaved = phase === 'recording' || phase === 'uploading' || (phase === 'review' && index >= 0);
    guardLeaving(unsaved ? t('run.leaveWarning') : null);
    return () => guardLeaving(null);
  }, [phase, index, t]);

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
  const lastChance = index >= 0 && isFinalTake(set?.retake_limit ?? 0, takes);

  /** `unusable`: retaking a take the local check found unusable, which may not count (see retakeCost). */
  async function startAnswer(unusable = false) {
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
    sampler.current?.stop();
    sampler.current = new QualitySampler(stream);
    setVerdict(null);
    const cost = index < 0 ? 1 : retakeCost(unusable, freeUsed[index] ?? 0);
    if (cost === 0) setFreeUsed({ ...freeUsed, [index]: (freeUsed[index] ?? 0) + 1 });
    finalTake.current = lastChance;
    // a retake replaces the answer under review
    if (index >= 0) void draftStore.remove(id, index);
    const at = Date.now();
    setStartedAt(at);
    setNow(at);
    update({ ...progress, takes: { ...progress.takes, [index]: takes + cost } });
    setPhase('recording');
  }

  // The stop callback outlives renders: it reaches the latest submit and question through these.
  const submitRef = useRef<(answer: Blob) => Promise<void>>(async () => undefined);
  const indexRef = useRef(index);
  indexRef.current = index;
  const freeUsedRef = useRef(freeUsed);
  freeUsedRef.current = freeUsed;

  const stopAnswer = useCallback(async () => {
    const r = recorder.current;
    recorder.current = null;
    if (!r) return;
    const b = await r.stop();
    const v = sampler.current ? judge(sampler.current.stop()) : null;
    sampler.current = null;
    setVerdict(v);
    setBlob(b);
    setBlobUrl(URL.createObjectURL(b));
    // An unusable last take goes to the review too, so it can be retaken (uncounted) before it is sent.
    const at = indexRef.current;
    if (finalTake.current && !freeRetakeLeft(v, freeUsedRef.current[at] ?? 0)) {
      finalTake.current = false;
      void submitRef.current(b);
      return;
    }
    finalTake.current = false;
    if (at >= 0) void draftStore.put(id, at, b);
    setPhase('review');
  }, [id]);

  useEffect(() => {
    if (phase === 'recording' && left === 0) void stopAnswer();
  }, [phase, left, stopAnswer]);

  /** Goes to what comes after the progress `p`: a question, a follow-up, a key-points stage, or the end. */
  function advance(p: Progress) {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    setBlob(null);
    setBlobUrl(null);
    setFollowUpError(null);
    setVerdict(null);
    const place = placeOf(nextStep(p, total, followUpsOn), total);
    setIndex(place.index);
    setPhase(place.phase);
  }

  // At a key-points stage whose answer was recorded on this visit: follow-ups from the spoken answer, where the
  // server transcribes recordings; the interviewee may still type (which stops this) or skip.
  useEffect(() => {
    const recordingId = phase === 'keypoints' ? answerRecordings.current[index] : undefined;
    if (!recordingId) return;
    const control = new AbortController();
    hearing.current = control;
    setHeardSoon(true);
    const ask = () => api.post<FollowUps>(`/interviews/${id}/follow-ups`, { question_index: index, recording_id: recordingId });
    void followUpsFromSpeech(ask, control.signal).then((heard) => {
      if (control.signal.aborted) return;
      setHeardSoon(false);
      if (heard) finishFollowUps(heard);
    });
    return () => {
      control.abort();
      setHeardSoon(false);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per key-points stage
  }, [phase, index, api, id]);

  function stopHearing() {
    hearing.current?.abort();
    setHeardSoon(false);
  }

  function finishFollowUps(followUps: FollowUp[]) {
    const p = settle(progress, index, followUps);
    update(p);
    setNotice(p.followUps[index]?.length ? null : t('run.noFollowUps'));
    advance(p);
  }

  async function askFollowUps(answerText: string) {
    stopHearing();
    setAskingFollowUps(true);
    setFollowUpError(null);
    try {
      const r = await withTimeout(
        api.post<FollowUps>(`/interviews/${id}/follow-ups`, { question_index: index, answer_text: answerText }),
        FOLLOW_UP_TIMEOUT_MS,
      );
      finishFollowUps(r.follow_ups ?? []);
    } catch (e) {
      // Skippable without penalty: say what happened and leave both choices open.
      setFollowUpError((e as Error).message === 'timeout' ? t('run.followUpSlow') : (e as Error).message);
    } finally {
      setAskingFollowUps(false);
    }
  }

  function skipFollowUps() {
    stopHearing();
    const p = settle(progress, index, []);
    update(p);
    setNotice(null);
    advance(p);
  }

  async function submitAnswer(answer: Blob | null = blob) {
    if (index < 0) {
      const p = { ...progress, practiceDone: true };
      update(p);
      advance(p);
      return;
    }
    if (!answer) return;
    const key = `${id}:${index}`;
    let a: PendingAnswer;
    if (pendingRef.current?.id === key && pendingRef.current.blob === answer) {
      a = pendingRef.current;
    } else {
      a = { id: key, interviewId: id, index, questionText: question?.text, blob: answer, contentType: answer.type || 'video/webm', ticket: null };
      pendingRef.current = a;
      await pendingStore.put(a);
      await draftStore.remove(id, index);
    }
    setPhase('uploading');
    setUploadError(null);
    try {
      const recordingId = await uploadOne(a);
      if (recordingId && !isFollowUp(index)) answerRecordings.current[index] = recordingId;
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
  submitRef.current = (answer: Blob) => submitAnswer(answer);
  if (phase === 'loading' || !set || !question) return <Loading />;

  const running = isRunningOut(left, question.answer_seconds);
  return (
    <div className="page interview" data-phase={phase} data-index={index}>
      <PageTitle>{t('run.title')}</PageTitle>
      <RunProgress index={index} total={total} followUps={progress.followUps} />
      {notice && <Notice>{notice}</Notice>}
      <Stage phase={phase} live={attachLive} />
      <section className="subtitle" aria-label={t('run.subtitle')} aria-live="polite">
        <p>{question.text}</p>
      </section>
      {(phase === 'speaking' || phase === 'ready' || phase === 'recording') && (
        <Countdown seconds={phase === 'recording' ? left : question.answer_seconds} runningOut={running} />
      )}
      {phase === 'resuming' && <Notice>{t('run.resumeUploads')}</Notice>}
      {(phase === 'speaking' || phase === 'ready') && lastChance && <Notice>{t('run.lastTake')}</Notice>}
      {phase === 'keypoints' && (
        <KeyPoints
          lang={isJapanese(question.text) ? 'ja' : 'en'}
          busy={askingFollowUps}
          error={followUpError}
          hearing={heardSoon}
          onTyping={stopHearing}
          onSubmit={askFollowUps}
          onSkip={skipFollowUps}
        />
      )}
      <div className="actions center">
        {(phase === 'speaking' || phase === 'ready') && (
          <>
            <button type="button" onClick={() => startAnswer()}>
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
      {phase === 'review' && blobUrl && !!verdict?.problems.length && (
        <AnswerQualityWarning verdict={verdict} freeLeft={index < 0 || freeRetakeLeft(verdict, freeUsed[index] ?? 0)} onRetake={() => startAnswer(true)} />
      )}
      {phase === 'review' && blobUrl && (
        <AnswerReview url={blobUrl} practice={index < 0} retakes={retakes} onSubmit={() => submitAnswer()} onRetake={() => startAnswer()} />
      )}
      {(phase === 'uploading' || phase === 'resuming') && <UploadProgress value={upload} retrying={retrying} />}
      {phase === 'finishing' && <Loading />}
      {phase === 'failed' && (
        <UploadFailed
          detail={uploadError}
          keptLocally={index !== total}
          onRetry={index === total ? () => setPhase('finishing') : () => submitAnswer()}
        />
      )}
    </div>
  );
}
