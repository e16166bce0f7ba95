//! One feature vector per interview: a self-interview uploads one recording per answer, so the
//! interview's features are its recordings' features averaged, weighted by each one's duration
//! (counts such as `voice.pause_count` become per-recording averages).

use std::collections::BTreeMap;

use mendan_core::Ports;
use mendan_core::domain::summary::conversation_features_key;
use mendan_core::domain::{InterviewId, TenantSlug};
use mendan_core::events::HandlerError;
use mendan_ml::FeatureVector;

/// The interview's features: its recordings' combined, plus the interviewee's `conversation.*`
/// features when asked for and a transcript gave some (they describe the whole interview, so
/// they are added, not averaged).
pub async fn of_interview(
    ports: &Ports,
    tenant: &TenantSlug,
    interview_id: InterviewId,
    recording_keys: &[String],
    with_conversation: bool,
) -> Result<Option<FeatureVector>, HandlerError> {
    let Some(mut features) = combined(ports, recording_keys).await? else { return Ok(None) };
    if !with_conversation {
        return Ok(Some(features));
    }
    let key = conversation_features_key(tenant, interview_id);
    if let Some(bytes) = ports.objects.get(&key).await? {
        let conversation = FeatureVector::parse(&key, &String::from_utf8_lossy(&bytes))
            .map_err(|e| HandlerError::Permanent(e.to_string()))?;
        features.values.extend(conversation.values);
        features.schema_version = features.schema_version.max(conversation.schema_version);
    }
    Ok(Some(features))
}

/// Reads and combines the features at `keys`; `None` when none could be read.
pub async fn combined(ports: &Ports, keys: &[String]) -> Result<Option<FeatureVector>, HandlerError> {
    let mut parts = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(bytes) = ports.objects.get(key).await? else {
            tracing::warn!(key, "features file missing; left out");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        parts.push(FeatureVector::parse(key, &text).map_err(|e| HandlerError::Permanent(e.to_string()))?);
    }
    Ok(combine(&parts))
}

/// Duration-weighted mean of every feature over the parts that have it; sufficient when any part is.
pub fn combine(parts: &[FeatureVector]) -> Option<FeatureVector> {
    let first = parts.first()?;
    let weight = |p: &FeatureVector| p.values.get("duration_s").copied().unwrap_or(1.0).max(1e-3);
    let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for part in parts {
        for (name, value) in &part.values {
            let entry = sums.entry(name).or_default();
            entry.0 += value * weight(part);
            entry.1 += weight(part);
        }
    }
    let mut values: BTreeMap<String, f64> = sums.into_iter().map(|(k, (s, w))| (k.to_owned(), s / w)).collect();
    // The interview's length is the sum of its answers, not their mean.
    values.insert("duration_s".into(), parts.iter().filter_map(|p| p.values.get("duration_s")).sum());
    Some(FeatureVector {
        schema_version: first.schema_version,
        values,
        sufficient: parts.iter().any(|p| p.sufficient),
        reasons: parts.iter().flat_map(|p| p.reasons.clone()).collect(),
        reasons_ja: parts.iter().flat_map(|p| p.reasons_ja.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(duration: f64, speech: f64) -> FeatureVector {
        let values = BTreeMap::from([("duration_s".to_owned(), duration), ("voice.speech_ratio".to_owned(), speech)]);
        FeatureVector { schema_version: 1, values, sufficient: true, ..Default::default() }
    }

    #[test]
    fn averages_by_duration_and_sums_the_length() {
        let both = combine(&[part(30.0, 0.2), part(90.0, 0.6)]).unwrap();
        assert!((both.values["voice.speech_ratio"] - 0.5).abs() < 1e-12);
        assert_eq!(both.values["duration_s"], 120.0);
        assert_eq!(combine(&[]), None);
    }
}
