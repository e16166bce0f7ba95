// Pure helpers for the AI panels (interview detail) and the models page.
import type { FeatureContribution, ModelWarning, Relation } from '../api/types';

export type UiLang = 'ja' | 'en';

/** The spec's reliability warning (fewer than 50 training interviews): shown first and prominently. */
export const FEW_INTERVIEWS = 'few_training_interviews';

/** A warning's text in the UI language (Japanese when the English text is missing, and the other way round). */
export function warningText(w: ModelWarning, lang: UiLang): string {
  return (lang === 'en' ? w.en || w.ja : w.ja || w.en) ?? w.code;
}

/** The reliability warning first, then the rest in their order. */
export function sortWarnings(ws: readonly ModelWarning[]): ModelWarning[] {
  return [...ws.filter((w) => w.code === FEW_INTERVIEWS), ...ws.filter((w) => w.code !== FEW_INTERVIEWS)];
}

/** A number for people: at most `digits` decimals, no trailing zeros; "—" for null/NaN. */
export function num(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return String(Number(x.toFixed(digits)));
}

/** "low–high" of an interval, clipped to the item's scale when it is known. */
export function formatInterval(low: number, high: number, min?: number, max?: number, digits = 1): string {
  const lo = min !== undefined ? Math.max(min, low) : low;
  const hi = max !== undefined ? Math.min(max, high) : high;
  return `${num(Math.min(lo, hi), digits)}–${num(Math.max(lo, hi), digits)}`;
}

/** Where a value sits on the scale, 0–100 (for the interval bar). */
export function percentOnScale(x: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  return Math.round(Math.min(100, Math.max(0, ((x - min) / (max - min)) * 100)) * 10) / 10;
}

/** The feature's label in the UI language. */
export function featureLabel(f: Pick<FeatureContribution, 'feature' | 'label_ja' | 'label_en'>, lang: UiLang): string {
  return (lang === 'en' ? f.label_en : f.label_ja) || f.feature;
}

/** Which way a feature pulls the score. */
export function direction(contribution: number): 'raises' | 'lowers' | 'neutral' {
  return contribution > 0 ? 'raises' : contribution < 0 ? 'lowers' : 'neutral';
}

/** The strongest feature–item relations by |Spearman ρ| (relations without one are left out). */
export function strongestRelations(relations: readonly Relation[], n = 10): Relation[] {
  return relations
    .filter((r) => r.spearman && Number.isFinite(r.spearman.coefficient))
    .sort((a, b) => Math.abs(b.spearman!.coefficient) - Math.abs(a.spearman!.coefficient) || a.feature.localeCompare(b.feature))
    .slice(0, n);
}

/** The file name of an exported bundle. */
export function bundleFileName(version: number, id: string): string {
  return `mendan-model-v${version}-${id.slice(0, 8)}.json`;
}
