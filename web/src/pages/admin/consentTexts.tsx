// Admin (issue 14 item 11): the consent text interviewees read before recording — edit, preview, save as a new version.
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { ConsentTexts, ConsentTextsInput, ConsentWording } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { MAX_NAME, MAX_TEXT, MAX_URL, WORDING_FIELDS, draftProblem, inputOf, wordingFor } from '../../lib/consentTexts';
import { DataHandling } from '../interviewee/dataHandling';

const LANGS = [
  ['ja', 'ctexts.langJa'],
  ['en', 'ctexts.langEn'],
] as const;

export function ConsentTextsEditor() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const current = useLoad(() => api.get<ConsentTexts>('/consent-texts'), [api]);
  const [draft, setDraft] = useState<ConsentTextsInput | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (current.data) setDraft(inputOf(current.data));
  }, [current.data]);

  /** The field's name as the form shows it, for messages. */
  const label = (field: string) => {
    const [lng, f] = field.split('.');
    if (!f) return t(field === 'operator' ? 'ctexts.operator' : field === 'contact' ? 'ctexts.contact' : 'ctexts.privacy');
    return `${t(lng === 'en' ? 'ctexts.langEn' : 'ctexts.langJa')}: ${t(`ctexts.f.${f}` as MessageKey)}`;
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setSaved(null);
    const problem = draftProblem(draft);
    if (problem) {
      setError(t(`ctexts.p.${problem.problem}`, { field: label(problem.field) }));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const body = { ...draft, privacy_policy_url: draft.privacy_policy_url?.trim() || null };
      const done = await api.put<ConsentTexts>('/consent-texts', body);
      setSaved(done.version);
      current.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const setWording = (lng: 'ja' | 'en', field: keyof ConsentWording, value: string) =>
    setDraft((d) => (d ? { ...d, [lng]: { ...d[lng], [field]: value } } : d));

  return (
    <section className="card" aria-labelledby="ctexts-h" data-testid="consent-texts-editor">
      <h2 id="ctexts-h">{t('ctexts.title')}</h2>
      <p>{t('ctexts.intro')}</p>
      {current.loading && !current.data ? (
        <Loading />
      ) : current.error || !draft ? (
        <ErrorBox error={current.error} onRetry={current.reload} />
      ) : (
        <form className="form" onSubmit={save} noValidate>
          <p className="muted" data-testid="consent-texts-version">
            {t('ctexts.current', { version: current.data?.saved_at ? current.data.version : t('ctexts.default') })}
          </p>
          <label>
            {t('ctexts.operator')}
            <input name="operator" maxLength={MAX_NAME} value={draft.operator} onChange={(e) => setDraft({ ...draft, operator: e.target.value })} />
          </label>
          <label>
            {t('ctexts.contact')}
            <input name="contact" maxLength={MAX_URL} value={draft.contact} onChange={(e) => setDraft({ ...draft, contact: e.target.value })} />
          </label>
          <label>
            {t('ctexts.privacy')}
            <input
              name="privacy_policy_url"
              type="url"
              inputMode="url"
              maxLength={MAX_URL}
              value={draft.privacy_policy_url ?? ''}
              onChange={(e) => setDraft({ ...draft, privacy_policy_url: e.target.value })}
            />
          </label>
          {LANGS.map(([lng, title]) => (
            <fieldset key={lng} lang={lng}>
              <legend>{t(title)}</legend>
              {WORDING_FIELDS.map((f) => (
                <label key={f}>
                  {t(`ctexts.f.${f}` as MessageKey)}
                  <textarea name={`${lng}.${f}`} rows={3} maxLength={MAX_TEXT} value={draft[lng][f]} onChange={(e) => setWording(lng, f, e.target.value)} />
                </label>
              ))}
            </fieldset>
          ))}
          <ErrorBox error={error} />
          {saved && <Notice>{t('ctexts.saved', { version: saved })}</Notice>}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('ctexts.save')}
            </button>
          </div>
          <div className="consent-preview" data-testid="consent-texts-preview">
            <h3>{t('ctexts.preview')}</h3>
            {(['recording', 'ai_evaluation', 'training_use'] as const).map((k) => (
              <div key={k} className="card consent">
                <h4>{t(k === 'recording' ? 'consent.recording' : k === 'ai_evaluation' ? 'consent.ai' : 'consent.training')}</h4>
                <p>{wordingFor(draft, lang)[k]}</p>
              </div>
            ))}
            <DataHandling texts={draft} nested />
          </div>
        </form>
      )}
    </section>
  );
}
