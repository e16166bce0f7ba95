//! One recording's features JSON (as the analysis crate writes it) flattened to dotted names.
//!
//! `{"schema_version":1,"duration_s":612,"voice":{"speech_ratio":0.6},"quality":{"sufficient":true}}` becomes
//! `{"duration_s": 612, "voice.speech_ratio": 0.6}` with the quality verdict kept apart: `schema_version` and
//! `quality.*` describe the recording, they are not features. A missing key (or `null`) is a missing value.

use crate::error::{MlError, Result};
use serde_json::Value;
use std::collections::BTreeMap;

/// The features schema version this crate was written against. Versions only add names
/// (2 = 1 plus the interview's `conversation.*`), so any version up to this one can be read and a
/// model of one version can score features of another: names it does not know are ignored,
/// names it misses are imputed.
pub const SCHEMA_VERSION: u64 = 2;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeatureVector {
    pub schema_version: u64,
    /// Finite values by dotted name.
    pub values: BTreeMap<String, f64>,
    /// `quality.sufficient`; a file without a quality verdict counts as insufficient.
    pub sufficient: bool,
    pub reasons: Vec<String>,
    /// The same reasons in Japanese (absent in files written before they were kept).
    pub reasons_ja: Vec<String>,
}

impl FeatureVector {
    /// Parses one features JSON; `file` names it in errors.
    pub fn from_json(file: &str, json: &Value) -> Result<Self> {
        let bad = |message: String| MlError::Features { file: file.to_owned(), message };
        let root = json.as_object().ok_or_else(|| bad("not a JSON object".into()))?;
        let schema_version =
            root.get("schema_version").and_then(Value::as_u64).ok_or_else(|| bad("no schema_version".into()))?;
        let mut out = FeatureVector { schema_version, ..Default::default() };
        if let Some(quality) = root.get("quality") {
            out.sufficient = quality.get("sufficient").and_then(Value::as_bool).unwrap_or(false);
            let strings = |name: &str| -> Vec<String> {
                quality
                    .get(name)
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default()
            };
            out.reasons = strings("reasons");
            out.reasons_ja = strings("reasons_ja");
        }
        for (key, value) in root {
            if key != "schema_version" && key != "quality" {
                flatten(key, value, &mut out.values).map_err(bad)?;
            }
        }
        Ok(out)
    }

    /// Parses the text of one features file.
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let json: Value = serde_json::from_str(text)
            .map_err(|e| MlError::Features { file: file.to_owned(), message: format!("invalid JSON: {e}") })?;
        Self::from_json(file, &json)
    }

    /// Refuses features of a schema version this crate or the model does not know, naming both.
    pub fn check_schema(&self, file: &str, expected: u64) -> Result<()> {
        let known = 1..=SCHEMA_VERSION;
        if known.contains(&self.schema_version) && known.contains(&expected) {
            Ok(())
        } else {
            Err(MlError::SchemaVersion { file: file.to_owned(), found: self.schema_version, expected })
        }
    }
}

fn flatten(name: &str, value: &Value, out: &mut BTreeMap<String, f64>) -> std::result::Result<(), String> {
    match value {
        Value::Null => Ok(()),
        Value::Number(n) => {
            // serde_json numbers are always finite, so NaN/inf cannot enter here.
            let v = n.as_f64().ok_or_else(|| format!("{name}: not a number"))?;
            out.insert(name.to_owned(), v);
            Ok(())
        }
        Value::Object(map) => {
            for (key, inner) in map {
                flatten(&format!("{name}.{key}"), inner, out)?;
            }
            Ok(())
        }
        _ => Err(format!("{name}: expected a number or a group of numbers")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_groups_and_keeps_quality_apart() {
        let json = json!({"schema_version": 1, "duration_s": 612.0, "face": {"present_ratio": 0.93},
            "voice": {"speech_ratio": 0.6, "pitch_mean_hz": null},
            "quality": {"sufficient": true, "reasons": []}});
        let f = FeatureVector::from_json("a.json", &json).unwrap();
        assert_eq!(f.schema_version, 1);
        assert!(f.sufficient);
        let names: Vec<_> = f.values.keys().cloned().collect();
        assert_eq!(names, ["duration_s", "face.present_ratio", "voice.speech_ratio"]);
    }

    #[test]
    fn rejects_text_values_and_other_schema_versions() {
        let err = FeatureVector::from_json("a.json", &json!({"schema_version": 1, "voice": {"x": "loud"}}));
        assert!(err.unwrap_err().to_string().contains("voice.x"));
        let f = FeatureVector::from_json("b.json", &json!({"schema_version": 3})).unwrap();
        let msg = f.check_schema("b.json", 1).unwrap_err().to_string();
        assert!(msg.contains("version 3") && msg.contains("version 1"), "{msg}");
        assert!(!f.sufficient);
        // Versions only add names: a model of version 1 scores features of version 2 and back.
        let v2 = FeatureVector::from_json("c.json", &json!({"schema_version": 2})).unwrap();
        assert!(v2.check_schema("c.json", 1).is_ok());
        assert!(FeatureVector { schema_version: 1, ..v2 }.check_schema("c.json", 2).is_ok());
    }
}
