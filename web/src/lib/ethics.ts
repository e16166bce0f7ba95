// The AI-ethics analysis (issue 19) for the admin page and the self-declaration: the API's shapes
// (shared/core/src/domain/fairness, usecases/fairness.rs), and the pure parts of the screens — rounding, the
// plain-language reading of each figure, which flags to raise in the banner, and the charts' scales.
import type { MessageKey, Vars } from '../i18n';
import type { AnyKey, EthicsKey } from '../i18n/ethics';
import { num, type UiLang } from './models';

// ---- the API's shapes ---------------------------------------------------------------------------------------

export type Attribute = 'gender' | 'age_band';

export interface GroupFigures {
  group: string;
  n: number;
  /** Absent (null) when the group is too small. */
  mean: number | null;
  sd: number | null;
  too_small: boolean;
}

export interface Comparison {
  group: string;
  reference: string;
  /** The group's mean minus the reference's. */
  mean_difference: number;
  standardised_difference: number | null;
  interval95: [number, number];
  significant: boolean;
}

export interface GroupComparison {
  groups: GroupFigures[];
  comparisons: Comparison[];
}

export interface GroupSize {
  group: string;
  n: number;
  compared: boolean;
  too_small: boolean;
}

export interface ExpertFigures extends GroupComparison {
  expert: string;
}

export interface GroupError {
  group: string;
  n: number;
  mae: number;
  mean_error: number;
  pearson: number | null;
}

export interface PredictionFigures {
  means: GroupComparison;
  errors: GroupError[];
}

export interface GroupRates {
  group: string;
  n: number;
  selection_rate: number;
  impact_ratio: number | null;
  p_value: number | null;
  true_positive_rate: number | null;
  false_positive_rate: number | null;
  expert_pass_rate: number | null;
}

export interface Selection {
  threshold: number;
  basis: 'tenant' | 'median';
  highest: string | null;
  groups: GroupRates[];
  demographic_parity_difference: number | null;
  demographic_parity_ratio: number | null;
  equalized_odds_difference: number | null;
}

export interface ItemReport {
  item_id: string;
  item_name: string;
  ratings: GroupComparison | null;
  experts: ExpertFigures[];
  predictions: PredictionFigures | null;
  selection: Selection | null;
}

export interface ProxyFeature {
  feature: string;
  group: string;
  auc: number;
  direction: 'higher' | 'lower';
}

export interface Proxies {
  combined_auc: number | null;
  features: ProxyFeature[];
}

export interface AttributeReport {
  attribute: Attribute;
  groups: GroupSize[];
  items: ItemReport[];
  proxies: Proxies | null;
}

export type FlagKind = 'rating_difference' | 'expert_difference' | 'prediction_difference' | 'impact_ratio';

export interface Flag {
  kind: FlagKind;
  attribute: Attribute;
  item_id: string;
  group: string;
  reference: string;
  /** The standardised difference, or the impact ratio. */
  value: number;
  expert?: string;
}

export interface AlertLimits {
  min_impact_ratio: number;
  max_standardised_difference: number;
}

export interface FairnessReport {
  subjects: number;
  min_group: number;
  limits: AlertLimits;
  attributes: AttributeReport[];
  flags: Flag[];
}

export interface ModelFairness {
  model_id: string;
  version: number;
  report: FairnessReport;
}

export interface PredictionFairness {
  month: string;
  report: FairnessReport;
}

export interface TrendPoint {
  attribute: Attribute;
  item_id: string;
  lowest_impact_ratio: number | null;
  largest_difference: number | null;
}

export interface MonthlyFairness {
  month: string;
  computed_at: string;
  predictions: number;
  flags: Flag[];
  trend: TrendPoint[];
  /** The whole report (GET fairness/months/{month}); null in the list. */
  report?: FairnessReport | null;
  announced: boolean;
}

export interface FairnessSettings {
  pass_scores: Record<string, number>;
  limits: AlertLimits;
}

export const DEFAULT_LIMITS: AlertLimits = { min_impact_ratio: 0.8, max_standardised_difference: 0.5 };

// ---- the self-declaration -----------------------------------------------------------------------------------

/** The version of the self-declaration consent text (selfattr.consent in i18n/ethics.ts); change both together. */
export const ATTRIBUTES_TEXT_VERSION = '2026-12';

