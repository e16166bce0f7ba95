//! Pass decisions by group: for a pass threshold on an item's score, each group's selection rate and its ratio to
//! the highest group's (the 4/5ths rule; NYC Local Law 144's impact ratio), and against the experts' own pass
//! decisions the true- and false-positive rates (equalized odds). The aggregate figures are defined as Fairlearn
//! defines them (`demographic_parity_difference`/`_ratio`, `equalized_odds_difference`, between groups), and a
//! check in the test command compares them with Fairlearn on the same data.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stats::{median, two_proportion_p};

/// Where the pass threshold came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdBasis {
    /// The tenant's pass score for the item: a score at or above it passes.
    Tenant,
    /// No pass score set: the scoring rate of NYC Local Law 144, a score above the median of all scores passes.
    Median,
}

/// One scored person of a compared group.
pub struct Decision<'a> {
    pub group: &'a str,
    /// The model's score.
    pub predicted: f64,
    /// The experts' score (their mean), when they rated the interview.
    pub expert: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupRates {
    pub group: String,
    pub n: usize,
    /// Share of the group the model's score passes.
    pub selection_rate: f64,
    /// The selection rate over the highest group's.
    pub impact_ratio: Option<f64>,
    /// Two-sided p-value of the difference from the highest group (two-proportion z-test): how well chance
    /// explains a low ratio on groups of this size.
    pub p_value: Option<f64>,
    /// Among the group's interviews the experts passed, the share the model passes; absent without any.
    pub true_positive_rate: Option<f64>,
    /// Among the group's interviews the experts did not pass, the share the model passes; absent without any.
    pub false_positive_rate: Option<f64>,
    /// Share of the group's expert-rated interviews the experts passed.
    pub expert_pass_rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Selection {
    pub threshold: f64,
    pub basis: ThresholdBasis,
    /// The group with the highest selection rate (the impact ratios' denominator).
    pub highest: Option<String>,
    pub groups: Vec<GroupRates>,
    /// Highest minus lowest selection rate.
    pub demographic_parity_difference: Option<f64>,
    /// Lowest over highest selection rate (the lowest impact ratio).
    pub demographic_parity_ratio: Option<f64>,
    /// The larger of the spreads (highest minus lowest) of the true- and of the false-positive rates.
    pub equalized_odds_difference: Option<f64>,
}

impl ThresholdBasis {
    /// The threshold and the pass rule: the tenant's score (at or above), else the median of `scores` (above).
    pub fn choose(tenant: Option<f64>, scores: &[f64]) -> Option<(f64, ThresholdBasis)> {
        match tenant {
            Some(t) => Some((t, ThresholdBasis::Tenant)),
            None => median(scores).map(|m| (m, ThresholdBasis::Median)),
        }
    }

    pub fn passes(self, score: f64, threshold: f64) -> bool {
        match self {
            ThresholdBasis::Tenant => score >= threshold,
            ThresholdBasis::Median => score > threshold,
        }
    }
}

/// The selection figures of `rows`, whose groups are the compared ones (each at least the minimum size).
pub fn selection(rows: &[Decision], threshold: f64, basis: ThresholdBasis) -> Selection {
    let mut names: Vec<&str> = rows.iter().map(|r| r.group).collect();
    names.sort_unstable();
    names.dedup();
    struct Counts {
        n: usize,
        selected: usize,
        positives: usize,
        true_positives: usize,
        negatives: usize,
        false_positives: usize,
    }
    let counts: Vec<(&str, Counts)> = names
        .iter()
        .map(|&group| {
            let mut c = Counts { n: 0, selected: 0, positives: 0, true_positives: 0, negatives: 0, false_positives: 0 };
            for row in rows.iter().filter(|r| r.group == group) {
                let chosen = basis.passes(row.predicted, threshold);
                c.n += 1;
                c.selected += usize::from(chosen);
                match row.expert.map(|e| basis.passes(e, threshold)) {
                    Some(true) => {
                        c.positives += 1;
                        c.true_positives += usize::from(chosen);
                    }
                    Some(false) => {
                        c.negatives += 1;
                        c.false_positives += usize::from(chosen);
                    }
                    None => {}
                }
            }
            (group, c)
        })
        .collect();
    let rate = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    let highest = counts.iter().max_by(|a, b| {
        (a.1.selected as f64 / a.1.n as f64).total_cmp(&(b.1.selected as f64 / b.1.n as f64)).then(b.0.cmp(a.0))
    });
    let top_rate = highest.map_or(0.0, |h| h.1.selected as f64 / h.1.n as f64);
    let groups: Vec<GroupRates> = counts
        .iter()
        .map(|(group, c)| {
            let selection_rate = c.selected as f64 / c.n as f64;
            GroupRates {
                group: (*group).to_owned(),
                n: c.n,
                selection_rate,
                impact_ratio: (top_rate > 0.0).then(|| selection_rate / top_rate),
                p_value: highest
                    .filter(|h| h.0 != *group)
                    .and_then(|h| two_proportion_p(c.selected, c.n, h.1.selected, h.1.n)),
                true_positive_rate: rate(c.true_positives, c.positives),
                false_positive_rate: rate(c.false_positives, c.negatives),
                expert_pass_rate: rate(c.positives, c.positives + c.negatives),
            }
        })
        .collect();
    let spread = |values: Vec<f64>| -> Option<f64> {
        (values.len() >= 2).then(|| {
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                - values.iter().copied().fold(f64::INFINITY, f64::min)
        })
    };
    let rates: Vec<f64> = groups.iter().map(|g| g.selection_rate).collect();
    let tpr: Option<Vec<f64>> = groups.iter().map(|g| g.true_positive_rate).collect();
    let fpr: Option<Vec<f64>> = groups.iter().map(|g| g.false_positive_rate).collect();
    let lowest = rates.iter().copied().fold(f64::INFINITY, f64::min);
    Selection {
        threshold,
        basis,
        highest: highest.map(|h| h.0.to_owned()),
        demographic_parity_difference: spread(rates.clone()),
        demographic_parity_ratio: (rates.len() >= 2 && top_rate > 0.0).then(|| lowest / top_rate),
        // Defined only when every group has both kinds of expert decision (as Fairlearn's rates are).
        equalized_odds_difference: match (tpr.and_then(spread), fpr.and_then(spread)) {
            (Some(t), Some(f)) => Some(t.max(f)),
            _ => None,
        },
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows<'a>(group: &'a str, scores: &[(f64, f64)]) -> Vec<Decision<'a>> {
        scores.iter().map(|&(p, e)| Decision { group, predicted: p, expert: Some(e) }).collect()
    }

    #[test]
    fn a_group_passed_less_often_has_its_impact_ratio_and_rates() {
        let mut all = rows("a", &[(4.0, 4.0), (4.0, 4.0), (4.0, 2.0), (2.0, 4.0)]);
        all.extend(rows("b", &[(4.0, 4.0), (2.0, 4.0), (2.0, 2.0), (2.0, 2.0)]));
        let s = selection(&all, 3.0, ThresholdBasis::Tenant);
        assert_eq!(s.highest.as_deref(), Some("a"));
        let b = &s.groups[1];
        assert_eq!(
            (b.selection_rate, b.impact_ratio, b.true_positive_rate, b.false_positive_rate),
            (0.25, Some(1.0 / 3.0), Some(0.5), Some(0.0))
        );
        assert_eq!(s.demographic_parity_difference, Some(0.5));
        assert_eq!(s.demographic_parity_ratio, Some(1.0 / 3.0));
        // TPR a 2/3, b 1/2; FPR a 1, b 0.
        assert_eq!(s.equalized_odds_difference, Some(1.0));
    }

    #[test]
    fn without_a_pass_score_the_median_splits_and_ties_do_not_pass() {
        let (t, basis) = ThresholdBasis::choose(None, &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!((t, basis), (2.0, ThresholdBasis::Median));
        assert!(!basis.passes(2.0, t) && basis.passes(2.5, t));
        assert!(ThresholdBasis::Tenant.passes(3.0, 3.0));
    }
}
