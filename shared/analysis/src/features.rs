//! The feature vector of one recording: every value named `group.name` (see the table in the
//! crate README), versioned, with the quality verdict that keeps bad recordings out of training.

use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped whenever a feature is added, removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Quality {
    /// Whether the recording may be used for training and prediction.
    pub sufficient: bool,
    /// Why not, in words a user can act on (empty when sufficient).
    pub reasons: Vec<String>,
    /// The same reasons in Japanese, one for one.
    pub reasons_ja: Vec<String>,
}

impl Quality {
    /// Notes one reason the recording is not good enough, in both languages.
    pub fn refuse(&mut self, ja: String, en: String) {
        self.sufficient = false;
        self.reasons_ja.push(ja);
        self.reasons.push(en);
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    pub values: BTreeMap<String, f64>,
    pub quality: Quality,
}

impl Features {
    pub fn set(&mut self, name: &str, value: f64) {
        // NaN/inf never leave the analysis: an undefined value is left out instead.
        if value.is_finite() {
            self.values.insert(name.to_owned(), value);
        }
    }

    pub fn get(&self, name: &str) -> Option<f64> {
        self.values.get(name).copied()
    }

    /// `{"schema_version": 1, "duration_s": 12.3, "voice": {"speech_ratio": 0.6, ...}, "quality": {...}}`
    pub fn to_json(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        root.insert("schema_version".into(), SCHEMA_VERSION.into());
        for (name, value) in &self.values {
            match name.split_once('.') {
                Some((group, field)) => {
                    let entry = root.entry(group.to_owned()).or_insert_with(|| serde_json::json!({}));
                    if let Some(obj) = entry.as_object_mut() {
                        obj.insert(field.to_owned(), serde_json::json!(value));
                    }
                }
                None => {
                    root.insert(name.clone(), serde_json::json!(value));
                }
            }
        }
        let quality = root.entry("quality").or_insert_with(|| serde_json::json!({}));
        if let Some(obj) = quality.as_object_mut() {
            obj.insert("sufficient".into(), self.quality.sufficient.into());
            obj.insert("reasons".into(), serde_json::json!(self.quality.reasons));
            obj.insert("reasons_ja".into(), serde_json::json!(self.quality.reasons_ja));
        }
        serde_json::Value::Object(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_by_group_and_drops_non_finite_values() {
        let mut f = Features::default();
        f.set("duration_s", 10.0);
        f.set("voice.speech_ratio", 0.5);
        f.set("voice.pitch_mean_hz", f64::NAN);
        f.quality.sufficient = true;
        let json = f.to_json();
        assert_eq!(json["schema_version"], SCHEMA_VERSION);
        assert_eq!(json["voice"]["speech_ratio"], 0.5);
        assert!(json["voice"].get("pitch_mean_hz").is_none());
        assert_eq!(json["quality"]["sufficient"], true);
    }
}
