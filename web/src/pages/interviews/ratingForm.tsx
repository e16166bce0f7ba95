// Interview detail: the rating form of interviewers and experts (experts also choose training use).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { Consent, EvaluationItem, Interview, Rating } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { CONSENT_TEXT_VERSION } from '../../lib/consent';
import { isRateable } from '../../lib/interviewAccess';

export function RatingForm({ interview, onSaved, aiShown }: { interview: Interview; onSaved: () => void; aiShown: boolean }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const ratings = useLoad(() => api.get<Rating[]>(`/interviews/${interview.id}/ratings`), [api, interview.id]);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [training, setTraining] = useState<boolean | null>(null);
  const [ownJudgement, setOwnJudgement] = useState(false);
  const needsConfirm = aiShown && !ownJudgement;

  // An expert's earlier training-use decision for this interview, shown as chosen.
  useEffect(() => {
    if (me?.role !== 'expert') return;
    let live = true;
    api
      .get<Consent[]>(`/interviews/${interview.id}/consents`)
      .then((list) => {
        const own = list.find((c) => c.kind === 'training_use' && c.by === me.id);
        if (live && own) setTraining(own.granted);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, interview.id, me?.id, me?.role]);

  useEffect(() => {
    const mine = ratings.data?.find((r) => r.rater_id === me?.id);
    if (mine) {
      setScores(Object.fromEntries(mine.scores.map((s) => [s.item_id, s.score])));
      setComment(mine.comment ?? '');
    }
  }, [ratings.data, me?.id]);

  const rateable = isRateable(interview.status);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (needsConfirm) return;
    setError(null);
    setSaved(false);
    try {
      await api.put(`/interviews/${interview.id}/ratings`, {
        scores: Object.entries(scores).map(([item_id, score]) => ({ item_id, score })),
        comment: comment.trim() ? comment.trim() : null,
      });
      if (me?.role === 'expert' && training !== null) {
        await api.post(`/interviews/${interview.id}/consents`, { kind: 'training_use', granted: training, text_version: CONSENT_TEXT_VERSION });
      }
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (items.loading) return <Loading />;
  if (items.error) return <ErrorBox error={items.error} onRetry={items.reload} />;
  return (
    <section className="card" aria-labelledby="rate-h">
      <h2 id="rate-h">{t('rate.title')}</h2>
      {!rateable ? (
        <p>{t('rate.notYet')}</p>
      ) : !items.data?.length ? (
        <p>{t('rate.noItems')}</p>
      ) : (
        <form className="form" onSubmit={submit}>
          {items.data.map((item) => {
            const span = item.scale.max - item.scale.min;
            const label = t('rate.score', { name: item.name, min: item.scale.min, max: item.scale.max });
            return span <= 10 ? (
              <fieldset key={item.id} className="scale">
                <legend>{label}</legend>
                {item.description && <p className="muted">{item.description}</p>}
                <div className="scale-options">
                  {Array.from({ length: span + 1 }, (_, k) => item.scale.min + k).map((v) => (
                    <label key={v} className="pill">
                      <input type="radio" name={`score-${item.id}`} value={v} checked={scores[item.id] === v} onChange={() => setScores((s) => ({ ...s, [item.id]: v }))} />
                      <span>{v}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : (
              <label key={item.id}>
                {label}
                <input
                  type="number"
                  min={item.scale.min}
                  max={item.scale.max}
                  value={scores[item.id] ?? ''}
                  onChange={(e) => setScores((s) => ({ ...s, [item.id]: Number(e.target.value) }))}
                />
              </label>
            );
          })}
          <label>
            {t('rate.comment')}
            <textarea name="comment" rows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {me?.role === 'expert' && (
            <fieldset>
              <legend>{t('rate.training')}</legend>
              <p>{t('rate.trainingText')}</p>
              <label className="check">
                <input type="radio" name="training" checked={training === true} onChange={() => setTraining(true)} />
                {t('rate.trainingYes')}
              </label>
              <label className="check">
                <input type="radio" name="training" checked={training === false} onChange={() => setTraining(false)} />
                {t('rate.trainingNo')}
              </label>
            </fieldset>
          )}
          {aiShown && (
            <div>
              <label className="check">
                <input type="checkbox" name="own_judgement" checked={ownJudgement} aria-describedby={needsConfirm ? 'own-judgement-note' : undefined} onChange={(e) => setOwnJudgement(e.target.checked)} />
                {t('ai.confirm')}
              </label>
              {needsConfirm && (
                <p id="own-judgement-note" className="muted">
                  {t('ai.confirmNeeded')}
                </p>
              )}
            </div>
          )}
          <ErrorBox error={error} />
          {saved && <Notice>{t('rate.saved')}</Notice>}
          <div className="actions">
            <button type="submit" disabled={!Object.keys(scores).length || needsConfirm}>
              {t('rate.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
