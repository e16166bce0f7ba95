use super::*;

const TEAMS: &str = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\n<v 佐藤 花子>本日はよろしくお願いします。</v>\n\n\
2\n00:00:05.000 --> 00:00:09.200\n<v 山田 太郎>よろしくお願いします。前職では営業をしていました。</v>\n";

const ZOOM: &str = "WEBVTT\n\n1\n00:01.000 --> 00:04.500\n佐藤 花子: 本日はよろしくお願いします。\n\n\
2\n00:05.000 --> 00:09.200 align:start\n山田 太郎: よろしくお願いします。\n前職では営業をしていました。\n";

#[test]
fn teams_and_zoom_vtt_give_the_same_utterances() {
    let teams = parse_vtt(TEAMS).unwrap();
    let zoom = parse_vtt(ZOOM).unwrap();
    assert_eq!(teams.len(), 2);
    assert_eq!(teams[1].speaker.as_deref(), Some("山田 太郎"));
    assert_eq!((teams[1].start_s, teams[1].end_s), (5.0, 9.2));
    for (t, z) in teams.iter().zip(&zoom) {
        assert_eq!((&t.speaker, t.start_s, t.end_s), (&z.speaker, z.start_s, z.end_s));
        assert_eq!(t.text.replace(' ', ""), z.text.replace(' ', ""));
    }
}

#[test]
fn broken_vtt_names_the_line() {
    assert_eq!(
        parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:xx\nhello\n"),
        Err(TranscriptError::Line { line: 3, message: "\"00:00:xx\" is not a timestamp (hh:mm:ss.mmm)".into() })
    );
    assert!(matches!(parse_vtt("hello"), Err(TranscriptError::Line { line: 1, .. })));
    assert!(matches!(
        parse_vtt("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhi\n"),
        Err(TranscriptError::Line { line: 3, .. })
    ));
    assert_eq!(parse_vtt("WEBVTT\n\n"), Err(TranscriptError::Empty));
}

#[test]
fn transcribe_json_becomes_utterances_per_speaker_turn() {
    let json = r#"{"jobName": "j", "results": {"language_code": "ja-JP", "transcripts": [{"transcript": "…"}],
        "items": [
          {"type": "pronunciation", "start_time": "1.0", "end_time": "1.5", "speaker_label": "spk_0", "alternatives": [{"content": "本日", "confidence": "0.9"}]},
          {"type": "pronunciation", "start_time": "1.5", "end_time": "4.5", "speaker_label": "spk_0", "alternatives": [{"content": "よろしくお願いします", "confidence": "0.7"}]},
          {"type": "punctuation", "alternatives": [{"content": "。"}]},
          {"type": "pronunciation", "start_time": "5.0", "end_time": "9.2", "speaker_label": "spk_1", "alternatives": [{"content": "前職では営業をしていました", "confidence": "0.95"}]},
          {"type": "punctuation", "alternatives": [{"content": "。"}]}
        ]}}"#;
    let utterances = parse_transcribe_json(json).unwrap();
    assert_eq!(utterances.len(), 2);
    assert_eq!(utterances[0].text, "本日よろしくお願いします。");
    assert_eq!((utterances[0].start_s, utterances[0].end_s), (1.0, 4.5));
    assert!((utterances[0].confidence.unwrap() - 0.8).abs() < 1e-12);
    assert_eq!(utterances[1].speaker.as_deref(), Some("spk_1"));
    assert!(matches!(parse_transcribe_json("{}"), Err(TranscriptError::Format(_))));
}

