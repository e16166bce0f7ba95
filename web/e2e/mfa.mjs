// Sign-in with an authenticator app (issue 20 item 6), as a step of e2e/scenario.mjs: the admin invites an
// interviewer; on their profile page they set up the app — the QR code (an <img> of a data: address, allowed by the
// server's CSP) and the key in groups of four; this script plays the app, computing the codes (RFC 6238: HMAC-SHA1,
// 30-second steps, 6 digits) from the key. A wrong code is refused and the field marked; the right one turns it
// on. After signing out, the password leads to the code step (a single numeric field, autocomplete one-time-code):
// an expired step (answered by a route, as waiting 3 minutes is too long) goes back to the password form with a
// message; a wrong code says so and may be retried; the code of a later step than the set-up's (a code works only
// once) signs in. Then the admin turns it off from the users page (asked first; in the activity log) and the
// password alone signs in; set up once more, the user turns it off on the profile page (asked first).
// Screenshots mfa-setup (with the QR code), mfa-code, mfa-code-en, mfa-admin-reset.
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of a base32 text (RFC 4648, without padding; spaces and `=` ignored, any case). */
export function base32Decode(text) {
  const out = [];
  let value = 0;
  let bits = 0;
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = BASE32.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(c)} in ${text}`);
    value = ((value << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 30-second step holding `ms` (milliseconds since the epoch). */
export const stepAt = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

/** The 6-digit code of a base32 `secret` for a step (RFC 6238 over RFC 4226's dynamic truncation). */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

// RFC 6238 appendix B (SHA-1; the last 6 of its 8 digits): this script's codes are an app's codes.
{
  const rfc = base32Encode(Buffer.from('12345678901234567890'));
  for (const [time, code] of [[59, '287082'], [1111111109, '081804'], [1234567890, '005924'], [2000000000, '279037']]) {
    const got = totp(rfc, stepAt(time * 1000));
    if (got !== code) throw new Error(`the e2e TOTP is wrong: ${got} at ${time}, RFC 6238 says ${code}`);
  }
}

/** Base32 encoding, for the RFC check above only. */
function base32Encode(bytes) {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Six digits that are not the code of any step near now (a surely wrong code). */
function wrongCode(secret) {
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(secret, stepAt() + d)));
  for (let n = 0; ; n++) {
    const code = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page (signed in)
 * @param {() => Promise<import('playwright-core').Page>} o.newPage a page in a fresh browser context
 * @param {(page: import('playwright-core').Page, email: string, password: string) => Promise<void>} o.signIn
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe + English check
 * @param {(method: string, path: string) => Promise<boolean>} o.offered whether the server offers a route
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 * @param {string} o.BASE
 * @param {string} o.suffix
 */
/**
 * A screenshot of the page in English (its level-1 heading starting with `heading` there), then back to Japanese.
 * @param {import('playwright-core').Page} page
 */
async function inEnglish(page, shot, name, heading) {
  await page.getByLabel('表示言語').selectOption('en');
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${heading}`) }).waitFor();
  await shot(page, name);
  await page.getByLabel('Language').selectOption('ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
}

