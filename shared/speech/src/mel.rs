//! Whisper's input: an 80-band log-mel spectrogram of 30 s of 16 kHz audio (25 ms Hann windows
//! every 10 ms, Slaney mel scale, log10 clamped to 8 decades below the peak, then scaled to about
//! -1..1), as the model was trained on.

use rustfft::FftPlanner;
use rustfft::num_complex::Complex32;

pub const SAMPLE_RATE: usize = 16_000;
pub const N_MELS: usize = 80;
/// Frames per 30-second window, the only input length the encoder takes.
pub const FRAMES: usize = 3000;
pub const WINDOW_SAMPLES: usize = FRAMES * HOP;
const N_FFT: usize = 400;
const HOP: usize = 160;
const BINS: usize = N_FFT / 2 + 1;

pub struct MelSpectrogram {
    filters: Vec<[f32; BINS]>,
    window: Vec<f32>,
    fft: std::sync::Arc<dyn rustfft::Fft<f32>>,
}

impl Default for MelSpectrogram {
    fn default() -> Self {
        let window =
            (0..N_FFT).map(|n| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * n as f32 / N_FFT as f32).cos()).collect();
        Self { filters: slaney_filters(), window, fft: FftPlanner::new().plan_fft_forward(N_FFT) }
    }
}

impl MelSpectrogram {
    /// `[N_MELS][FRAMES]` row-major for up to 30 s of audio (zero-padded; longer is cut).
    pub fn compute(&self, samples: &[f32]) -> Vec<f32> {
        let mut audio = vec![0f32; WINDOW_SAMPLES];
        let n = samples.len().min(WINDOW_SAMPLES);
        audio[..n].copy_from_slice(&samples[..n]);
        let padded = reflect_pad(&audio, N_FFT / 2);
        let mut mel = vec![0f32; N_MELS * FRAMES];
        let mut buffer = vec![Complex32::default(); N_FFT];
        let mut power = [0f32; BINS];
        for frame in 0..FRAMES {
            let start = frame * HOP;
            for (i, slot) in buffer.iter_mut().enumerate() {
                *slot = Complex32::new(padded[start + i] * self.window[i], 0.0);
            }
            self.fft.process(&mut buffer);
            for (p, c) in power.iter_mut().zip(&buffer) {
                *p = c.norm_sqr();
            }
            for (band, filter) in self.filters.iter().enumerate() {
                let energy: f32 = filter.iter().zip(&power).map(|(w, p)| w * p).sum();
                mel[band * FRAMES + frame] = energy.max(1e-10).log10();
            }
        }
        let peak = mel.iter().copied().fold(f32::MIN, f32::max);
        for v in &mut mel {
            *v = (v.max(peak - 8.0) + 4.0) / 4.0;
        }
        mel
    }
}

fn reflect_pad(audio: &[f32], pad: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(audio.len() + 2 * pad);
    out.extend((1..=pad).rev().map(|i| audio[i]));
    out.extend_from_slice(audio);
    let last = audio.len() - 1;
    out.extend((1..=pad).map(|i| audio[last - i]));
    out
}

fn hz_to_mel(hz: f64) -> f64 {
    const LINEAR_TOP_HZ: f64 = 1000.0;
    let linear_top_mel = LINEAR_TOP_HZ * 3.0 / 200.0;
    if hz >= LINEAR_TOP_HZ {
        linear_top_mel + (hz / LINEAR_TOP_HZ).ln() / (6.4f64.ln() / 27.0)
    } else {
        hz * 3.0 / 200.0
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    let linear_top_mel = 1000.0 * 3.0 / 200.0;
    if mel >= linear_top_mel {
        1000.0 * ((6.4f64.ln() / 27.0) * (mel - linear_top_mel)).exp()
    } else {
        mel * 200.0 / 3.0
    }
}

/// Triangular filters evenly spaced on the Slaney mel scale from 0 to 8 kHz, each normalised to
/// unit area (the filterbank Whisper's features were computed with).
fn slaney_filters() -> Vec<[f32; BINS]> {
    let top = hz_to_mel(SAMPLE_RATE as f64 / 2.0);
    let edges: Vec<f64> = (0..N_MELS + 2).map(|i| mel_to_hz(top * i as f64 / (N_MELS + 1) as f64)).collect();
    let bin_hz = |k: usize| k as f64 * SAMPLE_RATE as f64 / N_FFT as f64;
    (0..N_MELS)
        .map(|m| {
            let (lo, mid, hi) = (edges[m], edges[m + 1], edges[m + 2]);
            let norm = 2.0 / (hi - lo);
            let mut filter = [0f32; BINS];
            for (k, w) in filter.iter_mut().enumerate() {
                let f = bin_hz(k);
                let rising = (f - lo) / (mid - lo);
                let falling = (hi - f) / (hi - mid);
                *w = (rising.min(falling).max(0.0) * norm) as f32;
            }
            filter
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_lights_the_band_of_its_frequency() {
        let tone: Vec<f32> = (0..SAMPLE_RATE)
            .map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / SAMPLE_RATE as f32).sin())
            .collect();
        let mel = MelSpectrogram::default().compute(&tone);
        let frame = 50;
        let loudest = (0..N_MELS).max_by(|&a, &b| mel[a * FRAMES + frame].total_cmp(&mel[b * FRAMES + frame])).unwrap();
        // 1 kHz is where the Slaney scale turns from linear to logarithmic: band 15 of 80 up to 8 kHz.
        let centre = hz_to_mel(1000.0) / hz_to_mel(8000.0) * (N_MELS + 1) as f64 - 1.0;
        assert!((loudest as f64 - centre).abs() <= 1.0, "band {loudest}, expected about {centre:.1}");
        // The padding after the tone is at the floor, 8 decades under the peak.
        assert!((mel[loudest * FRAMES + 2500] - mel.iter().copied().fold(f32::MAX, f32::min)).abs() < 1e-6);
    }

    #[test]
    fn the_filters_cover_the_spectrum_without_gaps() {
        let filters = slaney_filters();
        assert_eq!(filters.len(), N_MELS);
        for k in 1..BINS - 1 {
            assert!(filters.iter().any(|f| f[k] > 0.0), "bin {k} falls between the filters");
        }
    }
}
