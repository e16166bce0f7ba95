// Issue 14 item 3, as a step of e2e/scenario.mjs: a candidate whose camera shows only darkness and whose
// microphone hears nothing. The device check names both problems and says no OK; after a recorded answer the
// review warns before anything is sent and offers a retake that is not counted (the counted retakes stay as
// they were). Its own browser carries the dark, silent fake devices; nothing is submitted, so the scenario's
// interview is untouched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** A near-black picture and a silent sound, in the formats Chromium's fake devices read. */
function darkSilentMedia() {
  const dir = join(here, '.media');
  mkdirSync(dir, { recursive: true });
  const y4m = join(dir, 'dark.y4m');
  const wav = join(dir, 'silent.wav');
  if (!existsSync(y4m))
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x0a0a0a:s=640x480:r=10', '-t', '4', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', y4m]);
  if (!existsSync(wav))
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '4', '-c:a', 'pcm_s16le', wav]);
  return { y4m, wav };
}

/**
 * @param {object} o
 * @param {string} o.BASE the server
 * @param {string} o.CHROMIUM the browser
 * @param {string} o.interviewId a self-interview the candidate consented to and has not started
 * @param {{ email: string, password: string }} o.candidate
 * @param {(page: import('playwright-core').Page, email: string, password: string) => Promise<void>} o.signIn
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 */
export async function qualityCheck({ BASE, CHROMIUM, interviewId, candidate, signIn, shot, log, setStep }) {
  const { y4m, wav } = darkSilentMedia();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`, `--use-file-for-fake-audio-capture=${wav}`,
    ],
  });
  try {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
    await ctx.grantPermissions(['camera', 'microphone'], { origin: BASE });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20000);
    page.on('pageerror', (e) => console.error(`  page error (dark camera): ${e.message}`));

    let step = 'a dark, silent camera: the device check says what is wrong and no OK';
    setStep(step);
    await signIn(page, candidate.email, candidate.password);
    await page.goto(`${BASE}/t/demo/self/${interviewId}/check`);
    await page.getByRole('button', { name: 'カメラとマイクを確認する' }).click();
    const checks = page.getByTestId('quality-checks');
    await checks.locator('[data-check="dark"][data-state="fail"]').waitFor();
    await checks.locator('[data-check="silent"][data-state="fail"]').waitFor();
    await checks.getByText('暗すぎます').waitFor();
    await checks.getByText('音声が聞こえません').waitFor();
    const headings = await page.locator('h2').allInnerTexts();
    const said = headings.filter((h) => /^(カメラ|マイク)/.test(h));
    if (said.some((h) => h.includes('OK')) || said.filter((h) => h.includes('要確認')).length !== 2)
      throw new Error(`the device check says OK for a dark, silent camera: ${said.join(' / ')}`);
    // where the browser cannot look for faces, it says so instead of claiming a face was seen
    const faceChecked = await page.evaluate(() => 'FaceDetector' in window);
    if (!faceChecked) await page.getByText('顔が映っているかを自動では確かめられません').waitFor();
    await shot(page, '09b-device-check-dark-silent');
    log(`${step} (face check ${faceChecked ? 'done' : 'not offered by this browser, and said so'})`);

    step = 'a dark, silent answer: the review warns before sending and retakes without using up a retake';
    setStep(step);
    await page.getByRole('button', { name: '面談を始める' }).click();
    await page.getByRole('button', { name: '回答を始める' }).click();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: '回答を終える' }).click();
    await page.getByRole('button', { name: '本番の質問へ進む' }).click();
    await page.getByText('質問 1 / 2').waitFor();
    await page.getByRole('button', { name: '回答を始める' }).click();
    await page.waitForTimeout(3000);
    await page.getByRole('button', { name: '回答を終える' }).click();
    const warning = page.getByTestId('quality-warning');
    await warning.getByText('この録画は使えないおそれがあります。').waitFor();
    await warning.getByText('暗すぎます').waitFor();
    await warning.getByText('音声が聞こえません').waitFor();
    // sending it anyway stays possible, and the counted retake is still there
    await page.getByRole('button', { name: 'この回答で次へ' }).waitFor();
    await page.getByRole('button', { name: '撮り直す（残り 1 回）' }).waitFor();
    await shot(page, '12e-interview-quality-warning');
    await warning.getByRole('button', { name: '撮り直す（回数に数えません）' }).click();
    await page.getByRole('button', { name: '回答を終える' }).waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: '回答を終える' }).click();
    await page.getByTestId('quality-warning').waitFor();
    // the uncounted retake left the set's one retake unused
    await page.getByRole('button', { name: '撮り直す（残り 1 回）' }).waitFor();
    log(step);
    await ctx.close();
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** The device check of a lit face that speaks: every check it ran passed, and camera and microphone say OK. */
export async function qualityPasses(page) {
  const checks = page.getByTestId('quality-checks');
  await checks.waitFor();
  await page.locator('[data-check="dark"][data-state="pass"]').waitFor();
  await page.locator('[data-check="silent"][data-state="pass"]').waitFor();
  if (await checks.locator('[data-state="fail"]').count()) throw new Error(`the device check found a problem with a lit, speaking face: ${await checks.innerText()}`);
  const said = (await page.locator('h2').allInnerTexts()).filter((h) => /^(カメラ|マイク)/.test(h));
  if (said.length !== 2 || !said.every((h) => h.includes('OK'))) throw new Error(`the device check does not say OK: ${said.join(' / ')}`);
}