/** The admin invites `person` ({ email, name, password }) as `role` on the users page and waits for the notice. */
async function invite(admin, person, role) {
  await admin.getByRole('navigation').getByRole('link', { name: 'ユーザー', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  const form = admin.locator('form', { has: admin.getByRole('button', { name: '招待する' }) });
  await form.getByLabel('メールアドレス').fill(person.email);
  await form.getByLabel('表示名').fill(person.name);
  await form.getByLabel('役割').selectOption(role);
  await form.getByLabel(/初期パスワード/).fill(person.password);
  await form.getByRole('button', { name: '招待する' }).click();
  await admin.getByText(`${person.name} さんを招待しました。`).waitFor();
}

export async function mfaStep({ admin, newPage, signIn, shot, offered, log, setStep, BASE, suffix }) {
  if (!(await offered('POST', '/me/mfa/totp'))) {
    log('two-step sign-in: the server offers no authenticator-app sign-in yet (skipped)');
    return;
  }
  const who = { email: `mfa-${suffix}@demo.example`, name: `二段 四郎 ${suffix}`, password: `mfa-password-${suffix}` };
  const codeTitle = '確認コードを入力してください';
  const home = '面談一覧';

  setStep('two-step sign-in: the admin invites an interviewer with a password');
  await invite(admin, who, 'interviewer');

  setStep('two-step sign-in: the user sets up the authenticator app on the profile page (QR code and key)');
  const user = await newPage();
  await signIn(user, who.email, who.password);
  await user.getByRole('heading', { level: 1, name: home, exact: true }).waitFor();
  await user.goto(`${BASE}/t/demo/profile`);
  const card = user.getByTestId('profile-mfa');
  await card.getByRole('heading', { level: 2, name: '2 段階認証（認証アプリ）', exact: true }).waitFor();
  await card.locator('[data-mfa-state="off"]').waitFor();
  await card.getByRole('button', { name: '設定する', exact: true }).click();
  const qr = card.getByTestId('mfa-qr');
  await qr.waitFor();
  await user.waitForFunction(() => (document.querySelector('[data-testid="mfa-qr"]')?.naturalWidth ?? 0) > 0);
  const src = (await qr.getAttribute('src')) ?? '';
  if (!src.startsWith('data:image/svg+xml') || !decodeURIComponent(src.slice(src.indexOf(',') + 1)).includes('<svg')) {
    throw new Error(`the QR code is not an SVG data: image: ${src.slice(0, 60)}`);
  }
  if (!(await qr.getAttribute('alt'))) throw new Error('the QR code has no text alternative');
  const shown = card.locator('[data-secret]');
  const secret = (await shown.getAttribute('data-secret')) ?? '';
  if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Error(`the key is not base32: ${secret}`);
  const groups = await shown.locator('span').allInnerTexts();
  if (groups.join('') !== secret || groups.some((g, i) => g.length !== (i < groups.length - 1 ? 4 : secret.length - 4 * i))) {
    throw new Error(`the key is not shown in groups of four: ${groups.join(' ')} for ${secret}`);
  }
  const setupCode = card.getByLabel('確認コード（6 桁の数字）');
  for (const [attr, want] of [['inputmode', 'numeric'], ['autocomplete', 'one-time-code']]) {
    if ((await setupCode.getAttribute(attr)) !== want) throw new Error(`the set-up's code field has ${attr}=${await setupCode.getAttribute(attr)}`);
  }
  await card.scrollIntoViewIfNeeded();
  await shot(user, 'mfa-setup');

  setStep('two-step sign-in: a wrong code is refused, the current one turns it on');
  await setupCode.fill(wrongCode(secret));
  await card.getByRole('button', { name: '確認して有効にする' }).click();
  await card.getByRole('alert').getByText('確認コードが違います。', { exact: false }).waitFor();
  if ((await setupCode.getAttribute('aria-invalid')) !== 'true') throw new Error('the wrong set-up code is not marked invalid');
  // the code of now (fill, and so the server's check, may fall into the next step: one step of drift is allowed)
  const confirmedStep = stepAt();
  await setupCode.fill(totp(secret, confirmedStep));
  await card.getByRole('button', { name: '確認して有効にする' }).click();
  await card.locator('[data-mfa-state="on"]').waitFor();
  await card.getByText('2 段階認証を有効にしました。', { exact: false }).waitFor();
  await card.getByRole('button', { name: '解除する', exact: true }).waitFor();
  if (await card.getByTestId('mfa-setup').count()) throw new Error('the set-up is still shown after it was confirmed');

  setStep('two-step sign-in: after signing out, the password leads to the code step');
  await user.getByRole('button', { name: 'サインアウト', exact: true }).click();
  await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  const password = async () => {
    // from the tenant's start page, so the sign-in lands on the role's home
    await user.goto(`${BASE}/`);
    await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
    await user.getByLabel('メールアドレス').fill(who.email);
    await user.getByLabel('パスワード').fill(who.password);
    await user.getByRole('button', { name: 'サインイン' }).click();
    await user.getByRole('heading', { level: 1, name: codeTitle, exact: true }).waitFor();
  };
  await password();
  const code = user.getByLabel('確認コード（6 桁の数字）');
  for (const [attr, want] of [['inputmode', 'numeric'], ['autocomplete', 'one-time-code']]) {
    if ((await code.getAttribute(attr)) !== want) throw new Error(`the sign-in code field has ${attr}=${await code.getAttribute(attr)}`);
  }
  if ((await user.locator('input:visible').count()) !== 1) throw new Error('the code step has more than its one field');
  await user.getByText('スマートフォンの認証アプリに表示されている 6 桁の数字', { exact: false }).waitFor();
  await shot(user, 'mfa-code');
  await user.getByLabel('表示言語').selectOption('en');
  await user.getByRole('heading', { level: 1, name: 'Enter your sign-in code', exact: true }).waitFor();
  await user.getByLabel('Code (6 digits)').waitFor();
  await shot(user, 'mfa-code-en');
  await user.getByLabel('Language').selectOption('ja');
  await user.getByRole('heading', { level: 1, name: codeTitle, exact: true }).waitFor();

  setStep('two-step sign-in: an expired code step goes back to the password form with a message');
  const mfaRoute = '**/t/demo/v1/auth/mfa';
  await user.route(mfaRoute, (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'sign_in_expired', title: 'x', status: 401, detail: 'injected' }),
    }),
  );
  await code.fill(wrongCode(secret));
  await user.getByRole('button', { name: '確認してサインイン' }).click();
  await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  await user.getByRole('alert').getByText('確認コードを入力できる時間（3 分）が過ぎました。', { exact: false }).waitFor();
  await user.unroute(mfaRoute);

  setStep('two-step sign-in: a wrong code says so and may be retried; the next step\'s code signs in');
  await password();
  await code.fill(wrongCode(secret));
  await user.getByRole('button', { name: '確認してサインイン' }).click();
  await user.getByRole('alert').getByText('確認コードが違います。', { exact: false }).waitFor();
  if ((await code.getAttribute('aria-invalid')) !== 'true') throw new Error('the wrong sign-in code is not marked invalid');
  // the set-up used its step's code, and a code works once: a later step's (the next one's at the earliest,
  // accepted for one step of drift)
  await code.fill(totp(secret, Math.max(stepAt(), confirmedStep + 1)));
  await user.getByRole('button', { name: '確認してサインイン' }).click();
  await user.getByRole('heading', { level: 1, name: home, exact: true }).waitFor();
  await user.getByRole('button', { name: 'サインアウト' }).waitFor();

  setStep('two-step sign-in: the admin turns it off from the users page (asked first, in the activity log)');
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  const resets = admin.getByTestId('activity-log').locator('li[data-audit="mfa_reset"]');
  const before = await resets.count();
  await admin.locator(`tr[data-email="${who.email}"]`).getByRole('button', { name: '2 段階認証を解除' }).click();
  const dialog = admin.getByRole('dialog', { name: '2 段階認証を解除しますか？' });
  await dialog.getByText(`${who.name} さんのサインインで`, { exact: false }).waitFor();
  await dialog.getByRole('button', { name: '解除する', exact: true }).click();
  await admin.getByTestId('mfa-reset').getByText(`${who.name} さんの 2 段階認証を解除しました。`, { exact: false }).waitFor();
  await resets.filter({ hasText: `${who.name} さんの 2 段階認証を解除しました` }).first().waitFor();
  if ((await resets.count()) !== before + 1) throw new Error(`expected one more mfa_reset entry in the activity log, saw ${before} then ${await resets.count()}`);
  await shot(admin, 'mfa-admin-reset');

  setStep('two-step sign-in: after the reset the password alone signs in');
  await user.getByRole('button', { name: 'サインアウト', exact: true }).click();
  await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  await signIn(user, who.email, who.password);
  await user.getByRole('heading', { level: 1, name: home, exact: true }).waitFor();
  if (await user.getByRole('heading', { name: codeTitle }).count()) throw new Error('the code step was asked for after the reset');
  await user.goto(`${BASE}/t/demo/profile`);
  await card.locator('[data-mfa-state="off"]').waitFor();

  setStep('two-step sign-in: set up again, the user turns it off on the profile page (asked first)');
  await card.getByRole('button', { name: '設定する', exact: true }).click();
  const again = (await card.locator('[data-secret]').getAttribute('data-secret')) ?? '';
  if (!again || again === secret) throw new Error('setting up again did not give a new key');
  await card.getByLabel('確認コード（6 桁の数字）').fill(totp(again, stepAt()));
  await card.getByRole('button', { name: '確認して有効にする' }).click();
  await card.locator('[data-mfa-state="on"]').waitFor();
  const offDialog = user.getByRole('dialog', { name: '2 段階認証を解除しますか？' });
  await card.getByRole('button', { name: '解除する', exact: true }).click();
  await offDialog.getByRole('button', { name: 'キャンセル' }).click();
  await offDialog.waitFor({ state: 'detached' });
  await card.locator('[data-mfa-state="on"]').waitFor();
  await card.getByRole('button', { name: '解除する', exact: true }).click();
  await offDialog.getByRole('button', { name: '解除する', exact: true }).click();
  await card.locator('[data-mfa-state="off"]').waitFor();
  await card.getByText('2 段階認証を解除しました。', { exact: false }).waitFor();
  await user.context().close();
  log('two-step sign-in: set up with the QR code and key, wrong codes refused, an expired step restarts, the code signs in, the admin turns it off, the password alone signs in; set up again and turned off by the user');
}

