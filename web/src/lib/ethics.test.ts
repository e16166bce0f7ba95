import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type Vars } from '../i18n';
import { translateEthics, type AnyKey } from '../i18n/ethics';
import {
  ATTRIBUTES_TEXT_VERSION,
  DEFAULT_LIMITS,
  chooseAlert,
  comparisonReading,
  declaration,
  differenceDomain,
  differenceReading,
  errorsReading,
  expertsReading,
  featureName,
  fig,
  flagReading,
  groupLabel,
  groupState,
  impactDomain,
  impactReading,
  linear,
  meanInterval,
  meansDomain,
  monthLabel,
  newestMonth,
  oddsReading,
  list,
  pct,
  pValue,
  range,
  sentences,
  withSize,
  auc,
  proxyReading,
  ticks,
  topProxies,
  trend,
  trendReading,
  withdrawal,
  type Comparison,
  type Flag,
  type MonthlyFairness,
  type Selection,
} from './ethics';

const ja = (key: AnyKey, vars?: Vars) => translateEthics('ja', key, vars, (k: MessageKey, v?: Vars) => translate('ja', k, v));
const en = (key: AnyKey, vars?: Vars) => translateEthics('en', key, vars, (k: MessageKey, v?: Vars) => translate('en', k, v));

const lower: Comparison = {
  group: 'female',
  reference: 'male',
  mean_difference: -0.6123,
  standardised_difference: -0.83,
  interval95: [-0.8049, -0.4012],
  significant: true,
};

const selection: Selection = {
  threshold: 3,
  basis: 'tenant',
  highest: 'male',
  groups: [
    { group: 'female', n: 80, selection_rate: 0.3, impact_ratio: 0.5, p_value: 0.0004, true_positive_rate: 0.6, false_positive_rate: 0.1, expert_pass_rate: 0.4 },
    { group: 'male', n: 80, selection_rate: 0.6, impact_ratio: 1, p_value: null, true_positive_rate: 0.9, false_positive_rate: 0.2, expert_pass_rate: 0.6 },
  ],
  demographic_parity_difference: 0.3,
  demographic_parity_ratio: 0.5,
  equalized_odds_difference: 0.3000000004,
};

const month = (m: string, ratio: number | null, flags: Flag[] = []): MonthlyFairness => ({
  month: m,
  computed_at: `${m}-28T00:00:00Z`,
  predictions: 40,
  flags,
  trend: [
    { attribute: 'gender', item_id: 'manner', lowest_impact_ratio: ratio, largest_difference: -0.7 },
    { attribute: 'age_band', item_id: 'manner', lowest_impact_ratio: 0.9, largest_difference: 0.1 },
  ],
  announced: flags.length > 0,
});

const impactFlag: Flag = { kind: 'impact_ratio', attribute: 'gender', item_id: 'manner', group: 'female', reference: 'male', value: 0.62 };
const ratingFlag: Flag = { kind: 'rating_difference', attribute: 'gender', item_id: 'manner', group: 'female', reference: 'male', value: -0.9 };

