import { describe, expect, it } from 'vitest';
import type { Relation } from '../api/types';
import { bundleFileName, direction, featureLabel, formatInterval, num, percentOnScale, sortWarnings, strongestRelations, warningText, FEW_INTERVIEWS } from './models';

const few = { code: FEW_INTERVIEWS, ja: '学習データが50件未満', en: 'fewer than 50 training interviews' };
const other = { code: 'insufficient_quality', ja: '品質不足', en: 'low quality' };

describe('warnings', () => {
  it('pick the text in the UI language, falling back to the other one', () => {
    expect(warningText(few, 'ja')).toBe('学習データが50件未満');
    expect(warningText(few, 'en')).toBe('fewer than 50 training interviews');
    expect(warningText({ code: 'x', ja: 'だけ', en: '' }, 'en')).toBe('だけ');
    expect(warningText({ code: 'x', ja: '', en: 'only' }, 'ja')).toBe('only');
  });

  it('put the reliability warning first', () => {
    expect(sortWarnings([other, few]).map((w) => w.code)).toEqual([FEW_INTERVIEWS, 'insufficient_quality']);
    expect(sortWarnings([])).toEqual([]);
  });
});

describe('numbers and intervals', () => {
  it('formats numbers without trailing zeros and dashes for missing ones', () => {
    expect(num(3.14159)).toBe('3.14');
    expect(num(2, 1)).toBe('2');
    expect(num(null)).toBe('—');
    expect(num(Number.NaN)).toBe('—');
  });

  it('clips the interval to the item scale and orders its ends', () => {
    expect(formatInterval(2.34, 4.06)).toBe('2.3–4.1');
    expect(formatInterval(0.2, 5.9, 1, 5)).toBe('1–5');
    expect(formatInterval(4, 3, 1, 5)).toBe('3–4');
  });

  it('places values on the scale for the bar', () => {
    expect(percentOnScale(3, 1, 5)).toBe(50);
    expect(percentOnScale(-2, 1, 5)).toBe(0);
    expect(percentOnScale(9, 1, 5)).toBe(100);
    expect(percentOnScale(3, 5, 5)).toBe(0);
  });
});

describe('features', () => {
  it('use the label of the UI language and tell the direction', () => {
    const f = { feature: 'speech_rate', label_ja: '話す速さ', label_en: 'speaking rate' };
    expect(featureLabel(f, 'ja')).toBe('話す速さ');
    expect(featureLabel(f, 'en')).toBe('speaking rate');
    expect(featureLabel({ ...f, label_en: '' }, 'en')).toBe('speech_rate');
    expect(direction(0.4)).toBe('raises');
    expect(direction(-0.1)).toBe('lowers');
    expect(direction(0)).toBe('neutral');
  });
});

describe('strongest relations', () => {
  const rel = (feature: string, rho: number | null): Relation => ({
    item: 'i',
    feature,
    feature_ja: feature,
    feature_en: feature,
    n: 10,
    spearman: rho === null ? null : { coefficient: rho, p: 0.01, q: 0.05 },
  });

  it('sorts by |rho|, leaves out relations without one and keeps n', () => {
    const rs = [rel('a', 0.1), rel('b', -0.9), rel('c', null), rel('d', 0.5), rel('e', -0.5)];
    expect(strongestRelations(rs, 3).map((r) => r.feature)).toEqual(['b', 'd', 'e']);
    expect(strongestRelations(rs).length).toBe(4);
    expect(strongestRelations([])).toEqual([]);
  });

  it('does not reorder its input', () => {
    const rs = [rel('a', 0.1), rel('b', 0.9)];
    strongestRelations(rs);
    expect(rs.map((r) => r.feature)).toEqual(['a', 'b']);
  });
});

describe('bundle file name', () => {
  it('names the version and a short id', () => {
    expect(bundleFileName(3, '0123456789abcdef')).toBe('mendan-model-v3-01234567.json');
  });
});
