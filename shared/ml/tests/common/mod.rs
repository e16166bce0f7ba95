//! Synthetic interviews with a known truth: features drawn at random, expert scores a linear (or step)
//! function of a few of them plus per-rater noise.
#![allow(dead_code)]

use mendan_ml::{Dataset, FeatureVector, ItemSpec, Rating};
use serde_json::json;

/// Test-only PRNG (splitmix64 + Box–Muller), so the data is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-300), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Eight real feature names with their (mean, sd): the truth uses the first two for `logic` and
/// `expression.happy_mean` and `voice.pitch_std_hz` for `warmth`.
pub const FEATURES: [(&str, f64, f64); 8] = [
    ("voice.speech_ratio", 0.6, 0.1),
    ("voice.pause_mean_s", 0.8, 0.3),
    ("expression.happy_mean", 0.2, 0.08),
    ("voice.pitch_std_hz", 30.0, 8.0),
    ("face.size_mean", 0.3, 0.05),
    ("head.motion_mean", 0.5, 0.2),
    ("gaze.away_ratio", 0.2, 0.1),
    ("voice.rate_syllables_per_s", 4.0, 0.8),
];

pub struct Options {
    pub n: usize,
    pub seed: u64,
    /// Labels ignore the features entirely.
    pub noise_only: bool,
    /// `logic` is a step in the first feature instead of a line.
    pub step: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { n: 60, seed: 1, noise_only: false, step: false }
    }
}

/// The true (noise-free) scores of one recording, from its standardised draws.
pub fn truth(z: &[f64], opts: &Options) -> [f64; 2] {
    if opts.noise_only {
        return [3.0, 3.0];
    }
    let logic = if opts.step { if z[0] > 0.0 { 4.0 } else { 2.0 } } else { 3.0 + 0.8 * z[0] - 0.6 * z[1] };
    [logic, 3.0 + 0.7 * z[2] + 0.5 * z[3]]
}

pub struct Synthetic {
    pub recordings: Vec<(String, FeatureVector)>,
    pub ratings: Vec<Rating>,
    /// True noise-free score per recording and item.
    pub truth: Vec<[f64; 2]>,
}

pub fn items() -> Vec<ItemSpec> {
    vec![
        ItemSpec { id: "logic".into(), name: "論理性".into(), min: 1.0, max: 5.0 },
        ItemSpec { id: "warmth".into(), name: "人柄".into(), min: 1.0, max: 5.0 },
    ]
}

/// One recording's features JSON: the eight drawn features, a constant one, one missing half the time, and
/// `voice.pause_mean_s` missing now and then.
pub fn recording(rng: &mut Rng, i: usize) -> (serde_json::Value, Vec<f64>) {
    let z: Vec<f64> = FEATURES.iter().map(|_| rng.normal()).collect();
    let mut json = json!({"schema_version": 1, "duration_s": 600.0 + (i % 50) as f64,
        "video": {"brightness_mean": 0.5}, "quality": {"sufficient": true, "reasons": []}});
    for ((name, mean, sd), zi) in FEATURES.iter().zip(&z) {
        let (group, field) = name.split_once('.').unwrap();
        if *name == "voice.pause_mean_s" && i % 10 == 3 {
            continue;
        }
        json[group][field] = json!(mean + sd * zi);
    }
    if i.is_multiple_of(2) {
        json["head"]["yaw_std"] = json!(rng.uniform());
    }
    (json, z)
}

pub fn generate(opts: &Options) -> Synthetic {
    let mut rng = Rng::new(opts.seed);
    let mut out = Synthetic { recordings: vec![], ratings: vec![], truth: vec![] };
    for i in 0..opts.n {
        let id = format!("rec{i:04}");
        let (json, z) = recording(&mut rng, i);
        let t = truth(&z, opts);
        for (item, value) in ["logic", "warmth"].iter().zip(t) {
            for rater in ["e1", "e2", "e3"] {
                let noise = if opts.noise_only { rng.normal() } else { 0.3 * rng.normal() };
                let score = (value + noise).clamp(1.0, 5.0);
                out.ratings.push(Rating {
                    recording: id.clone(),
                    item: (*item).into(),
                    score,
                    rater: Some(rater.into()),
                });
            }
        }
        out.recordings.push((id.clone(), FeatureVector::from_json(&id, &json).unwrap()));
        out.truth.push(t);
    }
    out
}

pub fn dataset(opts: &Options) -> Dataset {
    let s = generate(opts);
    Dataset::new(s.recordings, s.ratings, items()).unwrap()
}