describe('figures for people', () => {
  it('round unrounded floats and never show minus zero', () => {
    expect(fig(0.61234)).toBe('0.61');
    expect(fig(-0.0004)).toBe('0');
    expect(fig(null)).toBe('—');
    expect(fig(3.14159, 1)).toBe('3.1');
    expect(pct(0.3049)).toBe('30%');
    expect(pct(null)).toBe('—');
    expect(pValue(0.00002)).toBe('< 0.001');
    expect(pValue(0.3431)).toBe('0.343');
    expect(auc(0.998)).toBe('1.00');
    expect(auc(0.5)).toBe('0.50');
    expect(range(-0.8049, -0.4012, 'ja')).toBe('-0.8〜-0.4');
    expect(range(-0.8049, -0.4012, 'en')).toBe('-0.8 to -0.4');
    expect(list(['女性', '男性'], 'ja')).toBe('女性、男性');
    expect(list(['Female', 'Male'], 'en')).toBe('Female, Male');
    expect(withSize('女性', 80, 'ja')).toBe('女性（80）');
    expect(withSize('Female', 80, 'en')).toBe('Female (80)');
    expect(sentences(['一つ目。', '二つ目。'], 'ja')).toBe('一つ目。二つ目。');
    expect(sentences(['One.', 'Two.'], 'en')).toBe('One. Two.');
  });

  it('name groups, months and features in the UI language', () => {
    expect(groupLabel(ja, 'gender', 'female')).toBe('女性');
    expect(groupLabel(en, 'gender', 'not_recorded')).toBe('Not recorded');
    expect(groupLabel(ja, 'age_band', '60_and_over')).toBe('60 歳以上');
    expect(groupLabel(ja, 'age_band', 'undisclosed')).toBe('回答しない');
    expect(groupLabel(ja, 'gender', 'martian')).toBe('martian');
    expect(monthLabel('2026-11', 'ja')).toBe('2026年11月');
    expect(monthLabel('2026-11', 'en')).toBe('Nov 2026');
    expect(featureName('voice.pitch_mean_hz', 'ja')).toBe('声の高さ');
    expect(featureName('voice.pitch_mean_hz', 'en')).toBe('pitch of the voice');
    expect(featureName('conversation.x', 'ja')).toBe('conversation.x');
  });

  it('say how a group is treated', () => {
    expect(groupState({ compared: true, too_small: false })).toBe('compared');
    expect(groupState({ compared: false, too_small: true })).toBe('too_small');
    expect(groupState({ compared: false, too_small: false })).toBe('not_a_group');
    expect(ja('ethics.state.too_small', { min: 5 })).toBe('人数が少ないため非表示（5 人未満）');
  });
});

