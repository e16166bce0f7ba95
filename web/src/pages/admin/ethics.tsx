// Admin: AI 倫理分析 (issue 19) — whether the experts' ratings, the model and the month's predictions treat groups
// of interviewees (gender, age band) differently: a banner with what crosses the limits and what to do, the model's
// analysis (ratings by group, each expert, errors, pass rates against the 0.8 line, proxies), the monthly trend with
// each month's stored report, and the pass scores and limits. Shown with either ethics option.
import { createContext, useContext, useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import type { EvaluationItem, ModelView } from '../../api/types';
import { useEthicsI18n, type EthicsKey } from '../../i18n/ethics';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle, formatDateTime } from '../../components/ui';
import { hasOption, monthInJapan, type Contract } from '../../lib/contract';
import {
  DEFAULT_LIMITS,
  attributeLabel,
  chooseAlert,
  comparisonReading,
  errorsReading,
  expertsReading,
  featureName,
  fig,
  flagReading,
  groupLabel,
  groupState,
  impactReading,
  meansDomain,
  monthLabel,
  newestMonth,
  oddsReading,
  list,
  pct,
  pValue,
  range,
  sentences,
  auc,
  proxyReading,
  topProxies,
  trend,
  trendReading,
  type AlertLimits,
  type Attribute,
  type AttributeReport,
  type Comparison,
  type ExpertFigures,
  type FairnessReport,
  type FairnessSettings,
  type GroupComparison,
  type GroupError,
  type ItemReport,
  type ModelFairness,
  type MonthlyFairness,
  type PredictionFairness,
  type Selection,
} from '../../lib/ethics';
import { DifferenceChart, ImpactChart, MeansChart, TrendChart } from './ethicsCharts';

export function Ethics() {
  const { t } = useEthicsI18n();
  const { api } = useSession();
  const contract = useLoad(() => api.get<Contract>('/tenant'), [api]);
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const settings = useLoad(() => api.get<FairnessSettings>('/fairness/settings'), [api]);
  // an unknown contract (not loaded yet, an older server) hides nothing: the API refuses what is not contracted
  const modelOption = hasOption(contract.data, 'ethics_model');
  const monthsOption = hasOption(contract.data, 'ethics_predictions');
  const [modelId, setModelId] = useState('');
  const [computed, setComputed] = useState(0);
  const model = useLoad(
    () => (modelOption ? api.get<ModelFairness>(`/fairness/model${modelId ? `?model_id=${encodeURIComponent(modelId)}` : ''}`) : Promise.resolve(null)),
    [api, modelOption, modelId, computed],
  );
  const months = useLoad(
    () => (monthsOption ? api.get<{ months: MonthlyFairness[] }>('/fairness/months').then((m) => m.months) : Promise.resolve(null)),
    [api, monthsOption],
  );
  const limits = settings.data?.limits ?? model.data?.report.limits ?? DEFAULT_LIMITS;
  const itemName = (id: string) =>
    items.data?.find((i) => i.id === id)?.name ??
    model.data?.report.attributes.flatMap((a) => a.items).find((i) => i.item_id === id)?.item_name ??
    id;

  if (contract.data && !modelOption && !monthsOption) {
    return (
      <div className="page">
        <PageTitle>{t('ethics.title')}</PageTitle>
        <p data-testid="ethics-not-contracted">{t('ethics.notContracted')}</p>
      </div>
    );
  }
  return (
    <div className="page ethics">
      <PageTitle>{t('ethics.title')}</PageTitle>
      <p className="muted">{t('ethics.intro', { min: model.data?.report.min_group ?? 5 })}</p>
      {(model.data || months.data) && (
        <AlertBanner model={model.data ?? null} newest={newestMonth(months.data ?? [])} limits={limits} itemName={itemName} />
      )}
      {modelOption && (
        <ModelSection
          model={model}
          modelId={modelId}
          onPick={setModelId}
          items={items.data ?? []}
        />
      )}
      {monthsOption && <MonthsSection months={months} limits={limits} itemName={itemName} items={items.data ?? []} />}
      <SettingsSection
        settings={settings}
        items={items.data ?? []}
        onSaved={() => {
          settings.reload();
          setComputed((n) => n + 1);
        }}
      />
    </div>
  );
}

