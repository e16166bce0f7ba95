//! Scores by group: per group its size, mean and spread; each group against a reference group (the largest) by
//! the difference of means, the standardised difference (over the pooled standard deviation) and a bootstrap 95 %
//! interval of the difference. A group smaller than [`MIN_GROUP`] is reported as too small, never with figures.
//! Deterministic: the bootstrap draws from a fixed seed. Figures are not rounded (the pages round).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::stats::{SplitMix, mean, pooled_sd, sd};
use super::{MIN_GROUP, NOT_A_GROUP};

/// Bootstrap resamples of each difference.
const RESAMPLES: usize = 2000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupFigures {
    pub group: String,
    pub n: usize,
    /// Absent when the group is too small.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub too_small: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Comparison {
    pub group: String,
    pub reference: String,
    /// The group's mean minus the reference's.
    pub mean_difference: f64,
    /// The difference over the pooled standard deviation (Cohen's d); absent when there is no spread.
    pub standardised_difference: Option<f64>,
    /// Bootstrap 95 % interval of the mean difference.
    pub interval95: [f64; 2],
    /// The interval excludes 0.
    pub significant: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupComparison {
    pub groups: Vec<GroupFigures>,
    pub comparisons: Vec<Comparison>,
}

/// The figures of `values` by group, against the largest group.
pub fn compare_groups(values: &BTreeMap<String, Vec<f64>>) -> GroupComparison {
    compare_groups_against(values, None)
}

/// The figures of `values` by group against `reference` where it can be compared here (so one report measures
/// every series against the same group), else against the largest group.
pub fn compare_groups_against(values: &BTreeMap<String, Vec<f64>>, reference: Option<&str>) -> GroupComparison {
    let groups: Vec<GroupFigures> = values
        .iter()
        .map(|(group, v)| {
            let too_small = v.len() < MIN_GROUP;
            GroupFigures {
                group: group.clone(),
                n: v.len(),
                mean: (!too_small).then(|| mean(v)),
                sd: (!too_small).then(|| sd(v)),
                too_small,
            }
        })
        .collect();
    let comparable: Vec<(&String, &Vec<f64>)> =
        values.iter().filter(|(g, v)| v.len() >= MIN_GROUP && !NOT_A_GROUP.contains(&g.as_str())).collect();
    // The given group, else the largest (on a tie the first by name).
    let preferred = comparable.iter().find(|(g, _)| Some(g.as_str()) == reference);
    let largest = comparable.iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)));
    let Some(&(reference, base)) = preferred.or(largest) else {
        return GroupComparison { groups, comparisons: Vec::new() };
    };
    let mut rng = SplitMix(0x6d65_6e64_616e_0019);
    let comparisons = comparable
        .iter()
        .filter(|(g, _)| *g != reference)
        .map(|(group, v)| {
            let difference = mean(v) - mean(base);
            let pooled = pooled_sd(v, base);
            let mut resampled: Vec<f64> =
                (0..RESAMPLES).map(|_| mean(&resample(v, &mut rng)) - mean(&resample(base, &mut rng))).collect();
            resampled.sort_by(f64::total_cmp);
            let interval = [resampled[RESAMPLES * 25 / 1000], resampled[RESAMPLES * 975 / 1000 - 1]];
            Comparison {
                group: (*group).clone(),
                reference: reference.clone(),
                mean_difference: difference,
                standardised_difference: (pooled > 0.0).then(|| difference / pooled),
                interval95: interval,
                significant: interval[0] > 0.0 || interval[1] < 0.0,
            }
        })
        .collect();
    GroupComparison { groups, comparisons }
}

fn resample(v: &[f64], rng: &mut SplitMix) -> Vec<f64> {
    (0..v.len()).map(|_| v[(rng.next() % v.len() as u64) as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(pairs: &[(&str, &[f64])]) -> BTreeMap<String, Vec<f64>> {
        pairs.iter().map(|(g, v)| ((*g).to_owned(), v.to_vec())).collect()
    }

    #[test]
    fn a_group_rated_lower_is_found_with_its_interval() {
        let figures = compare_groups(&groups(&[
            ("female", &[2.0, 2.5, 3.0, 2.0, 2.5, 3.0]),
            ("male", &[4.0, 4.5, 3.5, 4.0, 4.5, 3.5, 4.0]),
        ]));
        let c = &figures.comparisons[0];
        assert_eq!((c.group.as_str(), c.reference.as_str()), ("female", "male"), "the larger group is the reference");
        assert!((c.mean_difference + 1.5).abs() < 1e-9, "{c:?}");
        assert!(c.standardised_difference.unwrap() < -2.0 && c.significant && c.interval95[1] < 0.0, "{c:?}");
    }

    #[test]
    fn equal_groups_show_no_difference_and_small_groups_no_figures() {
        let same: &[f64] = &[3.0, 4.0, 3.5, 4.5, 3.0, 4.0];
        let figures = compare_groups(&groups(&[("a", same), ("b", same), ("c", &[1.0, 1.0]), ("undisclosed", same)]));
        let small = figures.groups.iter().find(|g| g.group == "c").unwrap();
        assert!(small.too_small && small.mean.is_none());
        assert_eq!(figures.comparisons.len(), 1, "undisclosed and too-small groups are not compared: {figures:?}");
        assert!(!figures.comparisons[0].significant && figures.comparisons[0].mean_difference == 0.0);
        assert_eq!(
            compare_groups(&groups(&[("a", same), ("b", same)])),
            compare_groups(&groups(&[("a", same), ("b", same)]))
        );
    }
}