describe('readings', () => {
  it('read a difference with its interval, its direction and whether chance explains it', () => {
    expect(differenceReading(ja, 'gender', lower)).toBe(
      '女性の平均は男性より 0.6 点低い（95% 区間 -0.8〜-0.4）。区間が 0 を含まないため、偶然とは言いにくい差です。',
    );
    expect(differenceReading(en, 'gender', { ...lower, mean_difference: 0.31, interval95: [-0.1, 0.7], significant: false })).toBe(
      'Female: mean 0.3 points higher than Male (95% interval -0.1 to 0.7). The interval includes 0, so there may be no real difference.',
    );
    expect(differenceReading(ja, 'gender', { ...lower, mean_difference: 0.01, interval95: [-0.2, 0.2], significant: false })).toMatch(
      /^女性の平均は男性とほぼ同じです（差 0、95% 区間 -0.2〜0.2）。/,
    );
  });

  it('read the largest difference of a comparison, or why there is none', () => {
    const small: Comparison = { ...lower, group: 'non_binary', mean_difference: -0.1, standardised_difference: -0.1 };
    expect(comparisonReading(ja, 'gender', { groups: [], comparisons: [small, lower] })).toContain('女性の平均は男性より 0.6 点低い');
    expect(comparisonReading(ja, 'gender', { groups: [], comparisons: [] })).toBe(ja('ethics.read.noComparison'));
  });

  it('name the expert who differs most', () => {
    const experts = [
      { expert: '評価者 A', groups: [], comparisons: [{ ...lower, mean_difference: -0.1, standardised_difference: -0.1 }] },
      { expert: '評価者 C', groups: [], comparisons: [lower] },
    ];
    expect(expertsReading(ja, 'gender', experts)).toMatch(/^差が最も大きいのは評価者 Cさんです。女性の平均は男性より 0.6 点低い/);
    expect(expertsReading(ja, 'gender', [])).toBe(ja('ethics.experts.none'));
  });

  it('read the model errors by group', () => {
    const errors = [
      { group: 'female', n: 40, mae: 0.512, mean_error: 0.1, pearson: 0.7 },
      { group: 'male', n: 40, mae: 0.401, mean_error: -0.1, pearson: 0.8 },
    ];
    expect(errorsReading(ja, 'gender', errors)).toBe(
      'AI と熟練面談者の評価のずれ（平均絶対誤差）は、女性で最も大きく 0.51 点、男性で最も小さく 0.4 点です。',
    );
    expect(errorsReading(ja, 'gender', [])).toBe(ja('ethics.read.noErrors'));
  });

  it('read the impact ratio against the limit, with chance when the p-value is large', () => {
    expect(impactReading(ja, 'gender', selection, 0.8)).toBe('女性の合格率は 30% で、最も高い男性の 0.5 倍です。基準の 0.8 を下回っています。');
    const chancy = { ...selection, groups: [{ ...selection.groups[0], p_value: 0.31 }, selection.groups[1]] };
    expect(impactReading(ja, 'gender', chancy, 0.8)).toContain('p 値が 0.31 と大きく');
    expect(impactReading(ja, 'gender', selection, 0.4)).toBe('どの群の影響比も基準の 0.4 以上です（最も低いのは女性の 0.5）。');
    expect(impactReading(ja, 'gender', { ...selection, highest: null }, 0.8)).toBe(ja('ethics.read.noImpact'));
  });

  it('read demographic parity and equalized odds', () => {
    expect(oddsReading(ja, selection)).toBe(
      '群の間の合格率の差は最大 30% です。熟練面談者の合否と比べた、真陽性率と偽陽性率の群の間の差は最大 0.3 です（0 に近いほど公平）。',
    );
    expect(oddsReading(ja, { ...selection, demographic_parity_difference: null, equalized_odds_difference: null })).toBe(ja('ethics.read.eoNone'));
  });

  it('name the strongest proxy and advise excluding it and training again', () => {
    const proxies = {
      combined_auc: 0.97,
      features: [
        { feature: 'voice.speech_ratio', group: 'female', auc: 0.52, direction: 'higher' as const },
        { feature: 'voice.pitch_mean_hz', group: 'female', auc: 0.98, direction: 'higher' as const },
      ],
    };
    expect(topProxies(proxies, 1)[0].feature).toBe('voice.pitch_mean_hz');
    const { reading, advice } = proxyReading(ja, 'ja', 'gender', proxies);
    expect(reading).toMatch(/^「声の高さ」だけで性別を 0.98 の力で見分けられます。/);
    expect(reading).toContain('すべての特徴を合わせると、性別を 0.97 の力で見分けられます');
    expect(advice).toBe('すべきこと: 「声の高さ」を学習に使う特徴から外して、AI モデルの画面で学習し直してください。');
    const weak = proxyReading(ja, 'ja', 'gender', { combined_auc: null, features: [proxies.features[0]] });
    expect(weak.advice).toBeNull();
    expect(weak.reading).toBe('性別を強く見分ける特徴はありません（最も強いもので 0.52）。');
    expect(proxyReading(ja, 'ja', 'gender', null).reading).toBe(ja('ethics.proxies.none'));
  });

  it('read each kind of flag', () => {
    expect(flagReading(ja, impactFlag, '話し方', DEFAULT_LIMITS)).toBe(
      '「話し方」で、AI が合格とする割合は女性が男性の 0.62 倍で、基準の 0.8 を下回っています。',
    );
    expect(flagReading(ja, ratingFlag, '話し方', DEFAULT_LIMITS)).toBe(
      '「話し方」で、熟練面談者の評価は女性が男性より低めです（標準化差 -0.9、基準 0.5）。',
    );
    expect(flagReading(ja, { ...ratingFlag, kind: 'expert_difference', expert: '評価者 C' }, '論理性', DEFAULT_LIMITS)).toContain('評価者 Cさんの評価');
    expect(flagReading(en, { ...ratingFlag, kind: 'prediction_difference', value: 0.7 }, 'Manner', DEFAULT_LIMITS)).toBe(
      'On “Manner”, the AI predicts Female higher than Male (standardised difference 0.7, limit 0.5).',
    );
  });
});

describe('the alert banner', () => {
  it('raises nothing without flags', () => {
    expect(chooseAlert([null, { source: 'model', label: '3', flags: [], limits: DEFAULT_LIMITS }])).toBeNull();
  });

  it('shows the worst flag of each kind first, impact ratios leading, keeps a few per source and says what to do once per kind', () => {
    const many: Flag[] = [ratingFlag, { ...ratingFlag, value: -1.4, item_id: 'logic' }, impactFlag, { ...impactFlag, value: 0.4, group: 'non_binary' }];
    const alert = chooseAlert(
      [
        { source: 'model', label: '3', flags: many, limits: DEFAULT_LIMITS },
        { source: 'month', label: '2026-11', flags: [impactFlag], limits: DEFAULT_LIMITS },
      ],
      3,
    )!;
    expect(alert.sources).toHaveLength(2);
    const model = alert.sources[0];
    expect(model.shown.map((f) => [f.kind, f.value])).toEqual([
      ['impact_ratio', 0.4],
      ['rating_difference', -1.4],
      ['impact_ratio', 0.62],
    ]);
    expect(model.more).toBe(1);
    expect(alert.advice).toEqual(['ethics.todo.predictions', 'ethics.todo.ratings']);
  });

  it('reads the newest month whatever the order', () => {
    expect(newestMonth([month('2026-09', 0.7), month('2026-11', 0.6), month('2026-10', 0.9)])?.month).toBe('2026-11');
    expect(newestMonth([])).toBeNull();
  });
});

