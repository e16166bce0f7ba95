// Interview detail: the AI prediction panel (a reference value; admins and the own interviewer only).
import type { ApiError } from '../../api/client';
import type { EvaluationItem, PredictionView } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, formatDateTime } from '../../components/ui';
import type { ConsentState } from '../../lib/interviewOverview';
import { direction, featureLabel, formatInterval, num, percentOnScale, sortWarnings, warningText, FEW_INTERVIEWS } from '../../lib/models';

/**
 * The AI's prediction for admins and the interview's own interviewer (never for experts, who rate
 * without seeing the model's opinion): a reference value that a person confirms.
 */
export function AiPanel({
  view,
  error,
  onRetry,
  aiConsent,
}: {
  view: PredictionView | null;
  error: ApiError | null;
  onRetry: () => void;
  /** The interviewee's AI-evaluation choice: "no consent" is worded as declined only once they declined. */
  aiConsent: ConsentState;
}) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const items = useLoad(() => (view?.status === 'ready' ? api.get<EvaluationItem[]>('/evaluation-items') : Promise.resolve([])), [api, view?.status]);
  const p = view?.prediction;
  const status = view?.status;
  return (
    <section className="card ai-panel" aria-labelledby="ai-h" data-ai-status={status ?? (error ? 'error' : 'loading')} data-ai-consent={aiConsent}>
      <h2 id="ai-h">{t('detail.ai')}</h2>
      <p className="ai-reference">
        <strong>{t('ai.reference')}</strong>
      </p>
      {error ? (
        <ErrorBox error={error} onRetry={onRetry} />
      ) : !view ? (
        <Loading />
      ) : status === 'ready' && p ? (
        <>
          {sortWarnings(p.result.warnings).map((w) =>
            w.code === FEW_INTERVIEWS ? (
              <div key={w.code} className="warning strong-warning" role="note">
                <strong>{warningText(w, lang)}</strong>
              </div>
            ) : null,
          )}
          <ul className="plain ai-items">
            {p.result.items.map((it) => {
              const scale = items.data?.find((x) => x.id === it.item)?.scale;
              const interval = formatInterval(it.low, it.high, scale?.min, scale?.max);
              return (
                <li key={it.item} className="ai-item">
                  <h3>{it.name}</h3>
                  <p>
                    {t('ai.score')}: <strong className="ai-score">{num(it.score, 1)}</strong>
                    {' · '}
                    {scale ? t('ai.intervalText', { interval, min: scale.min, max: scale.max }) : `${t('ai.interval')} ${interval}`}
                  </p>
                  {scale && (
                    <div
                      className="interval-bar"
                      role="img"
                      aria-label={t('ai.barLabel', { name: it.name, score: num(it.score, 1), interval, min: scale.min, max: scale.max })}
                    >
                      <span
                        className="interval-range"
                        style={{
                          left: `${percentOnScale(it.low, scale.min, scale.max)}%`,
                          width: `${Math.max(1, percentOnScale(it.high, scale.min, scale.max) - percentOnScale(it.low, scale.min, scale.max))}%`,
                        }}
                      />
                      <span className="interval-point" style={{ left: `${percentOnScale(it.score, scale.min, scale.max)}%` }} />
                    </div>
                  )}
                  {it.top_features.length > 0 && (
                    <>
                      <h4>{t('ai.features')}</h4>
                      <ul>
                        {it.top_features.slice(0, 3).map((f) => {
                          const d = direction(f.contribution);
                          return (
                            <li key={f.feature} data-direction={d}>
                              {featureLabel(f, lang)}: <span className={`dir-${d}`}>{d === 'raises' ? '▲ ' : d === 'lowers' ? '▼ ' : ''}{t(`ai.${d}`)}</span>{' '}
                              <span className="muted">({f.contribution > 0 ? '+' : ''}{num(f.contribution, 2)})</span>
                            </li>
                          );
                        })}
                      </ul>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {p.result.warnings.some((w) => w.code !== FEW_INTERVIEWS) && (
            <>
              <h3>{t('ai.warnings')}</h3>
              <ul>
                {p.result.warnings
                  .filter((w) => w.code !== FEW_INTERVIEWS)
                  .map((w, i) => (
                    <li key={`${w.code}-${i}`}>{warningText(w, lang)}</li>
                  ))}
              </ul>
            </>
          )}
          <p className="muted">{t('ai.model', { version: p.model_version, date: formatDateTime(p.created_at, lang) })}</p>
        </>
      ) : (
        <p className="muted">{status === 'no_model' ? t('ai.noModel') : status === 'consent_missing' ? (aiConsent === 'declined' ? t('ai.consentMissing') : t('ov.aiConsentUnanswered')) : t('ai.notYet')}</p>
      )}
    </section>
  );
}
