//! Voice and timing from 16 kHz mono audio: voice activity that holds up under steady noise,
//! speech segments and pauses, pitch (YIN) over voiced frames, loudness, and a speaking-rate
//! proxy (syllable nuclei per second).
//!
//! Audio is consumed in 10 ms hops; only a few numbers per hop are kept (8 bytes per 10 ms, so
//! 30 minutes need ~1.4 MB), which keeps memory flat.

use crate::media::SAMPLE_RATE;

/// 10 ms hop, 40 ms analysis window (long enough for two periods of a 60 Hz voice).
pub const HOP: usize = (SAMPLE_RATE / 100) as usize;
const WINDOW: usize = 4 * HOP;
const HOP_S: f64 = 0.01;

/// Pitch search range: low male to high female/child voices.
const F0_MIN: f64 = 60.0;
const F0_MAX: f64 = 400.0;
/// A syllable nucleus stands this far above the dip before it (dB).
const NUCLEUS_DIP_DB: f64 = 2.0;
/// Hops quieter than this (dBFS) are not searched for pitch.
const PITCH_MIN_DB: f64 = -50.0;
/// YIN's aperiodicity threshold.
const YIN_THRESHOLD: f64 = 0.15;

/// How voice activity and pauses are decided; the defaults suit interviews.
#[derive(Clone, Debug)]
pub struct VoiceSettings {
    /// Speech must rise this far above the noise floor (dB).
    pub margin_db: f64,
    /// Gaps shorter than this inside speech are not pauses (s).
    pub min_pause_s: f64,
    /// Speech bursts shorter than this are clicks or noise (s).
    pub min_speech_s: f64,
    /// A pause at least this long is a long pause (s).
    pub long_pause_s: f64,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        Self { margin_db: 12.0, min_pause_s: 0.25, min_speech_s: 0.12, long_pause_s: 2.0 }
    }
}

/// Per-hop measurements, collected while the audio streams through.
#[derive(Default)]
pub struct VoiceTrack {
    energy_db: Vec<f32>,
    /// Fundamental frequency in Hz, or 0 where the frame is aperiodic.
    f0: Vec<f32>,
    window: Vec<f32>,
    pending: Vec<f32>,
}

/// The summary of a recording's voice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoiceFeatures {
    pub duration_s: f64,
    pub speech_ratio: f64,
    pub speech_s: f64,
    pub pause_count: usize,
    pub pause_mean_s: f64,
    pub long_pause_count: usize,
    pub pitch_mean_hz: f64,
    pub pitch_std_hz: f64,
    pub loudness_mean_db: f64,
    pub loudness_std_db: f64,
    pub rate_syllables_per_s: f64,
    /// Speech segments as (start, end) seconds.
    pub segments: Vec<(f64, f64)>,
    /// Per second: fraction of the second that is speech (for timeline charts).
    pub speaking_per_second: Vec<f32>,
}

impl VoiceTrack {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds samples of any block size.
    pub fn push(&mut self, samples: &[f32]) {
        self.pending.extend_from_slice(samples);
        let mut start = 0;
        while self.pending.len() - start >= HOP {
            let hop = &self.pending[start..start + HOP];
            self.window.extend_from_slice(hop);
            if self.window.len() > WINDOW {
                self.window.drain(..self.window.len() - WINDOW);
            }
            let energy = hop.iter().map(|s| f64::from(*s) * f64::from(*s)).sum::<f64>() / HOP as f64;
            let energy_db = 10.0 * (energy + 1e-10).log10();
            // Pitch every 20 ms is plenty and halves the cost; near-silent hops have none.
            let f0 = match self.f0.last() {
                Some(previous) if self.f0.len() % 2 == 1 => *previous,
                _ if self.window.len() == WINDOW && energy_db > PITCH_MIN_DB => yin(&self.window) as f32,
                _ => 0.0,
            };
            self.energy_db.push(energy_db as f32);
            self.f0.push(f0);
            start += HOP;
        }
        self.pending.drain(..start);
    }

    pub fn finish(self, settings: &VoiceSettings) -> VoiceFeatures {
        summarise(&self.energy_db, &self.f0, settings)
    }
}

