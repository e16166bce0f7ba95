//! Whisper base, run with tract: the encoder reads a 30-second window once and hands every
//! decoder layer its cross-attention keys and values; the decoder then takes one token per call
//! against fixed-size caches of the earlier tokens' keys and values (every shape static, every
//! large tensor an input the step only reads), and the text is read greedily in Japanese without
//! timestamps. The graphs' layout is `layers/models/whisper/convert.py`'s.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use tract_onnx::prelude::*;

use crate::mel::{FRAMES, MelSpectrogram, N_MELS};
use crate::vocabulary::{Vocabulary, special};

/// The decoder's context (the fixed cache size) and how many tokens one window may produce.
const CONTEXT: usize = 448;
const MAX_TOKENS: usize = CONTEXT / 2;
const PROMPT: [u32; 4] = [special::START_OF_TRANSCRIPT, special::JAPANESE, special::TRANSCRIBE, special::NO_TIMESTAMPS];
/// A window that repeats the same short run of tokens this often has derailed (a known Whisper
/// failure on unclear audio): the repeats are cut.
const MAX_REPEATS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum WhisperError {
    #[error("cannot read the speech model's {file}: {reason}")]
    Model { file: &'static str, reason: String },
    #[error("speech recognition failed: {0}")]
    Run(String),
}

fn run_error(e: impl std::fmt::Display) -> WhisperError {
    WhisperError::Run(e.to_string())
}

/// What the model's own configuration says never to produce (CTranslate2's `config.json`).
#[derive(Deserialize)]
struct Config {
    suppress_ids: Vec<u32>,
    suppress_ids_begin: Vec<u32>,
}

/// A window's text, with the model's mean token probability as its confidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Recognised {
    pub text: String,
    pub confidence: f64,
}

type Plan = Arc<TypedRunnableModel>;

pub struct Whisper {
    encoder: Plan,
    decoder: Plan,
    vocabulary: Vocabulary,
    config: Config,
    mel: MelSpectrogram,
    layers: usize,
    heads: usize,
    head_width: usize,
}

impl Whisper {
    /// Loads `encoder.onnx`, `decoder.onnx`, `vocabulary.txt` and `config.json` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, WhisperError> {
        let plan = |file: &'static str| {
            tract_onnx::onnx()
                .model_for_path(dir.join(file))
                .and_then(|m| m.into_optimized())
                .and_then(|m| m.into_runnable())
                .map_err(|e| WhisperError::Model { file, reason: format!("{e:#}") })
        };
        let read = |file: &'static str| {
            std::fs::read_to_string(dir.join(file)).map_err(|e| WhisperError::Model { file, reason: e.to_string() })
        };
        let vocabulary = Vocabulary::parse(&read("vocabulary.txt")?)
            .map_err(|e| WhisperError::Model { file: "vocabulary.txt", reason: e.to_string() })?;
        let config: Config = serde_json::from_str(&read("config.json")?)
            .map_err(|e| WhisperError::Model { file: "config.json", reason: e.to_string() })?;
        let encoder = plan("encoder.onnx")?;
        let decoder = plan("decoder.onnx")?;
        // Inputs: token, position, mask, then per layer self_k [heads, head width, 448], self_v, cross_k, cross_v.
        let inputs = decoder.model().inputs.len();
        let shape = decoder.model().input_fact(3).map_err(run_error)?.shape.as_concrete().map(<[usize]>::to_vec);
        let (heads, head_width) = match shape.as_deref() {
            Some(&[heads, head_width, context]) if context == CONTEXT && inputs > 3 && (inputs - 3) % 4 == 0 => {
                (heads, head_width)
            }
            _ => {
                let reason = "its inputs are not token, position, mask and four caches per layer".into();
                return Err(WhisperError::Model { file: "decoder.onnx", reason });
            }
        };
        let layers = (inputs - 3) / 4;
        Ok(Self { encoder, decoder, vocabulary, config, mel: MelSpectrogram::default(), layers, heads, head_width })
    }

    /// The Japanese text of up to 30 s of 16 kHz mono audio (longer is cut).
    pub fn recognise(&self, samples: &[f32]) -> Result<Recognised, WhisperError> {
        let started = std::time::Instant::now();
        let mel = Tensor::from_shape(&[1, N_MELS, FRAMES], &self.mel.compute(samples)).map_err(run_error)?;
        let mel_s = started.elapsed().as_secs_f64();
        // Per layer: its cross-attention keys and values.
        let cross: Vec<TValue> = self.encoder.run(tvec![mel.into()]).map_err(run_error)?.into_iter().collect();
        let encoded_s = started.elapsed().as_secs_f64();
        if cross.len() != 2 * self.layers {
            return Err(run_error("the encoder's outputs do not fit the decoder's layers"));
        }
        let mut cache = Cache::new(self.layers, self.heads, self.head_width);
        let mut produced: Vec<u32> = Vec::new();
        let mut log_probability = 0.0;
        let mut token = PROMPT[0];
        for position in 0..CONTEXT {
            let logits = self.step(&mut cache, token, position, &cross)?;
            if position + 1 < PROMPT.len() {
                token = PROMPT[position + 1];
                continue;
            }
            let (next, log_p) = self.pick(logits, produced.is_empty());
            if next == special::END_OF_TEXT || produced.len() == MAX_TOKENS {
                break;
            }
            produced.push(next);
            log_probability += log_p;
            if cut_repeats(&mut produced) {
                break;
            }
            token = next;
        }
        let decoded_s = started.elapsed().as_secs_f64();
        tracing::debug!(mel_s, encoded_s, decoded_s, tokens = produced.len(), "window recognised");
        let confidence = if produced.is_empty() { 0.0 } else { (log_probability / produced.len() as f64).exp() };
        Ok(Recognised { text: self.vocabulary.decode(&produced).trim().to_owned(), confidence })
    }

    /// One decoder call: the token at `position` goes through, its keys and values join the cache.
    fn step(&self, cache: &mut Cache, token: u32, position: usize, cross: &[TValue]) -> Result<Vec<f32>, WhisperError> {
        let mut inputs: TVec<TValue> = tvec![
            tensor1(&[i64::from(token)]).into(),
            tensor1(&[position as i64]).into(),
            TValue::from_const(cache.mask.clone()),
        ];
        for (layer, cross) in cross.chunks_exact(2).enumerate() {
            inputs.push(TValue::from_const(cache.keys[layer].clone()));
            inputs.push(TValue::from_const(cache.values[layer].clone()));
            inputs.extend(cross.iter().cloned());
        }
        let outputs = self.decoder.run(inputs).map_err(run_error)?;
        let [logits, new_k, new_v] = outputs.as_slice() else { return Err(run_error("the decoder gave no logits")) };
        let (new_k, new_v) = (plain(new_k)?, plain(new_v)?);
        cache.fill(position, new_k.as_slice::<f32>().map_err(run_error)?, new_v.as_slice::<f32>().map_err(run_error)?);
        Ok(plain(logits)?.as_slice::<f32>().map_err(run_error)?.to_vec())
    }

    /// The likeliest text token and its log-probability; control tokens and what the model's
    /// configuration suppresses are never picked.
    fn pick(&self, mut logits: Vec<f32>, first: bool) -> (u32, f64) {
        let blocked =
            self.config.suppress_ids.iter().chain(if first { &self.config.suppress_ids_begin[..] } else { &[] });
        for &id in blocked {
            if let Some(l) = logits.get_mut(id as usize) {
                *l = f32::NEG_INFINITY;
            }
        }
        for l in logits.iter_mut().skip(special::FIRST_CONTROL as usize) {
            *l = f32::NEG_INFINITY;
        }
        let (best, &top) = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).expect("a vocabulary");
        let sum: f64 = logits.iter().map(|&l| f64::from(l - top).exp()).sum();
        (best as u32, -sum.ln())
    }
}

