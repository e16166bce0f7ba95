"""Opens a report workbook written by `mendan report` with openpyxl (an independent reader) and
checks that each sheet opens with the title, the date and the meeting, that every printed page
carries the title and a page number, that every item holds sentences and that the transcript
sheet holds every cue.

    python tests/check_report_xlsx.py REPORT.xlsx ITEMS.json CUES
"""
import json
import sys

from openpyxl import load_workbook

# The table's header is on row 5 (after title, date, meeting and a blank row); data from row 6.
FIRST_DATA_ROW = 6

path, items_path, cues = sys.argv[1], sys.argv[2], int(sys.argv[3])
book = load_workbook(path)
report, transcript = book["帳票 Report"], book["全文 Transcript"]
for sheet in (report, transcript):
    title = sheet["A1"].value
    assert title, f"{sheet.title}: no title in A1"
    assert sheet["A2"].value == "作成日 Created" and sheet["B2"].value, f"{sheet.title}: no date"
    assert sheet["A3"].value == "会議 Meeting" and sheet["B3"].value, f"{sheet.title}: no meeting line"
    assert title.replace("&", "&&")[:80] in (sheet.oddHeader.left.text or ""), f"{sheet.title}: title not in the page header"
    assert "&P" in (sheet.oddFooter.center.text or ""), f"{sheet.title}: no page number in the footer"
print(f"heading: {report['A1'].value} / {report['B2'].value} / {report['B3'].value}")
rows = list(report.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
names = [item["name"] for item in json.load(open(items_path, encoding="utf-8"))]
for name in names:
    sentences = [r for r in rows if r[0] == name and r[3]]
    assert sentences, f"no sentences under {name}"
    print(f"{name}: {len(sentences)} sentences, e.g. {sentences[0][3]}")
transcript_rows = [r for r in transcript.iter_rows(min_row=FIRST_DATA_ROW, values_only=True) if r[2]]
assert len(transcript_rows) == cues, f"{len(transcript_rows)} transcript rows for {cues} cues"
print(f"transcript: {len(transcript_rows)} utterances; workbook read by openpyxl")
