//! Conversation measures of a video call recorded with each voice on its own channel: who spoke how much,
//! how often the floor changed hands, how long the interviewee took to answer and how long their turns ran.
//! Each side's speech segments come from its own channel, so no diarisation guesses who is speaking.

/// A gap longer than this before the interviewee speaks is a silence, not a reply to the interviewer.
const MAX_ANSWER_GAP_S: f64 = 10.0;

/// Who holds the floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Interviewee,
    Interviewer,
}

/// The conversation features (`call.*`) of one call recording, from each side's speech segments (start, end
/// seconds, sorted, not overlapping within a side). Nothing when nobody spoke.
pub fn measure(interviewee: &[(f64, f64)], interviewer: &[(f64, f64)], duration_s: f64) -> Vec<(&'static str, f64)> {
    let talk = |s: &[(f64, f64)]| s.iter().map(|(a, b)| b - a).sum::<f64>();
    let (mine, theirs) = (talk(interviewee), talk(interviewer));
    if mine + theirs <= 0.0 {
        return Vec::new();
    }
    let overlap = overlap_s(interviewee, interviewer);
    let turns = turns(interviewee, interviewer);
    let minutes = (duration_s / 60.0).max(1.0 / 60.0);
    let mut out = vec![
        ("call.interviewee_speech_share", mine / (mine + theirs)),
        ("call.interviewer_speech_share", theirs / (mine + theirs)),
        ("call.overlap_ratio", overlap / (mine + theirs - overlap).max(1e-9)),
        ("call.turns_per_min", turns.iter().filter(|t| t.changed).count() as f64 / minutes),
    ];
    let latencies: Vec<f64> = turns
        .iter()
        .filter(|t| t.changed && t.side == Side::Interviewee)
        .filter_map(|t| t.gap_s)
        .filter(|gap| (0.0..=MAX_ANSWER_GAP_S).contains(gap))
        .collect();
    if let Some(median) = median(latencies) {
        out.push(("call.answer_latency_s", median));
    }
    let held: Vec<f64> = turns.iter().filter(|t| t.side == Side::Interviewee).map(|t| t.held_s).collect();
    if !held.is_empty() {
        out.push(("call.interviewee_turn_mean_s", held.iter().sum::<f64>() / held.len() as f64));
    }
    out
}

/// One spell of one side holding the floor.
struct Turn {
    side: Side,
    /// The floor changed hands here (the first turn of the call did not take it from anyone).
    changed: bool,
    /// Silence between the previous turn's last word and this turn's first (negative: they overlapped).
    gap_s: Option<f64>,
    began: f64,
    held_s: f64,
}

/// The floor passes when one side starts speaking past the end of everything the other side said so far: a
/// short "はい" inside the other's speech is a back-channel, not a turn.
fn turns(interviewee: &[(f64, f64)], interviewer: &[(f64, f64)]) -> Vec<Turn> {
    let mut all: Vec<(f64, f64, Side)> = interviewee
        .iter()
        .map(|&(a, b)| (a, b, Side::Interviewee))
        .chain(interviewer.iter().map(|&(a, b)| (a, b, Side::Interviewer)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut out: Vec<Turn> = Vec::new();
    // The end of the current turn's latest segment.
    let mut until = f64::NEG_INFINITY;
    for (start, end, side) in all {
        match out.last_mut() {
            Some(turn) if turn.side == side => {
                until = until.max(end);
                turn.held_s = until - turn.began;
            }
            Some(_) if end <= until => {} // inside the other's speech: a back-channel
            last => {
                let changed = last.is_some();
                out.push(Turn {
                    side,
                    changed,
                    gap_s: changed.then_some(start - until),
                    began: start,
                    held_s: end - start,
                });
                until = end;
            }
        }
    }
    out
}

fn overlap_s(a: &[(f64, f64)], b: &[(f64, f64)]) -> f64 {
    let (mut i, mut j, mut total) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        let (start, end) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if end > start {
            total += end - start;
        }
        if a[i].1 < b[j].1 { i += 1 } else { j += 1 }
    }
    total
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(features: &[(&str, f64)], name: &str) -> Option<f64> {
        features.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    #[test]
    fn a_question_and_answer_exchange_gives_shares_turns_and_latency() {
        // interviewer asks 0-10, candidate answers 11-31 (a "はい" at 5-5.3 is a back-channel),
        // interviewer 31.5-36, candidate 38-58.
        let interviewer = [(0.0, 10.0), (31.5, 36.0)];
        let candidate = [(5.0, 5.3), (11.0, 31.0), (38.0, 58.0)];
        let f = measure(&candidate, &interviewer, 60.0);
        let share = get(&f, "call.interviewee_speech_share").unwrap();
        assert!((share - 40.3 / 54.8).abs() < 1e-9, "{share}");
        assert!((share + get(&f, "call.interviewer_speech_share").unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(get(&f, "call.turns_per_min"), Some(3.0));
        // answers after 1 s and 2 s
        assert_eq!(get(&f, "call.answer_latency_s"), Some(1.5));
        assert_eq!(get(&f, "call.interviewee_turn_mean_s"), Some(20.0));
        assert!((get(&f, "call.overlap_ratio").unwrap() - 0.3 / 54.5).abs() < 1e-9);
    }

    #[test]
    fn silence_on_both_sides_gives_nothing_and_one_side_alone_takes_no_turns() {
        assert!(measure(&[], &[], 30.0).is_empty());
        let f = measure(&[(0.0, 20.0)], &[], 30.0);
        assert_eq!(get(&f, "call.interviewee_speech_share"), Some(1.0));
        assert_eq!(get(&f, "call.turns_per_min"), Some(0.0));
        assert_eq!(get(&f, "call.answer_latency_s"), None);
        assert_eq!(get(&f, "call.interviewee_turn_mean_s"), Some(20.0));
    }

    #[test]
    fn an_interruption_is_a_turn_with_a_negative_gap_and_no_latency() {
        let f = measure(&[(8.0, 20.0)], &[(0.0, 10.0)], 20.0);
        assert_eq!(get(&f, "call.turns_per_min"), Some(3.0));
        assert_eq!(get(&f, "call.answer_latency_s"), None);
    }
}
