//! One fairness report from its inputs: per attribute the group sizes, per item the experts' ratings, each
//! expert's, the model's scores and their errors, and the pass decisions by group; the proxies; the flags.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::groups::{GroupComparison, compare_groups_against};
use super::proxy::{Proxies, proxies};
use super::selection::{Decision, Selection, ThresholdBasis, selection};
use super::stats::{mean, pearson};
use super::{ATTRIBUTES, MIN_GROUP, NOT_A_GROUP};

/// One interviewee (an interview of theirs) in the analysis.
pub struct Subject {
    /// Attribute → group; a missing attribute counts as `not_recorded`.
    pub groups: BTreeMap<String, String>,
    /// Feature values in the order of [`FairnessInput::feature_names`], NaN where missing; empty when the
    /// analysis has no features (predictions only).
    pub features: Vec<f64>,
}

/// One subject's scores on one item.
pub struct Scored {
    /// Index into [`FairnessInput::subjects`].
    pub subject: usize,
    /// The experts' score (their mean), when they rated it.
    pub label: Option<f64>,
    /// Each expert's own score (expert id, score), where known.
    pub experts: Vec<(String, f64)>,
    /// The model's score (cross-validated on training data, the prediction on new interviews).
    pub predicted: Option<f64>,
}

pub struct ItemInput {
    pub id: String,
    pub name: String,
    /// The tenant's pass score for the item; without one the median splits (NYC LL144's scoring rate).
    pub pass_score: Option<f64>,
    pub scores: Vec<Scored>,
}

pub struct FairnessInput {
    pub feature_names: Vec<String>,
    pub subjects: Vec<Subject>,
    pub items: Vec<ItemInput>,
}

/// When a figure raises an alert (the tenant's, with these defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertLimits {
    /// An impact ratio below this alerts (the 4/5ths rule).
    pub min_impact_ratio: f64,
    /// A standardised difference above this (either way) alerts when its 95 % interval excludes 0.
    pub max_standardised_difference: f64,
}