/// YIN pitch estimate of one window, in Hz, or 0 when the window is not periodic enough.
fn yin(window: &[f32]) -> f64 {
    let sr = f64::from(SAMPLE_RATE);
    let (min_lag, max_lag) = ((sr / F0_MAX) as usize, (sr / F0_MIN) as usize);
    let span = window.len() - max_lag - 1;
    let head = &window[..span];
    // Difference function d(tau) and its cumulative-mean normalisation d'(tau), computed lag by
    // lag and only as far as needed: the first dip under the threshold, walked down to its
    // local minimum, is the period, so most voiced windows stop well before `max_lag`.
    let mut running = 0.0;
    let mut normalised = vec![1.0f64; max_lag + 2];
    let mut dip: Option<usize> = None;
    for tau in 1..=max_lag + 1 {
        let d = f64::from(squared_difference(head, &window[tau..tau + span]));
        running += d;
        normalised[tau] = if running > 0.0 { d * tau as f64 / running } else { 1.0 };
        match dip {
            None if tau >= min_lag && tau <= max_lag && normalised[tau] < YIN_THRESHOLD => dip = Some(tau),
            // Past the local minimum: d'(tau + 1) is known, so the minimum is tau.
            Some(_) if normalised[tau] >= normalised[tau - 1] => break,
            _ => {}
        }
    }
    let Some(first) = dip else { return 0.0 };
    let mut tau = first;
    while tau < max_lag && normalised[tau + 1] < normalised[tau] {
        tau += 1;
    }
    // Parabolic interpolation around the minimum for sub-sample precision.
    let (a, b, c) = (normalised[tau - 1], normalised[tau], normalised[tau + 1]);
    let denom = a - 2.0 * b + c;
    let shift = if denom.abs() > 1e-12 { 0.5 * (a - c) / denom } else { 0.0 };
    sr / (tau as f64 + shift.clamp(-1.0, 1.0))
}

/// Sum of squared differences of two equal-length slices, in eight independent lanes so the
/// compiler vectorises it (a single running sum cannot be reordered).
fn squared_difference(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| (x - y) * (x - y)).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for k in 0..8 {
            lanes[k] += (x[k] - y[k]) * (x[k] - y[k]);
        }
    }
    lanes.iter().sum::<f32>() + tail
}

fn percentile(values: &[f32], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    f64::from(sorted[i])
}

fn mean_std(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
    (mean, var.sqrt())
}

/// Speech where the energy clears the noise floor by the margin. The floor is a low percentile of
/// the recording's own energies, so a steady fan or hum raises the floor instead of counting as
/// speech; an absolute floor keeps digital silence from making faint noise look like speech.
fn voice_activity(energy_db: &[f32], settings: &VoiceSettings) -> Vec<bool> {
    let floor = percentile(energy_db, 0.10).max(-75.0);
    let threshold = (floor + settings.margin_db).max(-55.0);
    let mut active: Vec<bool> = energy_db.iter().map(|e| f64::from(*e) > threshold).collect();
    fill_runs(&mut active, false, (settings.min_pause_s / HOP_S).round() as usize);
    fill_runs(&mut active, true, (settings.min_speech_s / HOP_S).round() as usize);
    active
}

/// Flips interior runs of `value` shorter than `min_len` hops (gaps in speech, or clicks).
fn fill_runs(flags: &mut [bool], value: bool, min_len: usize) {
    let mut i = 0;
    while i < flags.len() {
        if flags[i] != value {
            i += 1;
            continue;
        }
        let start = i;
        while i < flags.len() && flags[i] == value {
            i += 1;
        }
        let interior = start > 0 && i < flags.len();
        // Short silences are bridged only inside speech; short bursts are dropped anywhere.
        if i - start < min_len && (value || interior) {
            flags[start..i].iter_mut().for_each(|f| *f = !value);
        }
    }
}

fn segments(active: &[bool]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, a) in active.iter().chain(std::iter::once(&false)).enumerate() {
        match (a, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s as f64 * HOP_S, i as f64 * HOP_S));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Syllable nuclei: peaks of the smoothed energy inside speech that are voiced and stand out
/// from the dips around them (de Jong & Wempe's idea, simplified).
fn syllable_nuclei(energy_db: &[f32], f0: &[f32], active: &[bool]) -> usize {
    let smooth: Vec<f64> = (0..energy_db.len())
        .map(|i| {
            let (a, b) = (i.saturating_sub(1), (i + 2).min(energy_db.len()));
            energy_db[a..b].iter().map(|e| f64::from(*e)).sum::<f64>() / (b - a) as f64
        })
        .collect();
    let mut count = 0;
    let mut last_peak: Option<usize> = None;
    let mut valley = f64::INFINITY;
    for i in 1..smooth.len().saturating_sub(1) {
        valley = valley.min(smooth[i]);
        let is_peak = smooth[i] > smooth[i - 1] && smooth[i] >= smooth[i + 1];
        let far_enough = last_peak.is_none_or(|p| i - p >= 8); // ≥ 80 ms between nuclei
        // Voiced within ±30 ms: YIN misses some frames at the very top of a vowel.
        let voiced = f0[i.saturating_sub(3)..(i + 4).min(f0.len())].iter().any(|f| *f > 0.0);
        if is_peak && active[i] && voiced && smooth[i] - valley >= NUCLEUS_DIP_DB && far_enough {
            count += 1;
            last_peak = Some(i);
            valley = smooth[i];
        }
    }
    count
}

