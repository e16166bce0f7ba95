// The face-to-face video call (issue 16) on `mendan serve`: the interviewee in a browser of their own with other
// fake media, the interviewer in the scenario's browser. The candidate cannot join before deciding about the
// recording; then both join through the relay, each sees the other's video (a frame of the remote stream is
// checked non-black and unlike their own camera), mute and camera-off reach the other side, a reload rejoins; the
// interviewer's browser records the candidate with the voices apart and sends parts while the call runs, the
// candidate's leave waits for that upload, the interviewer's end moves the interview to recorded, and the parts are
// analysed with each side's share of the talking. Prints join → first remote frame for both orders of joining and
// the delay from the end of the call to analysed recordings (measured, never asserted).
import { chromium } from 'playwright-core';
import { otherFakeMedia } from './media.mjs';

/** Runs in the page: the mean colour and luma (0-255) of a 32x24 copy of the video's current frame, or null before it has one. */
function frameOf(testId) {
  const v = document.querySelector(`[data-testid="${testId}"]`);
  if (!v || !v.videoWidth) return null;
  const c = document.createElement('canvas');
  c.width = 32;
  c.height = 24;
  const g = c.getContext('2d');
  g.drawImage(v, 0, 0, 32, 24);
  const d = g.getImageData(0, 0, 32, 24).data;
  const rgb = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) rgb[k] += d[i + k] / (d.length / 4);
  return { rgb, luma: 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] };
}

/** Waits until the video shows a picture (or, with `bright` false, a black frame); answers that frame. */
async function waitForPicture(page, testId, bright = true, timeout = 30000) {
  const until = Date.now() + timeout;
  for (;;) {
    const f = await page.evaluate(frameOf, testId);
    if (f && (bright ? f.luma > 20 : f.luma < 8)) return f;
    if (Date.now() > until) throw new Error(`no ${bright ? 'picture' : 'black frame'} in ${testId} within ${timeout} ms (last ${JSON.stringify(f)})`);
    await page.waitForTimeout(50);
  }
}

const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

