// Admin: evaluation items — create one (name, kind, scale) and list them.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { EvaluationItem, ItemKind } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle } from '../../components/ui';

export function Items() {
  const { t } = useI18n();
  const { api } = useSession();
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [min, setMin] = useState(1);
  const [max, setMax] = useState(5);
  const [kind, setKind] = useState<ItemKind>('behaviour');
  const [error, setError] = useState<ApiError | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/evaluation-items', { name: name.trim(), description: description.trim(), scale_min: min, scale_max: max, kind });
      setName('');
      setDescription('');
      items.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('items.title')}</PageTitle>
      <section className="card" aria-labelledby="item-h">
        <h2 id="item-h">{t('items.new')}</h2>
        <form className="form grid2" onSubmit={create}>
          <label>
            {t('items.name')}
            <input name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('items.kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ItemKind)}>
              <option value="behaviour">{t('items.kind.behaviour')}</option>
              <option value="content">{t('items.kind.content')}</option>
            </select>
          </label>
          <label className="span2">
            {t('items.description')}
            <textarea name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label>
            {t('items.min')}
            <input type="number" name="scale_min" required value={min} onChange={(e) => setMin(Number(e.target.value))} />
          </label>
          <label>
            {t('items.max')}
            <input type="number" name="scale_max" required value={max} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
          <div className="actions">
            <button type="submit">{t('items.submit')}</button>
          </div>
        </form>
        <ErrorBox error={error} />
      </section>
      {items.loading && !items.data ? (
        <Loading />
      ) : items.error ? (
        <ErrorBox error={items.error} onRetry={items.reload} />
      ) : (
        <ul className="cards">
          {items.data?.map((i) => (
            <li key={i.id} className="card">
              <h3>{i.name}</h3>
              <p>{i.description}</p>
              <p className="muted">
                {t('items.scale')}: {i.scale.min}–{i.scale.max} · {t(`items.kind.${i.kind}`)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
