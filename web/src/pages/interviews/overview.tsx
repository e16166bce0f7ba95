// Interview detail: the overview at the top — who, when, mode, status, question set, consents and the next step.
import type { Consent, Interview, QuestionSet, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { StatusBadge, formatDateTime, nameOf } from '../../components/ui';
import type { NextStep } from '../../lib/interviewOverview';
import { ConsentList } from './consents';

export function Overview({
  iv,
  showPeople,
  users,
  questionSet,
  consents,
  next,
}: {
  iv: Interview;
  /** Experts rate blind: no names and no consents. */
  showPeople: boolean;
  users: User[] | null;
  /** The question set, once loaded (`undefined`: not loaded or not readable). */
  questionSet: QuestionSet | undefined;
  consents: Consent[] | null;
  next: NextStep;
}) {
  const { t, lang } = useI18n();
  return (
    <section className="card overview" aria-labelledby="ov-h" data-testid="overview">
      <h2 id="ov-h">{t('ov.title')}</h2>
      <p className="next-step" data-next-step={next}>
        <strong>{t('ov.next')}</strong> {t(`ov.next.${next}`)}
      </p>
      <dl className="facts">
        {showPeople && (
          <>
            <dt>{t('iv.interviewee')}</dt>
            <dd data-testid="ov-interviewee">{nameOf(users, iv.interviewee_id)}</dd>
            <dt>{t('iv.interviewer')}</dt>
            <dd>{nameOf(users, iv.interviewer_id)}</dd>
          </>
        )}
        <dt>{t('iv.when')}</dt>
        <dd>{formatDateTime(iv.scheduled_at, lang)}</dd>
        {iv.deadline && (
          <>
            <dt>{t('iv.deadline')}</dt>
            <dd>{formatDateTime(iv.deadline, lang)}</dd>
          </>
        )}
        <dt>{t('iv.mode')}</dt>
        <dd>{t(`mode.${iv.mode}`)}</dd>
        <dt>{t('iv.status')}</dt>
        <dd>
          <StatusBadge status={iv.status} />
        </dd>
        {iv.mode === 'self' && (
          <>
            <dt>{t('ov.questionSet')}</dt>
            <dd data-testid="ov-question-set">
              {questionSet ? t('ov.questionSetText', { name: questionSet.name, n: questionSet.questions.length }) : iv.question_set_id ? '—' : t('ov.noQuestionSet')}
            </dd>
          </>
        )}
        {showPeople && (
          <>
            <dt>{t('ov.consents')}</dt>
            <dd>
              <ConsentList consents={consents} />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