export async function callStep({ BASE, CHROMIUM, launchArgs, admin, iv, people, signIn, shot, accessToken, log, setStep }) {
  setStep("video call: the admin sets the live hints' talk share limit on the question sets page");
  await admin.goto(`${BASE}/t/demo/admin/question-sets`);
  const callSettings = admin.getByRole('region', { name: 'ビデオ通話の設定' });
  await callSettings.getByLabel('面談者の発話割合の目安（%）').fill('35');
  await callSettings.getByRole('button', { name: '保存' }).click();
  await callSettings.getByText('ビデオ通話の設定を保存しました。').waitFor();

  setStep('video call: scheduled now through the API (the form schedules in the future)');
  const interviewerWasOn = iv.url();
  const token = await accessToken(admin);
  const created = await admin.evaluate(
    async ([token, people]) => {
      const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const users = await (await fetch('/t/demo/v1/users', { headers: h })).json();
      const idOf = (email) => users.find((u) => u.email === email).id;
      const body = { mode: 'face_to_face', interviewee_id: idOf(people.interviewee.email), interviewer_id: idOf(people.interviewer.email), scheduled_at: new Date().toISOString() };
      const r = await fetch('/t/demo/v1/interviews', { method: 'POST', headers: h, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    },
    [token, people],
  );
  if (created.status !== 201) throw new Error(`scheduling the call's interview answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id;

  const media = otherFakeMedia();
  const other = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: launchArgs(media) });
  try {
    const ctx = await other.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
    await ctx.grantPermissions(['camera', 'microphone'], { origin: BASE });
    const cand = await ctx.newPage();
    cand.setDefaultTimeout(20000);
    cand.on('pageerror', (e) => console.error(`  page error (candidate's call browser): ${e.message}`));
    await signIn(cand, people.interviewee.email, people.interviewee.password);

    setStep('video call: the candidate cannot join before deciding about the recording');
    await cand.goto(`${BASE}/t/demo/me`);
    await cand.locator(`[data-interview="${id}"]`).getByRole('link', { name: 'ビデオ通話に参加' }).click();
    await cand.getByRole('heading', { level: 1, name: 'ビデオ面談', exact: true }).waitFor();
    await waitForPicture(cand, 'local-video');
    await cand.getByRole('button', { name: '通話に参加' }).click();
    await cand.getByText('通話の前に、同意画面で録画に同意するかどうかを選んでください。').waitFor();
    await shot(cand, '27a-call-consent-first');
    await cand.goto(`${BASE}/t/demo/self/${id}/consent`);
    await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
    for (const kind of ['recording', 'ai_evaluation', 'training_use']) await cand.locator(`[data-consent="${kind}"]`).getByLabel('同意する').check();
    await cand.getByRole('button', { name: '選択を送信して次へ' }).click();
    await cand.getByTestId('consent-saved').getByRole('link', { name: 'ビデオ通話へ進む' }).click();
    await cand.getByRole('heading', { level: 1, name: 'ビデオ面談', exact: true }).waitFor();
    await waitForPicture(cand, 'local-video');
    await shot(cand, '27b-call-lobby');
    log('video call: consent first, then the waiting room');

    setStep('video call: the candidate waits, the interviewer joins, each sees the other');
    await cand.getByRole('button', { name: '通話に参加' }).click();
    await cand.getByTestId('call-phase').getByText('相手の参加を待っています…').waitFor();
    await iv.goto(`${BASE}/t/demo/interviews/${id}`);
    await iv.getByRole('link', { name: 'ビデオ通話に参加' }).click();
    await iv.getByRole('heading', { level: 1, name: 'ビデオ面談', exact: true }).waitFor();
    await waitForPicture(iv, 'local-video');
    const joinedAt = Date.now();
    await iv.getByRole('button', { name: '通話に参加' }).click();
    await waitForPicture(iv, 'remote-video');
    const masterSecond = Date.now() - joinedAt;
    await waitForPicture(cand, 'remote-video');
    for (const [page, who] of [[iv, 'interviewer'], [cand, 'candidate']]) {
      const [remote, own] = [await waitForPicture(page, 'remote-video'), await waitForPicture(page, 'local-video')];
      if (distance(remote.rgb, own.rgb) < 15) throw new Error(`the ${who} sees their own camera as the remote video: ${remote.rgb} vs ${own.rgb}`);
    }
    await iv.getByTestId('call-phase').getByText('通話中').waitFor();
    await iv.getByTestId('call-elapsed').waitFor();
    await iv.getByText('被面談者の映像').waitFor();
    await cand.getByText('面談者の映像').waitFor();
    // live hints: the interviewer's alone, from both audio tracks
    await iv.getByTestId('live-hints').waitFor();
    const limit = await iv.getByTestId('live-hints').getAttribute('data-talk-limit');
    if (limit !== '0.35') throw new Error(`the live hints do not use the tenant's talk share limit: ${limit}`);
    // both fake microphones speak: each side gets a share once the candidate's first words came through
    await iv.waitForFunction(() => parseInt(document.querySelector('[data-testid="hint-share-theirs"]')?.textContent ?? '', 10) > 0, null, { timeout: 20000 });
    const shares = [await iv.getByTestId('hint-share-mine').innerText(), await iv.getByTestId('hint-share-theirs').innerText()];
    if (shares.map((x) => parseInt(x, 10)).reduce((a, b) => a + b, 0) !== 100) throw new Error(`speaking shares do not add up: ${shares}`);
    if (await cand.getByTestId('live-hints').count()) throw new Error('the candidate sees the live hints');
    log(`video call: live hints show speaking shares ${shares.join(' / ')} (interviewer / candidate)`);
    await shot(iv, '27c-call-interviewer');
    await shot(cand, '27d-call-candidate');

    setStep('video call: mute and camera-off reach the other side');
    const remoteFlag = (name) => iv.locator('.call-main figure').getAttribute(name);
    await cand.getByRole('button', { name: 'マイクをオフ' }).click();
    await iv.getByText('相手のマイクはオフです').waitFor();
    if ((await remoteFlag('data-remote-muted')) !== 'true') throw new Error('mute did not reach the interviewer');
    await cand.getByRole('button', { name: 'カメラをオフ' }).click();
    await iv.getByText('相手のカメラはオフです').waitFor();
    await waitForPicture(iv, 'remote-video', false);
    await shot(iv, '27e-call-remote-muted-camera-off');
    await cand.getByRole('button', { name: 'マイクをオン' }).click();
    await cand.getByRole('button', { name: 'カメラをオン' }).click();
    await iv.getByText('相手のマイクはオフです').waitFor({ state: 'detached' });
    await waitForPicture(iv, 'remote-video');
    log('video call: both sides see each other; mute and camera-off shown');

    setStep('video call: a reload drops the candidate; the interviewer says so and both reconnect');
    await cand.reload();
    await iv.getByTestId('call-phase').getByText('接続が切れました。再接続しています…').waitFor();
    await cand.getByRole('heading', { level: 1, name: 'ビデオ面談', exact: true }).waitFor();
    await waitForPicture(cand, 'local-video');
    const rejoinedAt = Date.now();
    await cand.getByRole('button', { name: '通話に参加' }).click();
    await waitForPicture(cand, 'remote-video');
    const viewerSecond = Date.now() - rejoinedAt;
    await waitForPicture(iv, 'remote-video');
    await iv.getByTestId('call-phase').getByText('通話中').waitFor();

    setStep('video call: the interviewer records the candidate and sends each part while the call runs; both screens say so');
    await iv.getByTestId('call-recording').locator('.rec-dot').waitFor();
    // the candidate's reload ended the first part: it was sent at once
    await iv.locator('[data-testid="call-recording"]:not([data-sent="0"])').waitFor();
    await cand.locator('[data-testid="call-remote-recording"][data-on="true"]').waitFor();

    setStep('video call: English and a phone-width screen');
    await cand.setViewportSize({ width: 390, height: 844 });
    await shot(cand, '27f-call-phone');
    await iv.getByLabel('表示言語').selectOption('en');
    await iv.getByText('Video of: Interviewee').waitFor();
    await iv.getByRole('button', { name: 'Turn microphone off' }).waitFor();
    await shot(iv, '27g-en-call');
    await iv.getByLabel('Language').selectOption('ja');
    // a part long enough to describe the candidate (at least 10 s with a face and speech)
    await iv.waitForTimeout(Math.max(0, 14000 - (Date.now() - rejoinedAt)));

    setStep("video call: the candidate's leave waits for the interviewer's upload");
    // a slow uplink on the interviewer's side, so the wait can be seen (WebRTC media is not throttled)
    const cdp = await iv.context().newCDPSession(iv);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await cand.getByRole('button', { name: '退出' }).click();
    await cand.getByTestId('call-wait-upload').waitFor();
    await iv.getByText('被面談者が退出しようとしています。録画を終えて、残りを送信しています。').waitFor();
    await cand.locator('[data-testid="call-remote-recording"][data-on="false"]').waitFor();
    await shot(cand, '27h-call-candidate-waits-for-upload');
    await cand.getByText('通話を終了しました。').waitFor({ timeout: 60000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const sent = Number(await iv.getByTestId('call-recording').getAttribute('data-sent'));
    if (sent < 2 || (await iv.getByTestId('call-recording').getAttribute('data-queued')) !== '0') throw new Error(`the candidate left before the upload finished (sent ${sent})`);

    setStep('video call: the interviewer ends the interview; it moves to recorded');
    const endedAt = Date.now();
    await iv.getByRole('button', { name: '面談を終了して録画を送信' }).click();
    await iv.getByText('通話を終了しました。').waitFor();
    setStep('video call: the interview page says who joined and when');
    await iv.goto(`${BASE}/t/demo/interviews/${id}`);
    const attendance = iv.getByTestId('call-attendance');
    await attendance.locator('[data-seat="interviewer"]').waitFor();
    // the candidate's reload was a second join
    await attendance.locator('[data-seat="interviewee"]').getByText(/ほかに 1 回参加し直し/).waitFor();
    // both left by the button: the call's length is known
    await attendance.getByTestId('call-length').getByText(/通話の長さ: 約 \d+ 分/).waitFor();
    await shot(iv, '27i-call-attendance');
    log(`video call: join → first remote frame ${masterSecond} ms (interviewer joining a waiting candidate), ${viewerSecond} ms (candidate joining a waiting interviewer)`);

    setStep("video call: the recording's parts are analysed with the candidate's face and each side's share of the talking");
    const cards = iv.locator('[data-recording]');
    for (const until = Date.now() + 90000; ; ) {
      const states = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-recording-status')));
      if (states.length >= 2 && states.every((s) => s === 'analysed' || s === 'failed')) break;
      if (Date.now() > until) throw new Error(`call recordings not analysed: ${states}`);
      await iv.waitForTimeout(1000);
      await iv.reload();
      await iv.getByRole('heading', { level: 1 }).first().waitFor();
    }
    const analysedAfter = Date.now() - endedAt;
    const good = cards.filter({ hasText: '学習・予測に使える品質です' }).filter({ has: iv.getByTestId('call-shares') });
    await good.first().waitFor();
    const talk = good.first().getByTestId('call-shares');
    const [me, them] = [Number(await talk.getAttribute('data-interviewee')), Number(await talk.getAttribute('data-interviewer'))];
    if (!(me > 0 && them > 0)) throw new Error(`speaking shares of the call: interviewee ${me}%, interviewer ${them}%`);
    await shot(iv, '27j-call-recording-analysed');
    log(`video call: ${await cards.count()} recorded parts analysed ${analysedAfter} ms after the interviewer ended the call; talking ${me}% interviewee / ${them}% interviewer`);
  } finally {
    await other.close();
  }
  await iv.goto(interviewerWasOn);
  await iv.getByRole('heading', { level: 1 }).first().waitFor();
}
