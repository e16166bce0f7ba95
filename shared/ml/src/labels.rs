//! Every feature the analysis emits, in short Japanese and English words a reader understands. Used to
//! explain predictions ("what moved this score"), so the words say what a person would notice, not the method.

/// (feature, Japanese, English). Keep in step with shared/analysis (README table, analyze.rs, face_track.rs).
const LABELS: &[(&str, &str, &str)] = &[
    ("duration_s", "面談の長さ", "length of the interview"),
    ("voice.speech_ratio", "話している時間の割合", "share of time spent speaking"),
    ("voice.pause_count", "話の間の回数", "number of pauses"),
    ("voice.pause_mean_s", "話の間の長さ", "length of pauses"),
    ("voice.long_pause_count", "長い沈黙の回数", "number of long silences"),
    ("voice.pitch_mean_hz", "声の高さ", "pitch of the voice"),
    ("voice.pitch_std_hz", "声の抑揚", "intonation (pitch variation)"),
    ("voice.loudness_std_db", "声の大きさの変化", "variation in loudness"),
    ("voice.rate_syllables_per_s", "話す速さ", "speaking speed"),
    ("face.present_ratio", "顔が映っている割合", "how often the face was visible"),
    ("face.size_mean", "カメラとの距離（顔の大きさ）", "closeness to the camera (face size)"),
    ("face.centre_offset_mean", "画面中央からのずれ", "distance from the centre of the picture"),
    ("head.yaw_mean", "顔の向き（左右）", "head turned left or right"),
    ("head.yaw_std", "顔の向きの変化", "how much the head turned"),
    ("head.motion_mean", "頭の動きの多さ", "how much the head moved"),
    ("gaze.away_ratio", "視線を外した割合", "how often they looked away"),
    ("expression.angry_mean", "怒った表情の多さ", "how often they looked angry"),
    ("expression.disgust_mean", "嫌悪の表情の多さ", "how often they looked disgusted"),
    ("expression.fear_mean", "不安げな表情の多さ", "how often they looked anxious"),
    ("expression.happy_mean", "笑顔の多さ", "how often they smiled"),
    ("expression.sad_mean", "悲しげな表情の多さ", "how often they looked sad"),
    ("expression.surprise_mean", "驚いた表情の多さ", "how often they looked surprised"),
    ("expression.neutral_mean", "落ち着いた表情の多さ", "how often their face was neutral"),
    ("expression.happy_peak_rate", "笑顔になった回数（1分あたり）", "smiles per minute"),
    ("video.brightness_mean", "映像の明るさ", "brightness of the video"),
    ("call.interviewee_speech_share", "会話のうち被面談者が話した割合", "the interviewee's share of the talking"),
    ("call.interviewer_speech_share", "会話のうち面談官が話した割合", "the interviewer's share of the talking"),
    ("call.overlap_ratio", "二人が同時に話した割合", "how often both spoke at once"),
    ("call.turns_per_min", "話し手の交代の多さ（1分あたり）", "how often the speaker changed (per minute)"),
    ("call.answer_latency_s", "質問から答え始めるまでの間", "pause before answering a question"),
    ("call.interviewee_turn_mean_s", "一度に話し続ける長さ", "how long each answer ran"),
];

/// Japanese and English words for a feature; an unknown name is returned as it is in both.
pub fn label(feature: &str) -> (&str, &str) {
    LABELS.iter().find(|(name, _, _)| *name == feature).map_or((feature, feature), |(_, ja, en)| (*ja, *en))
}

/// Every feature name with a label, in table order.
pub fn known_features() -> impl Iterator<Item = &'static str> {
    LABELS.iter().map(|(name, _, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_known_and_falls_back_for_unknown() {
        assert_eq!(label("expression.happy_mean"), ("笑顔の多さ", "how often they smiled"));
        assert_eq!(label("voice.pause_mean_s"), ("話の間の長さ", "length of pauses"));
        assert_eq!(label("conversation.topic_x"), ("conversation.topic_x", "conversation.topic_x"));
        let names: std::collections::BTreeSet<_> = known_features().collect();
        assert_eq!(names.len(), LABELS.len(), "duplicate label entry");
    }
}
