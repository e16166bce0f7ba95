/**
 * Personal feedback (個別フィードバック). Staff (admins and the interview's interviewer) generate a draft from the
 * transcript's summary, edit its paragraphs in both languages and approve it; only then does the interviewee
 * see it, on their own feedback page, in the UI language.
 */
import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { ApiError } from '../api/client';
import type { CriterionCheck, FeedbackAnswer, InterviewFeedback, User } from '../api/types';
import { feedbackOf } from '../lib/noneYet';
import { useOffered } from '../api/offers';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, Unavailable, formatDateTime, nameOf } from '../components/ui';
import { approvalProblem, candidateLanguage, coverageOf, groupCriteria, isEdited, paragraphsFor, paragraphsFromText, similarityPercent, textFromParagraphs, wordedByModel } from '../lib/feedback';

/** GET the feedback; `{"state": "none"}` (none yet, or not approved yet for the interviewee) is null. */
function useFeedback(interviewId: string, enabled: boolean) {
  const { api } = useSession();
  return useLoad(
    () => (enabled ? api.get<FeedbackAnswer>(`/interviews/${interviewId}/feedback`).then(feedbackOf) : Promise.resolve(null)),
    [api, interviewId, enabled],
  );
}

/**
 * The content criteria in two lists that agree with their headings: what the answers showed (each with the sentence that
 * shows it) and what they did not (no quote: nothing close was found). The count is the length of the first list.
 */
