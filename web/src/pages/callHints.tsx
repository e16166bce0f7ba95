// Live hints for the interviewer only (never rendered for the candidate): each side's share of the speaking time
// and the current monologue, from the two audio tracks through WebAudio in this browser; the question set as a
// checklist with the time spent on each question; a gentle note when the interviewer talks more than the limit.
// Nothing of this leaves the browser or is stored.
import { useEffect, useState } from 'react';
import type { QuestionSet } from '../api/types';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { formatClock } from '../lib/countdown';
import { rmsLevel } from '../lib/media';
import { EMPTY, myShare, step, talksTooMuch, type TalkState } from '../lib/talkShare';

const SAMPLE_MS = 250;

/**
 * Samples both sides' levels while mounted. Keyed by the audio tracks, not the streams: a remote stream gets its
 * tracks after it is shown, and a device switch replaces the local one.
 */
function useTalk(local: MediaStream | null, remote: MediaStream | null): TalkState {
  const [talk, setTalk] = useState<TalkState>(EMPTY);
  const localTrack = local?.getAudioTracks()[0] ?? null;
  const remoteTrack = remote?.getAudioTracks()[0] ?? null;
  useEffect(() => {
    if (!localTrack || typeof AudioContext === 'undefined') return;
    const ctx = new AudioContext();
    void ctx.resume();
    const tap = (track: MediaStreamTrack | null) => {
      if (!track) return null;
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      return analyser;
    };
    const mine = tap(localTrack);
    const theirs = tap(remoteTrack);
    const buf = new Uint8Array(1024);
    const level = (a: AnalyserNode | null) => {
      if (!a) return 0;
      a.getByteTimeDomainData(buf);
      return rmsLevel(buf);
    };
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const dt = now - last;
      last = now;
      const [m, t] = [level(mine), level(theirs)];
      setTalk((s) => step(s, m, t, dt));
    }, SAMPLE_MS);
    return () => {
      clearInterval(timer);
      void ctx.close();
    };
  }, [localTrack, remoteTrack]);
  return talk;
}

/** `limit`: the interviewer's share above which the panel suggests listening more (the tenant's call settings). */
export function LiveHints({
  local,
  remote,
  questionSetId,
  limit,
}: {
  local: MediaStream | null;
  remote: MediaStream | null;
  questionSetId: string | null;
  limit: number;
}) {
  const { t } = useI18n();
  const talk = useTalk(local, remote);
  const share = myShare(talk);
  const pct = (x: number) => Math.round(x * 100);
  return (
    <aside className="call-hints card" aria-labelledby="call-hints-title" data-testid="live-hints" data-talk-limit={limit}>
      <h2 id="call-hints-title">{t('hints.title')}</h2>
      <p className="muted">{t('hints.onlyYou')}</p>
      <p>
        {t('hints.share')}: {t('hints.you')} <strong data-testid="hint-share-mine">{share === null ? '—' : `${pct(share)}%`}</strong> ・ {t('hints.them')}{' '}
        <strong data-testid="hint-share-theirs">{share === null ? '—' : `${100 - pct(share)}%`}</strong>
      </p>
      {share !== null && <meter min={0} max={1} high={limit} optimum={0.3} value={share} aria-label={t('hints.share')} />}
      <p>
        {t('hints.floor')}: {talk.floor === null ? t('hints.nobody') : `${talk.floor === 'mine' ? t('hints.you') : t('hints.them')} ${formatClock(Math.floor(talk.runMs / 1000))}`}
      </p>
      {talksTooMuch(talk, limit) && share !== null && (
        <p className="notice" role="status" data-testid="hint-listen">
          {t('hints.listen', { pct: pct(share) })}
        </p>
      )}
      {questionSetId && <QuestionChecklist questionSetId={questionSetId} />}
    </aside>
  );
}

/** The question set's questions: the one being asked collects time; ticking it moves to the next. */
function QuestionChecklist({ questionSetId }: { questionSetId: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const set = useLoad(() => api.get<QuestionSet>(`/question-sets/${questionSetId}`), [api, questionSetId]);
  const [current, setCurrent] = useState(0);
  const [done, setDone] = useState<boolean[]>([]);
  const [spent, setSpent] = useState<number[]>([]);
  const count = set.data?.questions.length ?? 0;
  useEffect(() => {
    if (!count) return;
    const timer = setInterval(() => {
      setSpent((s) => {
        const next = [...s];
        next[current] = (next[current] ?? 0) + 1;
        return next;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [count, current]);
  if (!set.data) return null;
  return (
    <>
      <h3>{t('hints.questions')}</h3>
      <ol className="call-questions">
        {set.data.questions.map((q, i) => (
          <li key={i} aria-current={i === current ? 'step' : undefined}>
            <label>
              <input
                type="checkbox"
                checked={!!done[i]}
                onChange={(e) => {
                  const checked = e.target.checked;
                  setDone((d) => Object.assign([...d], { [i]: checked }));
                  if (checked && i === current && i + 1 < count) setCurrent(i + 1);
                }}
              />{' '}
              {q.text}
            </label>{' '}
            <span className="muted">{formatClock(spent[i] ?? 0)}</span>
            {i !== current && (
              <button type="button" className="link" onClick={() => setCurrent(i)}>
                {t('hints.askNow')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