fn summarise(energy_db: &[f32], f0: &[f32], settings: &VoiceSettings) -> VoiceFeatures {
    let hops = energy_db.len();
    let duration_s = hops as f64 * HOP_S;
    if hops == 0 {
        return VoiceFeatures::default();
    }
    let active = voice_activity(energy_db, settings);
    let segments = segments(&active);
    let speech_s: f64 = segments.iter().map(|(a, b)| b - a).sum();
    let pauses: Vec<f64> = segments.windows(2).map(|w| w[1].0 - w[0].1).collect();
    let voiced = || f0.iter().zip(&active).filter(|(f, a)| **a && **f > 0.0).map(|(f, _)| f64::from(*f));
    let (pitch_mean_hz, pitch_std_hz) = mean_std(voiced());
    let loud = || energy_db.iter().zip(&active).filter(|(_, a)| **a).map(|(e, _)| f64::from(*e));
    let (loudness_mean_db, loudness_std_db) = mean_std(loud());
    let nuclei = syllable_nuclei(energy_db, f0, &active);
    let speaking_per_second =
        active.chunks(100).map(|c| c.iter().filter(|a| **a).count() as f32 / c.len() as f32).collect();
    VoiceFeatures {
        duration_s,
        speech_ratio: speech_s / duration_s,
        speech_s,
        pause_count: pauses.len(),
        pause_mean_s: if pauses.is_empty() { 0.0 } else { pauses.iter().sum::<f64>() / pauses.len() as f64 },
        long_pause_count: pauses.iter().filter(|p| **p >= settings.long_pause_s).count(),
        pitch_mean_hz,
        pitch_std_hz,
        loudness_mean_db,
        loudness_std_db,
        rate_syllables_per_s: if speech_s > 0.0 { nuclei as f64 / speech_s } else { 0.0 },
        segments,
        speaking_per_second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f64, seconds: f64, amplitude: f32) -> Vec<f32> {
        let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
        (0..n)
            .map(|i| amplitude * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(SAMPLE_RATE)).sin() as f32)
            .collect()
    }

    /// Deterministic white-ish noise (a linear congruential generator), for a steady noise floor.
    fn noise(seconds: f64, amplitude: f32, seed: &mut u64) -> Vec<f32> {
        let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
        (0..n)
            .map(|_| {
                *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                amplitude * (((*seed >> 33) as f32 / (1u64 << 31) as f32) * 2.0 - 1.0)
            })
            .collect()
    }

    #[test]
    fn yin_finds_the_pitch_of_a_tone() {
        for f in [90.0, 150.0, 220.0, 330.0] {
            let w: Vec<f32> = tone(f, 0.04, 0.5);
            let est = yin(&w);
            assert!((est - f).abs() / f < 0.02, "{f} Hz estimated as {est}");
        }
        assert_eq!(yin(&vec![0.0; WINDOW]), 0.0);
    }

    #[test]
    fn pauses_are_found_under_steady_noise() {
        let mut seed = 7;
        let mut audio = Vec::new();
        // tone 2 s, gap 1 s, tone 1 s, gap 3 s, tone 2 s, all over steady noise.
        for (secs, on) in
            [(0.5, false), (2.0, true), (1.0, false), (1.0, true), (3.0, false), (2.0, true), (0.5, false)]
        {
            let mut part = noise(secs, 0.02, &mut seed);
            if on {
                part.iter_mut().zip(tone(180.0, secs, 0.3)).for_each(|(n, t)| *n += t);
            }
            audio.extend(part);
        }
        let mut track = VoiceTrack::new();
        for block in audio.chunks(1234) {
            track.push(block);
        }
        let v = track.finish(&VoiceSettings::default());
        assert_eq!(v.pause_count, 2, "{:?}", v.segments);
        assert_eq!(v.long_pause_count, 1);
        assert!((v.speech_ratio - 5.0 / 10.0).abs() < 0.03, "speech ratio {}", v.speech_ratio);
        assert!((v.pitch_mean_hz - 180.0).abs() < 5.0, "pitch {}", v.pitch_mean_hz);
        assert!((v.pause_mean_s - 2.0).abs() < 0.1, "pause mean {}", v.pause_mean_s);
    }

    #[test]
    fn silence_is_not_speech() {
        let mut track = VoiceTrack::new();
        track.push(&vec![0.0; SAMPLE_RATE as usize * 3]);
        let v = track.finish(&VoiceSettings::default());
        assert_eq!((v.speech_s, v.pause_count), (0.0, 0));
        assert!((v.duration_s - 3.0).abs() < 0.02);
    }
}
