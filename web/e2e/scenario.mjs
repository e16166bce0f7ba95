// The end-to-end scenario against a running `mendan serve` (MENDAN_URL), driven in headless Chromium:
// admin creates people, an evaluation item and a question set, schedules a self-interview; the
// interviewee consents, checks devices, answers the practice question and the question with a fake
// camera and microphone, and the upload completes; the interviewer opens the interview, sees the
// recording and rates it. Plus: declining consent blocks recording; another tenant's URL is closed.
// Screenshots of every main screen go to E2E_ARTIFACTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fakeMedia } from './media.mjs';
import { interviewVtt, meetingVtt } from './transcripts.mjs';
import { trainingStep } from './training.mjs';
import { englishSentences } from './english.mjs';
import { detailAnalysed, detailBeforeConsent, openRecordingDetails } from './detail-overview.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeFindings = [];
/** What the server's Content-Security-Policy blocked in the app (reported by Chromium as console errors). */
const cspViolations = [];
/** Runs axe-core (WCAG 2.1 A/AA) on the page; serious and critical findings fail the scenario at the end. */
async function audit(page, name) {
  // Evaluated through the DevTools protocol: the server's CSP (script-src 'self') rightly refuses
  // an inline <script>, and the scenario keeps that CSP in force to catch the app breaking it.
  await page.evaluate(`${axeSource}\n;undefined`);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  for (const v of result) {
    console.log(`  a11y ${name}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.join(' | ')})`);
    if (v.impact === 'serious' || v.impact === 'critical') axeFindings.push(`${name}: ${v.id}`);
  }
}

const BASE = process.env.MENDAN_URL ?? 'http://127.0.0.1:8080';
const PASSWORD = process.env.MENDAN_DEMO_PASSWORD ?? '';
const OUT = process.env.E2E_ARTIFACTS ?? join(process.cwd(), 'e2e', 'artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(OUT, { recursive: true });

const suffix = Date.now().toString(36);
const people = {
  interviewer: { email: `interviewer-${suffix}@demo.example`, name: `面談 太郎 ${suffix}`, password: 'interviewer-pass-1' },
  interviewee: { email: `candidate-${suffix}@demo.example`, name: `候補 花子 ${suffix}`, password: 'candidate-pass-12' },
  expert: { email: `expert-${suffix}@demo.example`, name: `熟練 次郎 ${suffix}`, password: 'expert-pass-1234' },
};

/** Chromium's flags, with a fake camera and microphone playing the given files. */
const launchArgs = ({ y4m, wav }) => [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${y4m}`, `--use-file-for-fake-audio-capture=${wav}`,
];
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: launchArgs(fakeMedia()) });

let step = 'start';
const pages = [];
const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const englishOnJapaneseScreens = [];
async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  await audit(page, name);
  for (const sentence of await englishSentences(page)) englishOnJapaneseScreens.push(`${name}: ${sentence}`);
}
async function newPage(lang = 'ja-JP') {
  const ctx = await browser.newContext({ locale: lang, viewport: { width: 1200, height: 900 } });
  await ctx.grantPermissions(['camera', 'microphone'], { origin: BASE });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  pages.push(page);
  return page;
}
// Routes of the server under test (its OpenAPI document): steps for features a server may not have yet check
// the "not yet available" state instead, so the scenario runs against older and newer binaries alike.
let apiDoc = null;
/** Whether the server's openapi.json lists a property of a schema (newer fields). */
async function schemaHas(schema, property) {
  if (!apiDoc) apiDoc = await (await fetch(`${BASE}/t/demo/v1/openapi.json`)).json();
  return Boolean(apiDoc.components?.schemas?.[schema]?.properties?.[property]);
}

async function offered(method, path) {
  if (!apiDoc) apiDoc = await (await fetch(`${BASE}/t/demo/v1/openapi.json`)).json();
  const shape = (p) => p.replace(/^\/t\/\{[^}]*\}\/v\d+/, '').replace(/\{[^}]*\}/g, '{}');
  return Object.entries(apiDoc.paths ?? {}).some(([p, ops]) => shape(p) === shape(path) && method.toLowerCase() in ops);
}
async function signIn(page, email, password) {
  await page.goto(`${BASE}/`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('button', { name: 'サインアウト' }).waitFor();
}
/**
 * An access token of the page's signed-in user, got the way the app gets one: `POST auth/refresh` in cookie mode
 * with the HttpOnly cookie (which it rotates: the cookie jar is shared, so the app's next refresh sends the new
 * one), under the app's Web Lock so it never refreshes at the same time as the app.
 */
async function accessToken(page, tenant = 'demo') {
  return page.evaluate(async (tenant) => {
    const ask = async () => {
      const r = await fetch(`/t/${tenant}/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'X-Mendan-Refresh': 'cookie', 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!r.ok) throw new Error(`auth/refresh answered ${r.status}`);
      return (await r.json()).token;
    };
    return navigator.locks ? navigator.locks.request(`mendan-refresh-${tenant}`, ask) : ask();
  }, tenant);
}