describe('chart scales', () => {
  it('map linearly and tick at round values', () => {
    const x = linear(0, 1, 100, 300);
    expect(x(0.8)).toBeCloseTo(260);
    expect(linear(2, 2, 0, 10)(2)).toBe(5);
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(1, 5, 4)).toEqual([1, 2, 3, 4, 5]);
    expect(ticks(-1.5, 1.5, 4)).toEqual([-1, 0, 1]);
    expect(ticks(-2, 2, 8)).toEqual([-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]);
  });

  it('draw error bars as the 95 % interval of the mean', () => {
    const [lo, hi] = meanInterval(3, 1, 100);
    expect(lo).toBeCloseTo(2.804);
    expect(hi).toBeCloseTo(3.196);
    expect(meanInterval(3, null, 1)).toEqual([3, 3]);
  });

  it('span the item scale, widened when an interval leaves it, and centre differences on 0', () => {
    const g = (mean: number | null, sd: number | null, n: number) => ({ group: 'x', n, mean, sd, too_small: mean === null });
    expect(meansDomain([g(3, 0.5, 50), g(null, null, 3)], { min: 1, max: 5 })).toEqual([1, 5]);
    expect(meansDomain([g(5, 2, 5)], { min: 1, max: 5 })).toEqual([1, 7]);
    expect(meansDomain([], undefined)).toEqual([0, 1]);
    expect(differenceDomain([lower])).toEqual([-1, 1]);
    expect(differenceDomain([{ ...lower, interval95: [-1.7, -0.2] }])).toEqual([-2, 2]);
    expect(impactDomain(selection.groups)).toEqual([0, 1]);
  });

  it('build the trend oldest month first, one series per item and attribute, with gaps', () => {
    const data = trend([month('2026-11', 0.62, [impactFlag]), month('2026-10', null), month('2026-09', 0.71)]);
    expect(data.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(data.series.map((s) => [s.item_id, s.attribute, s.values])).toEqual([
      ['manner', 'age_band', [0.9, 0.9, 0.9]],
      ['manner', 'gender', [0.71, null, 0.62]],
    ]);
    expect(trend([month('2026-01', 0.5), month('2026-02', 0.5), month('2026-03', 0.5)], 2).months).toEqual(['2026-02', '2026-03']);
    const name = () => '話し方';
    expect(trendReading(ja, 'ja', data, 0.8, name)).toBe('2026年11月は「話し方」の性別で最も低い影響比が 0.62 と、基準の 0.8 を下回りました。');
    expect(trendReading(ja, 'ja', data, 0.5, name)).toMatch(/^2026年11月はすべての項目と属性で影響比が基準の 0.5 以上でした/);
    expect(trendReading(ja, 'ja', trend([]), 0.8, name)).toBe(ja('ethics.trend.none'));
  });
});

describe('the self-declaration', () => {
  it('sends the consent with the text version, and withdraws with consent false', () => {
    expect(ATTRIBUTES_TEXT_VERSION).toBe('2026-12');
    expect(declaration('female', '')).toEqual({ gender: 'female', age_band: null, consent: true, text_version: '2026-12' });
    expect(withdrawal()).toEqual({ consent: false, text_version: '2026-12' });
  });

  it('says the one use in the consent text: the bias check only, never a feature, never shown to interviewers or experts', () => {
    const text = ja('selfattr.consent');
    for (const words of ['偏りがないかを確かめるためだけ', '材料（特徴）には使いません', '面談者や熟練面談者には表示せず', '削除']) {
      expect(text).toContain(words);
    }
    const english = en('selfattr.consent');
    for (const words of ['only to check', 'never used as features', 'never shown to interviewers or expert raters', 'deleted']) {
      expect(english).toContain(words);
    }
  });
});