/** The fixed choices the server accepts (shared/core domain::user); 'undisclosed' is 回答しない. */
export const GENDERS = ['female', 'male', 'non_binary', 'other', 'undisclosed'] as const;
export const AGE_BANDS = ['under_20', '20-29', '30-39', '40-49', '50-59', '60_and_over', 'undisclosed'] as const;

export type AttributeBasis = { by: 'self_declared'; text_version: string; at: string } | { by: 'admin'; at: string };

export interface OwnAttributes {
  gender: string | null;
  age_band: string | null;
  basis: AttributeBasis | null;
}

/** The body of `PUT me/attributes`: a declaration with its consent, or the withdrawal (which deletes the values). */
export function declaration(gender: string, ageBand: string): Record<string, unknown> {
  return { gender: gender || null, age_band: ageBand || null, consent: true, text_version: ATTRIBUTES_TEXT_VERSION };
}
export function withdrawal(): Record<string, unknown> {
  return { consent: false, text_version: ATTRIBUTES_TEXT_VERSION };
}

// ---- words ----------------------------------------------------------------------------------------------------

/** The translator of the i18n layer (`useI18n().t`, or `translate` bound to a language in tests). */
export type Translate = (key: AnyKey, vars?: Vars) => string;

const GENDER_CODES = [...GENDERS, 'not_recorded'];
const AGE_CODES = [...AGE_BANDS, 'not_recorded'];

/** A group's name in the UI language ("female" → 女性); an unknown code is shown as it is. */
export function groupLabel(t: Translate, attribute: string, group: string): string {
  if (attribute === 'gender' && GENDER_CODES.includes(group)) return t(`attr.gender.${group}` as MessageKey);
  if (attribute === 'age_band' && AGE_CODES.includes(group)) return t(`attr.age.${group}` as MessageKey);
  return group;
}

export function attributeLabel(t: Translate, attribute: string): string {
  return attribute === 'gender' || attribute === 'age_band' ? t(`ethics.attr.${attribute}`) : attribute;
}

/** A figure rounded for the screen: 2 decimals by default, no trailing zeros, "—" when absent. */
export function fig(x: number | null | undefined, digits = 2): string {
  const s = num(x, digits);
  return s === '-0' ? '0' : s;
}

/** A p-value: three decimals, and "< 0.001" below that (never a bare 0). */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : fig(p, 3);
}

/** An AUC, always with two decimals (0.98, 1.00): how well a feature tells a group apart. */
export function auc(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(2);
}

/** An interval for a table cell: 「-0.8〜-0.4」, "-0.8 to -0.4". */
export function range(lo: number, hi: number, lang: UiLang, digits = 2): string {
  return lang === 'en' ? `${fig(lo, digits)} to ${fig(hi, digits)}` : `${fig(lo, digits)}〜${fig(hi, digits)}`;
}

/** Names in a row: 「女性、男性」, "Female, Male". */
export function list(names: readonly string[], lang: UiLang): string {
  return names.join(lang === 'en' ? ', ' : '、');
}

/** A group's name with its size, as the charts label rows: 「女性（80）」, "Female (80)". */
export function withSize(name: string, n: number, lang: UiLang): string {
  return lang === 'en' ? `${name} (${n})` : `${name}（${n}）`;
}

/** Sentences one after another (Japanese needs no space after 。). */
export function sentences(parts: readonly string[], lang: UiLang): string {
  return parts.join(lang === 'en' ? ' ' : '');
}

