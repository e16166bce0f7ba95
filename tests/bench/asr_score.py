"""Character error rate of `mendan listen --json` lines (stdin) against OUT/truth.json: on the written
characters (NFKC, punctuation and spaces removed) and on the readings in katakana (pyopenjtalk), which
does not count 三百 against 300 or a homophone's other kanji. Also the real-time factor.
Usage: mendan listen --json OUT/*.wav | asr_score.py OUT/truth.json"""
import json
import os
import sys
import unicodedata

import pyopenjtalk

PUNCTUATION = set('、。，．,.!?！？「」『』（）()・…ー-　 ')


def written(text):
    return [c for c in unicodedata.normalize('NFKC', text) if c not in PUNCTUATION and not c.isspace()]


def reading(text):
    return [c for c in pyopenjtalk.g2p(unicodedata.normalize('NFKC', text), kana=True) if c not in PUNCTUATION]


def distance(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


truth = json.load(open(sys.argv[1], encoding='utf-8'))
errors = {'written': [0, 0], 'reading': [0, 0]}
audio = taken = 0.0
for line in sys.stdin:
    got = json.loads(line)
    said = truth[os.path.basename(got['file'])]
    heard = ''.join(s['text'] for s in got['segments'])
    for kind, split in (('written', written), ('reading', reading)):
        ref, hyp = split(said), split(heard)
        errors[kind][0] += distance(ref, hyp)
        errors[kind][1] += len(ref)
    audio += got['duration_s']
    taken += got['elapsed_s']
    print(f"{os.path.basename(got['file'])}: {got['duration_s']:.1f} s in {got['elapsed_s']:.1f} s | {heard[:60]}")
print(f"\nanswers: {len(truth)}, speech: {audio / 60:.1f} min")
for kind, (e, n) in errors.items():
    print(f"character error rate, {kind}: {e / n:.3f} ({e} of {n} characters)")
print(f"real-time factor: {taken / audio:.3f} (recognition time / audio time, model loaded once)")