fn plain(value: &TValue) -> Result<PlainView<'_>, WhisperError> {
    value.try_as_plain_ram().map_err(run_error)
}

/// The earlier tokens' self-attention keys per layer, transposed (`[heads, head width, 448]`),
/// and values (`[heads, 448, head width]`), and which slots hold one (0) or not (a large
/// negative, added to the attention scores).
struct Cache {
    keys: Vec<Arc<Tensor>>,
    values: Vec<Arc<Tensor>>,
    mask: Arc<Tensor>,
    heads: usize,
    head_width: usize,
}

impl Cache {
    fn new(layers: usize, heads: usize, head_width: usize) -> Self {
        let zeros = |shape: &[usize]| {
            (0..layers).map(|_| Arc::new(Tensor::zero::<f32>(shape).expect("a small tensor"))).collect()
        };
        let mask = Arc::new(tensor1(&[-1e9f32; CONTEXT]));
        Self {
            keys: zeros(&[heads, head_width, CONTEXT]),
            values: zeros(&[heads, CONTEXT, head_width]),
            mask,
            heads,
            head_width,
        }
    }

    /// Writes one token's keys and values (`[layers, heads * head width]` each) at `position`.
    fn fill(&mut self, position: usize, new_k: &[f32], new_v: &[f32]) {
        let (heads, width) = (self.heads, self.head_width);
        let rows = new_k.chunks_exact(heads * width).zip(new_v.chunks_exact(heads * width));
        for ((keys, values), (k, v)) in self.keys.iter_mut().zip(self.values.iter_mut()).zip(rows) {
            // The plan let go of its inputs: this is the only reference, so nothing is copied.
            let mut keys = Arc::make_mut(keys).try_as_plain_ram_mut().expect("a cache in memory");
            let keys = keys.as_slice_mut::<f32>().expect("f32 cache");
            for (i, value) in k.iter().enumerate() {
                keys[i * CONTEXT + position] = *value;
            }
            let mut values = Arc::make_mut(values).try_as_plain_ram_mut().expect("a cache in memory");
            let values = values.as_slice_mut::<f32>().expect("f32 cache");
            for (head, row) in v.chunks_exact(width).enumerate() {
                let at = (head * CONTEXT + position) * width;
                values[at..at + width].copy_from_slice(row);
            }
        }
        let mut mask = Arc::make_mut(&mut self.mask).try_as_plain_ram_mut().expect("a mask in memory");
        mask.as_slice_mut::<f32>().expect("f32 mask")[position] = 0.0;
    }
}

/// Cuts a run of the same 1..=12 tokens repeated more than [`MAX_REPEATS`] times at the end,
/// keeping one; true when it cut.
fn cut_repeats(tokens: &mut Vec<u32>) -> bool {
    for period in 1..=12 {
        let needed = period * (MAX_REPEATS + 1);
        if tokens.len() < needed {
            break;
        }
        let tail = &tokens[tokens.len() - needed..];
        if tail.chunks_exact(period).all(|c| c == &tail[..period]) {
            tokens.truncate(tokens.len() - needed + period);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derailed_window_keeps_one_of_its_repeats() {
        let mut tokens = vec![5, 1, 2, 1, 2, 1, 2, 1, 2];
        assert!(cut_repeats(&mut tokens));
        assert_eq!(tokens, [5, 1, 2]);
        let mut fine = vec![1, 2, 1, 2, 3];
        assert!(!cut_repeats(&mut fine));
        assert_eq!(fine.len(), 5);
    }
}
