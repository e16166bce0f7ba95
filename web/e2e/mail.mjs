// Mail (issue 15), as a step of e2e/scenario.mjs: the admin's 送信メール page lists the invitations and the
// interview notices the scenario caused; a freshly invited interviewee's invitation is saved from that page as
// an .eml file, its set-password link read out of the MIME text part, opened in a fresh browser (the token
// leaves the address bar at once), a password set and used to sign in; then 「パスワードをお忘れの方」 asks for
// a reset (the same neutral notice; a repeated request is told how long to wait), the reset mail is read from the
// log the same way, another password set and used, and the spent link is refused with the server's words and a
// way to ask for a new one. A page without a token explains itself. Screenshots ja/en, desktop and 375 px.
import { readFileSync } from 'node:fs';

/** The decoded body of the first text/plain part of a MIME message (multipart nested any depth). */
export function mimeTextPart(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name) => head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'))?.[1].trim() ?? '';
  const type = header('Content-Type') || 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
    if (!boundary) throw new Error(`a multipart part without a boundary: ${type}`);
    const marker = `--${boundary}`;
    for (const part of body.split(new RegExp(`\\r?\\n?${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n`)).slice(1)) {
      const text = mimeTextPart(part);
      if (text) return text;
    }
    return null;
  }
  if (!/^text\/plain/i.test(type)) return null;
  const charset = type.match(/charset="?([^";]+)"?/i)?.[1]?.toLowerCase() ?? 'utf-8';
  if (!['utf-8', 'utf8', 'us-ascii'].includes(charset)) throw new Error(`unexpected charset ${charset}`);
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = [];
    const soft = body.replace(/=\r?\n/g, '');
    for (let i = 0; i < soft.length; i++) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** The set-password link of a mail's text, as the mail program would show it. */
