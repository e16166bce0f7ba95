"""Opens a report workbook written by `mendan report` with openpyxl (an independent reader) and
checks that every item holds sentences and the transcript sheet holds every cue.

    python tests/check_report_xlsx.py REPORT.xlsx ITEMS.json CUES
"""
import json
import sys

from openpyxl import load_workbook

path, items_path, cues = sys.argv[1], sys.argv[2], int(sys.argv[3])
book = load_workbook(path, read_only=True)
report, transcript = book["帳票 Report"], book["全文 Transcript"]
rows = list(report.iter_rows(min_row=2, values_only=True))
names = [item["name"] for item in json.load(open(items_path, encoding="utf-8"))]
for name in names:
    sentences = [r for r in rows if r[0] == name and r[3]]
    assert sentences, f"no sentences under {name}"
    print(f"{name}: {len(sentences)} sentences, e.g. {sentences[0][3]}")
transcript_rows = [r for r in transcript.iter_rows(min_row=2, values_only=True) if r[2]]
assert len(transcript_rows) == cues, f"{len(transcript_rows)} transcript rows for {cues} cues"
print(f"transcript: {len(transcript_rows)} utterances; workbook read by openpyxl")
