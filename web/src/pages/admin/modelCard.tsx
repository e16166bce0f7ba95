// Admin: one model version as a card — training data, warnings, cross-validation table and its actions.
import { useState } from 'react';
import type { ModelView } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../components/ui';
import { num, sortWarnings, warningText, FEW_INTERVIEWS } from '../../lib/models';
import { StatisticsView } from './statistics';

export function ModelCardView({
  model: m,
  older,
  busy,
  onActivate,
  onExport,
  statistics,
}: {
  model: ModelView;
  older: boolean;
  busy: boolean;
  onActivate: () => void;
  onExport: () => void;
  /** The video analysis option is contracted: the statistics can be shown. */
  statistics: boolean;
}) {
  const { t, lang } = useI18n();
  const [showStats, setShowStats] = useState(false);
  const card = m.card;
  const heading = `model-${m.id}-h`;
  const warnings = sortWarnings(card?.warnings ?? []);
  return (
    <li className="card model-card" data-model-version={m.version}>
      <h3 id={heading}>
        {t('models.version', { version: m.version })} {m.active && <span className="badge active-badge">{t('models.active')}</span>}
      </h3>
      <p className="muted">
        {t('models.created')}: {formatDateTime(m.created_at, lang)}
      </p>
      {m.provided && (
        <p>{t('models.provided', { tenant: m.provided.tenant, version: m.provided.version, date: formatDateTime(m.provided.imported_at, lang) })}</p>
      )}
      {card && (
        <p>
          {t('models.trainingData')}: {t('models.trainingDataText', { interviews: card.training_interviews, experts: card.experts })}
        </p>
      )}
      {warnings.map((w, i) => (
        <div key={`${w.code}-${i}`} className={w.code === FEW_INTERVIEWS ? 'warning strong-warning' : 'warning'} role="note">
          {w.code === FEW_INTERVIEWS ? <strong>{warningText(w, lang)}</strong> : warningText(w, lang)}
        </div>
      ))}
      {!!card?.items?.length && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('models.cvCaption', { version: m.version })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.item')}</th>
                <th scope="col">{t('models.kind')}</th>
                <th scope="col">{t('models.cvN')}</th>
                <th scope="col">{t('models.cvMae')}</th>
                <th scope="col">{t('models.cvR')}</th>
              </tr>
            </thead>
            <tbody>
              {card.items.map((it) => {
                const kindKey = `models.kind.${it.model?.kind}`;
                return (
                  <tr key={it.id}>
                    <th scope="row">{it.name}</th>
                    <td>{kindKey in KIND_KEYS ? t(kindKey as MessageKey) : (it.model?.kind ?? '—')}</td>
                    <td>{it.cv?.n ?? '—'}</td>
                    <td>{num(it.cv?.mae)}</td>
                    <td>{num(it.cv?.pearson_r)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {!m.active && (
          <button type="button" onClick={onActivate} disabled={busy}>
            {older ? t('models.rollback') : t('models.activate')}
            <span className="sr-only">: {t('models.version', { version: m.version })}</span>
          </button>
        )}
        <button type="button" className="secondary" onClick={onExport} disabled={busy}>
          {t('models.export')}
          <span className="sr-only">: {t('models.version', { version: m.version })}</span>
        </button>
        {statistics && (
          <button type="button" className="secondary" aria-expanded={showStats} onClick={() => setShowStats((x) => !x)}>
            {showStats ? t('models.hideStatistics') : t('models.showStatistics')}
            <span className="sr-only">: {t('models.version', { version: m.version })}</span>
          </button>
        )}
      </div>
      {statistics && showStats && <StatisticsView modelId={m.id} />}
    </li>
  );
}

const KIND_KEYS: Record<string, true> = { 'models.kind.ridge': true, 'models.kind.elastic_net': true, 'models.kind.boosted_stumps': true };
