"""Recomputes every figure of a Mendan fairness report that Fairlearn also computes, with Fairlearn, from the
same out-of-fold predictions (`mendan ethics` writes report.json and predictions.csv), and fails on any
difference above 1e-9: per-group selection, true- and false-positive rates and mean absolute error (MetricFrame),
demographic parity difference and ratio, equalized odds difference.

Usage: check_fairness.py DIR
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import mean_absolute_error

TOLERANCE = 1e-9


def passes(basis, score, threshold):
    return score >= threshold if basis == "tenant" else score > threshold


def close(name, ours, theirs, failures):
    if ours is None or abs(ours - theirs) > TOLERANCE:
        failures.append(f"{name}: Mendan {ours}, Fairlearn {theirs}")


def main(directory):
    report = json.loads((Path(directory) / "report.json").read_text())
    with open(Path(directory) / "predictions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    failures, checked = [], 0
    for attribute in report["attributes"]:
        name = attribute["attribute"]
        for item in attribute["items"]:
            item_rows = [r for r in rows if r["item"] == item["item_id"]]
            selection = item.get("selection")
            if selection:
                groups = {g["group"] for g in selection["groups"]}
                used = [r for r in item_rows if r[name] in groups]
                t, basis = selection["threshold"], selection["basis"]
                y_true = np.array([passes(basis, float(r["label"]), t) for r in used], dtype=int)
                y_pred = np.array([passes(basis, float(r["predicted"]), t) for r in used], dtype=int)
                sensitive = [r[name] for r in used]
                frame = MetricFrame(
                    metrics={"selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
                    y_true=y_true,
                    y_pred=y_pred,
                    sensitive_features=sensitive,
                )
                where = f"{name}/{item['item_id']}"
                for g in selection["groups"]:
                    close(f"{where}/{g['group']} selection rate", g["selection_rate"], frame.by_group.loc[g["group"], "selection_rate"], failures)
                    close(f"{where}/{g['group']} TPR", g["true_positive_rate"], frame.by_group.loc[g["group"], "tpr"], failures)
                    close(f"{where}/{g['group']} FPR", g["false_positive_rate"], frame.by_group.loc[g["group"], "fpr"], failures)
                    checked += 3
                close(f"{where} demographic parity difference", selection["demographic_parity_difference"],
                      demographic_parity_difference(y_true, y_pred, sensitive_features=sensitive), failures)
                close(f"{where} demographic parity ratio", selection["demographic_parity_ratio"],
                      demographic_parity_ratio(y_true, y_pred, sensitive_features=sensitive), failures)
                close(f"{where} equalized odds difference", selection["equalized_odds_difference"],
                      equalized_odds_difference(y_true, y_pred, sensitive_features=sensitive), failures)
                checked += 3
            errors = (item.get("predictions") or {}).get("errors") or []
            if errors:
                groups = {e["group"] for e in errors}
                used = [r for r in item_rows if r[name] in groups]
                frame = MetricFrame(
                    metrics=mean_absolute_error,
                    y_true=[float(r["label"]) for r in used],
                    y_pred=[float(r["predicted"]) for r in used],
                    sensitive_features=[r[name] for r in used],
                )
                for e in errors:
                    close(f"{name}/{item['item_id']}/{e['group']} MAE", e["mae"], frame.by_group.loc[e["group"]], failures)
                    checked += 1
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    if checked == 0:
        sys.exit("nothing to check: the report has no selection or error figures")
    print(f"fairness: {checked} figures match Fairlearn to {TOLERANCE}")
    check_workbooks(Path(directory), report)


def check_workbooks(directory, report):
    """The print-ready workbooks open in openpyxl (an independent reader), every sheet set for A4, and the summary
    reads out as many findings as the report has flags."""
    import openpyxl

    for name, summary in [("report-ja.xlsx", "概要"), ("report-en.xlsx", "Summary")]:
        book = openpyxl.load_workbook(directory / name)
        for sheet in book.worksheets:
            if str(sheet.page_setup.paperSize) != "9":
                sys.exit(f"{name}/{sheet.title}: paper size {sheet.page_setup.paperSize}, not A4 (9)")
        lines = [row[0] for row in book[summary].iter_rows(values_only=True) if row[0]]
        findings = len(lines) - 6  # title, subject, made, interviews, limits, the findings' heading
        if findings != len(report["flags"]):
            sys.exit(f"{name}: {findings} findings read out, {len(report['flags'])} flags")
    print(f"fairness workbooks: {len(report['flags'])} findings read out in Japanese and English, A4")


if __name__ == "__main__":
    main(sys.argv[1])
