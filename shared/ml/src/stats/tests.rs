use std::collections::BTreeMap;

use super::*;
use crate::dataset::{Dataset, ItemSpec, Rating};
use crate::features::{FeatureVector, SCHEMA_VERSION};

/// `n` interviews: `voice.speech_ratio` drives the rating, `face.size_mean` is unrelated noise.
fn dataset(n: usize) -> Dataset {
    let mut seed = 11u64;
    let mut noise = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut recordings = Vec::new();
    let mut ratings = Vec::new();
    for i in 0..n {
        let speech = i as f64 / n as f64;
        let values =
            BTreeMap::from([("voice.speech_ratio".to_owned(), speech), ("face.size_mean".to_owned(), noise())]);
        let id = format!("r{i:03}");
        recordings.push((
            id.clone(),
            FeatureVector { schema_version: SCHEMA_VERSION, values, sufficient: true, ..Default::default() },
        ));
        let score = (1.0 + 4.0 * speech + noise() * 0.5).clamp(1.0, 5.0);
        ratings.push(Rating { recording: id, item: "clarity".into(), score, rater: None });
    }
    let items = vec![ItemSpec { id: "clarity".into(), name: "Clarity".into(), min: 1.0, max: 5.0 }];
    Dataset::new(recordings, ratings, items).unwrap()
}

fn relation<'a>(report: &'a StatsReport, feature: &str) -> &'a Relation {
    report.relations.iter().find(|r| r.feature == feature).unwrap()
}

#[test]
fn a_driving_feature_stands_out_and_noise_does_not() {
    let report = analyse(&dataset(60));
    assert_eq!(report.interviews, 60);
    let strong = relation(&report, "voice.speech_ratio");
    let pearson = strong.pearson.as_ref().unwrap();
    assert!(pearson.coefficient > 0.9 && pearson.q < 1e-6, "{pearson:?}");
    let extremes = strong.extremes.as_ref().unwrap();
    assert!(extremes.top_mean > extremes.bottom_mean && extremes.p < 1e-6, "{extremes:?}");
    assert_eq!((extremes.top_n, extremes.bottom_n), (20, 20));
    let weak = relation(&report, "face.size_mean");
    assert!(weak.spearman.as_ref().unwrap().q > 0.05, "{weak:?}");
    assert_eq!(report.strongest(1)[0].feature, "voice.speech_ratio");
}

#[test]
fn q_values_are_ordered_like_p_values_and_never_smaller() {
    let report = analyse(&dataset(40));
    let tests: Vec<&Test> = report.relations.iter().filter_map(|r| r.pearson.as_ref()).collect();
    for a in &tests {
        assert!(a.q >= a.p && a.q <= 1.0);
        for b in &tests {
            if a.p < b.p {
                assert!(a.q <= b.q);
            }
        }
    }
}

#[test]
fn too_few_interviews_give_no_figures() {
    let report = analyse(&dataset(4));
    let r = relation(&report, "voice.speech_ratio");
    assert_eq!((r.n, r.pearson.is_none(), r.spearman.is_none(), r.extremes.is_none()), (4, true, true, true));
}

/// Benjamini–Hochberg on a textbook list: p = .01, .02, .03, .04, .05 (m = 5) all get q = .05.
#[test]
fn benjamini_hochberg_matches_a_worked_example() {
    let mut relations: Vec<Relation> = [0.05, 0.01, 0.04, 0.02, 0.03]
        .iter()
        .map(|&p| Relation {
            item: "i".into(),
            feature: format!("f{p}"),
            feature_ja: String::new(),
            feature_en: String::new(),
            n: 10,
            pearson: Some(Test { coefficient: 0.5, p, q: p }),
            spearman: None,
            extremes: None,
        })
        .collect();
    adjust(&mut relations, |r| r.pearson.as_mut());
    for r in &relations {
        assert!((r.pearson.as_ref().unwrap().q - 0.05).abs() < 1e-12);
    }
}
