"""Checks model.onnx with Python onnxruntime against the scores tract computed.

    MENDAN_ML_EXPORT_DIR=/tmp/mlx cargo test -p mendan-ml --test train_predict boosted
    python3 shared/ml/tests/onnxruntime_check.py /tmp/mlx      # needs: pip install onnxruntime numpy
"""
import json
import sys

import numpy as np
import onnxruntime as ort

folder = sys.argv[1]
check = json.load(open(f"{folder}/check.json"))
# Missing values were written as null; the graph expects NaN.
rows = np.array([[np.nan if v is None else v for v in r] for r in check["rows"]], dtype=np.float32)
session = ort.InferenceSession(f"{folder}/model.onnx")
scores = session.run(["scores"], {"features": rows})[0]
diff = float(np.abs(scores - np.array(check["scores"])).max())
print(f"{len(rows)} rows, {scores.shape[1]} items, max |onnxruntime - tract| = {diff:.2e}")
sys.exit(0 if diff <= 1e-5 else 1)
