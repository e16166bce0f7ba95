//! tract plans for the four networks, built with fixed input shapes.
//!
//! tract runs a graph 2–4x faster when every shape is known when the plan is optimised, so PNet
//! gets one plan per pyramid-level size (built on first use and cached) and RNet/ONet one plan per
//! batch size, with the last batch padded.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use prost::Message;
use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;

use super::VisionError;

/// An optimised, runnable graph with fixed input shape.
type Plan = Arc<TypedRunnableModel>;

/// Batch sizes with a plan for RNet and ONet. 1 serves the tracker's single windows; 16 serves
/// the ~100–150 candidates a full detection at a small minimum face size produces.
const BATCH_SIZES: [usize; 3] = [1, 4, 16];

/// A cache larger than any pyramid for a handful of frame sizes; cleared when exceeded so a
/// stream of odd frame sizes cannot grow memory without bound.
const MAX_PNET_PLANS: usize = 64;

/// Parses an ONNX file into tract's inference model, with its PRelu nodes in a form tract runs
/// faster (see [`prelu`](super::prelu)).
pub(crate) fn load(net: &'static str, path: &Path) -> Result<InferenceModel, VisionError> {
    let error = |message: String| VisionError::LoadModel { net, path: path.to_path_buf(), message };
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    let mut proto = ModelProto::decode(bytes.as_slice()).map_err(|e| error(format!("not an ONNX model: {e}")))?;
    super::prelu::rewrite(&mut proto);
    tract_onnx::onnx().model_for_proto_model(&proto).map_err(|e| error(format!("{e:#}")))
}

/// Fixes the first input to an f32 tensor of `shape` and optimises the graph.
fn make_plan(net: &'static str, model: &InferenceModel, shape: &[usize]) -> Result<Plan, VisionError> {
    model
        .clone()
        .with_input_fact(0, f32::fact(shape).into())
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| VisionError::inference(net, e))
}

/// One output tensor of a run, copied out.
pub(crate) struct Output {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

impl Output {
    /// The last dimension: values per sample (or per map cell).
    pub(crate) fn width(&self) -> usize {
        self.shape.last().copied().unwrap_or(1)
    }
}

/// Runs `plan` on `input` of `shape` and copies every output out.
fn run(net: &'static str, plan: &Plan, shape: &[usize], input: &[f32]) -> Result<Vec<Output>, VisionError> {
    let tensor = Tensor::from_shape(shape, input).map_err(|e| VisionError::inference(net, e))?;
    let outputs = plan.run(tvec!(tensor.into_tvalue())).map_err(|e| VisionError::inference(net, e))?;
    outputs
        .iter()
        .map(|t| {
            let view = t.try_as_plain_ram().map_err(|e| VisionError::inference(net, e))?;
            let values = view.as_slice::<f32>().map_err(|e| VisionError::inference(net, e))?.to_vec();
            Ok(Output { shape: t.shape().to_vec(), values })
        })
        .collect()
}

/// Picks the output whose last dimension is `width` (the nets' outputs differ in it: 4 box
/// regression, 10 landmarks, 2 probabilities), so the code does not rely on output order.
pub(crate) fn take(net: &'static str, outputs: &mut Vec<Output>, width: usize) -> Result<Output, VisionError> {
    let index = outputs
        .iter()
        .position(|o| o.width() == width)
        .ok_or_else(|| VisionError::ModelOutput { net, detail: format!("no output with last dimension {width}") })?;
    Ok(outputs.swap_remove(index))
}

/// PNet: fully convolutional, one plan per input size `(w, h)`.
pub(crate) struct Pnet {
    model: InferenceModel,
    plans: Mutex<HashMap<(usize, usize), Plan>>,
}

impl Pnet {
    pub(crate) fn new(model: InferenceModel) -> Self {
        Pnet { model, plans: Mutex::new(HashMap::new()) }
    }

