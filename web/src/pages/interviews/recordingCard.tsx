// Interview detail: one recording as a compact card — what was asked, state, quality, player; the analysis
// timeline and file size behind a disclosure.
import { useEffect, useState } from 'react';
import type { Interview, Recording, Timeline } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { TimelineChart } from '../../components/TimelineChart';
import { isTimeline, talkShares } from '../../lib/timeline';
import { Player } from './player';
import { RetakeRequest } from './retakeRequest';

const FAILURES = ['unreadable', 'empty', 'no_speech'];

export function RecordingCard({
  rec,
  n,
  interview,
  onChanged,
}: {
  rec: Recording;
  n: number;
  interview?: Interview;
  onChanged?: () => void;
}) {
  const { t, lang } = useI18n();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [timelineFailed, setTimelineFailed] = useState(false);
  const [open, setOpen] = useState(false);
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
  const call = rec.audio === 'interviewee_left_interviewer_right';
  const shares = timeline ? talkShares(timeline) : null;
  return (
    <li className="card recording" data-recording-status={rec.status} data-recording={rec.id}>
      <h3>
        {call ? t('detail.callPart', { n }) : t('detail.answer', { n })} <span className={`badge rec-${rec.status}`}>{t(`rec.${rec.status}`)}</span>
      </h3>
      {rec.question && (
        <p className="asked">
          {rec.question.follow_up === null
            ? t('detail.askedQuestion', { q: rec.question.index + 1 })
            : t('detail.askedFollowUp', { q: rec.question.index + 1, k: rec.question.follow_up + 1 })}
          {rec.question.text ? `: ${rec.question.text}` : ''}
        </p>
      )}
      {failure && <p className="error-text">{failure}</p>}
      {rec.analysis && <p>{rec.analysis.sufficient ? t('detail.sufficient') : insufficientText(rec.analysis, lang, t)}</p>}
      {shares && (
        <p data-testid="call-shares" data-interviewee={shares.interviewee} data-interviewer={shares.interviewer}>
          {t('rc.talkShares', { me: shares.interviewee, them: shares.interviewer })}
        </p>
      )}
      {rec.download_url ? (
        <Player url={rec.download_url} label={t('detail.player', { n })} />
      ) : rec.status === 'pending' ? (
        <p className="muted">{t('detail.playbackUnavailable')}</p>
      ) : null}
      {interview && <RetakeRequest rec={rec} interview={interview} onAsked={() => onChanged?.()} />}
      {rec.status !== 'pending' && (
        <details className="recording-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{t('rc.details')}</summary>
          <p className="muted">{t('rc.size', { mb: (rec.size_bytes / 1048576).toFixed(1) })}</p>
          {timeline ? (
            // drawn once opened: a closed disclosure has no width to draw into
            open && <TimelineChart timeline={timeline} title={t('rc.timelineTitle')} />
          ) : timelineFailed ? (
            <p className="muted">{t('timeline.loadFailed')}</p>
          ) : rec.status === 'analysed' && !rec.timeline_url ? (
            <p className="muted">{t('detail.timelineUnavailable')}</p>
          ) : rec.status !== 'analysed' && !failure ? (
            <p className="muted">{t('rc.notAnalysedYet')}</p>
          ) : null}
        </details>
      )}
    </li>
  );
}

/** Why a recording is not good enough, in the screen's language (older analyses kept English only). */
function insufficientText(
  analysis: NonNullable<Recording['analysis']>,
  lang: string,
  t: ReturnType<typeof useI18n>['t'],
): string {
  const reasons = lang === 'ja' ? (analysis.reasons_ja ?? []) : analysis.reasons;
  return reasons.length > 0 ? t('detail.insufficient', { reasons: reasons.join(lang === 'ja' ? '、' : ', ') }) : t('detail.insufficientNoReason');
}
