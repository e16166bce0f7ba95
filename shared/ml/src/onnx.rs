//! Builds `model.onnx` from the card: one graph, input `features` float32 [N, F] (NaN = missing), output
//! `scores` float32 [N, I]:
//!
//! ```text
//! z      = (Where(IsNaN(x), mean, x) − mean) / std            impute, standardise
//! raw    = z · W + b                                          linear items (stump items have zero columns)
//!        + Cast(Gather(z, feature) > threshold) · D           stump items: each stump adds right − left
//! scores = Min(Max(raw, scale_min), scale_max)                clip to each item's scale
//! ```
//! A stump's `left` is folded into `b`, so only `right − left` needs the comparison. Opset 13, basic ops only,
//! so any ONNX runtime can load it.

use crate::card::{ItemModel, ModelCard};
use crate::error::{MlError, Result};
use prost::Message;
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::{Dimension, dimension};
use tract_onnx::pb::type_proto::{self, Tensor};
use tract_onnx::pb::{
    AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, TensorProto, TensorShapeProto, TypeProto,
    ValueInfoProto, attribute_proto::AttributeType,
};

pub const OPSET: i64 = 13;
pub const INPUT: &str = "features";
pub const OUTPUT: &str = "scores";

/// Serialises the card's model as an ONNX graph.
pub fn export(card: &ModelCard) -> Result<Vec<u8>> {
    let f = card.features.len();
    let n_items = card.items.len();
    let mut weights = vec![0f32; f * n_items];
    let mut bias = vec![0f32; n_items];
    let (mut stump_feature, mut stump_threshold, mut stump_diff) = (Vec::new(), Vec::new(), Vec::new());
    let mut stump_item = Vec::new();
    for (i, item) in card.items.iter().enumerate() {
        match &item.model {
            ItemModel::Ridge { intercept, weights: w, .. } | ItemModel::ElasticNet { intercept, weights: w, .. } => {
                if w.len() != f {
                    return Err(MlError::Card(format!("item {}: {} weights for {f} features", item.id, w.len())));
                }
                bias[i] = *intercept as f32;
                for (j, wj) in w.iter().enumerate() {
                    weights[j * n_items + i] = *wj as f32;
                }
            }
            ItemModel::BoostedStumps { base, stumps, .. } => {
                let mut b = *base;
                for s in stumps {
                    let j = card.features.iter().position(|x| x.name == s.feature).ok_or_else(|| {
                        MlError::Card(format!("item {}: stump on unknown feature {}", item.id, s.feature))
                    })?;
                    b += s.left;
                    stump_feature.push(j as i64);
                    stump_threshold.push(s.threshold as f32);
                    stump_diff.push((s.right - s.left) as f32);
                    stump_item.push(i);
                }
                bias[i] = b as f32;
            }
        }
    }
    let f32s = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
    let mean = f32s(&card.features.iter().map(|x| x.mean).collect::<Vec<_>>());
    let std = f32s(&card.features.iter().map(|x| x.std).collect::<Vec<_>>());
    let lo = f32s(&card.items.iter().map(|x| x.min).collect::<Vec<_>>());
    let hi = f32s(&card.items.iter().map(|x| x.max).collect::<Vec<_>>());

    let mut init = vec![
        float_tensor("mean", &[f], mean),
        float_tensor("std", &[f], std),
        float_tensor("weights", &[f, n_items], weights),
        float_tensor("bias", &[n_items], bias),
        float_tensor("scale_min", &[n_items], lo),
        float_tensor("scale_max", &[n_items], hi),
    ];
    let mut nodes = vec![
        node("IsNaN", &[INPUT], "missing", vec![]),
        node("Where", &["missing", "mean", INPUT], "imputed", vec![]),
        node("Sub", &["imputed", "mean"], "centred", vec![]),
        node("Div", &["centred", "std"], "z", vec![]),
        node("MatMul", &["z", "weights"], "linear", vec![]),
        node("Add", &["linear", "bias"], "raw", vec![]),
    ];
    let mut raw = "raw";
    if !stump_feature.is_empty() {
        let t = stump_feature.len();
        let mut diff = vec![0f32; t * n_items];
        for (k, (&d, &i)) in stump_diff.iter().zip(&stump_item).enumerate() {
            diff[k * n_items + i] = d;
        }
        init.push(TensorProto {
            name: "stump_feature".into(),
            dims: vec![t as i64],
            data_type: DataType::Int64 as i32,
            int64_data: stump_feature,
            ..Default::default()
        });
        init.push(float_tensor("stump_threshold", &[t], stump_threshold));
        init.push(float_tensor("stump_step", &[t, n_items], diff));
        nodes.extend([
            node("Gather", &["z", "stump_feature"], "stump_z", vec![int_attr("axis", 1)]),
            node("Greater", &["stump_z", "stump_threshold"], "stump_right", vec![]),
            node("Cast", &["stump_right"], "stump_on", vec![int_attr("to", DataType::Float as i64)]),
            node("MatMul", &["stump_on", "stump_step"], "stumps", vec![]),
            node("Add", &["raw", "stumps"], "raw_all", vec![]),
        ]);
        raw = "raw_all";
    }
    nodes.push(node("Max", &[raw, "scale_min"], "above_min", vec![]));
    nodes.push(node("Min", &["above_min", "scale_max"], OUTPUT, vec![]));

    let graph = GraphProto {
        name: "mendan_ratings".into(),
        node: nodes,
        initializer: init,
        input: vec![value_info(INPUT, f)],
        output: vec![value_info(OUTPUT, n_items)],
        doc_string: "features [N, F] (NaN = missing) → scores [N, I]; columns as in model.json".into(),
        ..Default::default()
    };
    let model = ModelProto {
        ir_version: 8,
        opset_import: vec![OperatorSetIdProto { domain: String::new(), version: OPSET }],
        producer_name: "mendan-ml".into(),
        producer_version: env!("CARGO_PKG_VERSION").into(),
        graph: Some(graph),
        ..Default::default()
    };
    Ok(model.encode_to_vec())
}

fn float_tensor(name: &str, dims: &[usize], data: Vec<f32>) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: DataType::Float as i32,
        float_data: data,
        ..Default::default()
    }
}

fn node(op: &str, inputs: &[&str], output: &str, attribute: Vec<AttributeProto>) -> NodeProto {
    NodeProto {
        op_type: op.into(),
        name: output.into(),
        input: inputs.iter().map(|s| (*s).to_owned()).collect(),
        output: vec![output.into()],
        attribute,
        ..Default::default()
    }
}

fn int_attr(name: &str, value: i64) -> AttributeProto {
    AttributeProto { name: name.into(), r#type: AttributeType::Int as i32, i: value, ..Default::default() }
}

/// A float32 [N, width] tensor with a symbolic batch dimension.
fn value_info(name: &str, width: usize) -> ValueInfoProto {
    let dims = [
        Dimension { denotation: String::new(), value: Some(dimension::Value::DimParam("N".into())) },
        Dimension { denotation: String::new(), value: Some(dimension::Value::DimValue(width as i64)) },
    ];
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            denotation: String::new(),
            value: Some(type_proto::Value::TensorType(Tensor {
                elem_type: DataType::Float as i32,
                shape: Some(TensorShapeProto { dim: dims.to_vec() }),
            })),
        }),
        ..Default::default()
    }
}
