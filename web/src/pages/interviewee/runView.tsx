// Interviewee: the pieces of the self-interview screen (progress line, avatar and camera, countdown, review,
// upload progress and failure); run.tsx holds the state and decides which are shown.
import { useI18n } from '../../i18n';
import { Avatar } from '../../components/Avatar';
import { formatClock } from '../../lib/countdown';
import { followUpOf, isFollowUp } from '../../lib/followups';
import type { Progress } from '../../lib/progress';
import type { Phase } from '../../lib/selfInterview';

/** "Practice question" / "Question n of total" / "Follow-up k to question n", with the notes of the first two. */
export function RunProgress({ index, total, followUps }: { index: number; total: number; followUps: Progress['followUps'] }) {
  const { t } = useI18n();
  return (
    <>
      <p className="progress-label" aria-live="polite">
        {index < 0
          ? t('run.practice')
          : isFollowUp(index)
            ? t('run.followUpProgress', {
                n: followUpOf(index).question + 1,
                k: followUpOf(index).k + 1,
                count: followUps[followUpOf(index).question]?.length ?? 1,
              })
            : t('run.progress', { n: Math.min(index + 1, total), total })}
      </p>
      {index < 0 && <p className="notice">{t('run.practiceNote')}</p>}
      {isFollowUp(index) && <p className="notice">{t('run.followUpNote')}</p>}
    </>
  );
}

/** The avatar asking the question beside the interviewee's own camera (`live` attaches the stream). */
export function Stage({ phase, live }: { phase: Phase; live: (el: HTMLVideoElement | null) => void }) {
  const { t } = useI18n();
  return (
    <div className="stage">
      <div className="avatar-box">
        <Avatar speaking={phase === 'speaking'} label={t('run.avatar')} />
        {phase === 'speaking' && <span className="badge">{t('run.speaking')}</span>}
      </div>
      <div className="self-view">
        <video ref={live} muted playsInline className="preview" aria-label={t('check.preview')} />
        {phase === 'recording' && (
          <span className="rec-dot" aria-hidden="true">
            ● {t('run.recording')}
          </span>
        )}
      </div>
    </div>
  );
}

/** The visible m:ss answer time. */
export function Countdown({ seconds, runningOut }: { seconds: number; runningOut: boolean }) {
  const { t } = useI18n();
  return (
    <div className={`countdown${runningOut ? ' running-out' : ''}`} role="timer" aria-label={t('run.timeLeft')}>
      <span className="muted">{t('run.timeLeft')}</span> <strong data-testid="countdown">{formatClock(seconds)}</strong>
    </div>
  );
}

/** The recorded answer played back, with "submit" (or "next" after the practice) and the retakes left. */
export function AnswerReview({
  url,
  practice,
  retakes,
  onSubmit,
  onRetake,
}: {
  url: string;
  practice: boolean;
  retakes: number;
  onSubmit: () => void;
  onRetake: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card review" aria-label={t('run.review')}>
      <p>{t('run.review')}</p>
      <video src={url} controls playsInline className="preview" />
      <div className="actions">
        <button type="button" onClick={onSubmit}>
          {practice ? t('run.practiceNext') : t('run.submit')}
        </button>
        {retakes > 0 ? (
          <button type="button" className="secondary" onClick={onRetake}>
            {practice ? t('run.retakePractice') : t('run.retake', { n: retakes })}
          </button>
        ) : (
          <span className="muted">{t('run.noRetakes')}</span>
        )}
      </div>
    </section>
  );
}

export function UploadProgress({ value, retrying }: { value: number; retrying: number }) {
  const { t } = useI18n();
  return (
    <div className="upload">
      <label htmlFor="upload-progress">{t('run.uploading')}</label>
      <progress id="upload-progress" max={1} value={value} aria-label={t('run.uploadProgress')} />
      {retrying > 0 && <p className="muted">{t('run.uploadRetry', { n: retrying + 1 })}</p>}
    </div>
  );
}

/** The upload (or the final status change) failed: what happened, that the answer is kept, and "try again". */
export function UploadFailed({ detail, keptLocally, onRetry }: { detail: string | null; keptLocally: boolean; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error" role="alert">
      <p>{t('run.uploadFailed', { detail: detail ?? '' })}</p>
      {keptLocally && <p>{t('run.keptLocally')}</p>}
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