function Criteria({ criteria, staff = false, level }: { criteria: CriterionCheck[]; staff?: boolean; level: 2 | 4 }) {
  const { t } = useI18n();
  const id = useId();
  const H = level === 2 ? 'h2' : 'h4';
  if (!criteria.length) return <p className="muted">{t('fb.noCriteria')}</p>;
  const { shown, missing, total } = groupCriteria(criteria);
  return (
    <div className="criteria-groups" data-criteria-shown={shown.length} data-criteria-total={total}>
      <H id={`${id}-shown`}>{t(staff ? 'fb.shownHeading' : 'fb.myShownHeading', { met: shown.length, total })}</H>
      {shown.length ? (
        <ul className="plain criteria" aria-labelledby={`${id}-shown`} data-criteria-list="shown">
          {shown.map((c, i) => (
            <li key={`${c.name}-${i}`} data-coverage={coverageOf(c)} data-met="true">
              <p className="criterion-name">
                <span className="ok" aria-hidden="true">
                  {coverageOf(c) === 'found' ? '✓' : '△'}
                </span>{' '}
                <strong>{c.name}</strong>: {coverageOf(c) === 'found' ? t('fb.found') : t('fb.partly')}
              </p>
              {c.evidence && (
                <figure className="evidence">
                  <blockquote>{c.evidence}</blockquote>
                  <figcaption className="muted">{staff ? evidenceCaption(c, t) : t('fb.evidence')}</figcaption>
                </figure>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('fb.noneShown')}</p>
      )}
      {missing.length > 0 && (
        <>
          <H id={`${id}-missing`}>{t(staff ? 'fb.missingHeading' : 'fb.myMissingHeading')}</H>
          <ul className="plain criteria" aria-labelledby={`${id}-missing`} data-criteria-list="missing">
            {missing.map((c, i) => (
              <li key={`${c.name}-${i}`} data-coverage="not_found" data-met="false">
                <p className="criterion-name">
                  <span className="muted" aria-hidden="true">
                    –
                  </span>{' '}
                  <strong>{c.name}</strong>: {t('fb.notFound')}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** For staff: why the sentence was taken as evidence (the criterion's words it uses, else its likeness). */
function evidenceCaption(c: CriterionCheck, t: ReturnType<typeof useI18n>['t']): string {
  return c.matched?.length ? t('fb.matchedWords', { words: c.matched.join('、') }) : t('fb.similarity', { pct: similarityPercent(c.similarity) });
}

/** The staff panel on the interview detail. */
export function FeedbackPanel({
  interviewId,
  hasTranscript,
  users,
  onState,
}: {
  interviewId: string;
  hasTranscript: boolean | null;
  users: User[] | null;
  /** Told whenever the panel knows the feedback's state (for the page's "next step"). */
  onState?: (s: 'none' | 'draft' | 'approved') => void;
}) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const offered = useOffered('GET', '/interviews/{id}/feedback');
  const loaded = useFeedback(interviewId, offered === true);
  const [fb, setFb] = useState<InterviewFeedback | null>(null);
  const [ja, setJa] = useState('');
  const [en, setEn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const id = useId();

  function show(f: InterviewFeedback | null) {
    setFb(f);
    setJa(f ? textFromParagraphs(f.ja) : '');
    setEn(f ? textFromParagraphs(f.en) : '');
  }
  useEffect(() => {
    if (!loaded.loading && !loaded.error) show(loaded.data);
  }, [loaded.data, loaded.loading, loaded.error]);

  async function generate() {
    if (fb && isEdited(fb, ja, en) && !window.confirm(t('fb.confirmRegenerate'))) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      show(await api.post<InterviewFeedback>(`/interviews/${interviewId}/feedback`));
      setNotice(t('fb.generated'));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function approve() {
    const missing = approvalProblem(ja, en, fb ? candidateLanguage(fb) : 'ja');
    if (missing) {
      setError(t(missing === 'ja' ? 'fb.needJa' : 'fb.needEn'));
      return;
    }
    if (!window.confirm(t('fb.confirmApprove'))) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      show(await api.post<InterviewFeedback>(`/interviews/${interviewId}/feedback/approve`, { ja: paragraphsFromText(ja), en: paragraphsFromText(en) }));
      setNotice(t('fb.approvedNotice'));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const state = offered === false ? 'unavailable' : offered === null || (loaded.loading && !fb) ? 'loading' : loaded.error ? 'error' : fb ? fb.state : 'none';
  useEffect(() => {
    if (state === 'none' || state === 'draft' || state === 'approved') onState?.(state);
  }, [state]);
  // A draft is made from the transcript's summary: until one is uploaded there is nothing to draft from.
  const noSource = hasTranscript !== true;
  if (state === 'unavailable') return <Unavailable title={t('fb.title')} text={t('fb.unavailable')} />;
  return (
    <section className="card feedback-panel" aria-labelledby={`${id}-h`} data-feedback-state={state}>
      <h2 id={`${id}-h`}>
        {t('fb.title')} {fb && <span className={`badge fb-${fb.state}`}>{t(fb.state === 'approved' ? 'fb.stateApproved' : 'fb.stateDraft')}</span>}
      </h2>
      {fb && wordedByModel(fb) && (
        <p className="wording-note" data-written-by="language_model">
          {t('fb.wordedByModel')}
        </p>
      )}
      {state === 'loading' ? (
        <Loading />
      ) : state === 'error' ? (
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      ) : !fb ? (
        <>
          <p className="muted" id={`${id}-why`} data-testid="draft-reason">
            {hasTranscript === false ? t('fb.needTranscript') : hasTranscript === null ? t('app.loading') : t('fb.none')}
          </p>
          <div className="actions">
            <button type="button" onClick={generate} disabled={busy || noSource} aria-describedby={`${id}-why`}>
              {t('fb.generate')}
            </button>
          </div>
        </>
      ) : fb.state === 'approved' ? (
        <>
          <p>{t('fb.approvedBy', { name: nameOf(users, fb.approved_by), date: fb.approved_at ? formatDateTime(fb.approved_at, lang) : '—' })}</p>
          <h3>{t('fb.ja')}</h3>
          <Paragraphs paragraphs={fb.ja} lang="ja" />
          <h3>{t('fb.en')}</h3>
          <Paragraphs paragraphs={fb.en} lang="en" />
          <h3>{t('fb.criteria')}</h3>
          <Criteria criteria={fb.criteria} staff level={4} />
        </>
      ) : (
        <>
          <p className="muted">{t('fb.draftNote', { date: formatDateTime(fb.generated_at, lang) })}</p>
          <p data-candidate-language={candidateLanguage(fb)}>{t(candidateLanguage(fb) === 'en' ? 'fb.languageEn' : 'fb.languageJa')}</p>
          <div className="form">
            <label>
              {t('fb.textLabel', { text: t('fb.ja'), need: t(candidateLanguage(fb) === 'ja' ? 'fb.required' : 'fb.optional') })}
              <textarea name="feedback_ja" lang="ja" rows={Math.min(12, Math.max(4, fb.ja.length * 2 + 1))} value={ja} aria-describedby={`${id}-lines`} onChange={(e) => setJa(e.target.value)} />
            </label>
            <label>
              {t('fb.textLabel', { text: t('fb.en'), need: t(candidateLanguage(fb) === 'en' ? 'fb.required' : 'fb.optional') })}
              <textarea name="feedback_en" lang="en" rows={Math.min(12, Math.max(4, fb.en.length * 2 + 1))} value={en} aria-describedby={`${id}-lines`} onChange={(e) => setEn(e.target.value)} />
            </label>
            <p id={`${id}-lines`} className="muted">
              {t('fb.onePerLine')}
            </p>
          </div>
          <h3>{t('fb.criteria')}</h3>
          <Criteria criteria={fb.criteria} staff level={4} />
          <div className="actions">
            <button type="button" onClick={approve} disabled={busy}>
              {t('fb.approve')}
            </button>
            <button type="button" className="secondary" onClick={generate} disabled={busy}>
              {t('fb.regenerate')}
            </button>
          </div>
        </>
      )}
      <ErrorBox error={error} />
      {notice && <Notice>{notice}</Notice>}
    </section>
  );
}

function Paragraphs({ paragraphs, lang }: { paragraphs: string[]; lang: 'ja' | 'en' }) {
  const { t } = useI18n();
  if (!paragraphs.length) return <p className="muted">{t('fb.noText')}</p>;
  return (
    <div lang={lang} className="feedback-text">
      {paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

/** The interviewee's page: "being prepared" until a person approves it, then the paragraphs in the UI language. */
export function MyFeedback() {
  const { id } = useParams<{ id: string }>();
  const { t, lang } = useI18n();
  const offered = useOffered('GET', '/interviews/{id}/feedback');
  const fb = useFeedback(id, offered === true);
  const approved = fb.data?.state === 'approved' ? fb.data : null;
  const shown = approved ? paragraphsFor(approved, lang) : null;
  const state = offered === false ? 'unavailable' : offered === null || fb.loading ? 'loading' : fb.error ? 'error' : approved ? 'approved' : 'preparing';
  return (
    <div className="page narrow my-feedback" data-feedback-state={state}>
      <PageTitle>{t('fb.myTitle')}</PageTitle>
      {state === 'unavailable' ? (
        <Unavailable title={t('fb.myTitle')} text={t('fb.unavailable')} />
      ) : state === 'loading' ? (
        <Loading />
      ) : state === 'error' ? (
        <ErrorBox error={fb.error} onRetry={fb.reload} />
      ) : approved && shown ? (
        <>
          <section className="card" aria-label={t('fb.myTitle')}>
            <Paragraphs paragraphs={shown.paragraphs} lang={shown.lang} />
            {approved.approved_at && <p className="muted small-print">{t('fb.myApproved', { date: formatDateTime(approved.approved_at, lang) })}</p>}
          </section>
          {approved.criteria.length > 0 && (
            <section className="card" aria-label={t('fb.myCriteria')}>
              <Criteria criteria={approved.criteria} level={2} />
            </section>
          )}
        </>
      ) : (
        <Notice>{t('fb.preparing')}</Notice>
      )}
      <p>
        <Link href="/me">{t('nav.myInterviews')}</Link>
      </p>
    </div>
  );
}
