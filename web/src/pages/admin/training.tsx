// Admin: the "train a new model" panel of the models page — how far the ratings are from the minimum
// (before asking), the button (which says why it cannot be pressed), and the state of the request,
// looked at again every few seconds while it is queued or running.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client';
import type { TrainingAccepted, TrainingReadiness, TrainingRequest } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, formatDateTime } from '../../components/ui';
import { disabledWhy, followed, isOpen, missingWords, POLL_MS, refusalWords, shouldPoll, stateWords, type Words } from '../../lib/training';

/** `onTrained` is told when a followed request ends trained, so the versions list can reload. */
export function TrainingPanel({ onTrained, activeVersion }: { onTrained: () => void; activeVersion?: number }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const readiness = useLoad(() => api.get<TrainingReadiness>('/models/readiness'), [api]);
  const requests = useLoad(() => api.get<TrainingRequest[]>('/models/training'), [api]);
  const [mine, setMine] = useState<string | null>(null);
  const [polls, setPolls] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = followed(requests.data ?? [], mine);
  const polling = shouldPoll(current, polls);
  const say = (w: Words) => t(w.key, w.vars);

  // While the followed request is queued or running, look again every few seconds.
  useEffect(() => {
    if (!polling || requests.loading) return;
    const timer = window.setTimeout(() => {
      setPolls((n) => n + 1);
      requests.reload();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [polling, requests.loading, requests.data]);

  // When a request finishes, the readiness and the versions have changed.
  const finishedId = current && !isOpen(current.state) ? `${current.id}:${current.state}` : null;
  const [seen, setSeen] = useState<string | null>(null);
  useEffect(() => {
    if (!finishedId || finishedId === seen) return;
    if (seen !== null || polls > 0 || mine !== null) {
      readiness.reload();
      if (current?.state === 'trained') onTrained();
    }
    setSeen(finishedId);
  }, [finishedId]);

  async function train() {
    setBusy(true);
    setError(null);
    try {
      const accepted = await api.post<TrainingAccepted>('/models/training');
      setMine(accepted.request_id);
      setPolls(0);
      requests.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const r = readiness.data;
  const why = disabledWhy(r, current, Date.now());
  const history = (requests.data ?? []).slice(0, 5);
  return (
    <section className="card" aria-labelledby="train-h" data-testid="training">
      <h2 id="train-h">{t('models.train')}</h2>
      <p className="muted">{t('models.trainHelp')}</p>
      {r && (
        <div data-testid="training-readiness" data-ready={r.ready}>
          <p className="progress-label" id="train-progress">
            {t('train.progress', { have: Math.min(r.have, r.need), need: r.need })}
          </p>
          <progress max={r.need} value={Math.min(r.have, r.need)} aria-labelledby="train-progress" />
          {r.items.length > 1 && (
            <>
              <h3>{t('train.items')}</h3>
              <ul>
                {r.items.map((i) => (
                  <li key={i.item_id} data-item-ready={i.ready}>
                    {t(i.ready ? 'train.itemReady' : i.all_same_score ? 'train.itemAlike' : 'train.item', {
                      name: i.name,
                      have: i.rated_interviews,
                      need: r.need,
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.ready ? (
            <p>{t('train.ready')}</p>
          ) : (
            missingWords(r).map((w) => (
              <p key={w.key} data-testid="training-missing">
                {say(w)}
              </p>
            ))
          )}
        </div>
      )}
      <ErrorBox error={readiness.error} onRetry={readiness.reload} />
      <div className="actions">
        <button type="button" onClick={train} disabled={busy || !r || why !== null} aria-describedby={why ? 'train-why' : undefined}>
          {t('models.train')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setPolls(0);
            requests.reload();
            readiness.reload();
          }}
        >
          {t('train.reloadState')}
        </button>
      </div>
      {why && (
        <p id="train-why" className="muted" data-testid="training-why">
          {t(why)}
        </p>
      )}
      <ErrorBox error={error ?? requests.error} />
      <div role="status" aria-live="polite">
        {current && (
          <div className="notice" data-testid="training-state" data-state={current.state}>
            <p>
              <strong>{say(stateWords(current))}</strong>
            </p>
            {current.state === 'refused' && <p>{say(refusalWords(current.refusal))}</p>}
            {current.state === 'trained' && activeVersion !== undefined && (
              <p>{t(current.version === activeVersion ? 'train.trainedActive' : 'train.trainedWaiting')}</p>
            )}
            {isOpen(current.state) && !polling && <p>{t('train.stoppedWatching')}</p>}
          </div>
        )}
      </div>
      {history.length > 1 && (
        <>
          <h3>{t('train.history')}</h3>
          <ul className="plain" data-testid="training-history">
            {history.map((h) => (
              <li key={h.id} data-state={h.state}>
                {t('train.requestedAt', {
                  date: formatDateTime(h.requested_at, lang),
                  who: t(h.requested_by ? 'train.byAdmin' : 'train.automatic'),
                })}{' '}
                {say(stateWords(h))}
                {h.state === 'refused' && <> {say(refusalWords(h.refusal))}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

