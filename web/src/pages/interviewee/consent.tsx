// Interviewee: the consent screen — three separate choices (recording, AI evaluation, training use), each stored.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { ApiError } from '../../api/client';
import type { Consent as ConsentT, ConsentTexts, Interview } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle } from '../../components/ui';
import { wordingFor } from '../../lib/consentTexts';
import { DataHandling } from './dataHandling';

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
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [, navigate] = useLocation();
  // The tenant's current texts: what is shown is what each decision records as its version.
  const texts = useLoad(() => api.get<ConsentTexts>('/consent-texts'), [api]);
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
    if (!texts.data) return;
    if (recording === null || ai === null || training === null) {
      setError(new Error(t('consent.choose')) as ApiError);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const version = texts.data.version;
      const body = (kind: string, granted: boolean) => ({ kind, granted, text_version: version });
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

  if ((existing.loading && !existing.data) || (interview.loading && !interview.data) || (texts.loading && !texts.data)) return <Loading />;
  if (!texts.data) return <ErrorBox error={texts.error ?? t('consent.textsLoading')} onRetry={texts.reload} />;
  const w = wordingFor(texts.data, lang);
  return (
    <div className="page narrow">
      <PageTitle>{t('consent.title')}</PageTitle>
      <p>{t('consent.intro')}</p>
      <form onSubmit={submit} className="form">
        <ConsentChoice name="recording" title={t('consent.recording')} text={w.recording} value={recording} onChange={setRecording} />
        <ConsentChoice name="ai_evaluation" title={t('consent.ai')} text={w.ai_evaluation} value={ai} onChange={setAi} />
        <ConsentChoice name="training_use" title={t('consent.training')} text={w.training_use} value={training} onChange={setTraining} />
        <DataHandling texts={texts.data} version={texts.data.version} />
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
          <p className="actions">
            <Link href={`/call/${id}`} className="button">
              {t('call.afterConsent')}
            </Link>
            <Link href="/me">{t('nav.myInterviews')}</Link>
          </p>
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
