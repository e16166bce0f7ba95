//! Fairness figures of scores by group (issue 19, the AI-ethics option): per group its size, mean and spread; each
//! group against a reference group (the largest) by the difference of means, the standardised difference (over the
//! pooled standard deviation) and a bootstrap 95 % interval of the difference. A group smaller than
//! [`MIN_GROUP`] is reported as too small, never with figures (for privacy, and because its figures mean nothing).
//! Deterministic: the bootstrap draws from a fixed seed.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

/// The least group size that gets figures.
pub const MIN_GROUP: usize = 5;
/// Bootstrap resamples of each difference.
const RESAMPLES: usize = 2000;
/// Answers that are no group to compare ("回答しない", not recorded): shown with their size only.
pub const NOT_A_GROUP: [&str; 2] = ["undisclosed", "not_recorded"];

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct GroupFigures {
    pub group: String,
    pub n: usize,
    /// Absent when the group is too small.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub too_small: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct GroupComparison {
    pub groups: Vec<GroupFigures>,
    pub comparisons: Vec<Comparison>,
}

/// The figures of `values` by group.
pub fn compare_groups(values: &BTreeMap<String, Vec<f64>>) -> GroupComparison {
    let groups: Vec<GroupFigures> = values
        .iter()
        .map(|(group, v)| {
            let too_small = v.len() < MIN_GROUP;
            GroupFigures {
                group: group.clone(),
                n: v.len(),
                mean: (!too_small).then(|| round3(mean(v))),
                sd: (!too_small).then(|| round3(sd(v))),
                too_small,
            }
        })
        .collect();
    let comparable: Vec<(&String, &Vec<f64>)> =
        values.iter().filter(|(g, v)| v.len() >= MIN_GROUP && !NOT_A_GROUP.contains(&g.as_str())).collect();
    // The largest group is the reference; on a tie the first by name.
    let Some(&(reference, base)) = comparable.iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0))) else {
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
                mean_difference: round3(difference),
                standardised_difference: (pooled > 0.0).then(|| round3(difference / pooled)),
                interval95: [round3(interval[0]), round3(interval[1])],
                significant: interval[0] > 0.0 || interval[1] < 0.0,
            }
        })
        .collect();
    GroupComparison { groups, comparisons }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

fn pooled_sd(a: &[f64], b: &[f64]) -> f64 {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    (((na - 1.0) * sd(a).powi(2) + (nb - 1.0) * sd(b).powi(2)) / (na + nb - 2.0)).sqrt()
}

fn resample(v: &[f64], rng: &mut SplitMix) -> Vec<f64> {
    (0..v.len()).map(|_| v[(rng.next() % v.len() as u64) as usize]).collect()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A small, fixed-seed generator: the same data give the same intervals.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
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
