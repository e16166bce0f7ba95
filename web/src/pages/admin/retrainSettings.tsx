// Admin: the learning and wording settings on the AI models page (automatic retraining, language model wording).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { ModelSettings } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { hasOption, type Contract } from '../../lib/contract';

/** Retraining on its own after N new expert ratings (new versions still wait for an administrator). */
export function RetrainSettings() {
  const { t } = useI18n();
  const { api } = useSession();
  const settings = useLoad(() => api.get<ModelSettings>('/models/settings'), [api]);
  const contract = useLoad(() => api.get<Contract>('/tenant'), [api]);
  const [auto, setAuto] = useState(false);
  const [after, setAfter] = useState(10);
  const [conversation, setConversation] = useState(false);
  const [scores, setScores] = useState(false);
  const [wording, setWording] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  // turning scores on for candidates is asked about first; turning them off is not
  const [askScores, setAskScores] = useState(false);

  useEffect(() => {
    if (!settings.data) return;
    setAuto(settings.data.auto_retrain);
    setAfter(settings.data.retrain_after_ratings);
    setConversation(settings.data.conversation_features ?? false);
    setScores(settings.data.feedback_shows_scores ?? false);
    setWording(settings.data.language_model_wording ?? false);
  }, [settings.data]);

  /** Servers before the language model option do not list it; the checkbox is not shown to them. */
  const wordingKnown = settings.data?.language_model_wording !== undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      // The whole settings object: options left out would be turned off.
      await api.put<ModelSettings>('/models/settings', {
        auto_retrain: auto,
        retrain_after_ratings: after,
        conversation_features: conversation,
        feedback_shows_scores: scores,
        // Only to a server that knows the option (it refuses fields it does not know).
        ...(wordingKnown ? { language_model_wording: wording } : {}),
      });
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="retrain-h">
      <h2 id="retrain-h">{t('models.settings')}</h2>
      {settings.loading && !settings.data ? (
        <Loading />
      ) : settings.error ? (
        <ErrorBox error={settings.error} onRetry={settings.reload} />
      ) : (
        <form className="form" onSubmit={save}>
          <label className="check">
            <input type="checkbox" name="auto_retrain" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
            {t('models.autoRetrain')}
          </label>
          <label>
            {t('models.retrainAfter')}
            <input
              type="number"
              name="retrain_after_ratings"
              min={1}
              max={1000}
              required
              value={after}
              onChange={(e) => setAfter(Number(e.target.value))}
            />
          </label>
          {hasOption(contract.data, 'conversation_analysis') && (
            <label className="check">
              <input
                type="checkbox"
                name="conversation_features"
                checked={conversation}
                onChange={(e) => setConversation(e.target.checked)}
              />
              {t('models.conversationFeatures')}
            </label>
          )}
          <label className="check">
            <input
              type="checkbox"
              name="feedback_shows_scores"
              checked={scores}
              aria-describedby="feedback-shows-scores-help"
              onChange={(e) => (e.target.checked ? setAskScores(true) : setScores(false))}
            />
            {t('models.feedbackShowsScores')}
          </label>
          <p id="feedback-shows-scores-help" className="muted check-help">
            {t('models.feedbackShowsScoresHelp')}
          </p>
          {askScores && (
            <ConfirmDialog
              title={t('models.scoresDialog.title')}
              confirmLabel={t('models.scoresDialog.confirm')}
              cancelLabel={t('models.scoresDialog.cancel')}
              onConfirm={() => {
                setAskScores(false);
                setScores(true);
              }}
              onCancel={() => setAskScores(false)}
            >
              <p>{t('models.scoresDialog.body')}</p>
            </ConfirmDialog>
          )}
          {wordingKnown && (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  name="language_model_wording"
                  checked={wording}
                  aria-describedby="language-model-wording-help"
                  onChange={(e) => setWording(e.target.checked)}
                />
                {t('models.languageModelWording')}
              </label>
              <p id="language-model-wording-help" className="muted check-help">
                {t('models.languageModelWordingHelp')}
              </p>
            </>
          )}
          <p className="muted">{t('models.settingsNote')}</p>
          <div className="actions">
            <button type="submit">{t('app.save')}</button>
          </div>
          {saved && <Notice>{t('models.settingsSaved')}</Notice>}
          <ErrorBox error={error} />
        </form>
      )}
    </section>
  );
}
