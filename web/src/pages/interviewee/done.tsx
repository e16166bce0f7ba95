// Interviewee: the thank-you page after the last answer, with the way to the feedback.
import { useEffect } from 'react';
import { Link, useParams } from 'wouter';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/ui';
import { releaseStream } from '../../lib/media';

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