type Loaded<T> = { data: T | null; error: ApiError | null; loading: boolean; reload: () => void };

/** The flags of the model and of the newest month, in plain words, with what to do. */
function AlertBanner({
  model,
  newest,
  limits,
  itemName,
}: {
  model: ModelFairness | null;
  newest: MonthlyFairness | null;
  limits: AlertLimits;
  itemName: (id: string) => string;
}) {
  const { t, lang } = useEthicsI18n();
  const alert = chooseAlert([
    model && { source: 'model', label: String(model.version), flags: model.report.flags, limits: model.report.limits },
    newest && { source: 'month', label: newest.month, flags: newest.flags, limits },
  ]);
  if (!alert) {
    return (
      <p className="notice" data-testid="ethics-no-alert">
        {t('ethics.alert.none')}
      </p>
    );
  }
  return (
    <section className="warning ethics-alert" aria-labelledby="ethics-alert-h" data-testid="ethics-alert">
      <h2 id="ethics-alert-h">⚠ {t('ethics.alert.title')}</h2>
      {alert.sources.map(({ source, shown, more }) => (
        <div key={source.source}>
          <h3>
            {source.source === 'model'
              ? t('ethics.alert.model', { version: source.label, n: source.flags.length })
              : t('ethics.alert.month', { month: monthLabel(source.label, lang), n: source.flags.length })}
          </h3>
          <ul>
            {shown.map((f, i) => (
              <li key={i} data-flag={f.kind}>
                {flagReading(t, f, itemName(f.item_id), source.limits)}
              </li>
            ))}
          </ul>
          {more > 0 && <p>{t('ethics.alert.more', { n: more })}</p>}
        </div>
      ))}
      <p>
        <strong>{t('ethics.alert.todo')}:</strong> {sentences(alert.advice.map((k) => t(k)), lang)}
      </p>
    </section>
  );
}

function ModelSection({
  model,
  modelId,
  onPick,
  items,
}: {
  model: Loaded<ModelFairness | null>;
  modelId: string;
  onPick: (id: string) => void;
  items: EvaluationItem[];
}) {
  const { t } = useEthicsI18n();
  const { api } = useSession();
  const versions = useLoad(() => api.get<ModelView[]>('/models'), [api]);
  const pickId = useId();
  const noModel = model.error?.status === 409;
  return (
    <section className="card" aria-labelledby="ethics-model-h" data-testid="ethics-model">
      <h2 id="ethics-model-h">{t('ethics.model')}</h2>
      {!!versions.data?.length && (
        <div className="toolbar">
          <label htmlFor={pickId}>{t('ethics.model.pick')}</label>
          <select id={pickId} value={modelId || model.data?.model_id || ''} onChange={(e) => onPick(e.target.value)}>
            {!modelId && !model.data && (
              <option value="" disabled>
                —
              </option>
            )}
            {versions.data.map((m) => (
              <option key={m.id} value={m.id}>
                {t(m.active ? 'ethics.model.active' : 'ethics.model.option', { version: m.version })}
              </option>
            ))}
          </select>
        </div>
      )}
      {model.loading && !model.data ? (
        <Loading />
      ) : noModel ? (
        <p data-testid="ethics-no-model">{t(versions.data?.length ? 'ethics.model.noActive' : 'ethics.model.none')}</p>
      ) : model.error ? (
        <ErrorBox error={model.error} onRetry={model.reload} />
      ) : model.data ? (
        <>
          <p className="muted">{t('ethics.model.subjects', { n: model.data.report.subjects, min: model.data.report.min_group })}</p>
          <ReportView report={model.data.report} items={items} kind="model" />
        </>
      ) : null}
    </section>
  );
}

