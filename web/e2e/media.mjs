// Generates the fake camera (.y4m with a face) and microphone (.wav with speech) once per run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

/** Makes (once) a looping camera file from a photo and a microphone file of spoken English, under e2e/.media. */
function makeMedia({ name, photo, filter, voice, words }) {
  const dir = join(here, '.media');
  mkdirSync(dir, { recursive: true });
  const y4m = join(dir, `${name}.y4m`);
  const wav = join(dir, `${name}.wav`);
  let face = join(repo, 'tests/fixtures/faces', photo);
  if (!existsSync(face)) face = join('/work/main/tests/fixtures/faces', photo);
  if (!existsSync(y4m)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', face, '-t', '4', '-r', '10', '-vf', `${filter},format=yuv420p`, '-f', 'yuv4mpegpipe', y4m]);
  }
  if (!existsSync(wav)) {
    const raw = join(dir, `${name}-raw.wav`);
    execFileSync('espeak-ng', ['-v', voice.name, '-s', String(voice.speed), '-w', raw, words]);
    // 48 kHz mono 16-bit, as Chrome's fake audio capture expects
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
  }
  return { y4m, wav };
}

/** The scenario's camera (.y4m with a face) and microphone (.wav with speech). */
export function fakeMedia() {
  return makeMedia({
    name: 'face',
    photo: 'astronaut_640x480_zoom.png',
    filter: 'scale=640:480',
    voice: { name: 'en', speed: 150 },
    words:
      'Hello. My name is Taro. I enjoy working with people, and I like solving hard problems together with my team. ' +
      'In my last job I led a small project and learned a lot about listening.',
  });
}

/**
 * The other side of a video call: another face (the same photo turned and tinted) and another voice, so each
 * side's remote video is plainly not its own camera.
 */
export function otherFakeMedia() {
  return makeMedia({
    name: 'other-face',
    photo: 'astronaut_512.png',
    filter: 'scale=480:480,pad=640:480:80:0:color=0x336699,hue=h=40',
    voice: { name: 'en-us', speed: 140 },
    words: 'Thank you for joining today. Could you tell me about a time you worked in a team? What did you learn from it?',
  });
}
