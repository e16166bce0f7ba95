// Admin: a model version's feature–item statistics, shown on demand inside its card.
import type { ModelStatistics } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading } from '../../components/ui';
import { featureLabel, num, strongestRelations } from '../../lib/models';

/** The model's feature–item statistics, loaded on demand: the 10 strongest relations and the workbook. */
export function StatisticsView({ modelId }: { modelId: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const stats = useLoad(() => api.get<ModelStatistics>(`/models/${modelId}/statistics`), [api, modelId]);
  if (stats.loading && !stats.data) return <Loading />;
  if (stats.error?.status === 404) return <p className="muted">{t('models.noStatistics')}</p>;
  if (stats.error || !stats.data) return <ErrorBox error={stats.error} onRetry={stats.reload} />;
  const st = stats.data.statistics;
  const top = strongestRelations(st.relations ?? [], 10);
  const itemName = (id: string) => st.items?.find((i) => i.id === id)?.name ?? id;
  return (
    <section aria-label={t('models.statistics')}>
      <h4>{t('models.strongest', { n: top.length, interviews: st.interviews })}</h4>
      {!top.length ? (
        <p className="muted">{t('models.noRelations')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('models.strongest', { n: top.length, interviews: st.interviews })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.feature')}</th>
                <th scope="col">{t('models.item')}</th>
                <th scope="col">{t('models.rho')}</th>
                <th scope="col">{t('models.q')}</th>
                <th scope="col">{t('models.cvN')}</th>
              </tr>
            </thead>
            <tbody>
              {top.map((r) => (
                <tr key={`${r.item}-${r.feature}`}>
                  <th scope="row">{featureLabel({ feature: r.feature, label_ja: r.feature_ja, label_en: r.feature_en }, lang)}</th>
                  <td>{itemName(r.item)}</td>
                  <td>{num(r.spearman?.coefficient)}</td>
                  <td>{num(r.spearman?.q, 3)}</td>
                  <td>{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={stats.data.workbook_url} download>
          {t('models.workbook')}
        </a>
      </p>
    </section>
  );
}