    /// Runs PNet on one `[1, w, h, 3]` (width-first) input.
    pub(crate) fn run(&self, (w, h): (usize, usize), input: &[f32]) -> Result<Vec<Output>, VisionError> {
        let plan = {
            // A panic elsewhere while holding the lock leaves the map itself intact.
            let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
            if plans.len() >= MAX_PNET_PLANS && !plans.contains_key(&(w, h)) {
                plans.clear();
            }
            match plans.get(&(w, h)) {
                Some(plan) => plan.clone(),
                None => {
                    tracing::debug!(width = w, height = h, "planning PNet for a new pyramid level size");
                    let plan = make_plan("pnet", &self.model, &[1, w, h, 3])?;
                    plans.insert((w, h), plan.clone());
                    plan
                }
            }
        };
        run("pnet", &plan, &[1, w, h, 3], input)
    }
}

/// RNet or ONet: a fixed square input, plans for a few batch sizes.
pub(crate) struct Batched {
    pub name: &'static str,
    pub side: usize,
    plans: Vec<(usize, Plan)>,
}

impl Batched {
    pub(crate) fn new(name: &'static str, model: &InferenceModel, side: usize) -> Result<Self, VisionError> {
        let plans = BATCH_SIZES
            .iter()
            .map(|&n| Ok((n, make_plan(name, model, &[n, side, side, 3])?)))
            .collect::<Result<_, VisionError>>()?;
        Ok(Batched { name, side, plans })
    }

    /// Values of one sample (`side × side × 3`, width first).
    pub(crate) fn sample_len(&self) -> usize {
        self.side * self.side * 3
    }

    /// Runs `input` (`n` samples back to back) in batches; returns each output for the `n`
    /// samples, without the padding.
    pub(crate) fn run(&self, input: &[f32], n: usize) -> Result<Vec<Output>, VisionError> {
        let len = self.sample_len();
        let mut merged: Vec<Output> = Vec::new();
        let mut done = 0;
        while done < n {
            let batch = batch_size(n - done);
            let plan = self.plans.iter().find(|(size, _)| *size == batch).map(|(_, p)| p).unwrap_or(&self.plans[0].1);
            let real = batch.min(n - done);
            let mut chunk = input[done * len..(done + real) * len].to_vec();
            chunk.resize(batch * len, 0.0);
            let outputs = run(self.name, plan, &[batch, self.side, self.side, 3], &chunk)?;
            if merged.is_empty() {
                merged = outputs.iter().map(|o| Output { shape: o.shape.clone(), values: Vec::new() }).collect();
            }
            for (into, out) in merged.iter_mut().zip(outputs) {
                let real_values = out.values.get(..real * out.width()).ok_or_else(|| VisionError::ModelOutput {
                    net: self.name,
                    detail: format!("output of shape {:?} for a batch of {batch}", out.shape),
                })?;
                into.values.extend_from_slice(real_values);
            }
            done += real;
        }
        for out in &mut merged {
            if let Some(first) = out.shape.first_mut() {
                *first = n;
            }
        }
        Ok(merged)
    }
}

/// The batch for `left` samples: the smallest planned size that holds them all if at most half
/// of it is padding, else the largest that they fill.
fn batch_size(left: usize) -> usize {
    let fits = BATCH_SIZES.iter().find(|&&n| n >= left && n <= 2 * left);
    let fill = BATCH_SIZES.iter().rev().find(|&&n| n <= left);
    fits.or(fill).copied().unwrap_or(BATCH_SIZES[0])
}

/// The FER classifier: a single fixed `[1, 1, 64, 64]` input.
pub(crate) struct Fer {
    plan: Plan,
}

/// FER input side, in pixels.
pub(crate) const FER_SIDE: usize = 64;

impl Fer {
    pub(crate) fn new(model: &InferenceModel) -> Result<Self, VisionError> {
        Ok(Fer { plan: make_plan("fer", model, &[1, 1, FER_SIDE, FER_SIDE])? })
    }

    pub(crate) fn run(&self, input: &[f32]) -> Result<Vec<Output>, VisionError> {
        run("fer", &self.plan, &[1, 1, FER_SIDE, FER_SIDE], input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_sample_with_little_padding() {
        for n in 1..200 {
            let (mut left, mut runs, mut padded) = (n, 0, 0);
            while left > 0 {
                let batch = batch_size(left);
                padded += batch.saturating_sub(left);
                left = left.saturating_sub(batch);
                runs += 1;
            }
            // At most half of the one padded batch is padding.
            assert!(padded <= n.min(8), "{n}: {padded} padded samples");
            assert!(runs <= n / 16 + 3, "{n}: {runs} runs");
        }
        assert_eq!((batch_size(1), batch_size(3), batch_size(7), batch_size(12), batch_size(140)), (1, 4, 4, 16, 16));
    }
}