/** One report (a model's or a month's): an attribute at a time, its groups, each item, and the proxies. */
function ReportView({ report, items, kind }: { report: FairnessReport; items: EvaluationItem[]; kind: 'model' | 'month' }) {
  const { t } = useEthicsI18n();
  const name = useId();
  const present = report.attributes.map((a) => a.attribute);
  const [attribute, setAttribute] = useState<Attribute>(present[0] ?? 'gender');
  const chosen = report.attributes.find((a) => a.attribute === attribute) ?? report.attributes[0];
  if (!chosen || report.subjects === 0) return <p data-testid="ethics-report-empty">{t('ethics.report.empty')}</p>;
  return (
    <div className="ethics-report" data-report={kind}>
      <fieldset className="segmented">
        <legend>{t('ethics.attr.pick')}</legend>
        {report.attributes.map((a) => (
          <label key={a.attribute} className="check">
            <input type="radio" name={name} value={a.attribute} checked={a.attribute === chosen.attribute} onChange={() => setAttribute(a.attribute)} />
            {attributeLabel(t, a.attribute)}
          </label>
        ))}
      </fieldset>
      <GroupSizes report={chosen} minGroup={report.min_group} />
      {chosen.items.map((item) => (
        <ItemView
          key={item.item_id}
          item={item}
          attribute={chosen.attribute}
          report={report}
          scale={items.find((i) => i.id === item.item_id)?.scale}
          kind={kind}
        />
      ))}
      {kind === 'model' && <ProxiesView report={chosen} />}
    </div>
  );
}