function passwordLink(text) {
  const link = text.match(/https?:\/\/[^\s<>"]+\/t\/demo\/set-password#pl1\.[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no set-password link in the mail text:\n${text.slice(0, 600)}`);
  return link;
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page (signed in)
 * @param {() => Promise<import('playwright-core').Page>} o.newPage a page in a fresh browser context
 * @param {(page: import('playwright-core').Page, email: string, password: string) => Promise<void>} o.signIn
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep
 * @param {string} o.BASE
 * @param {string} o.suffix
 * @param {Record<string, {email: string, name: string}>} o.people the scenario's invited people
 */
export async function mailStep({ admin, newPage, signIn, shot, log, setStep, BASE, suffix, people }) {
  const who = { email: `mail-${suffix}@demo.example`, name: `メール 四郎 ${suffix}`, first: `from-invitation-${suffix}`, second: `from-reset-mail-${suffix}` };
  const row = (kind, to) => admin.locator(`tr[data-mail-kind="${kind}"][data-mail-to="${to}"]`);
  /** The log is written when the mail is sent, a moment after the action: reload until the line is there. */
  async function openLogUntil(kind, to) {
    // reached from the users page, under the activity log (the header menu has no room left)
    await admin.getByRole('navigation').getByRole('link', { name: 'ユーザー', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
    await admin.getByRole('link', { name: '送信メールを見る' }).click();
    await admin.getByRole('heading', { level: 1, name: '送信メール', exact: true }).waitFor();
    for (let i = 0; i < 40 && !(await row(kind, to).count()); i++) {
      await admin.waitForTimeout(500);
      await admin.reload();
      await admin.getByRole('heading', { level: 1, name: '送信メール', exact: true }).waitFor();
      await admin.locator('[data-testid="sent-mail"], p:text("まだメールは送られていません。")').first().waitFor();
    }
    await row(kind, to).first().waitFor({ timeout: 1000 });
  }
  /** Saves a line's .eml from the page (as the admin would) and reads its set-password link. */
  async function linkFromLog(kind, to) {
    await openLogUntil(kind, to);
    const line = row(kind, to).first();
    if ((await line.getByRole('cell').nth(3).innerText()).trim() !== '送信済み') throw new Error(`the ${kind} mail to ${to} is not marked sent`);
    const [download] = await Promise.all([admin.waitForEvent('download'), line.getByRole('button', { name: /の控えを保存$/ }).click()]);
    if (!/\.eml$/.test(download.suggestedFilename())) throw new Error(`the saved mail is named ${download.suggestedFilename()}`);
    const eml = readFileSync(await download.path(), 'utf8');
    if (!new RegExp(`^To:.*${to.replace(/[.]/g, '\\.')}`, 'im').test(eml.replace(/\r?\n[ \t]+/g, ' '))) throw new Error(`the saved ${kind} mail is not addressed to ${to}`);
    const text = mimeTextPart(eml);
    if (!text) throw new Error(`no text part in the ${kind} mail`);
    const link = passwordLink(text);
    // opened on the server under test, whatever site name the mail was written with
    const url = new URL(link);
    return `${BASE}${url.pathname}${url.hash}`;
  }
  /** Opens a mailed link in a fresh browser: the page shows the form and the token has left the address. */
  async function openLink(link) {
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'パスワードの設定', exact: true }).waitFor();
    const left = await page.evaluate(() => ({ hash: location.hash, href: location.href }));
    if (left.hash || left.href.includes('pl1.')) throw new Error(`the token stayed in the address: ${left.href}`);
    return page;
  }
  async function setPassword(page, password) {
    await page.getByLabel('新しいパスワード', { exact: true }).fill(password);
    await page.getByLabel('新しいパスワード（確認のためもう一度）', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'パスワードを設定', exact: true }).click();
  }
  /** Japanese and English, desktop and phone width: no sideways scrolling at 375 px. */
  async function shots(page, name, enHeading) {
    await shot(page, name);
    await page.getByLabel('表示言語').selectOption('en');
    await page.getByRole('heading', { level: 1, name: enHeading, exact: true }).waitFor();
    await shot(page, `${name}-en`);
    await page.setViewportSize({ width: 375, height: 812 });
    const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (fit.page > fit.view) throw new Error(`${name} overflows at 375 px: ${JSON.stringify(fit)}`);
    await shot(page, `${name}-en-phone`);
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await shot(page, `${name}-phone`);
    await page.setViewportSize({ width: 1200, height: 900 });
  }

  setStep('mail: the sent-mail log lists the invitations and interview notices of the scenario');
  await openLogUntil('interview_scheduled', people.interviewee.email);
  for (const p of Object.values(people)) await row('invitation', p.email).first().waitFor();
  await row('interview_scheduled', people.interviewer.email).first().waitFor();
  const kinds = await row('invitation', people.interviewee.email).first().getByRole('cell').allInnerTexts();
  if (kinds[1].trim() !== '招待' || !kinds[0].includes('日') || kinds[3].trim() !== '送信済み') throw new Error(`the invitation line reads ${JSON.stringify(kinds)}`);
  await shots(admin, '05d-admin-sent-mail', 'Sent mail');
  await admin.getByRole('heading', { level: 1, name: '送信メール', exact: true }).waitFor();

  setStep('mail: where no copies are kept (AWS answers 404), the page says so instead of offering to save');
  await admin.route('**/t/demo/v1/mail/sent/*/message', (route) =>
    route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ type: 'not_found', status: 404, detail: 'x' }) }),
  );
  await row('invitation', people.interviewee.email).first().getByRole('button', { name: /の控えを保存$/ }).click();
  await admin.locator('[data-testid="mail-not-kept"]').waitFor();
  if (await admin.getByRole('button', { name: /の控えを保存$/ }).count()) throw new Error('save buttons stayed after the server said it keeps no copies');
  await admin.getByText('この環境では、送ったメールの控えは保存されません。', { exact: false }).waitFor();
  if (await admin.getByRole('columnheader', { name: 'メールの控え' }).count()) throw new Error('the copy column stayed where no copies are kept');
  await shot(admin, '05d-admin-sent-mail-not-kept');
  await admin.unroute('**/t/demo/v1/mail/sent/*/message');

  setStep('mail: the admin saves the organisation\'s mail domain and reads the DNS records (not needed under mendan serve)');
  {
    const card = admin.locator('[data-testid="mail-domain"]');
    await card.getByLabel('ドメイン', { exact: true }).fill(' Example.CO.jp ');
    await card.getByRole('button', { name: '保存して確認を始める' }).click();
    await card.getByText('ドメインを保存しました。', { exact: false }).waitFor();
    await card.getByText('example.co.jp', { exact: true }).waitFor();
    const state = (await card.locator('[data-testid="mail-domain-state"]').innerText()).trim();
    if (!state.startsWith('この環境では不要')) throw new Error(`the domain's state reads ${state}`);
    const records = card.locator('[data-testid="mail-domain-records"] tbody tr');
    await records.first().waitFor();
    const rows = await records.allInnerTexts();
    if (rows.length !== 3 || !rows.some((r) => r.includes('_dmarc.example.co.jp')) || !rows.some((r) => r.includes('mail.example.co.jp'))) {
      throw new Error(`the records read ${JSON.stringify(rows)}`);
    }
    await shot(admin, '05d-admin-mail-domain');
  }

  setStep('mail: a page without a link token explains itself and offers a new link');
  {
    const page = await newPage();
    await page.goto(`${BASE}/t/demo/set-password`);
    await page.locator('[data-testid="set-password-no-token"]').waitFor();
    await page.getByRole('heading', { name: '新しいリンクを申し込む' }).waitFor();
    await page.context().close();
  }

  setStep('mail: the admin invites an interviewee without a password; the invitation mail carries a set-password link');
  await admin.getByRole('navigation').getByRole('link', { name: 'ユーザー', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  const form = admin.locator('form', { has: admin.getByRole('button', { name: '招待する' }) });
  await form.getByLabel('メールアドレス').fill(who.email);
  await form.getByLabel('表示名').fill(who.name);
  await form.getByLabel('役割').selectOption('interviewee');
  await form.getByLabel(/初期パスワード/).fill('');
  await form.getByRole('button', { name: '招待する' }).click();
  await admin.getByText(`${who.name} さんを招待しました。`).waitFor();
  const invitation = await linkFromLog('invitation', who.email);

  setStep('mail: the invitation link sets a password in a fresh browser, which then signs in');
  const user = await openLink(invitation);
  await shots(user, '05e-set-password', 'Set your password');
  await setPassword(user, who.first);
  await user.getByText('パスワードを設定しました。新しいパスワードでサインインしてください。').waitFor();
  await shot(user, '05f-set-password-done');
  await user.getByRole('button', { name: 'サインイン画面へ' }).click();
  await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  if ((await user.getByLabel('パスワード', { exact: true }).inputValue()) !== '') throw new Error('the sign-in form was filled in with the password');
  await signIn(user, who.email, who.first);
  await user.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
  log('mail: invitation saved from the log, its link set a password, the new user signed in');

  setStep('mail: 「パスワードをお忘れの方」 sends the same notice, and a repeated request is told how long to wait');
  await user.getByRole('button', { name: 'サインアウト' }).click();
  await user.getByRole('heading', { level: 1, name: 'サインイン', exact: true }).waitFor();
  await user.getByRole('button', { name: 'パスワードをお忘れの方' }).click();
  await user.getByRole('heading', { level: 1, name: 'パスワードの再設定', exact: true }).waitFor();
  await shots(user, '05g-forgot-password', 'Reset your password');
  // a repeated request (429): the server's wait, in minutes
  await user.route('**/t/demo/v1/auth/password-reset', (route) =>
    route.fulfill({ status: 429, headers: { 'retry-after': '120' }, contentType: 'application/problem+json', body: JSON.stringify({ type: 'too_many_attempts', status: 429, detail: 'x' }) }),
  );
  await user.getByLabel('メールアドレス').fill(who.email);
  await user.getByRole('button', { name: '再設定のメールを送る' }).click();
  await user.getByRole('alert').getByText('2 分ほどたってから、もう一度お試しください。', { exact: false }).waitFor();
  await user.unroute('**/t/demo/v1/auth/password-reset');
  await user.getByRole('button', { name: '再設定のメールを送る' }).click();
  await user.getByText('ご登録のアドレスであれば、パスワード再設定のメールをお送りしました。1 時間以内にメールのリンクから設定してください。').waitFor();
  await shot(user, '05h-forgot-password-sent');
  const reset = await linkFromLog('password_reset', who.email);

  setStep('mail: the reset link sets another password, which signs in');
  const again = await openLink(reset);
  await setPassword(again, who.second);
  await again.getByText('パスワードを設定しました。', { exact: false }).waitFor();
  await signIn(again, who.email, who.second);
  await again.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
  await again.context().close();

  setStep('mail: a used link is refused with the server\'s words and a way to ask for a new one');
  const reused = await openLink(reset);
  await setPassword(reused, `${who.second}-again`);
  await reused.locator('[data-testid="set-password-refused"]').getByText('このリンクは使えません。', { exact: false }).waitFor();
  await reused.getByRole('button', { name: '再設定のメールを送る' }).waitFor();
  await shots(reused, '05i-set-password-refused', 'Set your password');
  await reused.context().close();
  await user.context().close();
  log('mail: reset asked for, its mail read from the log, another password set and used; the spent link refused');
}