impl Default for AlertLimits {
    fn default() -> Self {
        AlertLimits { min_impact_ratio: 0.8, max_standardised_difference: 0.5 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupSize {
    pub group: String,
    pub n: usize,
    /// Compared against the others (large enough, and a group: not "undisclosed" or not recorded).
    pub compared: bool,
    pub too_small: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExpertFigures {
    pub expert: String,
    #[serde(flatten)]
    pub figures: GroupComparison,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GroupError {
    pub group: String,
    pub n: usize,
    /// Mean absolute difference between the model's and the experts' scores.
    pub mae: f64,
    /// Mean of the model's score minus the experts' (above 0: the model scores the group higher than they did).
    pub mean_error: f64,
    pub pearson: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PredictionFigures {
    /// The model's scores by group.
    pub means: GroupComparison,
    /// Against the experts, where they rated (compared groups only).
    pub errors: Vec<GroupError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ItemReport {
    pub item_id: String,
    pub item_name: String,
    /// The experts' scores (their mean per interview) by group; absent when no expert rated.
    pub ratings: Option<GroupComparison>,
    /// Each expert's own scores by group, for the experts with figures in two groups or more.
    pub experts: Vec<ExpertFigures>,
    pub predictions: Option<PredictionFigures>,
    pub selection: Option<Selection>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttributeReport {
    pub attribute: String,
    pub groups: Vec<GroupSize>,
    pub items: Vec<ItemReport>,
    /// Absent without features or without two compared groups.
    pub proxies: Option<Proxies>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The experts rate a group differently.
    RatingDifference,
    /// One expert rates a group differently.
    ExpertDifference,
    /// The model scores a group differently.
    PredictionDifference,
    /// The model passes a group less often (below the 4/5ths line).
    ImpactRatio,
}

/// A figure beyond the tenant's limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Flag {
    pub kind: FlagKind,
    pub attribute: String,
    pub item_id: String,
    pub group: String,
    /// The group it is measured against.
    pub reference: String,
    /// The standardised difference, or the impact ratio.
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FairnessReport {
    pub subjects: usize,
    pub min_group: usize,
    pub limits: AlertLimits,
    pub attributes: Vec<AttributeReport>,
    pub flags: Vec<Flag>,
}

/// The report of `input` against `limits`.
pub fn analyse(input: &FairnessInput, limits: AlertLimits) -> FairnessReport {
    let attributes: Vec<AttributeReport> =
        ATTRIBUTES.iter().map(|attribute| attribute_report(input, attribute)).collect();
    let flags = attributes.iter().flat_map(|a| flags_of(a, limits)).collect();
    FairnessReport { subjects: input.subjects.len(), min_group: MIN_GROUP, limits, attributes, flags }
}

fn group_of<'a>(subject: &'a Subject, attribute: &str) -> &'a str {
    subject.groups.get(attribute).map_or("not_recorded", String::as_str)
}

fn attribute_report(input: &FairnessInput, attribute: &str) -> AttributeReport {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for subject in &input.subjects {
        *sizes.entry(group_of(subject, attribute)).or_default() += 1;
    }
    let is_compared = |g: &str, n: usize| n >= MIN_GROUP && !NOT_A_GROUP.contains(&g);
    let groups = sizes
        .iter()
        .map(|(&group, &n)| GroupSize {
            group: group.to_owned(),
            n,
            compared: is_compared(group, n),
            too_small: n < MIN_GROUP,
        })
        .collect();
    // Every series of the attribute is measured against its largest compared group.
    let reference = sizes.iter().filter(|(g, n)| is_compared(g, **n)).max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    let reference = reference.map(|(g, _)| *g);
    let items = input.items.iter().map(|item| item_report(input, item, attribute, reference)).collect();
    let feature_rows: Vec<(&str, &[f64])> = input
        .subjects
        .iter()
        .map(|s| (group_of(s, attribute), s.features.as_slice()))
        .filter(|(g, f)| !f.is_empty() && is_compared(g, sizes[g]))
        .collect();
    let proxies = proxies(&input.feature_names, &feature_rows);
    AttributeReport { attribute: attribute.to_owned(), groups, items, proxies }
}

fn item_report(input: &FairnessInput, item: &ItemInput, attribute: &str, reference: Option<&str>) -> ItemReport {
    let compare_groups = |values: &BTreeMap<String, Vec<f64>>| compare_groups_against(values, reference);
    let group = |s: &Scored| group_of(&input.subjects[s.subject], attribute).to_owned();
    let expert_mean = |s: &Scored| s.label;
    let mut ratings: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut by_expert: BTreeMap<&str, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
    let mut predicted: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for scored in &item.scores {
        if let Some(m) = expert_mean(scored) {
            ratings.entry(group(scored)).or_default().push(m);
        }
        for (expert, score) in &scored.experts {
            by_expert.entry(expert).or_default().entry(group(scored)).or_default().push(*score);
        }
        if let Some(p) = scored.predicted {
            predicted.entry(group(scored)).or_default().push(p);
        }
    }
    let compared = |values: &BTreeMap<String, Vec<f64>>, g: &str| {
        values.get(g).is_some_and(|v| v.len() >= MIN_GROUP) && !NOT_A_GROUP.contains(&g)
    };
    let experts = by_expert
        .into_iter()
        .map(|(expert, values)| ExpertFigures { expert: expert.to_owned(), figures: compare_groups(&values) })
        .filter(|e| !e.figures.comparisons.is_empty())
        .collect();
    let predictions = (!predicted.is_empty()).then(|| {
        let mut paired: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for scored in &item.scores {
            if let (Some(p), Some(e)) = (scored.predicted, expert_mean(scored)) {
                paired.entry(group(scored)).or_default().push((p, e));
            }
        }
        let errors = paired
            .iter()
            .filter(|(g, v)| v.len() >= MIN_GROUP && !NOT_A_GROUP.contains(&g.as_str()))
            .map(|(g, pairs)| {
                let (p, e): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
                GroupError {
                    group: g.clone(),
                    n: pairs.len(),
                    mae: mean(&pairs.iter().map(|(p, e)| (p - e).abs()).collect::<Vec<_>>()),
                    mean_error: mean(&pairs.iter().map(|(p, e)| p - e).collect::<Vec<_>>()),
                    pearson: pearson(&p, &e),
                }
            })
            .collect();
        PredictionFigures { means: compare_groups(&predicted), errors }
    });
    let all_predicted: Vec<f64> = item.scores.iter().filter_map(|s| s.predicted).collect();
    let decisions: Vec<Decision> = item
        .scores
        .iter()
        .filter_map(|s| {
            let g = group_of(&input.subjects[s.subject], attribute);
            let p = s.predicted?;
            compared(&predicted, g).then(|| Decision { group: g, predicted: p, expert: expert_mean(s) })
        })
        .collect();
    let selection = ThresholdBasis::choose(item.pass_score, &all_predicted)
        .filter(|_| decisions.iter().any(|d| d.group != decisions[0].group))
        .map(|(threshold, basis)| selection(&decisions, threshold, basis));
    ItemReport {
        item_id: item.id.clone(),
        item_name: item.name.clone(),
        ratings: (!ratings.is_empty()).then(|| compare_groups(&ratings)),
        experts,
        predictions,
        selection,
    }
}

fn flags_of(report: &AttributeReport, limits: AlertLimits) -> Vec<Flag> {
    let mut flags = Vec::new();
    let flag = |kind, item: &ItemReport, group: &str, reference: &str, value: f64, expert: Option<&str>| Flag {
        kind,
        attribute: report.attribute.clone(),
        item_id: item.item_id.clone(),
        group: group.to_owned(),
        reference: reference.to_owned(),
        value,
        expert: expert.map(str::to_owned),
    };
    let beyond = |figures: &GroupComparison| -> Vec<(String, String, f64)> {
        figures
            .comparisons
            .iter()
            .filter_map(|c| {
                let d = c.standardised_difference?;
                (c.significant && d.abs() > limits.max_standardised_difference)
                    .then(|| (c.group.clone(), c.reference.clone(), d))
            })
            .collect()
    };
    for item in &report.items {
        for (g, r, d) in item.ratings.as_ref().map(beyond).unwrap_or_default() {
            flags.push(flag(FlagKind::RatingDifference, item, &g, &r, d, None));
        }
        for expert in &item.experts {
            for (g, r, d) in beyond(&expert.figures) {
                flags.push(flag(FlagKind::ExpertDifference, item, &g, &r, d, Some(&expert.expert)));
            }
        }
        for (g, r, d) in item.predictions.as_ref().map(|p| beyond(&p.means)).unwrap_or_default() {
            flags.push(flag(FlagKind::PredictionDifference, item, &g, &r, d, None));
        }
        if let Some(selection) = &item.selection {
            let highest = selection.highest.clone().unwrap_or_default();
            for rates in &selection.groups {
                if let Some(ratio) = rates.impact_ratio.filter(|r| *r < limits.min_impact_ratio) {
                    flags.push(flag(FlagKind::ImpactRatio, item, &rates.group, &highest, ratio, None));
                }
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::super::stats::SplitMix;
    use super::*;

    fn normal(rng: &mut SplitMix) -> f64 {
        let mut uniform = || ((rng.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let (u, v) = (uniform(), uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// An unbiased tenant of `n` interviews: two genders, two age bands, two items whose expert and model scores
    /// do not depend on either; one item has a pass score, the other splits at the median.
    fn unbiased(n: usize, rng: &mut SplitMix) -> FairnessInput {
        let subjects = (0..n)
            .map(|i| {
                let gender = if i % 2 == 0 { "female" } else { "male" };
                let age = if rng.next().is_multiple_of(2) { "20-29" } else { "30-39" };
                let groups = [("gender", gender), ("age_band", age)];
                Subject {
                    groups: groups.iter().map(|(a, g)| ((*a).to_owned(), (*g).to_owned())).collect(),
                    features: vec![],
                }
            })
            .collect();
        let items = ["communication", "logic"]
            .iter()
            .map(|id| ItemInput {
                id: (*id).to_owned(),
                name: (*id).to_owned(),
                pass_score: (*id == "communication").then_some(3.0),
                scores: (0..n)
                    .map(|subject| {
                        let label = 3.0 + 0.7 * normal(rng);
                        let predicted = 3.0 + 0.6 * (label - 3.0) + 0.4 * normal(rng);
                        Scored { subject, label: Some(label), experts: vec![], predicted: Some(predicted) }
                    })
                    .collect(),
            })
            .collect();
        FairnessInput { feature_names: vec![], subjects, items }
    }

    /// The expected false-alarm rate of the default limits on unbiased data of the size of the CLI's test (600
    /// interviews, two items, two attributes): the share of simulated tenants with any flag. Almost all come
    /// from the 4/5ths rule, which has no allowance for chance; the p-value beside each ratio says how much.
    #[test]
    fn unbiased_data_raise_few_false_alarms() {
        let mut rng = SplitMix(2026);
        let runs = 60;
        let alarmed =
            (0..runs).filter(|_| !analyse(&unbiased(600, &mut rng), AlertLimits::default()).flags.is_empty()).count();
        let rate = alarmed as f64 / runs as f64;
        println!("false alarms on unbiased data, 600 interviews: {alarmed} of {runs} ({rate:.3})");
        assert!(rate <= 0.1, "{rate}");
    }

    #[test]
    fn a_rating_difference_and_an_impact_ratio_are_flagged_against_the_largest_group() {
        let mut rng = SplitMix(1);
        let mut input = unbiased(200, &mut rng);
        for scored in &mut input.items[0].scores {
            // Men (odd subjects; on equal sizes the reference is the first group by name, female).
            if scored.subject % 2 == 1 {
                scored.label = scored.label.map(|l| l - 0.8);
                scored.predicted = scored.predicted.map(|p| p - 0.8);
            }
        }
        let report = analyse(&input, AlertLimits::default());
        let kinds: Vec<FlagKind> =
            report.flags.iter().filter(|f| f.attribute == "gender" && f.group == "male").map(|f| f.kind).collect();
        assert_eq!(kinds, [FlagKind::RatingDifference, FlagKind::PredictionDifference, FlagKind::ImpactRatio]);
        assert!(report.flags.iter().all(|f| f.item_id == "communication"), "{:?}", report.flags);
    }
}