/**
 * The tenant requires an authenticator app of admins and experts (issue 20 item 6), as a step of e2e/scenario.mjs
 * right after {@link mfaStep}: on テナント設定 the admin ticks the requirement and is refused until their own app is set
 * up (the API's words next to the checkbox, with the way to the profile); they set it up, turn the requirement on
 * (the count of admins and experts without an app read; in the activity log). An expert invited here signs in and
 * sees the set-up page instead of the queue (screenshot mfa-required), sets the app up there with a computed code
 * and lands on the queue; on the profile the app says it is required and offers no turning off. Then the admin
 * turns the requirement off again (in the activity log), the expert turns theirs off and the admin theirs, so the
 * scenario's later sign-ins with a password are as before. Screenshots mfa-policy, mfa-required, mfa-required-done.
 * @param {Parameters<typeof mfaStep>[0]} o
 */
export async function mfaRequiredStep({ admin, newPage, signIn, shot, offered, log, setStep, BASE, suffix }) {
  if (!(await offered('PUT', '/mfa/policy'))) {
    log('two-step sign-in required: the server offers no such rule yet (skipped)');
    return;
  }
  const expert = { email: `mfa-expert-${suffix}@demo.example`, name: `必須 五郎 ${suffix}`, password: `mfa-expert-${suffix}-pw` };
  const requiredTitle = '2 段階認証の設定が必要です';
  const queueTitle = '評価待ちの面談';
  const fieldLabel = '管理者と熟練面談者に認証アプリを必須にする';

  setStep('two-step sign-in required: the admin invites an expert with a password');
  await invite(admin, expert, 'expert');

  setStep('two-step sign-in required: turning it on before the admin has an app is refused, next to the checkbox');
  const openSettings = async () => {
    await admin.getByRole('navigation').getByRole('link', { name: 'テナント設定', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'テナント設定', exact: true }).waitFor();
    const card = admin.getByTestId('mfa-policy');
    await card.getByRole('heading', { level: 2, name: '2 段階認証', exact: true }).waitFor();
    return card;
  };
  let card = await openSettings();
  const box = card.getByLabel(fieldLabel);
  const withoutCount = async () => Number(await card.getByTestId('mfa-policy-without').getAttribute('data-count'));
  if (await box.isChecked()) throw new Error('the app is required of admins and experts before anyone turned it on');
  const before = await withoutCount();
  // the admin and at least this step's expert have none
  if (!(before >= 2)) throw new Error(`expected at least 2 admins and experts without an app, the card says ${before}`);
  await card.getByText(`未設定の管理者・熟練面談者: ${before} 人`, { exact: true }).waitFor();
  await box.check();
  await card.getByRole('button', { name: '保存', exact: true }).click();
  await card.getByRole('alert').getByText('先にご自身の 2 段階認証', { exact: false }).waitFor();
  if ((await box.getAttribute('aria-invalid')) !== 'true') throw new Error('the refused checkbox is not marked invalid');
  const described = (await box.getAttribute('aria-describedby')) ?? '';
  if (!described.split(' ').includes('mfa-policy-error')) throw new Error(`the refusal is not tied to the checkbox: ${described}`);

  setStep('two-step sign-in required: the admin sets up their own app from the link on the profile page');
  await card.getByRole('link', { name: 'プロフィールで認証アプリを設定する' }).click();
  await admin.getByRole('heading', { level: 1, name: 'プロフィール', exact: true }).waitFor();
  const own = admin.getByTestId('profile-mfa');
  await own.locator('[data-mfa-state="off"]').waitFor();
  await own.getByRole('button', { name: '設定する', exact: true }).click();
  const adminSecret = (await own.locator('[data-secret]').getAttribute('data-secret')) ?? '';
  await own.getByLabel('確認コード（6 桁の数字）').fill(totp(adminSecret, stepAt()));
  await own.getByRole('button', { name: '確認して有効にする' }).click();
  await own.locator('[data-mfa-state="on"]').waitFor();

  setStep('two-step sign-in required: the admin turns the requirement on (in the activity log)');
  card = await openSettings();
  if ((await withoutCount()) !== before - 1) throw new Error(`the admin's own app did not lower the count: ${before} then ${await withoutCount()}`);
  await card.getByLabel(fieldLabel).check();
  await card.getByRole('button', { name: '保存', exact: true }).click();
  await card.getByRole('status').getByText('管理者と熟練面談者に認証アプリを必須にしました。', { exact: true }).waitFor();
  if (await card.getByRole('alert').count()) throw new Error('the refusal is still shown after the requirement was saved');
  await card.scrollIntoViewIfNeeded();
  await shot(admin, 'mfa-policy');
  await inEnglish(admin, shot, 'mfa-policy-en', 'Tenant settings');
  await admin.reload();
  await admin.getByTestId('mfa-policy').getByLabel(fieldLabel).waitFor();
  if (!(await admin.getByTestId('mfa-policy').getByLabel(fieldLabel).isChecked())) throw new Error('the requirement did not persist');
  const policyLog = async (words) => {
    await admin.getByRole('navigation').getByRole('link', { name: 'ユーザー', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    await admin
      .getByTestId('activity-log')
      .locator('li[data-audit="mfa_policy_changed"]')
      .filter({ hasText: `管理者と熟練面談者の 2 段階認証を ${words}に変更しました` })
      .first()
      .waitFor();
  };
  await policyLog('任意 から 必須 ');

  setStep('two-step sign-in required: an expert without an app signs in and is shown the set-up instead of the queue');
  const user = await newPage();
  await signIn(user, expert.email, expert.password);
  await user.getByRole('heading', { level: 1, name: requiredTitle, exact: true }).waitFor();
  if (await user.getByRole('heading', { level: 1, name: queueTitle }).count()) throw new Error('the queue is shown to an expert without the required app');
  const setUpCard = user.getByTestId('profile-mfa');
  await setUpCard.locator('[data-mfa-state="off"]').waitFor();
  await setUpCard.getByTestId('mfa-required').getByText('このテナントでは必須です', { exact: false }).waitFor();
  await shot(user, 'mfa-required');
  await inEnglish(user, shot, 'mfa-required-en', 'Set up two-step sign-in');

  setStep('two-step sign-in required: the expert sets up the app on that page and lands on the queue');
  await setUpCard.getByRole('button', { name: '設定する', exact: true }).click();
  await setUpCard.getByTestId('mfa-qr').waitFor();
  const secret = (await setUpCard.locator('[data-secret]').getAttribute('data-secret')) ?? '';
  if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Error(`the key is not base32: ${secret}`);
  // On a phone (375 px), where people often set the app up: the QR code and the key fit without sideways scrolling.
  const desktop = user.viewportSize();
  await user.setViewportSize({ width: 375, height: 812 });
  const fit = await user.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  if (fit.page > fit.view) throw new Error(`the set-up page scrolls sideways at 375 px: ${JSON.stringify(fit)}`);
  await shot(user, 'mfa-required-375');
  if (desktop) await user.setViewportSize(desktop);
  await setUpCard.getByLabel('確認コード（6 桁の数字）').fill(totp(secret, stepAt()));
  await setUpCard.getByRole('button', { name: '確認して有効にする' }).click();
  await user.getByRole('heading', { level: 1, name: queueTitle, exact: true }).waitFor();
  if (await user.locator('[data-blocker]').count()) throw new Error('the set-up page is still shown after the app was set up');
  await user.goto(`${BASE}/t/demo/profile`);
  const profileCard = user.getByTestId('profile-mfa');
  await profileCard.locator('[data-mfa-state="on"]').waitFor();
  await profileCard.getByTestId('mfa-required').waitFor();
  if (await profileCard.getByRole('button', { name: '解除する', exact: true }).count()) throw new Error('turning off a required app is offered');
  await profileCard.scrollIntoViewIfNeeded();
  await shot(user, 'mfa-required-done');

  setStep('two-step sign-in required: the admin turns the requirement off again (in the activity log)');
  card = await openSettings();
  await card.getByLabel(fieldLabel).uncheck();
  await card.getByRole('button', { name: '保存', exact: true }).click();
  await card.getByRole('status').getByText('認証アプリを任意に戻しました。', { exact: true }).waitFor();
  await policyLog('必須 から 任意 ');

  setStep("two-step sign-in required: the expert's and the admin's apps are turned off again");
  const turnOff = async (page) => {
    await page.goto(`${BASE}/t/demo/profile`);
    const c = page.getByTestId('profile-mfa');
    await c.locator('[data-mfa-state="on"]').waitFor();
    if (await c.getByTestId('mfa-required').count()) throw new Error('the app is still said to be required after the rule was turned off');
    await c.getByRole('button', { name: '解除する', exact: true }).click();
    await page.getByRole('dialog', { name: '2 段階認証を解除しますか？' }).getByRole('button', { name: '解除する', exact: true }).click();
    await c.locator('[data-mfa-state="off"]').waitFor();
  };
  await turnOff(user);
  await turnOff(admin);
  await user.context().close();
  // the admin back where the scenario continues
  await admin.getByRole('navigation').getByRole('link', { name: 'ユーザー', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  log('two-step sign-in required: refused before the admin had an app, turned on (counted, in the activity log); an expert without an app saw only its set-up, set it up there and reached the queue, could not turn it off; turned off again, apps off');
}
