// Generates the fake camera (.y4m with a face) and microphone (.wav with speech) once per run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

export function fakeMedia() {
  const dir = join(here, '.media');
  mkdirSync(dir, { recursive: true });
  const y4m = join(dir, 'face.y4m');
  const wav = join(dir, 'speech.wav');
  let face = join(repo, 'tests/fixtures/faces/astronaut_640x480_zoom.png');
  if (!existsSync(face)) face = '/work/main/tests/fixtures/faces/astronaut_640x480_zoom.png';
  if (!existsSync(y4m)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', face, '-t', '4', '-r', '10', '-vf', 'scale=640:480,format=yuv420p', '-f', 'yuv4mpegpipe', y4m]);
  }
  if (!existsSync(wav)) {
    const raw = join(dir, 'speech-raw.wav');
    execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', raw,
      'Hello. My name is Taro. I enjoy working with people, and I like solving hard problems together with my team. ' +
      'In my last job I led a small project and learned a lot about listening.']);
    // 48 kHz mono 16-bit, as Chrome's fake audio capture expects
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
  }
  return { y4m, wav };
}
