//! The 30-minute fixture interview as Teams exports it (WebVTT) and as Amazon Transcribe returns
//! it (JSON, `events/`): both must give the same utterances, so everything after parsing works
//! the same on either.

use std::collections::BTreeMap;
use std::path::Path;

use mendan_text::{parse_transcribe_json, parse_vtt};

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)).unwrap()
}

#[test]
fn teams_vtt_and_transcribe_json_give_the_same_utterance_structure() {
    let vtt = parse_vtt(&read("tests/fixtures/transcripts/interview-30min.vtt")).unwrap();
    let json = parse_transcribe_json(&read("events/transcribe-output-interview-30min.json")).unwrap();
    assert_eq!(vtt.len(), 34);
    assert_eq!(json.len(), vtt.len(), "one utterance per turn in both");
    // Transcribe names speakers spk_0, spk_1; each must stand for one Teams name throughout.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (v, j) in vtt.iter().zip(&json) {
        let (label, name) = (j.speaker.clone().unwrap(), v.speaker.clone().unwrap());
        assert_eq!(names.entry(label).or_insert_with(|| name.clone()), &name);
        assert!((v.start_s - j.start_s).abs() < 0.01 && (v.end_s - j.end_s).abs() < 0.01, "{v:?} / {j:?}");
        assert_eq!(v.text, j.text);
        assert!(j.confidence.is_some() && v.confidence.is_none());
    }
    assert_eq!(names.len(), 2);
    assert!(vtt.last().unwrap().end_s > 29.0 * 60.0, "a 30-minute interview");
}
