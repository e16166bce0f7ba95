//! Which stretches of a recording go to the recogniser: the voice-activity segments, joined in
//! order into windows of at most 28 s (the model reads 30 s; the margin keeps word edges), so
//! silence costs nothing and a long pause never makes the model invent words.

/// The longest window handed to the model, and the audio kept around speech so a word's first
/// and last sounds are not cut.
pub const MAX_WINDOW_S: f64 = 28.0;
const MARGIN_S: f64 = 0.2;
/// A pause at least this long ends a window even when the next speech would still fit: the
/// transcript's segments then follow the speaker's own breaks.
const BREAK_S: f64 = 2.0;

/// Windows `(start, end)` in seconds over speech `segments` (sorted, from voice activity) of a
/// recording `duration_s` long.
pub fn plan(segments: &[(f64, f64)], duration_s: f64) -> Vec<(f64, f64)> {
    let mut windows: Vec<(f64, f64)> = Vec::new();
    for &(start, end) in segments {
        let (start, end) = ((start - MARGIN_S).max(0.0), (end + MARGIN_S).min(duration_s));
        if end <= start {
            continue;
        }
        match windows.last_mut() {
            Some(last) if start - last.1 < BREAK_S && end - last.0 <= MAX_WINDOW_S => last.1 = last.1.max(end),
            _ => windows.push((start, end)),
        }
    }
    // Speech longer than one window without a pause is cut into pieces that fit.
    windows
        .into_iter()
        .flat_map(|(start, end)| {
            let pieces = ((end - start) / MAX_WINDOW_S).ceil().max(1.0) as usize;
            let length = (end - start) / pieces as f64;
            (0..pieces).map(move |i| (start + length * i as f64, start + length * (i + 1) as f64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_speech_shares_a_window_and_a_long_pause_starts_another() {
        let windows = plan(&[(1.0, 4.0), (4.5, 9.0), (20.0, 22.0)], 30.0);
        assert_eq!(windows, [(0.8, 9.2), (19.8, 22.2)]);
    }

    #[test]
    fn windows_never_pass_the_models_length() {
        let speech: Vec<(f64, f64)> = (0..40).map(|i| (i as f64 * 2.0, i as f64 * 2.0 + 1.8)).collect();
        let windows = plan(&speech, 100.0);
        assert!(windows.iter().all(|w| w.1 - w.0 <= MAX_WINDOW_S + 1e-9), "{windows:?}");
        assert!(windows.len() >= 3);
        let one_long = plan(&[(0.0, 70.0)], 70.0);
        assert_eq!(one_long.len(), 3);
        assert!(one_long.iter().all(|w| w.1 - w.0 <= MAX_WINDOW_S));
    }
}