function GroupSizes({ report, minGroup }: { report: AttributeReport; minGroup: number }) {
  const { t, lang } = useEthicsI18n();
  const compared = report.groups.filter((g) => g.compared).map((g) => groupLabel(t, report.attribute, g.group));
  return (
    <>
      <h3>{t('ethics.groups')}</h3>
      <TableWrap label={`${t('ethics.groups')}: ${attributeLabel(t, report.attribute)}`}>
        <table data-testid="ethics-groups">
          <caption className="sr-only">{`${t('ethics.groups')}: ${attributeLabel(t, report.attribute)}`}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ethics.col.group')}</th>
              <th scope="col">{t('ethics.col.n')}</th>
              <th scope="col">{t('ethics.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g) => {
              const state = groupState(g);
              return (
                <tr key={g.group} data-group-state={state}>
                  <th scope="row">{groupLabel(t, report.attribute, g.group)}</th>
                  <td>{g.n}</td>
                  <td className={state === 'compared' ? undefined : 'muted'}>{t(`ethics.state.${state}`, { min: minGroup })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <p className="reading">{compared.length >= 2 ? t('ethics.groups.compared', { groups: list(compared, lang) }) : t('ethics.groups.noneCompared')}</p>
    </>
  );
}

function ItemView({
  item,
  attribute,
  report,
  scale,
  kind,
}: {
  item: ItemReport;
  attribute: Attribute;
  report: FairnessReport;
  scale?: { min: number; max: number };
  kind: 'model' | 'month';
}) {
  const { t } = useEthicsI18n();
  return (
    <section className="ethics-item" aria-label={t('ethics.item', { item: item.item_name })}>
      <ItemName.Provider value={item.item_name}>
        <h3>{t('ethics.item', { item: item.item_name })}</h3>
        {item.ratings ? (
          <ComparisonFigure title={t('ethics.ratings')} figures={item.ratings} attribute={attribute} report={report} scale={scale} />
        ) : (
          kind === 'model' && <p className="muted">{t('ethics.ratings.none')}</p>
        )}
        {kind === 'model' && item.ratings && <ExpertsView experts={item.experts} attribute={attribute} report={report} />}
        {item.predictions && (
          <>
            <ComparisonFigure title={t('ethics.predictedMeans')} figures={item.predictions.means} attribute={attribute} report={report} scale={scale} />
            <ErrorsView errors={item.predictions.errors} attribute={attribute} />
          </>
        )}
        {item.selection && <SelectionView selection={item.selection} attribute={attribute} limit={report.limits.min_impact_ratio} />}
      </ItemName.Provider>
    </section>
  );
}

const beyond = (limits: AlertLimits) => (c: Comparison) =>
  c.significant && Math.abs(c.standardised_difference ?? 0) > limits.max_standardised_difference;

/** Means by group with error bars, the differences with their intervals, the table, and the reading. */
function ComparisonFigure({
  title,
  figures,
  attribute,
  report,
  scale,
}: {
  title: string;
  figures: GroupComparison;
  attribute: Attribute;
  report: FairnessReport;
  scale?: { min: number; max: number };
}) {
  const { t } = useEthicsI18n();
  const domain = meansDomain(figures.groups, scale);
  const reference = figures.comparisons[0]?.reference;
  return (
    <div className="ethics-figure">
      <h4>{title}</h4>
      <div className="chart-pair">
        <MeansChart
          groups={figures.groups}
          attribute={attribute}
          domain={domain}
          minGroup={report.min_group}
          label={t('ethics.chart.means', { what: title, min: fig(domain[0], 1), max: fig(domain[1], 1) })}
        />
        {reference && (
          <DifferenceChart
            comparisons={figures.comparisons}
            attribute={attribute}
            flagged={beyond(report.limits)}
            label={t('ethics.chart.diff', { what: title, reference: groupLabel(t, attribute, reference) })}
          />
        )}
      </div>
      <p className="reading">{comparisonReading(t, attribute, figures)}</p>
      <FiguresTable figures={figures} attribute={attribute} caption={title} minGroup={report.min_group} limits={report.limits} />
    </div>
  );
}

function FiguresTable({
  figures,
  attribute,
  caption,
  minGroup,
  limits,
}: {
  figures: GroupComparison;
  attribute: Attribute;
  caption: string;
  minGroup: number;
  limits: AlertLimits;
}) {
  const { t, lang } = useEthicsI18n();
  const reference = figures.comparisons[0]?.reference;
  return (
    <HeadedTable label={caption} columns={['ethics.col.group', 'ethics.col.n', 'ethics.col.mean', 'ethics.col.sd', 'ethics.col.diff', 'ethics.col.interval', 'ethics.col.std', 'ethics.col.significant']}>
      {figures.groups.map((g) => {
        const c = figures.comparisons.find((x) => x.group === g.group);
        const name = groupLabel(t, attribute, g.group);
        if (g.too_small) {
          return (
            <tr key={g.group} data-group-state="too_small">
              <th scope="row">{name}</th>
              <td>{g.n}</td>
              <td colSpan={6} className="muted">
                {t('ethics.state.too_small', { min: minGroup })}
              </td>
            </tr>
          );
        }
        return (
          <tr key={g.group} className={c && beyond(limits)(c) ? 'flagged' : undefined}>
            <th scope="row">{name}</th>
            <td>{g.n}</td>
            <td>{fig(g.mean)}</td>
            <td>{fig(g.sd)}</td>
            {c ? (
              <>
                <td>{fig(c.mean_difference)}</td>
                <td>{range(c.interval95[0], c.interval95[1], lang)}</td>
                <td>{fig(c.standardised_difference)}</td>
                <td>{t(c.significant ? 'ethics.yes' : 'ethics.no')}</td>
              </>
            ) : (
              <td colSpan={4} className="muted">
                {g.group === reference ? t('ethics.reference') : '—'}
              </td>
            )}
          </tr>
        );
      })}
    </HeadedTable>
  );
}

function ExpertsView({ experts, attribute, report }: { experts: ExpertFigures[]; attribute: Attribute; report: FairnessReport }) {
  const { t, lang } = useEthicsI18n();
  const rows = experts.flatMap((e) => e.comparisons.map((c) => ({ expert: e.expert, c })));
  return (
    <div className="ethics-figure">
      <h4>{t('ethics.experts')}</h4>
      <p className="reading">{expertsReading(t, attribute, experts)}</p>
      {rows.length > 0 && (
        <TableWrap label={t('ethics.experts')}>
          <table className="figures" data-testid="ethics-experts">
            <caption className="sr-only">{t('ethics.experts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ethics.col.expert')}</th>
                <th scope="col">{t('ethics.col.group')}</th>
                <th scope="col">{t('ethics.col.reference')}</th>
                <th scope="col">{t('ethics.col.diff')}</th>
                <th scope="col">{t('ethics.col.interval')}</th>
                <th scope="col">{t('ethics.col.std')}</th>
                <th scope="col">{t('ethics.col.significant')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ expert, c }) => (
                <tr key={`${expert}-${c.group}`} className={beyond(report.limits)(c) ? 'flagged' : undefined}>
                  <th scope="row">{expert}</th>
                  <td>{groupLabel(t, attribute, c.group)}</td>
                  <td>{groupLabel(t, attribute, c.reference)}</td>
                  <td>{fig(c.mean_difference)}</td>
                  <td>{range(c.interval95[0], c.interval95[1], lang)}</td>
                  <td>{fig(c.standardised_difference)}</td>
                  <td>{t(c.significant ? 'ethics.yes' : 'ethics.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

function ErrorsView({ errors, attribute }: { errors: GroupError[]; attribute: Attribute }) {
  const { t } = useEthicsI18n();
  return (
    <div className="ethics-figure">
      <h4>{t('ethics.errors')}</h4>
      <p className="reading">{errorsReading(t, attribute, errors)}</p>
      {errors.length > 0 && (
        <HeadedTable label={t('ethics.errors')} columns={['ethics.col.group', 'ethics.col.n', 'ethics.col.mae', 'ethics.col.meanError', 'ethics.col.pearson']}>
          {errors.map((e) => (
            <tr key={e.group}>
              <th scope="row">{groupLabel(t, attribute, e.group)}</th>
              <td>{e.n}</td>
              <td>{fig(e.mae)}</td>
              <td>{fig(e.mean_error)}</td>
              <td>{fig(e.pearson)}</td>
            </tr>
          ))}
        </HeadedTable>
      )}
    </div>
  );
}

function SelectionView({ selection, attribute, limit }: { selection: Selection; attribute: Attribute; limit: number }) {
  const { t } = useEthicsI18n();
  const title = t('ethics.selection');
  return (
    <div className="ethics-figure" data-testid="ethics-selection">
      <h4>{title}</h4>
      <p className="muted">{t(selection.basis === 'tenant' ? 'ethics.basis.tenant' : 'ethics.basis.median', { threshold: fig(selection.threshold) })}</p>
      <ImpactChart selection={selection} attribute={attribute} limit={limit} label={t('ethics.chart.impact', { what: title, limit: fig(limit) })} />
      <p className="reading">{impactReading(t, attribute, selection, limit)}</p>
      <HeadedTable label={title} columns={['ethics.col.group', 'ethics.col.n', 'ethics.col.selectionRate', 'ethics.col.impact', 'ethics.col.p', 'ethics.col.tpr', 'ethics.col.fpr', 'ethics.col.expertPass']}>
        {selection.groups.map((g) => (
          <tr key={g.group} className={g.impact_ratio !== null && g.impact_ratio < limit ? 'flagged' : undefined}>
            <th scope="row">{groupLabel(t, attribute, g.group)}</th>
            <td>{g.n}</td>
            <td>{pct(g.selection_rate)}</td>
            <td>{fig(g.impact_ratio)}</td>
            <td>{pValue(g.p_value)}</td>
            <td>{pct(g.true_positive_rate)}</td>
            <td>{pct(g.false_positive_rate)}</td>
            <td>{pct(g.expert_pass_rate)}</td>
          </tr>
        ))}
      </HeadedTable>
      <h5>{t('ethics.odds')}</h5>
      <p className="reading">{oddsReading(t, selection)}</p>
    </div>
  );
}

function ProxiesView({ report }: { report: AttributeReport }) {
  const { t, lang } = useEthicsI18n();
  const top = topProxies(report.proxies, 5);
  const { reading, advice } = proxyReading(t, lang, report.attribute, report.proxies);
  return (
    <section className="ethics-item" aria-labelledby={`proxies-${report.attribute}`} data-testid="ethics-proxies">
      <h3 id={`proxies-${report.attribute}`}>{t('ethics.proxies')}</h3>
      <p className="reading">{reading}</p>
      {advice && <p className="ethics-todo">{advice}</p>}
      {top.length > 0 && (
        <HeadedTable label={t('ethics.proxies')} columns={['ethics.col.feature', 'ethics.col.auc', 'ethics.col.direction']}>
          {top.map((f) => (
            <tr key={f.feature} data-feature={f.feature}>
              <th scope="row">{featureName(f.feature, lang)}</th>
              <td>{auc(f.auc)}</td>
              <td>{t(f.direction === 'higher' ? 'ethics.direction.higher' : 'ethics.direction.lower', { group: groupLabel(t, report.attribute, f.group) })}</td>
            </tr>
          ))}
        </HeadedTable>
      )}
    </section>
  );
}

/** The month this page computes live (not yet closed by the monthly run). */
const CURRENT = 'current';

function MonthsSection({
  months,
  limits,
  itemName,
  items,
}: {
  months: Loaded<MonthlyFairness[] | null>;
  limits: AlertLimits;
  itemName: (id: string) => string;
  items: EvaluationItem[];
}) {
  const { t, lang } = useEthicsI18n();
  const { api } = useSession();
  const pickId = useId();
  const list = useMemo(() => months.data ?? [], [months.data]);
  const [picked, setPicked] = useState('');
  useEffect(() => {
    if (!picked && months.data) setPicked(newestMonth(months.data)?.month ?? CURRENT);
  }, [picked, months.data]);
  const current = monthInJapan(new Date());
  const month = useLoad<{ stored: MonthlyFairness | null; report: FairnessReport } | null>(() => {
    if (!picked) return Promise.resolve(null);
    if (picked === CURRENT) {
      return api.get<PredictionFairness>(`/fairness/predictions?month=${encodeURIComponent(current)}`).then((p) => ({ stored: null, report: p.report }));
    }
    return api.get<MonthlyFairness>(`/fairness/months/${encodeURIComponent(picked)}`).then((m) => ({ stored: m, report: m.report as FairnessReport }));
  }, [api, picked, current]);
  const data = trend(list);
  const seriesName = (k: number) =>
    t('ethics.trend.series', { item: itemName(data.series[k].item_id), attribute: attributeLabel(t, data.series[k].attribute) });
  return (
    <section className="card" aria-labelledby="ethics-months-h" data-testid="ethics-months">
      <h2 id="ethics-months-h">{t('ethics.months')}</h2>
      <p className="muted">{t('ethics.months.help')}</p>
      {months.loading && !months.data ? <Loading /> : <ErrorBox error={months.error} onRetry={months.reload} />}
      {months.data && list.length === 0 && <p>{t('ethics.months.none')}</p>}
      {data.series.length > 0 && (
        <>
          <h3>{t('ethics.trend')}</h3>
          <TrendChart data={data} limit={limits.min_impact_ratio} seriesName={seriesName} label={t('ethics.chart.trend', { n: data.series.length, limit: fig(limits.min_impact_ratio) })} />
          <p className="reading">{trendReading(t, lang, data, limits.min_impact_ratio, itemName)}</p>
          <details>
            <summary>{t('ethics.trend.table')}</summary>
            <TableWrap label={t('ethics.trend')}>
              <table className="figures" data-testid="ethics-trend-table">
                <caption className="sr-only">{t('ethics.trend')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('ethics.col.month')}</th>
                    {data.series.map((s, k) => (
                      <th scope="col" key={`${s.item_id}-${s.attribute}`}>
                        {seriesName(k)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.months.map((m, i) => (
                    <tr key={m}>
                      <th scope="row">{monthLabel(m, lang)}</th>
                      {data.series.map((s) => (
                        <td key={`${s.item_id}-${s.attribute}`} className={s.values[i] !== null && s.values[i]! < limits.min_impact_ratio ? 'flagged' : undefined}>
                          {fig(s.values[i])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </>
      )}
      {months.data && (
        <>
          <div className="toolbar">
            <label htmlFor={pickId}>{t('ethics.month.pick')}</label>
            <select id={pickId} value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="ethics-month-pick">
              {!list.some((m) => m.month === current) && <option value={CURRENT}>{t('ethics.month.current', { month: monthLabel(current, lang) })}</option>}
              {list.map((m) => (
                <option key={m.month} value={m.month}>
                  {t('ethics.month.option', { month: monthLabel(m.month, lang), n: m.predictions, flags: m.flags.length })}
                </option>
              ))}
            </select>
          </div>
          {month.loading && !month.data ? (
            <Loading />
          ) : month.error ? (
            <ErrorBox error={month.error} onRetry={month.reload} />
          ) : month.data ? (
            <MonthView stored={month.data.stored} report={month.data.report} limits={limits} itemName={itemName} items={items} />
          ) : null}
        </>
      )}
    </section>
  );
}

function MonthView({
  stored,
  report,
  limits,
  itemName,
  items,
}: {
  stored: MonthlyFairness | null;
  report: FairnessReport;
  limits: AlertLimits;
  itemName: (id: string) => string;
  items: EvaluationItem[];
}) {
  const { t, lang } = useEthicsI18n();
  const flags = stored?.flags ?? report.flags;
  return (
    <div data-testid="ethics-month" data-month={stored?.month ?? CURRENT}>
      <p className="muted">
        {stored ? t('ethics.month.stored', { at: formatDateTime(stored.computed_at, lang), n: stored.predictions }) : t('ethics.month.live')}
        {stored?.announced ? `${lang === 'ja' ? '' : ' '}${t('ethics.month.announced')}` : ''}
      </p>
      <h3>{t('ethics.month.flags')}</h3>
      {flags.length === 0 ? (
        <p>{t('ethics.month.noFlags')}</p>
      ) : (
        <ul data-testid="ethics-month-flags">
          {flags.map((f, i) => (
            <li key={i} data-flag={f.kind}>
              {flagReading(t, f, itemName(f.item_id), report.limits ?? limits)}
            </li>
          ))}
        </ul>
      )}
      <ReportView report={report} items={items} kind="month" />
    </div>
  );
}

function SettingsSection({
  settings,
  items,
  onSaved,
}: {
  settings: Loaded<FairnessSettings>;
  items: EvaluationItem[];
  onSaved: () => void;
}) {
  const { t } = useEthicsI18n();
  const { api } = useSession();
  const [pass, setPass] = useState<Record<string, string>>({});
  const [minImpact, setMinImpact] = useState('');
  const [maxStd, setMaxStd] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const s = settings.data;
  useEffect(() => {
    if (!s) return;
    setPass(Object.fromEntries(Object.entries(s.pass_scores).map(([k, v]) => [k, String(v)])));
    setMinImpact(String(s.limits.min_impact_ratio));
    setMaxStd(String(s.limits.max_standardised_difference));
  }, [s]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const pass_scores: Record<string, number> = {};
      for (const item of items) {
        const v = pass[item.id]?.trim();
        if (v) pass_scores[item.id] = Number(v);
      }
      const body: FairnessSettings = {
        pass_scores,
        limits: { min_impact_ratio: Number(minImpact), max_standardised_difference: Number(maxStd) },
      };
      await api.put('/fairness/settings', body);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="ethics-settings-h" data-testid="ethics-settings">
      <h2 id="ethics-settings-h">{t('ethics.settings')}</h2>
      <p className="muted">{t('ethics.settings.help')}</p>
      {settings.loading && !s ? <Loading /> : null}
      <ErrorBox error={error ?? settings.error} onRetry={settings.error ? settings.reload : undefined} />
      {s && (
        <form className="form grid2" onSubmit={save}>
          {items.length === 0 && <p className="span2">{t('ethics.settings.noItems')}</p>}
          {items.map((item) => (
            <label key={item.id}>
              {t('ethics.settings.pass', { item: item.name, min: item.scale.min, max: item.scale.max })}
              <input
                type="number"
                name={`pass-${item.id}`}
                min={item.scale.min}
                max={item.scale.max}
                step="0.1"
                value={pass[item.id] ?? ''}
                placeholder={t('ethics.settings.median')}
                onChange={(e) => setPass((p) => ({ ...p, [item.id]: e.target.value }))}
              />
            </label>
          ))}
          <label>
            {t('ethics.settings.minImpact')}
            <input type="number" name="min_impact_ratio" min="0.01" max="1" step="0.01" required value={minImpact} onChange={(e) => setMinImpact(e.target.value)} />
          </label>
          <label>
            {t('ethics.settings.maxStd')}
            <input type="number" name="max_standardised_difference" min="0.01" max="3" step="0.01" required value={maxStd} onChange={(e) => setMaxStd(e.target.value)} />
          </label>
          <div className="actions span2">
            <button type="submit" disabled={busy}>
              {t('app.save')}
            </button>
          </div>
        </form>
      )}
      {saved && <Notice>{t('ethics.settings.saved')}</Notice>}
    </section>
  );
}


/** The evaluation item a figure belongs to, to tell the same figure of two items apart by name. */
const ItemName = createContext('');

/** A table that may scroll sideways on a phone: focusable and named (with its item), so keyboards can scroll it too. */
/** A table of figures with its column headings, scrollable on a narrow screen. */
function HeadedTable({ label, columns, children }: { label: string; columns: EthicsKey[]; children: ReactNode }) {
  const { t } = useEthicsI18n();
  return (
    <TableWrap label={label}>
      <table className="figures">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {t(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}

function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const item = useContext(ItemName);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={item ? `${item}: ${label}` : label}>
      {children}
    </div>
  );
}