#[test]
fn srt_and_plain_text_give_the_same_speakers_and_text_as_vtt() {
    let srt = "1\n00:00:01,000 --> 00:00:04,500\n佐藤 花子: 本日はよろしくお願いします。\n\n\
2\n00:00:05,000 --> 00:00:09,200\n山田 太郎: よろしくお願いします。\n前職では営業をしていました。\n";
    let plain =
        "佐藤 花子: 本日はよろしくお願いします。\n山田 太郎：よろしくお願いします。\n前職では営業をしていました。\n";
    let vtt = parse_vtt(ZOOM).unwrap();
    let from_srt = TranscriptFormat::Srt.parse(srt).unwrap();
    let from_plain = TranscriptFormat::from_extension("TXT").unwrap().parse(plain).unwrap();
    for other in [&from_srt, &from_plain] {
        assert_eq!(other.len(), 2);
        for (a, b) in vtt.iter().zip(other.iter()) {
            assert_eq!(a.speaker, b.speaker);
            assert_eq!(a.text.replace(' ', ""), b.text.replace(' ', ""));
        }
    }
    assert_eq!((from_srt[1].start_s, from_srt[1].end_s), (5.0, 9.2));
    assert_eq!(from_plain[1].end_s, 0.0, "plain text has no times");
    assert_eq!(speakers(&vtt), ["佐藤 花子", "山田 太郎"]);
}

#[test]
fn empty_and_unknown_inputs_are_refused() {
    assert_eq!(TranscriptFormat::Text.parse("\n  \n"), Err(TranscriptError::Empty));
    assert!(matches!(TranscriptFormat::Srt.parse("hello"), Err(TranscriptError::Line { line: 1, .. })));
    assert_eq!(TranscriptFormat::from_name("docx"), None);
    assert_eq!(TranscriptFormat::from_extension("docx"), None);
}

/// A Transcribe time of 1e308 once became a pause feature; times are 0 ..= 24 hours.
#[test]
fn transcribe_times_beyond_a_day_or_not_numbers_are_refused() {
    let with_start = |start: &str| {
        format!(
            r#"{{"results": {{"items": [{{"type": "pronunciation", "start_time": "{start}", "end_time": "2.0",
            "speaker_label": "spk_0", "alternatives": [{{"content": "はい"}}]}}]}}}}"#
        )
    };
    for bad in ["1e308", "NaN", "inf", "-1", "86400.5", "", "1.0.0"] {
        let refused = parse_transcribe_json(&with_start(bad));
        assert!(matches!(&refused, Err(TranscriptError::Format(m)) if m.contains("24 hours")), "{bad}: {refused:?}");
    }
    assert!(parse_transcribe_json(&with_start("1.5")).is_ok());
}

#[test]
fn cue_times_beyond_a_day_are_refused() {
    for bad in ["24:00:00.001", "4294967295:00:00.000", "99999:00:00.000"] {
        let vtt = format!("WEBVTT\n\n{bad} --> {bad}\nhi\n");
        assert!(matches!(parse_vtt(&vtt), Err(TranscriptError::Line { line: 3, .. })), "{bad}");
        let srt = format!("1\n{} --> {}\nhi\n", bad.replace('.', ","), bad.replace('.', ","));
        assert!(matches!(parse_srt(&srt), Err(TranscriptError::Line { line: 2, .. })), "{bad}");
    }
    assert!(parse_vtt("WEBVTT\n\n23:59:59.000 --> 24:00:00.000\nhi\n").is_ok());
}

#[test]
fn transcripts_beyond_the_bounds_are_refused_with_what_was_too_much() {
    let many = "a: はい。\n".repeat(MAX_UTTERANCES + 1);
    assert!(matches!(parse_plain_text(&many), Err(TranscriptError::TooLong(m)) if m.contains("utterances")));
    let sentences = format!("a: {}\n", "はい。".repeat(MAX_SENTENCES + 1));
    assert!(matches!(parse_plain_text(&sentences), Err(TranscriptError::TooLong(m)) if m.contains("sentences")));
    let chars = format!("a: {}\n", "あ".repeat(MAX_CHARS + 1));
    assert!(matches!(parse_plain_text(&chars), Err(TranscriptError::TooLong(m)) if m.contains("characters")));
}
