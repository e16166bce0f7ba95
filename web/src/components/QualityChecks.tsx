// The local quality check in plain words (issue 14 item 3): per check in the device check, and the warning with
// an immediate retake after an answer. Only what was checked is said; a skipped face check says so.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/ja';
import { FREE_RETAKES, judge, type Problem, type Verdict } from '../lib/quality';
import { QualitySampler } from '../lib/qualitySampler';

const PROBLEM_WORDS: Record<Problem, MessageKey> = { noFace: 'quality.noFace', dark: 'quality.dark', silent: 'quality.silent' };

/** Samples the stream continuously and judges the last few seconds; null until there is enough to judge. */
export function useLiveQuality(stream: MediaStream | null): Verdict | null {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  useEffect(() => {
    if (!stream) return;
    const sampler = new QualitySampler(stream, 8);
    const h = window.setInterval(() => {
      if (sampler.count >= 4) setVerdict(judge(sampler.measures()));
    }, 500);
    return () => {
      window.clearInterval(h);
      sampler.stop();
    };
  }, [stream]);
  return verdict;
}

/** One line per check: fine, or what is wrong in plain words; the face check says when it could not be done. */
export function QualityChecks({ verdict }: { verdict: Verdict | null }) {
  const { t } = useI18n();
  if (!verdict)
    return (
      <p className="muted" role="status" data-testid="quality-checking">
        {t('quality.checking')}
      </p>
    );
  const line = (key: 'face' | 'dark' | 'silent', label: MessageKey, problem: Problem) =>
    verdict[key] !== 'skipped' && (
      <li data-check={key} data-state={verdict[key]}>
        {t(label)}: {verdict[key] === 'pass' ? <span className="ok">{t('quality.pass')}</span> : <span className="ng">{t(PROBLEM_WORDS[problem])}</span>}
      </li>
    );
  return (
    <div aria-live="polite" data-testid="quality-checks">
      <ul className="plain checks">
        {line('face', 'quality.check.face', 'noFace')}
        {line('dark', 'quality.check.dark', 'dark')}
        {line('silent', 'quality.check.silent', 'silent')}
      </ul>
      {verdict.face === 'skipped' && <p className="muted">{t('quality.faceSkipped')}</p>}
    </div>
  );
}

/** After an answer whose check failed: what is wrong, and a retake that is not counted while any are left. */
export function AnswerQualityWarning({ verdict, freeLeft, onRetake }: { verdict: Verdict; freeLeft: boolean; onRetake: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error" role="alert" data-testid="quality-warning">
      <p>{t('quality.answerWarning')}</p>
      <ul>
        {verdict.problems.map((p) => (
          <li key={p}>{t(PROBLEM_WORDS[p])}</li>
        ))}
      </ul>
      <p>{t('quality.freeRule', { n: FREE_RETAKES })}</p>
      {freeLeft && (
        <button type="button" onClick={onRetake}>
          {t('quality.retakeFree')}
        </button>
      )}
    </div>
  );
}