/** A share as a percentage ("31%"). */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${Math.round(x * 100)}%`;
}

/** `2026-11` → 2026年11月 / Nov 2026. */
export function monthLabel(month: string, lang: UiLang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  if (lang === 'ja') return `${m[1]}年${Number(m[2])}月`;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/**
 * Each feature the analysis emits in words a reader understands, as shared/ml/src/labels.rs names them (keep in
 * step); an unknown feature is shown by its code.
 */
const FEATURES: Record<string, [string, string]> = {
  duration_s: ['面談の長さ', 'length of the interview'],
  'voice.speech_ratio': ['話している時間の割合', 'share of time spent speaking'],
  'voice.pause_count': ['話の間の回数', 'number of pauses'],
  'voice.pause_mean_s': ['話の間の長さ', 'length of pauses'],
  'voice.long_pause_count': ['長い沈黙の回数', 'number of long silences'],
  'voice.pitch_mean_hz': ['声の高さ', 'pitch of the voice'],
  'voice.pitch_std_hz': ['声の抑揚', 'intonation (pitch variation)'],
  'voice.loudness_std_db': ['声の大きさの変化', 'variation in loudness'],
  'voice.rate_syllables_per_s': ['話す速さ', 'speaking speed'],
  'face.present_ratio': ['顔が映っている割合', 'how often the face was visible'],
  'face.size_mean': ['カメラとの距離（顔の大きさ）', 'closeness to the camera (face size)'],
  'face.centre_offset_mean': ['画面中央からのずれ', 'distance from the centre of the picture'],
  'head.yaw_mean': ['顔の向き（左右）', 'head turned left or right'],
  'head.yaw_std': ['顔の向きの変化', 'how much the head turned'],
  'head.motion_mean': ['頭の動きの多さ', 'how much the head moved'],
  'gaze.away_ratio': ['視線を外した割合', 'how often they looked away'],
  'expression.angry_mean': ['怒った表情の多さ', 'how often they looked angry'],
  'expression.disgust_mean': ['嫌悪の表情の多さ', 'how often they looked disgusted'],
  'expression.fear_mean': ['不安げな表情の多さ', 'how often they looked anxious'],
  'expression.happy_mean': ['笑顔の多さ', 'how often they smiled'],
  'expression.sad_mean': ['悲しげな表情の多さ', 'how often they looked sad'],
  'expression.surprise_mean': ['驚いた表情の多さ', 'how often they looked surprised'],
  'expression.neutral_mean': ['落ち着いた表情の多さ', 'how often their face was neutral'],
  'expression.happy_peak_rate': ['笑顔になった回数（1分あたり）', 'smiles per minute'],
  'video.brightness_mean': ['映像の明るさ', 'brightness of the video'],
  'call.interviewee_speech_share': ['会話のうち被面談者が話した割合', "the interviewee's share of the talking"],
  'call.interviewer_speech_share': ['会話のうち面談官が話した割合', "the interviewer's share of the talking"],
  'call.overlap_ratio': ['二人が同時に話した割合', 'how often both spoke at once'],
  'call.turns_per_min': ['話し手の交代の多さ（1分あたり）', 'how often the speaker changed (per minute)'],
  'call.answer_latency_s': ['質問から答え始めるまでの間', 'pause before answering a question'],
  'call.interviewee_turn_mean_s': ['一度に話し続ける長さ', 'how long each answer ran'],
};

export function featureName(feature: string, lang: UiLang): string {
  const words = FEATURES[feature];
  return words ? words[lang === 'en' ? 1 : 0] : feature;
}

/** A difference this small (after rounding to one decimal) reads as "about the same". */
const SAME = 0.05;

/**
 * One comparison in one line: 「女性の平均は男性より 0.6 点低い（95% 区間 -0.8〜-0.4）。」 and whether chance
 * explains it.
 */
export function differenceReading(t: Translate, attribute: string, c: Comparison): string {
  const vars = {
    group: groupLabel(t, attribute, c.group),
    reference: groupLabel(t, attribute, c.reference),
    diff: fig(Math.abs(c.mean_difference), 1),
    lo: fig(c.interval95[0], 1),
    hi: fig(c.interval95[1], 1),
  };
  const first =
    Math.abs(c.mean_difference) < SAME
      ? t('ethics.read.same', { ...vars, diff: fig(c.mean_difference, 1) })
      : t('ethics.read.diff', { ...vars, dir: t(c.mean_difference < 0 ? 'ethics.read.lower' : 'ethics.read.higher') });
  return `${first}${t(c.significant ? 'ethics.read.significant' : 'ethics.read.notSignificant')}`;
}

/** The comparison that matters most: the largest standardised (else plain) difference. */
export function largestComparison(comparisons: readonly Comparison[]): Comparison | null {
  const size = (c: Comparison) => Math.abs(c.standardised_difference ?? c.mean_difference);
  return comparisons.reduce<Comparison | null>((best, c) => (!best || size(c) > size(best) ? c : best), null);
}

/** The reading of a group comparison: its largest difference, or why nothing was compared. */
export function comparisonReading(t: Translate, attribute: string, figures: GroupComparison): string {
  const c = largestComparison(figures.comparisons);
  return c ? differenceReading(t, attribute, c) : t('ethics.read.noComparison');
}

/** The experts one by one: who differs most between groups, or that no expert rated two groups. */
export function expertsReading(t: Translate, attribute: string, experts: readonly ExpertFigures[]): string {
  let worst: { expert: string; c: Comparison } | null = null;
  const size = (c: Comparison) => Math.abs(c.standardised_difference ?? c.mean_difference);
  for (const e of experts) {
    const c = largestComparison(e.comparisons);
    if (c && (!worst || size(c) > size(worst.c))) worst = { expert: e.expert, c };
  }
  if (!worst) return t('ethics.experts.none');
  return t('ethics.read.expert', { expert: worst.expert, reading: differenceReading(t, attribute, worst.c) });
}

/** The model's error by group: where it is off most and least. */
export function errorsReading(t: Translate, attribute: string, errors: readonly GroupError[]): string {
  if (!errors.length) return t('ethics.read.noErrors');
  if (errors.length === 1) return t('ethics.read.maeOne', { group: groupLabel(t, attribute, errors[0].group), mae: fig(errors[0].mae) });
  const sorted = [...errors].sort((a, b) => b.mae - a.mae);
  const [high, low] = [sorted[0], sorted[sorted.length - 1]];
  return t('ethics.read.mae', {
    worst: groupLabel(t, attribute, high.group),
    high: fig(high.mae),
    best: groupLabel(t, attribute, low.group),
    low: fig(low.mae),
  });
}

/** The pass decisions: the group furthest below the limit, else the lowest ratio and that all are within it. */
export function impactReading(t: Translate, attribute: string, selection: Selection, limit: number): string {
  const rated = selection.groups.filter((g) => g.impact_ratio !== null);
  if (!rated.length || !selection.highest) return t('ethics.read.noImpact');
  const lowest = rated.reduce((a, b) => ((b.impact_ratio ?? 1) < (a.impact_ratio ?? 1) ? b : a));
  const vars = {
    group: groupLabel(t, attribute, lowest.group),
    highest: groupLabel(t, attribute, selection.highest),
    rate: pct(lowest.selection_rate),
    ratio: fig(lowest.impact_ratio),
    limit: fig(limit),
  };
  if ((lowest.impact_ratio ?? 1) >= limit) return t('ethics.read.impactOk', vars);
  const chance = lowest.p_value !== null && lowest.p_value > 0.05 ? t('ethics.read.chance', { p: pValue(lowest.p_value) }) : '';
  return `${t('ethics.read.impactLow', vars)}${chance}`;
}

/** Equalized odds and demographic parity in a sentence. */
export function oddsReading(t: Translate, selection: Selection): string {
  const parts: string[] = [];
  if (selection.demographic_parity_difference !== null) {
    parts.push(t('ethics.read.dp', { value: pct(selection.demographic_parity_difference) }));
  }
  parts.push(
    selection.equalized_odds_difference === null
      ? t('ethics.read.eoNone')
      : t('ethics.read.eo', { value: fig(selection.equalized_odds_difference) }),
  );
  return parts.join('');
}

/** An AUC from which a feature counts as a proxy worth acting on (0.5 tells nothing, 1 tells the group exactly). */
export const PROXY_AUC = 0.7;

/** The proxies, strongest first, at most `n`. */
export function topProxies(proxies: Proxies | null, n = 5): ProxyFeature[] {
  return [...(proxies?.features ?? [])].sort((a, b) => b.auc - a.auc || a.feature.localeCompare(b.feature)).slice(0, n);
}

/** What the proxies mean and what to do: exclude the strongest feature and train again. */
export function proxyReading(t: Translate, lang: UiLang, attribute: string, proxies: Proxies | null): { reading: string; advice: string | null } {
  const top = topProxies(proxies, 1)[0];
  if (!proxies || !top) return { reading: t('ethics.proxies.none'), advice: null };
  const attr = attributeLabel(t, attribute);
  const combined =
    proxies.combined_auc !== null ? t('ethics.read.combined', { auc: auc(proxies.combined_auc), attribute: attr }) : '';
  if (top.auc < PROXY_AUC) return { reading: `${t('ethics.read.noProxy', { attribute: attr, auc: auc(top.auc) })}${combined}`, advice: null };
  return {
    reading: `${t('ethics.read.proxy', { feature: featureName(top.feature, lang), attribute: attr, auc: auc(top.auc) })}${combined}`,
    advice: t('ethics.todo.proxy', { feature: featureName(top.feature, lang) }),
  };
}

/** A flag in a sentence (the banner and the month's list). */
export function flagReading(t: Translate, flag: Flag, itemName: string, limits: AlertLimits): string {
  const vars = {
    item: itemName,
    group: groupLabel(t, flag.attribute, flag.group),
    reference: groupLabel(t, flag.attribute, flag.reference),
    value: fig(flag.value),
    limit: fig(flag.kind === 'impact_ratio' ? limits.min_impact_ratio : limits.max_standardised_difference),
    dir: t(flag.value < 0 ? 'ethics.lower' : 'ethics.higher'),
    expert: flag.expert ?? '',
  };
  return t(`ethics.flag.${flag.kind}`, vars);
}

/** What to do about a kind of flag. */
export function flagAdvice(kind: FlagKind): EthicsKey {
  return kind === 'rating_difference' || kind === 'expert_difference' ? 'ethics.todo.ratings' : 'ethics.todo.predictions';
}

export interface AlertSource {
  /** 'model' (a model version's report) or 'month' (a month's predictions). */
  source: 'model' | 'month';
  /** The model's version, or the month (`YYYY-MM`). */
  label: string;
  flags: Flag[];
  limits: AlertLimits;
}

export interface Alert {
  /** Each source with flags, its flags in order of importance, at most `perSource`. */
  sources: { source: AlertSource; shown: Flag[]; more: number }[];
  /** The distinct things to do, in the order their flags come. */
  advice: EthicsKey[];
}

const KIND_ORDER: FlagKind[] = ['impact_ratio', 'prediction_difference', 'rating_difference', 'expert_difference'];

/**
 * The banner: the model's and the newest month's flags, the worst of each kind first (impact ratios, what decides
 * who passes, before differences in scores), then the rest by kind and size; null when nothing crosses the limits.
 */
export function chooseAlert(sources: readonly (AlertSource | null)[], perSource = 3): Alert | null {
  const withFlags = sources.filter((s): s is AlertSource => !!s && s.flags.length > 0);
  if (!withFlags.length) return null;
  const severity = (f: Flag) => (f.kind === 'impact_ratio' ? 1 - f.value : Math.abs(f.value));
  const ordered = withFlags.map((source) => {
    const sorted = [...source.flags].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || severity(b) - severity(a));
    const worst = sorted.filter((f, i) => i === 0 || sorted[i - 1].kind !== f.kind);
    const ordered = [...worst, ...sorted.filter((f) => !worst.includes(f))];
    return { source, shown: ordered.slice(0, perSource), more: Math.max(0, ordered.length - perSource) };
  });
  const advice: EthicsKey[] = [];
  for (const { shown } of ordered) for (const f of shown) if (!advice.includes(flagAdvice(f.kind))) advice.push(flagAdvice(f.kind));
  return { sources: ordered, advice };
}

/** The newest month (the list comes newest first, but do not rely on it). */
export function newestMonth(months: readonly MonthlyFairness[]): MonthlyFairness | null {
  return months.reduce<MonthlyFairness | null>((a, b) => (!a || b.month > a.month ? b : a), null);
}

/** How a group is treated: compared, too small to show, or no group to compare (回答しない, not recorded). */
export function groupState(g: Pick<GroupSize, 'compared' | 'too_small'>): 'compared' | 'too_small' | 'not_a_group' {
  return g.too_small ? 'too_small' : g.compared ? 'compared' : 'not_a_group';
}

// ---- charts ---------------------------------------------------------------------------------------------------

/** A linear map from [d0, d1] onto [r0, r1] (a flat domain maps to the middle). */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
}

/** Round tick values across [min, max]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)) || 0);
  return out;
}

/** The 95 % interval of a group's mean (normal approximation), for the error bars. */
export function meanInterval(mean: number, sd: number | null, n: number): [number, number] {
  if (sd === null || !(n > 1)) return [mean, mean];
  const half = (1.96 * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}

/** The range a means chart spans: the item's scale, widened when an interval leaves it. */
export function meansDomain(groups: readonly GroupFigures[], scale?: { min: number; max: number }): [number, number] {
  const values: number[] = [];
  for (const g of groups) {
    if (g.mean === null) continue;
    values.push(...meanInterval(g.mean, g.sd, g.n));
  }
  let lo = scale?.min ?? (values.length ? Math.min(...values) : 0);
  let hi = scale?.max ?? (values.length ? Math.max(...values) : 1);
  if (values.length) {
    lo = Math.min(lo, Math.floor(Math.min(...values)));
    hi = Math.max(hi, Math.ceil(Math.max(...values)));
  }
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

/** A symmetric range around 0 holding every interval of the differences (at least ±1). */
export function differenceDomain(comparisons: readonly Comparison[]): [number, number] {
  const far = Math.max(1, ...comparisons.flatMap((c) => [Math.abs(c.interval95[0]), Math.abs(c.interval95[1]), Math.abs(c.mean_difference)]));
  const edge = Math.ceil(far * 2) / 2;
  return [-edge, edge];
}

/** The impact-ratio axis: 0 to 1, or further when a ratio is above 1 (it never is against the highest group). */
export function impactDomain(groups: readonly GroupRates[]): [number, number] {
  return [0, Math.max(1, ...groups.map((g) => g.impact_ratio ?? 0))];
}

export interface TrendSeries {
  attribute: Attribute;
  item_id: string;
  /** One value per month of {@link Trend.months}; null where the month has none. */
  values: (number | null)[];
}

export interface Trend {
  /** Oldest first, the newest `last` months. */
  months: string[];
  series: TrendSeries[];
}

/** The trend chart's data: each item and attribute's lowest impact ratio per month, oldest month first. */
export function trend(months: readonly MonthlyFairness[], last = 12): Trend {
  const chosen = [...months].sort((a, b) => a.month.localeCompare(b.month)).slice(-last);
  const keys: { attribute: Attribute; item_id: string }[] = [];
  for (const m of chosen) {
    for (const p of m.trend) {
      if (!keys.some((k) => k.attribute === p.attribute && k.item_id === p.item_id)) keys.push({ attribute: p.attribute, item_id: p.item_id });
    }
  }
  keys.sort((a, b) => a.item_id.localeCompare(b.item_id) || a.attribute.localeCompare(b.attribute));
  const series = keys
    .map((k) => ({
      ...k,
      values: chosen.map((m) => m.trend.find((p) => p.attribute === k.attribute && p.item_id === k.item_id)?.lowest_impact_ratio ?? null),
    }))
    .filter((s) => s.values.some((v) => v !== null));
  return { months: chosen.map((m) => m.month), series };
}

/** The trend in a sentence: the newest month's lowest point, against the limit. */
export function trendReading(
  t: Translate,
  lang: UiLang,
  data: Trend,
  limit: number,
  itemName: (id: string) => string,
): string {
  if (!data.months.length || !data.series.length) return t('ethics.trend.none');
  const last = data.months.length - 1;
  const points = data.series
    .map((s) => ({ s, v: s.values[last] }))
    .filter((p): p is { s: TrendSeries; v: number } => p.v !== null);
  const month = monthLabel(data.months[last], lang);
  if (!points.length) return t('ethics.trend.noneThisMonth', { month });
  const low = points.reduce((a, b) => (b.v < a.v ? b : a));
  const vars = { month, item: itemName(low.s.item_id), attribute: attributeLabel(t, low.s.attribute), ratio: fig(low.v), limit: fig(limit) };
  return t(low.v < limit ? 'ethics.trend.below' : 'ethics.trend.ok', vars);
}

/** Series colours (each ≥ 3:1 on white) and marker shapes, so lines differ without colour too. */
export const SERIES_COLOURS = ['#1d4f91', '#a4262c', '#1f6f43', '#7a4d00', '#5b3a8c', '#00606b'];
export const SERIES_MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