try {
  // ---- admin
  step = 'admin signs in';
  const admin = await newPage();
  await admin.goto(`${BASE}/`);
  await admin.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  await shot(admin, '01-signin-ja');
  await signIn(admin, 'admin@demo.example', PASSWORD);
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  log(step);

  step = 'sessions: the refresh token is an HttpOnly cookie, a reload resumes the session, signing out ends it';
  {
    // A session of its own (signing out revokes only it): the admin in a second browser.
    const s = await newPage();
    const authCalls = [];
    s.on('request', (r) => {
      if (r.url().includes('/v1/auth/')) authCalls.push({ path: new URL(r.url()).pathname, mode: r.headers()['x-mendan-refresh'] });
    });
    const leaked = [];
    s.on('response', async (r) => {
      if (!/\/v1\/auth\/(login|refresh)$/.test(new URL(r.url()).pathname) || !r.ok()) return;
      const body = await r.json().catch(() => null);
      if (body && typeof body === 'object' && 'refresh_token' in body) leaked.push(new URL(r.url()).pathname);
    });
    await signIn(s, 'admin@demo.example', PASSWORD);
    await s.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    const jar = async () => (await s.context().cookies()).find((c) => c.name === 'mendan_refresh');
    const cookie = await jar();
    if (!cookie || !cookie.httpOnly || cookie.sameSite !== 'Strict' || cookie.path !== '/t/demo/v1/auth') {
      throw new Error(`the refresh cookie is not HttpOnly, SameSite=Strict on /t/demo/v1/auth: ${JSON.stringify(cookie && { ...cookie, value: '…' })}`);
    }
    const visible = await s.evaluate(() => ({ cookie: document.cookie, stored: Object.keys(localStorage).filter((k) => k.startsWith('mendan.token')) }));
    if (visible.cookie.includes('mendan_refresh') || visible.stored.length) throw new Error(`script can see a credential: ${JSON.stringify(visible)}`);
    // a reload (no token in memory any more) resumes from the cookie, straight to the page, without the sign-in form
    await s.reload();
    await s.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    // two tabs starting at once share the cookie: the Web Lock makes their refreshes take turns, and both stay signed in
    const s2 = await s.context().newPage();
    await Promise.all([s.reload(), s2.goto(`${BASE}/t/demo/admin/users`)]);
    await s.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    await s2.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    await s2.close();
    const beforeSignOut = await jar();
    await s.getByRole('button', { name: 'サインアウト' }).click();
    await s.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
    await s.reload();
    await s.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
    const refreshStatus = () =>
      s.evaluate(async () => {
        const r = await fetch('/t/demo/v1/auth/refresh', { method: 'POST', headers: { 'X-Mendan-Refresh': 'cookie', 'Content-Type': 'application/json' }, body: '{}' });
        return r.status;
      });
    const afterSignOut = await refreshStatus();
    if (afterSignOut !== 401) throw new Error(`auth/refresh answered ${afterSignOut} after signing out`);
    // the cookie the browser held before signing out no longer works either: the session was revoked, not only forgotten
    await s.context().addCookies([beforeSignOut]);
    const replayed = await refreshStatus();
    if (replayed !== 401) throw new Error(`auth/refresh with the cookie of a signed-out session answered ${replayed}`);
    const plain = authCalls.filter((c) => c.mode !== 'cookie');
    if (plain.length) throw new Error(`auth calls without X-Mendan-Refresh: cookie: ${JSON.stringify(plain)}`);
    for (const path of ['/t/demo/v1/auth/login', '/t/demo/v1/auth/refresh', '/t/demo/v1/auth/logout']) {
      if (!authCalls.some((c) => c.path === path)) throw new Error(`the app never called ${path}: ${JSON.stringify(authCalls)}`);
    }
    if (leaked.length) throw new Error(`a refresh token in a JSON body the page can read: ${leaked.join(', ')}`);
    await s.context().close();
    pages.splice(pages.indexOf(s), 1);
  }
  log(step);

  step = 'admin invites an interviewer, an interviewee and an expert';
  for (const [role, p] of [['interviewer', people.interviewer], ['interviewee', people.interviewee], ['expert', people.expert]]) {
    const form = admin.locator('form', { has: admin.getByRole('button', { name: '招待する' }) });
    await form.getByLabel('メールアドレス').fill(p.email);
    await form.getByLabel('表示名').fill(p.name);
    await form.getByLabel('役割').selectOption(role);
    await form.getByLabel(/初期パスワード/).fill(p.password);
    await form.getByRole('button', { name: '招待する' }).click();
    await admin.getByText(`${p.name} さんを招待しました。`).waitFor();
    await admin.locator(`tr[data-email="${p.email}"]`).waitFor();
  }
  log(step);

  step = "admin records the interviewee's protected attributes";
  await admin.getByLabel('対象のユーザー').selectOption({ label: `${people.interviewee.name} (${people.interviewee.email})` });
  // Fixed choices, always with 回答しない (issue 14 item 13).
  await admin.getByLabel('性別（自己申告）').selectOption({ label: '回答しない' });
  await admin.getByRole('combobox', { name: /^年代/ }).selectOption({ label: '20 代' });
  await admin.getByRole('button', { name: '保存', exact: true }).click();
  await admin.getByText('保護属性を保存しました。').waitFor();
  await shot(admin, '02-admin-users');
  log(step);
  await (await import('./role-change.mjs')).roleChange({ admin, person: people.interviewee, shot, log, setStep: (s) => (step = s) });

  step = 'admin adds an evaluation item';
  await admin.getByRole('link', { name: '評価項目' }).click();
  await admin.getByLabel('名前').fill('コミュニケーション');
  await admin.getByLabel('説明').fill('相手に分かりやすく伝えられるか');
  await admin.getByRole('button', { name: '追加する' }).click();
  await admin.getByRole('heading', { level: 3, name: 'コミュニケーション', exact: true }).first().waitFor();
  await shot(admin, '03-admin-items');
  log(step);

  step = 'admin creates a question set';
  await admin.getByRole('link', { name: '質問セット' }).click();
  await admin.getByLabel('名前', { exact: true }).fill(`E2E セット ${suffix}`);
  await admin.getByLabel('質問 1', { exact: true }).fill('あなたの強みを教えてください。');
  await admin.getByLabel('回答時間（秒、10〜600）').fill('20');
  await admin.getByRole('button', { name: '質問を追加' }).click();
  await admin.getByLabel('質問 2', { exact: true }).fill('最近挑戦したことは何ですか。');
  await admin.getByLabel('回答時間（秒、10〜600）').nth(1).fill('15');
  await admin.getByLabel('練習用の質問（評価には使いません）').fill('練習です。今日の天気を教えてください。');
  await admin.getByLabel('練習の回答時間（秒）').fill('15');
  await admin.getByLabel('撮り直しの上限（0〜10）').fill('1');
  await admin.getByLabel('回答に応じた追加質問を使う').check();
  await admin.getByRole('button', { name: '作成する' }).click();
  await admin.getByText(`質問セット「E2E セット ${suffix}」を作成しました。`).waitFor();
  await shot(admin, '04-admin-question-sets');
  log(step);
  await (await import('./admin-polish.mjs')).adminPolish({ admin, setName: `E2E セット ${suffix}`, shot, log, setStep: (s) => (step = s) });

  step = 'admin opens the AI models page (no model yet), turns automatic retraining and the language model wording on';
  await admin.getByRole('navigation').getByRole('link', { name: 'AIモデル', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'AIモデル', exact: true }).waitFor();
  await admin.getByTestId('models-empty').waitFor();
  await admin.getByRole('button', { name: '新しいモデルを作成' }).waitFor();
  await admin.getByLabel('新しい熟練面談者の評価が集まったら自動で再学習する').check();
  await admin.getByLabel('再学習までの新しい評価の数（1〜1000）').fill('20');
  const wordingLabel = '追加質問とフィードバック下書きの文面を、言語モデル（Amazon Bedrock）に整えさせる';
  const wordingOffered = await schemaHas('ModelSettings', 'language_model_wording');
  if (wordingOffered) {
    const box = admin.getByLabel(wordingLabel);
    if (await box.isChecked()) throw new Error('the language model wording is on by default');
    // its explanation is tied to the checkbox and says what is sent where, and that it is off by default
    const help = await admin.locator(`#${await box.getAttribute('aria-describedby')}`).innerText();
    for (const words of ['被面談者の回答', 'Amazon Bedrock', '初期設定はオフ', '用意されていない環境']) {
      if (!help.includes(words)) throw new Error(`the wording explanation does not say ${JSON.stringify(words)}: ${help}`);
    }
    await box.check();
  }
  await admin.locator('form', { has: admin.locator('input[name="auto_retrain"]') }).getByRole('button', { name: '保存', exact: true }).click();
  await admin.getByText('設定を保存しました。', { exact: true }).waitFor();
  await admin.reload();
  await admin.locator('input[name="auto_retrain"]:checked').waitFor();
  const after = await admin.getByLabel('再学習までの新しい評価の数（1〜1000）').inputValue();
  if (after !== '20') throw new Error(`the retraining setting did not persist: ${after}`);
  if (wordingOffered) {
    if (!(await admin.getByLabel(wordingLabel).isChecked())) throw new Error('the language model wording setting did not persist');
    await admin.getByLabel(wordingLabel).scrollIntoViewIfNeeded();
  } else if (await admin.getByLabel(wordingLabel).count()) {
    throw new Error('the language model wording is offered by a server that does not know it');
  }
  await shot(admin, '04b-admin-models');
  log(wordingOffered ? `${step} (both kept after a reload)` : `${step}: the server has no language model option (not shown)`);
  await (await import('./scores-setting.mjs')).scoresSetting({ admin, log, setStep: (s) => (step = s) });

  step = 'admin schedules a self-interview';
  const schedule = async (deadline) => {
    await admin.getByRole('link', { name: '面談を予定' }).click();
    await admin.getByRole('heading', { level: 1, name: '面談を予定する', exact: true }).waitFor();
    await admin.getByLabel('自己面談').check();
    await admin.getByLabel('被面談者').selectOption({ label: `${people.interviewee.name} (${people.interviewee.email})` });
    await admin.getByLabel(/^面談者/).selectOption({ label: `${people.interviewer.name} (面談者)` });
    await admin.getByLabel('質問セット').selectOption({ label: `E2E セット ${suffix}` });
    // A self-interview may have a deadline (issue 15): the candidate is reminded before it.
    if (deadline) await admin.getByLabel('回答期限（任意）').fill(deadline);
    await admin.getByRole('button', { name: '予定する' }).click();
    await admin.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
    return admin.url().split('/').pop();
  };
  // a week on, typed as the form's local date and time (in any time zone well after the start, within 90 days)
  const inAWeek = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 16);
  const interviewId = await schedule(inAWeek);
  await admin.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  await admin.getByRole('term').filter({ hasText: /^回答期限$/ }).waitFor();
  const declineId = await schedule();
  await admin.getByRole('link', { name: '面談一覧' }).click();
  await admin.locator(`tr[data-interview="${interviewId}"]`).waitFor();
  await shot(admin, '05-admin-interviews');
  log(`${step}: ${interviewId}`);
  await (await import('./first-sign-in.mjs')).firstSignIn({ admin, newPage, signIn, shot, log, setStep: (s) => (step = s), BASE, suffix });
  await (await import('./mail.mjs')).mailStep({ admin, newPage, signIn, shot, log, setStep: (s) => (step = s), BASE, suffix, people });
  await (await import('./mfa.mjs')).mfaStep({ admin, newPage, signIn, shot, offered, log, setStep: (s) => (step = s), BASE, suffix });
  await (await import('./mfa.mjs')).mfaRequiredStep({ admin, newPage, signIn, shot, offered, log, setStep: (s) => (step = s), BASE, suffix });

  // ---- interviewee
  step = 'interviewee signs in and opens the consent screen';
  const cand = await newPage();
  const navStart = Date.now();
  await signIn(cand, people.interviewee.email, people.interviewee.password);
  await cand.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
  const tti = Date.now() - navStart;
  await cand.locator(`[data-interview="${interviewId}"] [data-testid="deadline"]`).waitFor();
  const nav = await cand.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0];
    return e ? { domInteractive: Math.round(e.domInteractive), load: Math.round(e.loadEventEnd) } : null;
  });
  log(`interviewee sign-in to interview list: ${tti} ms (navigation ${JSON.stringify(nav)})`);
  await shot(cand, '06-interviewee-home');

  step = 'declining recording consent blocks recording';
  await cand.goto(`${BASE}/t/demo/self/${declineId}/consent`);
  await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
  await cand.locator('[data-consent="recording"]').getByLabel('同意しない').check();
  await cand.locator('[data-consent="ai_evaluation"]').getByLabel('同意しない').check();
  await cand.locator('[data-consent="training_use"]').getByLabel('同意しない').check();
  await cand.getByRole('button', { name: '選択を送信して次へ' }).click();
  await cand.getByTestId('consent-declined').waitFor();
  await shot(cand, '07-consent-declined');
  await cand.goto(`${BASE}/t/demo/self/${declineId}/run`);
  await cand.getByText('録画への同意がないため、面談を始められません。').waitFor();
  const candToken = await accessToken(cand);
  const refused = await cand.evaluate(async ([id, token]) => {
    const r = await fetch(`/t/demo/v1/interviews/${id}/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ content_type: 'video/webm', size_bytes: 1000 }),
    });
    return { status: r.status, body: await r.json() };
  }, [declineId, candToken]);
  if (refused.status !== 403 || refused.body.type !== 'consent_missing') throw new Error(`upload without consent was not refused: ${JSON.stringify(refused)}`);
  // the declined choices are recorded too, training use included
  const declinedKinds = await cand.evaluate(async ([id, token]) => {
    const r = await fetch(`/t/demo/v1/interviews/${id}/consents`, { headers: { authorization: `Bearer ${token}` } });
    return (await r.json()).map((c) => `${c.kind}=${c.granted}`).sort().join(',');
  }, [declineId, candToken]);
  if (declinedKinds !== 'ai_evaluation=false,recording=false,training_use=false') throw new Error(`declined consents recorded as ${declinedKinds}`);
  log(step);

  step = 'interviewee consents';
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.locator(`[data-interview="${interviewId}"]`).getByRole('link', { name: '始める' }).click();
  await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
  await cand.locator('[data-consent="recording"]').getByLabel('同意する').check();
  await cand.locator('[data-consent="ai_evaluation"]').getByLabel('同意する').check();
  await cand.locator('[data-consent="training_use"]').getByLabel('同意する').check();
  await shot(cand, '08-consent');
  await cand.getByRole('button', { name: '選択を送信して次へ' }).click();
  // all three choices are recorded, training use included, and the device check follows
  await cand.waitForURL(/\/check$/);
  log(step);

  await (await import('./quality-check.mjs')).qualityCheck({ BASE, CHROMIUM, interviewId, candidate: people.interviewee, signIn, shot, log, setStep: (s) => (step = s) });
  step = 'device check';
  await cand.getByRole('heading', { level: 1, name: '機器の確認', exact: true }).waitFor();
  await cand.getByRole('button', { name: 'カメラとマイクを確認する' }).click();
  const go = cand.getByRole('button', { name: '面談を始める' });
  await go.waitFor();
  await cand.waitForFunction(() => !document.querySelector('.actions button:last-child')?.hasAttribute('disabled'));
  await (await import('./quality-check.mjs')).qualityPasses(cand);
  await shot(cand, '09-device-check');
  await go.click();
  log(step);

  step = 'practice question';
  await cand.getByRole('heading', { level: 1, name: '自己面談', exact: true }).waitFor();
  await cand.getByText('練習です。今日の天気を教えてください。').waitFor();
  await shot(cand, '10-interview-practice');
  await cand.getByRole('button', { name: '回答を始める' }).click();
  await cand.getByRole('button', { name: '回答を終える' }).waitFor();
  await cand.waitForTimeout(2500);
  await shot(cand, '11-interview-recording');
  await cand.getByRole('button', { name: '回答を終える' }).click();
  await cand.getByRole('button', { name: '本番の質問へ進む' }).click();
  log(step);

  step = 'question 1 is answered; its upload survives a server error (retry)';
  await cand.getByText('あなたの強みを教えてください。').waitFor();
  await cand.getByText('質問 1 / 2').waitFor();
  await cand.getByRole('button', { name: '回答を始める' }).click();
  // long enough for the analysis' minimum answer length (10 s)
  await cand.waitForTimeout(11500);
  await cand.getByRole('button', { name: '回答を終える' }).click();
  await cand.getByText('録画を確認してください。').first().waitFor();
  await shot(cand, '12-interview-review');
  let failedOnce = false;
  await cand.route('**/objects/**', async (route) => {
    if (route.request().method() === 'PUT' && !failedOnce) {
      failedOnce = true;
      return route.fulfill({ status: 500, body: 'injected failure' });
    }
    return route.continue();
  });
  await cand.getByRole('button', { name: 'この回答で次へ' }).click();
  const followUpsOn = await offered('POST', '/interviews/{id}/follow-ups');
  let followUpCount = 0;
  if (followUpsOn) {
    // the set has follow-ups on: the optional key points of the answer, then the follow-up question(s)
    await cand.getByTestId('keypoints').waitFor({ timeout: 30000 });
    await cand.unroute('**/objects/**');
    await cand.getByLabel('回答の要点（任意）').fill('前職で物流の出荷管理を担当し、作業の順番を見直して遅れを四割減らしました。');
    await shot(cand, '12b-interview-keypoints');
    const asked = Date.now();
    await cand.getByRole('button', { name: '追加の質問へ進む' }).click();
    await cand.getByText(/^質問 1 の追加質問（1 \/ \d）$/).waitFor();
    log(`follow-up question shown ${Date.now() - asked} ms after sending the key points`);
    await shot(cand, '12c-interview-follow-up');
    while (await cand.getByText(/^質問 1 の追加質問/).isVisible()) {
      followUpCount++;
      await cand.getByRole('button', { name: '回答を始める' }).click();
      await cand.waitForTimeout(3000);
      await cand.getByRole('button', { name: '回答を終える' }).click();
      await cand.getByRole('button', { name: 'この回答で次へ' }).click();
      await cand.getByText(followUpCount === 1 ? /^(質問 2 \/ 2|質問 1 の追加質問（2 \/ 2）)$/ : '質問 2 / 2').waitFor({ timeout: 30000 });
    }
  }
  await cand.getByText('最近挑戦したことは何ですか。').waitFor({ timeout: 30000 });
  await cand.unroute('**/objects/**');
  if (!failedOnce) throw new Error('the injected upload failure was never hit');
  log(`${step}${followUpsOn ? `; ${followUpCount} follow-up(s) asked and answered` : ' (the server offers no follow-ups yet)'}`);

  step = 'question 2: a reload keeps the answer under review and its retakes, leaving mid-answer warns, one retake, then the upload fails, the page is reloaded, and the answer is sent on resume';
  await cand.getByText('質問 2 / 2').waitFor();
  await cand.getByRole('button', { name: '回答を始める' }).click();
  await cand.waitForTimeout(2000);
  await cand.getByRole('button', { name: '回答を終える' }).click();
  // issue 14 item 7: the answer under review, and the retakes left, survive a reload
  await cand.getByRole('button', { name: '撮り直す（残り 1 回）' }).waitFor();
  await cand.waitForTimeout(500);
  await cand.reload();
  await cand.getByText('録画を確認してください。').first().waitFor({ timeout: 30000 });
  // one retake is allowed by the set, then no more
  await cand.getByRole('button', { name: '撮り直す（残り 1 回）' }).click();
  await cand.waitForTimeout(3000);
  // leaving through the header while recording asks first; staying keeps the recording going
  let leaveQuestion = null;
  cand.once('dialog', (d) => {
    leaveQuestion = d.message();
    void d.dismiss();
  });
  await cand.getByRole('navigation').getByRole('link').first().click();
  if (!leaveQuestion?.includes('回答はまだ送信されていません')) throw new Error(`leaving mid-answer did not warn: ${leaveQuestion}`);
  await cand.getByRole('button', { name: '回答を終える' }).click();
  await cand.getByText('撮り直しの上限に達しました。').waitFor();
  // a reload at the limit gives no new retakes
  await cand.waitForTimeout(500);
  await cand.reload();
  await cand.getByText('撮り直しの上限に達しました。').waitFor({ timeout: 30000 });
  await shot(cand, '12d-interview-retakes-after-reload');
  await cand.route('**/objects/**', (route) => (route.request().method() === 'PUT' ? route.abort('failed') : route.continue()));
  await cand.getByRole('button', { name: 'この回答で次へ' }).click();
  await cand.getByText(/アップロードできませんでした/).waitFor({ timeout: 30000 });
  await shot(cand, '13-upload-failed');
  await cand.unroute('**/objects/**');
  // Another device (no local progress, no kept answer): it reads the saved answers from the API and goes on
  // at question 2, saying calmly how many are saved; question 2's abandoned (pending) upload does not count.
  const device2 = await newPage();
  await signIn(device2, people.interviewee.email, people.interviewee.password);
  await device2.goto(`${BASE}/t/demo/self/${interviewId}/run`);
  await device2.getByText('2 問のうち 1 問の回答は、すでに保存されています。質問 2 から続けます。').waitFor();
  await device2.getByText('質問 2 / 2').waitFor();
  await device2.getByText('最近挑戦したことは何ですか。').waitFor();
  await shot(device2, '13b-resume-other-device');
  await device2.context().close();
  pages.splice(pages.indexOf(device2), 1);
  await cand.reload();
  if (followUpsOn) {
    // the kept answer is sent on resume; the key points of question 2 are optional: skip them
    await cand.getByTestId('keypoints').waitFor({ timeout: 60000 });
    await cand.getByRole('button', { name: 'スキップして次へ' }).click();
    // Seen once in about ten runs: the key points were still (or again) there after the skip (the resume's
    // planning can run twice, a race left for the self-interview's next change); skipping again reaches the end.
    const keypoints = cand.getByTestId('keypoints');
    await keypoints.waitFor({ state: 'detached', timeout: 20000 }).catch(() => undefined);
    const back = await keypoints.waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (back && !(await cand.getByRole('heading', { level: 1, name: 'おつかれさまでした', exact: true }).count())) {
      log('question 2: the key points were there after the skip (resume race); skipped again');
      await cand.getByRole('button', { name: 'スキップして次へ' }).click();
    }
  }
  await cand.getByRole('heading', { level: 1, name: 'おつかれさまでした', exact: true }).waitFor({ timeout: 60000 });
  await shot(cand, '14-done');
  // Opening the interview again: every answer is saved, so it goes straight to the done page.
  await cand.goto(`${BASE}/t/demo/self/${interviewId}/run`);
  await cand.waitForURL(/\/done$/);
  await cand.getByRole('heading', { level: 1, name: 'おつかれさまでした', exact: true }).waitFor();
  log(step);

  step = "another tenant's URL is closed to this user";
  const other = process.env.E2E_SECOND_TENANT ?? 'other';
  await cand.goto(`${BASE}/t/${other}/interviews/${interviewId}`);
  await cand.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  // the demo session's cookie is sent to the demo auth path only: a demo token, asked for from this page
  const demoToken = await accessToken(cand, 'demo');
  const cross = await cand.evaluate(
    async ([id, tenant, token]) => {
      const r = await fetch(`/t/${tenant}/v1/interviews/${id}`, { headers: { authorization: `Bearer ${token}` } });
      return r.status;
    },
    [interviewId, other, demoToken],
  );
  if (cross !== 404) throw new Error(`a demo token read tenant ${other}'s path with status ${cross}`);
  await shot(cand, '15-other-tenant');
  if (process.env.E2E_SECOND_ADMIN) {
    // The other tenant's admin cannot open this tenant's interview under their own tenant either.
    const acme = await newPage();
    await acme.goto(`${BASE}/t/${other}/`);
    await acme.getByLabel('メールアドレス').fill(process.env.E2E_SECOND_ADMIN);
    await acme.getByLabel('パスワード').fill(process.env.E2E_SECOND_PASSWORD ?? '');
    await acme.getByRole('button', { name: 'サインイン' }).click();
    await acme.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    await acme.goto(`${BASE}/t/${other}/interviews/${interviewId}`);
    await acme.getByText('面談が見つかりません。URL を確認してください。').waitFor();
    await shot(acme, '15b-other-tenant-admin');
    await acme.goto(`${BASE}/t/${other}/interviews`);
    await acme.getByText('面談はありません。').waitFor();
    await acme.context().close();
  }
  log(step);

  // ---- interviewer
  step = 'interviewer opens the interview and sees the recording';
  const iv = await newPage();
  await signIn(iv, people.interviewer.email, people.interviewer.password);
  await iv.getByRole('heading', { level: 1, name: '面談一覧', exact: true }).waitFor();
  await iv.getByRole('button', { name: '日別表示' }).click();
  await shot(iv, '16a-interviewer-day-view');
  await iv.getByRole('button', { name: '一覧' }).click();
  await iv.locator(`tr[data-interview="${interviewId}"]`).getByRole('link', { name: /開く/ }).click();
  await iv.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  await iv.locator('[data-recording-status]').nth(1 + followUpCount).waitFor();
  const statuses = () => iv.locator('[data-recording-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-recording-status')));
  let status = await statuses();
  for (let i = 0; i < 40 && status.some((s) => s === 'pending' || s === 'uploaded'); i++) {
    await iv.waitForTimeout(3000);
    status = await statuses();
  }
  log(`${step}: recording statuses ${status.join(', ')}`);
  if (status.length !== 2 + followUpCount || status.includes('pending')) throw new Error(`expected ${2 + followUpCount} uploaded recordings, got ${status}`);
  // Each recording says which question it answers; a follow-up's generated words come with it.
  const asked = await iv.locator('.recording .asked').allInnerTexts();
  if (!asked.some((a) => a.startsWith('質問 1'))) throw new Error(`no question shown with the recordings: ${asked}`);
  if (followUpCount > 0 && !asked.some((a) => a.startsWith('質問 1 の追加質問 1: '))) throw new Error(`the follow-up is not named: ${asked}`);
  // Playback and the analysis timeline: staff get presigned links; the player loads the video (Range requests)
  // and every analysed recording has the face / speaking / smiling chart under it.
  const apiRecs = await iv.evaluate(async ([id, token]) => {
    const r = await fetch(`/t/demo/v1/interviews/${id}/recordings`, { headers: { authorization: `Bearer ${token}` } });
    return r.json();
  }, [interviewId, await accessToken(iv)]);
  const analysed = apiRecs.filter((r) => r.status === 'analysed');
  if (!analysed.length) throw new Error(`no recording was analysed: ${apiRecs.map((r) => `${r.status} ${r.failure ?? ''}`).join(', ')}`);
  const bare = (u) => new URL(u, BASE).href.split('?')[0];
  for (const r of apiRecs.filter((x) => x.status !== 'pending')) {
    if (!r.download_url) throw new Error(`recording ${r.id} (${r.status}) has no download_url for the interviewer`);
    const player = iv.locator(`[data-recording="${r.id}"]`).getByTestId('player');
    const src = await player.getAttribute('src');
    if (!src || bare(src) !== bare(r.download_url)) throw new Error(`the player plays ${src}, not the download link ${r.download_url}`);
    const meta = await player.evaluate(
      (v) =>
        new Promise((resolve, reject) => {
          const done = () => resolve({ readyState: v.readyState, duration: v.duration });
          if (v.readyState >= 1) return done();
          v.addEventListener('loadedmetadata', done, { once: true });
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code} ${v.error?.message ?? ''}`)), { once: true });
          setTimeout(() => reject(new Error(`no metadata after 15 s (readyState ${v.readyState}, networkState ${v.networkState})`)), 15000);
        }),
    );
    if (meta.readyState < 1) throw new Error(`the video did not load its metadata: ${JSON.stringify(meta)}`);
  }
  for (const r of analysed) {
    if (!r.timeline_url) throw new Error(`analysed recording ${r.id} has no timeline_url`);
    // the chart is behind the recording's disclosure (issue 14 item 9)
    const chart = await openRecordingDetails(iv, r.id);
    const caption = await chart.locator('figcaption').innerText();
    if (!/秒のうち 顔の検出 \d+% · 発話 \d+% · 笑顔 \d+%/.test(caption)) throw new Error(`the timeline caption is ${caption}`);
  }
  log(`${step}: ${apiRecs.length} players load their video; ${analysed.length} timeline chart(s) drawn`);
  await iv.locator(`[data-recording="${analysed[0].id}"]`).scrollIntoViewIfNeeded();
  await iv.screenshot({ path: join(OUT, '16b-interviewer-playback.png') });
  // The interviewee's three choices, training use included, and the question set are in the overview.
  await detailAnalysed({ iv, setName: `E2E セット ${suffix}`, log, setStep: (s) => (step = s) });
  // The AI panel (admins and this interview's interviewer): no model has been trained in this run.
  await iv.locator('[data-ai-status="no_model"]').getByText('AIモデルがまだないため、予測はありません。', { exact: false }).waitFor();
  await shot(iv, '16-interviewer-detail');

  step = 'interviewer rates';
  await iv.locator('fieldset.scale').first().getByLabel('4').check();
  await iv.getByLabel('コメント（任意）').fill('落ち着いて話せていました。');
  await iv.getByRole('button', { name: '評価を保存' }).click();
  await iv.getByText('評価を保存しました。').waitFor();
  await iv.getByText('評価済み').first().waitFor();
  await shot(iv, '17-interviewer-rated');
  log(step);

  step = 'interviewer uploads a Teams transcript and sees the summary';
  const summary = iv.locator('[data-summary-state]');
  // Where the server transcribes recordings (mendan serve with its speech model, as tests/run.sh installs it),
  // the answers' transcript is already there; otherwise there is none yet. An uploaded file replaces either.
  await summary.getByText('文字起こしはまだありません。', { exact: false }).or(iv.locator('[data-summary-state="ready"]')).first().waitFor({ timeout: 60000 });
  const heard = (await summary.getAttribute('data-summary-state')) === 'ready';
  log(`before the upload the interview has ${heard ? 'the transcript the machine heard' : 'no transcript'}`);
  // a transcript there already is replaced through the folded "replace" form
  if (heard) await summary.getByText('文字起こしを差し替える').click();
  // a file that is not WebVTT: the server's problem detail is shown as it is
  await iv.getByLabel('文字起こしファイル').setInputFiles({ name: 'broken.vtt', mimeType: 'text/vtt', buffer: Buffer.from('これは字幕ではありません') });
  await iv.getByRole('button', { name: 'アップロードして要約する' }).click();
  // in the screen's language (issue 14 item 4), not the parser's English
  // (the server names the line it could not read: this file has no WEBVTT header on line 1)
  await summary.getByRole('alert').getByText('文字起こしファイルの 1 行目を読み取れません', { exact: false }).waitFor();
  await iv.getByLabel('文字起こしファイル').setInputFiles({ name: 'teams-meeting.vtt', mimeType: 'text/vtt', buffer: Buffer.from(interviewVtt()) });
  await iv.getByRole('button', { name: 'アップロードして要約する' }).click();
  await iv.locator('[data-summary-state="ready"]').waitFor();
  await summary.getByText('文字起こしを受け取り、要約しました。').waitFor();
  if ((await iv.getByTestId('summary-speaker').innerText()) !== '候補者') throw new Error('the summary did not take 候補者 as the interviewee');
  await summary.getByText(/^Q: .*成果を上げた経験を教えてください。/).waitFor();
  const kept = await iv.getByTestId('summary-kept').innerText();
  if (!/^\d+%/.test(kept)) throw new Error(`no kept ratio: ${kept}`);
  if (await offered('PUT', '/interviews/{id}/transcript/speaker')) {
    // the transcript's speakers are listed: the interviewee can be chosen again
    const pick = iv.getByLabel('被面談者の話者を選び直す');
    if ((await pick.inputValue()) !== '候補者' || !(await pick.locator('option', { hasText: '面接官' }).count())) throw new Error('the speaker selector does not offer the transcript speakers');
  }
  const sentences = await summary.locator('.summary-answers ul li').count();
  if (sentences < 1) throw new Error('the summary shows no sentence');
  await summary.scrollIntoViewIfNeeded();
  await shot(iv, '17b-interviewer-summary');
  log(`${step}: ${sentences} sentences, kept ${kept}`);

  step = 'retake request (issue 14 item 3): staff ask for a new answer to question 1; the candidate answers it again';
  await (await import('./retake-request.mjs')).retakeRequestStep({ admin, iv, cand, people, suffix, interviewId, BASE, shot, accessToken, log });
  step = 'feedback: the interviewer makes a draft, edits and approves it; the interviewee reads it';
  if (await offered('POST', '/interviews/{id}/feedback/approve')) {
    const fb = iv.locator('[data-feedback-state]');
    await iv.locator('[data-feedback-state="none"]').waitFor();
    const truth = await import('./feedback-truth.mjs'); // issue 14 item 2: what was found is shown as found
    await truth.addWalkCriteria({ admin, accessToken });
    // mendan serve has no language model: its drafts are the templates' own words. The draft's answer is changed to
    // say a language model worded it, to check the staff's note (the approval below answers `templates` again).
    const draftRoute = '**/v1/interviews/*/feedback';
    await iv.route(draftRoute, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const res = await route.fetch();
      const body = await res.json();
      if (body.written_by !== undefined && body.written_by !== 'templates') throw new Error(`mendan serve says a language model wrote the draft: ${body.written_by}`);
      await route.fulfill({ response: res, json: { ...body, written_by: 'language_model' } });
    });
    await fb.getByRole('button', { name: '下書きを作成' }).click();
    await iv.locator('[data-feedback-state="draft"]').waitFor();
    await iv.unroute(draftRoute);
    await fb.locator('[data-written-by="language_model"]').getByText('文面は言語モデルが整えました。内容の判定は Mendan のテンプレートによるものです。').waitFor();
    await truth.checkDraft({ iv, fb });
    const jaBox = iv.getByLabel('日本語の本文');
    const added = '面談では、具体的な数字を挙げて落ち着いて説明できていました。';
    await jaBox.fill(`${await jaBox.inputValue()}\n${added}`);
    // a draft stays hidden from the interviewee
    await cand.goto(`${BASE}/t/demo/me/${interviewId}/feedback`);
    await cand.locator('[data-feedback-state="preparing"]').getByText('フィードバックを準備しています。', { exact: false }).waitFor();
    await fb.scrollIntoViewIfNeeded();
    await shot(iv, '17c-interviewer-feedback-draft');
    iv.once('dialog', (d) => d.accept());
    await fb.getByRole('button', { name: '承認して被面談者に公開' }).click();
    await iv.locator('[data-feedback-state="approved"]').waitFor();
    await fb.getByText('承認しました。', { exact: false }).waitFor();
    if (await fb.locator('[data-written-by]').count()) throw new Error('the templates\' feedback is said to be worded by a language model');
    await shot(iv, '17d-interviewer-feedback-approved');
    await cand.goto(`${BASE}/t/demo/me`);
    await cand.locator(`[data-interview="${interviewId}"]`).getByRole('link', { name: 'フィードバックを見る' }).click();
    await cand.locator('[data-feedback-state="approved"]').getByText(added).waitFor();
    await truth.checkCandidatePage({ cand });
    await shot(cand, '17e-interviewee-feedback');
  } else {
    await iv.getByText('個別フィードバックは、このサーバーではまだ利用できません。').waitFor();
    await cand.goto(`${BASE}/t/demo/me/${interviewId}/feedback`);
    await cand.locator('[data-feedback-state="unavailable"]').waitFor();
    await shot(cand, '17e-interviewee-feedback-unavailable');
    log(`${step}: the server has no feedback routes yet (checked the "not yet available" state)`);
  }
  log(step);

  step = 'admin sets two report items, makes a report from a Teams VTT and downloads the workbook';
  await admin.getByRole('navigation').getByRole('link', { name: '帳票作成', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: '帳票作成', exact: true }).waitFor();
  if (await offered('POST', '/reports')) {
    for (const [n, name, description, keywords] of [
      [1, '予算', '費用やお金についての発言', '予算, 広告費、費用'],
      [2, '採用', '人を採ることについての発言', '採用、面接, 応募'],
    ]) {
      await admin.getByRole('button', { name: '項目を追加' }).click();
      const row = admin.getByRole('group', { name: `項目 ${n}`, exact: true });
      await row.getByLabel('名前').fill(name);
      await row.getByLabel('説明（任意）').fill(description);
      await row.getByLabel(/^キーワード/).fill(keywords);
    }
    await admin.getByRole('button', { name: '項目を保存' }).click();
    await admin.getByText('項目を保存しました。').waitFor();
    await admin.reload();
    await admin.getByRole('group', { name: '項目 2', exact: true }).getByLabel('名前').waitFor();
    if ((await admin.getByRole('group', { name: '項目 2', exact: true }).getByLabel('名前').inputValue()) !== '採用') throw new Error('the report items did not persist');
    await admin.getByLabel('帳票の題名').fill(`定例会議 ${suffix}`);
    await admin.getByLabel('会議の文字起こしファイル').setInputFiles({ name: 'meeting.vtt', mimeType: 'text/vtt', buffer: Buffer.from(meetingVtt()) });
    await admin.getByRole('button', { name: '帳票を作成する' }).click();
    await admin.getByText(`「定例会議 ${suffix}」の作成を始めました。`, { exact: false }).waitFor();
    const row = admin.locator('tr[data-report-state]', { hasText: `定例会議 ${suffix}` });
    await row.and(admin.locator(':not([data-report-state="pending"])')).waitFor({ timeout: 60000 });
    const state = await row.getAttribute('data-report-state');
    if (state !== 'ready') throw new Error(`the report was not made: ${state} ${await row.innerText()}`);
    const download = admin.waitForEvent('download');
    await row.getByRole('button', { name: /Excel をダウンロード/ }).click();
    const file = await download;
    const bytes = readFileSync(await file.path());
    if (bytes.subarray(0, 2).toString('latin1') !== 'PK') throw new Error(`the download is not an xlsx workbook (starts with ${JSON.stringify(bytes.subarray(0, 4).toString('latin1'))})`);
    if ((await row.getAttribute('data-report-source')) !== 'transcript') throw new Error('the VTT report is not shown as made from a transcript');
    await row.getByText('文字起こし', { exact: true }).waitFor();
    await shot(admin, '17f-admin-reports');
    log(`${step}: ${file.suggestedFilename()}, ${bytes.length} bytes`);

    if (await schemaHas('ReportInput', 'recording')) {
      step = 'reports: a meeting recording is transcribed by mendan serve itself and becomes a report (or, without the speech model, is refused clearly and nothing is listed)';
      const recTitle = `録画の会議 ${suffix}`;
      const puts = [];
      admin.on('request', (r) => r.method() === 'PUT' && !r.url().includes('/v1/') && puts.push(r.url()));
      await admin.getByLabel('帳票の題名').fill(recTitle);
      await admin.getByRole('group', { name: '何から作成しますか' }).getByLabel('会議の録画（音声・動画）').check();
      // a short meeting spoken in Japanese (tests/fixtures/speech: Kokoro-82M's voice)
      const meeting = readFileSync(new URL('../../tests/fixtures/speech/answer-ja.webm', import.meta.url));
      await admin.getByLabel('会議の録画ファイル').setInputFiles({ name: 'meeting.webm', mimeType: 'audio/webm', buffer: meeting });
      const created = admin.waitForResponse((r) => r.url().endsWith('/v1/reports') && r.request().method() === 'POST');
      await admin.getByRole('button', { name: '帳票を作成する' }).click();
      const res = await created;
      const sent = res.request().postDataJSON();
      if (sent.recording?.content_type !== 'audio/webm' || sent.recording?.size_bytes !== meeting.length || 'text' in sent) throw new Error(`unexpected recording request: ${JSON.stringify(sent)}`);
      const row = admin.locator('tr[data-report-state]', { hasText: recTitle });
      if (res.status() === 202) {
        // uploaded to the server's own link, transcribed on the machine, then classified: the row turns ready
        const refresh = admin.getByRole('region', { name: '作成した帳票' }).getByRole('button', { name: '最新の状態に更新' });
        for (let i = 0; i < 30 && (await row.getAttribute('data-report-state').catch(() => null)) !== 'ready'; i++) {
          await admin.waitForTimeout(2000);
          await refresh.click();
        }
        if ((await row.getAttribute('data-report-state')) !== 'ready') throw new Error(`the meeting recording's report is ${await row.getAttribute('data-report-state')}, not ready`);
        if (puts.length !== 1) throw new Error(`the recording was uploaded ${puts.length} times`);
        await shot(admin, '17g-admin-reports-recording-transcribed');
        log(`${step}: transcribed on the machine and ready`);
      } else {
        if (res.status() !== 422) throw new Error(`mendan serve answered a recording with ${res.status()}, not 202 or 422`);
        await admin.getByRole('alert').getByText('このサーバーでは録画の文字起こしができません。', { exact: false }).waitFor();
        const listed = admin.waitForResponse((r) => r.url().endsWith('/v1/reports') && r.request().method() === 'GET');
        await admin.getByRole('region', { name: '作成した帳票' }).getByRole('button', { name: '最新の状態に更新' }).click();
        const list = await (await listed).json();
        if (list.reports.some((r) => r.title === recTitle)) throw new Error('the API lists a refused recording as a report');
        if (puts.length) throw new Error(`something was uploaded for a refused recording: ${puts.join(', ')}`);
        await shot(admin, '17g-admin-reports-recording-refused');
        log(`${step}: refused (no speech model)`);
      }

      step = 'reports: a recording on a server that transcribes (answers faked in the browser): progress, failed upload, try again, "being transcribed"';
      // the AWS answers are played by the browser (upload failures cannot be made with the real server): POST /reports gives an
      // upload link, the first four PUTs fail (the automatic retries give up), "try again" sends it (held 1.5 s to
      // see the progress bar), and the list shows the report pending as "being transcribed".
      const fake = {
        id: '01a2ffff-0000-7000-8000-000000000001', title: `録画の会議（AWS） ${suffix}`, state: 'pending', source: 'recording',
        created_at: new Date().toISOString(), created_by: 'e2e', error: null,
      };
      let fakePuts = 0;
      let uploaded = false;
      await admin.route('**/v1/reports', async (route) => {
        const req = route.request();
        if (req.method() === 'POST') {
          return route.fulfill({ status: 202, json: { ...fake, upload: { url: `${BASE}/e2e-fake-object-store/meeting`, method: 'PUT', headers: { 'content-type': 'video/mp4' }, expires_at: new Date(Date.now() + 3600e3).toISOString() } } });
        }
        const res = await route.fetch();
        const body = await res.json();
        await route.fulfill({ response: res, json: uploaded ? { reports: [fake, ...body.reports] } : body });
      });
      await admin.route('**/e2e-fake-object-store/**', async (route) => {
        fakePuts++;
        if (route.request().headers()['content-type'] !== 'video/mp4') throw new Error('the recording was not sent with the signed content type');
        if (fakePuts <= 4) return route.abort('connectionreset');
        await new Promise((r) => setTimeout(r, 1500));
        uploaded = true;
        await route.fulfill({ status: 200, body: '' });
      });
      // the form again (a report the server took clears it)
      await admin.getByLabel('帳票の題名').fill(fake.title);
      await admin.getByRole('group', { name: '何から作成しますか' }).getByLabel('会議の録画（音声・動画）').check();
      await admin.getByLabel('会議の録画ファイル').setInputFiles({ name: 'meeting.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(64 * 1024, 7) });
      await admin.getByRole('button', { name: '帳票を作成する' }).click();
      await admin.getByRole('alert').getByText('録画をアップロードできませんでした', { exact: false }).waitFor({ timeout: 20000 });
      await admin.getByRole('alert').getByText('選んだファイルはこの画面に残っています。', { exact: false }).waitFor();
      await shot(admin, '17h-admin-reports-recording-upload-failed');
      await admin.getByRole('alert').getByRole('button', { name: 'もう一度試す' }).click();
      await admin.getByLabel('録画をアップロードしています').waitFor();
      await shot(admin, '17i-admin-reports-recording-uploading');
      await admin.getByText(`「${fake.title}」の録画を送りました。`, { exact: false }).waitFor();
      const fakeRow = admin.locator(`tr[data-report="${fake.id}"]`);
      await fakeRow.getByText('文字起こし中', { exact: true }).waitFor();
      if ((await fakeRow.getAttribute('data-report-source')) !== 'recording') throw new Error('the recording report is not shown as made from a recording');
      await fakeRow.getByText('録画', { exact: true }).waitFor();
      if (fakePuts !== 5) throw new Error(`expected 4 failed PUTs and 1 good one, saw ${fakePuts}`);
      await shot(admin, '17j-admin-reports-transcribing');
      await admin.unrouteAll({ behavior: 'wait' });
      log(step);
    } else {
      log('reports: the server takes no recordings yet (skipped the recording check)');
    }
  } else {
    await admin.getByText('帳票作成は、このサーバーではまだ利用できません。').waitFor();
    await shot(admin, '17f-admin-reports-unavailable');
    log(`${step}: the server has no report routes yet (checked the "not yet available" state)`);
  }

  // ---- expert
  step = 'expert rates from the queue, with training-use consent';
  const ex = await newPage();
  await signIn(ex, people.expert.email, people.expert.password);
  await ex.getByRole('heading', { level: 1, name: '評価待ちの面談', exact: true }).waitFor();
  await shot(ex, '18-expert-queue');
  await ex.goto(`${BASE}/t/demo/expert/${interviewId}`);
  await ex.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  await ex.locator('fieldset.scale').first().getByLabel('3').check();
  await ex.getByLabel('同意する').check();
  await ex.getByRole('button', { name: '評価を保存' }).click();
  await ex.getByText('評価を保存しました。').waitFor();
  await shot(ex, '19-expert-rated');
  // issue 14 item 10: back in the queue the interview is listed as rated by this expert, not as to rate
  await ex.goto(`${BASE}/t/demo/expert`);
  await ex.getByTestId('queue-rated').getByText('あなたは評価済みです').first().waitFor();
  if (await ex.getByTestId('queue-todo').locator(`a[href$="/expert/${interviewId}"]`).count()) throw new Error('a rated interview is still listed as to rate');
  await shot(ex, '19b-expert-queue-after-rating');
  log(step);

  step = 'the interviewer sees the result after reloading';
  await iv.reload();
  await iv.getByText('評価済み').first().waitFor();
  log(step);

  step = 'admin sees how far the ratings are from a model, a refused request with its reason, then one followed until trained';
  await trainingStep({ admin, shot, accessToken });
  log(step);

  step = 'tenant settings (issue 18): the contract read-only, this month\'s usage counted, planned maintenance announced in a banner';
  await admin.goto(`${BASE}/t/demo/admin/tenant`);
  await admin.getByRole('heading', { level: 1, name: 'テナント設定', exact: true }).waitFor();
  await admin.getByTestId('contract-plan').getByText('24 時間 365 日コース').waitFor();
  await admin.locator('[data-option="video_analysis"][data-contracted="true"]').waitFor();
  await admin.locator('[data-meter="self_interviews"]').waitFor();
  const held = Number(await admin.locator('[data-meter="self_interviews"]').textContent());
  if (!(held >= 1)) throw new Error(`this month's self-interviews are counted: ${held}`);
  await admin.getByTestId('maintenance-banner').getByText('システム更新のため停止します').waitFor();
  await admin.getByRole('button', { name: 'すべてのデータを書き出す', exact: true }).click();
  await admin.locator('[data-export-state="ready"]').first().waitFor({ timeout: 60000 });
  await shot(admin, '19t-tenant-settings');
  log(step);

  // Issue 19: the AI ethics page of the seeded tenant (E2E_ETHICS_TENANT), and the interviewee's self-declaration.
  await (await import('./ethics.mjs')).ethicsStep({ BASE, newPage, shot, log, setStep: (s) => (step = s) });
  await (await import('./ethics.mjs')).selfDeclarationStep({ cand, BASE, shot, accessToken, log, setStep: (s) => (step = s) });

  step = 'face-to-face: the interviewer records a second, short interview in the browser (consent first)';
  await admin.getByRole('navigation').getByRole('link', { name: '面談を予定', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: '面談を予定する', exact: true }).waitFor();
  await admin.getByLabel('対面面談').check();
  await admin.getByLabel('被面談者').selectOption({ label: `${people.interviewee.name} (${people.interviewee.email})` });
  await admin.getByLabel(/^面談者/).selectOption({ label: `${people.interviewer.name} (面談者)` });
  await admin.getByRole('button', { name: '予定する' }).click();
  await admin.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
  const f2fId = admin.url().split('/').pop();
  // without the interviewee's recording consent the screen says so and offers no recording
  await iv.goto(`${BASE}/t/demo/interviews/${f2fId}`);
  { const f2fStep = step; await detailBeforeConsent({ iv, intervieweeName: people.interviewee.name, shot, log, setStep: (s) => (step = s) }); step = f2fStep; }
  await iv.getByRole('link', { name: '対面面談を録画' }).click();
  await iv.getByRole('heading', { level: 1, name: '対面面談を録画', exact: true }).waitFor();
  await iv.getByTestId('f2f-no-consent').getByText('被面談者の録画への同意がまだないため、録画できません。').waitFor();
  if (await iv.getByRole('button', { name: '録画を開始' }).count()) throw new Error('recording is offered without consent');
  await shot(iv, '26a-f2f-no-consent');
  // the interviewee consents from their list (no device check: the interviewer records)
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.locator(`[data-interview="${f2fId}"]`).getByRole('link', { name: '録画への同意' }).click();
  await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
  for (const kind of ['recording', 'ai_evaluation', 'training_use']) await cand.locator(`[data-consent="${kind}"]`).getByLabel('同意する').check();
  await cand.getByRole('button', { name: '選択を送信して次へ' }).click();
  await cand.getByTestId('consent-saved').waitFor();
  // the interviewer checks again: preview and microphone level, start, elapsed time, stop
  await iv.getByRole('button', { name: '同意をもう一度確認' }).click();
  const startRec = iv.getByRole('button', { name: '録画を開始' });
  await startRec.waitFor();
  await iv.waitForTimeout(1000);
  await shot(iv, '26b-f2f-preview');
  // the same screen in English (the language selector), then back to Japanese for the rest of the step
  await iv.getByLabel('表示言語').selectOption('en');
  await iv.getByRole('heading', { level: 1, name: 'Record the face-to-face interview', exact: true }).waitFor();
  await iv.getByRole('button', { name: 'Start recording', exact: true }).waitFor();
  await shot(iv, '26b-en-f2f-preview');
  await iv.getByLabel('Language').selectOption('ja');
  await iv.getByRole('heading', { level: 1, name: '対面面談を録画', exact: true }).waitFor();
  await startRec.click();
  await iv.waitForTimeout(3500);
  const elapsed = await iv.getByTestId('elapsed').innerText();
  if (!/^0:0[2-9]$/.test(elapsed)) throw new Error(`the elapsed time shows ${elapsed} after 3.5 s`);
  await shot(iv, '26c-f2f-recording');
  await iv.getByRole('button', { name: '録画を停止' }).click();
  // every PUT fails: the recording is kept and "try again" sends it
  await iv.route('**/objects/**', (route) => (route.request().method() === 'PUT' ? route.abort('failed') : route.continue()));
  await iv.getByRole('button', { name: 'アップロード', exact: true }).click();
  await iv.getByText(/アップロードできませんでした/).waitFor({ timeout: 30000 });
  await shot(iv, '26d-f2f-upload-failed');
  await iv.unroute('**/objects/**');
  await iv.getByRole('button', { name: 'もう一度試す' }).click();
  await iv.getByText(/録画を保存しました/).waitFor({ timeout: 30000 });
  await iv.getByTestId('f2f-parts').getByText('保存済みの録画: 1 件').waitFor();
  // the camera preview is back for the next part
  await iv.waitForFunction(() => (document.querySelector('.f2f .self-view video')?.videoWidth ?? 0) > 0);
  await shot(iv, '26e-f2f-saved');
  await iv.getByRole('button', { name: /面談を終了/ }).click();
  await iv.waitForURL(new RegExp(`/interviews/${f2fId}$`));
  await iv.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  await iv.locator('[data-recording-status]').first().waitFor();
  const f2fStatus = await iv.evaluate(async ([id, token]) => {
    const r = await fetch(`/t/demo/v1/interviews/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return (await r.json()).status;
  }, [f2fId, await accessToken(iv)]);
  if (!['recorded', 'analysed'].includes(f2fStatus)) throw new Error(`the face-to-face interview is ${f2fStatus} after "finish"`);
  await shot(iv, '26f-f2f-detail');
  await iv.goto(`${BASE}/t/demo/interviews/${interviewId}`);
  await iv.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  log(`${step}: ${f2fId} is ${f2fStatus}`);

  await (await import('./call.mjs')).callStep({ BASE, CHROMIUM, launchArgs, admin, iv, people, signIn, shot, accessToken, log, setStep: (s) => (step = s) });
  await (await import('./editing.mjs')).editingStep({ admin, people, suffix, setName: `E2E セット ${suffix}`, BASE, shot, accessToken, offered, log, setStep: (s) => (step = s) });
  step = 'the English UI';
  const visitor = await newPage();
  await visitor.goto(`${BASE}/`);
  await visitor.getByLabel('表示言語').selectOption('en');
  await visitor.getByRole('heading', { level: 1, name: 'Sign in', exact: true }).waitFor();
  await visitor.getByLabel('E-mail address').waitFor();
  await shot(visitor, '20a-en-signin');
  await visitor.context().close();
  pages.splice(pages.indexOf(visitor), 1);
  await ex.getByLabel('表示言語').selectOption('en');
  await ex.getByRole('navigation').getByRole('link', { name: 'To rate', exact: true }).click();
  await ex.getByRole('heading', { level: 1, name: 'Interviews to rate', exact: true }).waitFor();
  await shot(ex, '20b-en-expert-queue');
  await ex.goto(`${BASE}/t/demo/expert/${interviewId}`);
  await ex.getByRole('heading', { level: 1, name: 'Interview', exact: true }).waitFor();
  await ex.getByRole('heading', { level: 2, name: 'Rating', exact: true }).waitFor();
  await shot(ex, '20c-en-expert-rating');
  await iv.getByLabel('表示言語').selectOption('en');
  await iv.getByRole('heading', { level: 1, name: 'Interview', exact: true }).waitFor();
  await shot(iv, '20-interviewer-detail-en');
  await admin.getByLabel('表示言語').selectOption('en');
  for (const [link, heading, name] of [
    ['Users', 'Users', 'en-admin-users'],
    ['Items', 'Evaluation items', 'en-admin-items'],
    ['Question sets', 'Question sets', 'en-admin-question-sets'],
    ['Interviews', 'Interviews', 'en-admin-interviews'],
    ['Schedule', 'Schedule an interview', 'en-admin-schedule'],
    ['AI models', 'AI models', 'en-admin-models'],
    ['Reports', 'Reports', 'en-admin-reports'],
    ['Ethics', 'AI ethics', 'en-admin-ethics'],
  ]) {
    await admin.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    await shot(admin, `21-${name}`);
  }
  // phones: the users table becomes one card per row at 375 px, nothing scrolls sideways
  await admin.setViewportSize({ width: 375, height: 812 });
  for (const [lang, link, heading, name] of [
    ['en', 'Users', 'Users', '21b-en-admin-users-phone'],
    ['ja', 'ユーザー', 'ユーザー', '21c-admin-users-phone'],
  ]) {
    if (lang === 'ja') await admin.getByLabel('Language').selectOption('ja');
    await admin.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    const row = admin.locator(`tr[data-email="${people.interviewer.email}"]`);
    await row.waitFor();
    const fit = await admin.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    const box = await row.boundingBox();
    if (fit.page > fit.view || !box || box.x < 0 || box.x + box.width > fit.view) throw new Error(`the users page overflows at 375 px: ${JSON.stringify({ fit, box })}`);
    await shot(admin, name);
  }
  await admin.setViewportSize({ width: 1200, height: 900 });
  await (await import('./consent-texts.mjs')).consentTextsStep({ admin, cand, answeredId: interviewId, upcomingId: declineId, BASE, shot, accessToken, log });
  await cand.goto(`${BASE}/t/demo/self/${declineId}/consent`);
  await cand.getByLabel('表示言語').selectOption('en');
  await cand.getByRole('heading', { level: 1, name: 'Consent to recording and use', exact: true }).waitFor();
  await shot(cand, '22-en-consent');
  // phones: the interviewee's screens at 390 px wide
  await cand.setViewportSize({ width: 390, height: 844 });
  await shot(cand, '23-en-consent-phone');
  for (const kind of ['recording', 'ai_evaluation', 'training_use']) await cand.locator(`[data-consent="${kind}"]`).getByLabel('I agree', { exact: true }).check();
  await cand.getByRole('button', { name: 'Send my choices and continue' }).click();
  await cand.getByRole('heading', { level: 1, name: 'Device check', exact: true }).waitFor();
  await cand.getByRole('button', { name: 'Check camera and microphone' }).click();
  await cand.waitForFunction(() => !document.querySelector('.actions button:last-child')?.hasAttribute('disabled'));
  await cand.waitForTimeout(1000);
  await shot(cand, '23b-en-device-check-phone');
  await cand.getByRole('button', { name: 'Start the interview' }).click();
  await cand.getByRole('heading', { level: 1, name: 'Self-interview', exact: true }).waitFor();
  await cand.getByText('Practice', { exact: true }).waitFor();
  await cand.getByText('練習です。今日の天気を教えてください。').waitFor();
  await cand.getByRole('button', { name: 'Start answering' }).waitFor();
  await shot(cand, '23c-en-practice-phone');
  await cand.goto(`${BASE}/t/demo/self/${interviewId}/done`);
  await cand.getByRole('heading', { level: 1, name: 'Thank you', exact: true }).waitFor();
  await shot(cand, '23d-en-done-phone');
  await cand.goto(`${BASE}/t/demo/me/${interviewId}/feedback`);
  await cand.getByRole('heading', { level: 1, name: 'Your feedback', exact: true }).waitFor();
  await cand.locator('[data-feedback-state]:not([data-feedback-state="loading"])').waitFor();
  await shot(cand, '23e-en-feedback-phone');
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.getByRole('heading', { level: 1, name: 'My interviews', exact: true }).waitFor();
  await shot(cand, '23f-en-my-interviews-phone');
  log(step);

  step = 'maintenance and outside-hours answers replace the page';
  const problemRoute = (status, type) => (route) =>
    route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ type, title: 'x', status, detail: 'injected' }) });
  await cand.route('**/t/demo/v1/me', problemRoute(503, 'maintenance'));
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.getByRole('heading', { level: 1, name: 'Under maintenance', exact: true }).waitFor();
  await cand.getByLabel('Language').selectOption('ja');
  await cand.getByRole('heading', { level: 1, name: 'メンテナンス中', exact: true }).waitFor();
  await shot(cand, '24-maintenance-phone');
  await cand.unroute('**/t/demo/v1/me');
  await cand.route('**/t/demo/v1/me', problemRoute(403, 'outside_service_hours'));
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.getByRole('heading', { level: 1, name: 'サービス提供時間外です', exact: true }).waitFor();
  await shot(cand, '25-outside-hours-phone');
  await cand.unroute('**/t/demo/v1/me');
  await cand.getByRole('button', { name: '再読み込み' }).click();
  await cand.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
  log(step);

  // Last of the live steps: it ends every session of the interviewee, the main page's included.
  step = 'sign out everywhere from the profile page: another browser of the same person is signed out too';
  {
    const other = await newPage();
    await signIn(other, people.interviewee.email, people.interviewee.password);
    await other.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
    await cand.goto(`${BASE}/t/demo/profile`);
    await cand.getByRole('button', { name: 'すべての端末からサインアウト' }).waitFor();
    // The mail section (issue 15): English-only mail, reminders kept; saved at once.
    await cand.getByRole('combobox', { name: /^メールの言語/ }).selectOption({ label: '英語のみ' });
    await cand.getByText('メールの受け取り方を保存しました。').waitFor();
    await cand.reload();
    const language = cand.getByRole('combobox', { name: /^メールの言語/ });
    await language.waitFor();
    if ((await language.inputValue()) !== 'en') throw new Error('the mail language was not kept');
    await shot(cand, '25b-profile-sessions');
    await cand.getByRole('button', { name: 'すべての端末からサインアウト' }).click();
    await cand.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
    await other.reload();
    await other.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
    await other.context().close();
    pages.splice(pages.indexOf(other), 1);
  }
  log(step);

  step = 'accessibility (axe-core, WCAG 2.1 AA) on every screenshot';
  if (axeFindings.length) throw new Error(`serious accessibility findings: ${axeFindings.join(', ')}`);
  log(step);

  step = 'no English sentences on any Japanese screen';
  if (englishOnJapaneseScreens.length) throw new Error(`English on Japanese screens:\n${englishOnJapaneseScreens.join('\n')}`);
  log(step);

  step = 'nothing the app does is blocked by the server\'s Content-Security-Policy';
  if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
  log(step);

  console.log(`E2E OK: all steps passed; screenshots in ${OUT}`);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error(`E2E FAILED at step "${step}": ${e?.message ?? e}`);
  for (const [i, page] of pages.entries()) {
    const path = join(OUT, `FAILED-page${i + 1}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    console.error(`failure screenshot (${page.url()}): ${path}`);
  }
  await browser.close().catch(() => undefined);
  process.exit(1);
}
