// Issue 14 item 8, as a step of e2e/scenario.mjs: nothing in the admin pages is create-only any more.
//  - Items: an item is added, renamed through 編集 (the form switches to editing), duplicated through 複製 (the form
//    holds 「…（コピー）」) and the copy deleted after a confirmation; the rated item コミュニケーション cannot be
//    deleted (the Japanese refusal is shown, the card stays).
//  - Question sets: an unused set is created, its question changed through 編集, then deleted; the set the
//    scenario's interviews use cannot be deleted.
//  - Users: a full-width search finds the interviewer, the role and state filters narrow the table, the CSV export
//    is UTF-8 with a BOM and the Japanese headers, two people are invited from a UTF-8 CSV (a duplicate and a bad row
//    are reported and not sent) and one from a Shift_JIS file, temporary passwords shown; an invited person is
//    renamed in place.
//  - Interviews: one is rescheduled (the overview shows the new time), 同じ内容で予定を作成 schedules a second one
//    from a prefilled form, that one is cancelled and deleted, the first one deleted too; the list searches by name
//    and a date range and exports CSV in Japan time.
// Screenshots 27a–27t, Japanese and English, at desktop width and at 375 px.
import { readFileSync } from 'node:fs';

/** A button's name: its word, then (for screen readers, in a visually hidden span) what it acts on. */
const named = (word, what) => new RegExp(`^${word}\\s*:\\s*${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const fullWidth = (s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Shift_JIS bytes of the few Japanese words the Shift_JIS import file needs (made once with Python's codec). */
const SJIS = {
  header: '8381815b838b83418368838c83582c8e8196bc2c838d815b838b0d0a', // メールアドレス,氏名,ロール\r\n
  name: '8ee68d9e208e4f9859', // 取込 三郎
  expertRole: '2c8f6e97fb96ca926b8ed20d0a', // ,熟練面談者\r\n
};

/** The text of a file the page offered for download, with its raw first bytes. */
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = readFileSync(await download.path());
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page (signed in, Japanese)
 * @param {Record<string, {name: string, email: string}>} o.people the scenario's interviewer, interviewee and expert
 * @param {string} o.suffix the scenario run's suffix
 * @param {string} o.setName the question set the scenario's interviews use
 * @param {string} o.BASE
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe + English scan
 * @param {(page: import('playwright-core').Page) => Promise<string>} o.accessToken
 * @param {(method: string, path: string) => Promise<boolean>} o.offered whether the server has a route
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep
 */
export async function editingStep({ admin, people, suffix, setName, BASE, shot, accessToken, offered, log, setStep }) {
  const nav = (name) => admin.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const h1 = (name) => admin.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const dialog = (name) => admin.getByRole('dialog', { name });
  const canDelete = await offered('delete', '/t/{tenant}/v1/interviews/{id}');
  const inEnglish = async (fn) => {
    await admin.getByLabel('表示言語').selectOption('en');
    await admin.waitForFunction(() => document.documentElement.lang === 'en');
    await fn();
    await admin.getByLabel('Language').selectOption('ja');
    await admin.waitForFunction(() => document.documentElement.lang === 'ja');
  };
  const onPhone = async (fn) => {
    await admin.setViewportSize({ width: 375, height: 812 });
    await fn();
    const fit = await admin.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (fit.page > fit.view) throw new Error(`${admin.url()} scrolls sideways at 375 px: ${JSON.stringify(fit)}`);
    await admin.setViewportSize({ width: 1200, height: 900 });
  };
  const api = async (method, path) =>
    admin.evaluate(
      async ([method, path, token]) => {
        const r = await fetch(`/t/demo/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
        return { status: r.status, body: r.status === 204 ? null : await r.json() };
      },
      [method, path, await accessToken(admin)],
    );

  // ---- evaluation items
  let step = 'items: add one, rename it through 編集, duplicate it through 複製';
  setStep(step);
  const item = `E2E 協調性 ${suffix}`;
  const renamed = `E2E チームワーク ${suffix}`;
  const itemCard = (name) => admin.locator('li.card', { has: admin.getByRole('heading', { level: 3, name, exact: true }) });
  await nav('評価項目');
  await h1('評価項目');
  const itemForm = admin.locator('form', { has: admin.locator('input[name="scale_min"]') });
  await itemForm.getByLabel('名前').fill(item);
  await itemForm.getByLabel('説明').fill('周りと協力して進められるか');
  await itemForm.getByRole('button', { name: '追加する' }).click();
  await admin.getByText(`評価項目「${item}」を追加しました。`).waitFor();
  await itemCard(item).getByRole('button', { name: named('編集', item) }).click();
  await admin.getByRole('heading', { level: 2, name: `評価項目を編集: ${item}` }).waitFor();
  if ((await itemForm.getByLabel('名前').inputValue()) !== item) throw new Error('編集 did not fill the form with the item');
  const focused = await admin.evaluate(() => document.activeElement?.getAttribute('name'));
  if (focused !== 'name') throw new Error(`編集 left the focus on ${focused}, not on the name field`);
  await itemForm.getByLabel('名前').fill(renamed);
  await shot(admin, '27a-admin-item-edit');
  await inEnglish(async () => {
    await admin.getByRole('heading', { level: 2, name: `Edit evaluation item: ${item}` }).waitFor();
    await shot(admin, '27b-en-admin-item-edit');
  });
  await onPhone(() => shot(admin, '27c-admin-item-edit-phone'));
  await itemForm.getByRole('button', { name: '保存', exact: true }).click();
  await admin.getByText(`評価項目「${renamed}」を保存しました。`).waitFor();
  await itemCard(renamed).waitFor();
  if (await itemCard(item).count()) throw new Error('the old item name is still listed after renaming');
  await itemCard(renamed).getByRole('button', { name: named('複製', renamed) }).click();
  const copy = `${renamed}（コピー）`;
  if ((await itemForm.getByLabel('名前').inputValue()) !== copy) throw new Error(`複製 filled the name with ${await itemForm.getByLabel('名前').inputValue()}`);
  // the copy judges the answers' content, with an example sentence in the tenant's words (issue 17)
  await itemForm.getByLabel('種類').selectOption('content');
  await itemForm.getByLabel(/^例文/).fill('自分から改善案を出し、店長に提案しました。\n');
  await itemForm.getByRole('button', { name: '追加する' }).click();
  await itemCard(copy).waitFor();
  await itemCard(copy).getByText('自分から改善案を出し、店長に提案しました。').waitFor();
  log(step);

  if (canDelete) {
    step = 'items: the copy is deleted after a confirmation; the rated item cannot be';
    setStep(step);
    await itemCard(copy).getByRole('button', { name: named('削除', copy) }).click();
    await dialog('評価項目を削除しますか？').waitFor();
    await shot(admin, '27d-admin-item-delete-confirm');
    await dialog('評価項目を削除しますか？').getByRole('button', { name: '削除する' }).click();
    await admin.getByText(`評価項目「${copy}」を削除しました。`).waitFor();
    await itemCard(copy).waitFor({ state: 'detached' });
    const rated = itemCard('コミュニケーション').first();
    await rated.getByRole('button', { name: named('削除', 'コミュニケーション') }).click();
    await dialog('評価項目を削除しますか？').getByRole('button', { name: '削除する' }).click();
    const refusal = admin.getByRole('alert');
    await refusal.waitFor();
    const said = await refusal.innerText();
    if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(said)) throw new Error(`the refusal to delete a rated item is not in Japanese: ${said}`);
    await rated.waitFor();
    await shot(admin, '27e-admin-item-in-use');
    // its scale cannot change either: the form says why and keeps editing
    await rated.getByRole('button', { name: named('編集', 'コミュニケーション') }).click();
    await itemForm.getByLabel('最高点').fill('7');
    await itemForm.getByRole('button', { name: '保存', exact: true }).click();
    const scaleRefusal = await admin.getByRole('alert').innerText();
    if (!scaleRefusal.includes('尺度')) throw new Error(`changing a rated item's scale was not refused in Japanese: ${scaleRefusal}`);
    await itemForm.getByRole('button', { name: 'キャンセル', exact: true }).click();
    log(`${step}: 「${said.trim()}」`);
  }

  // ---- question sets
  step = 'question sets: an unused set is created and its question edited through 編集';
  setStep(step);
  const unused = `E2E 未使用 ${suffix}`;
  const setCard = (name) => admin.locator('li.card', { has: admin.getByRole('heading', { level: 3, name, exact: true }) });
  await nav('質問セット');
  await h1('質問セット');
  await admin.getByLabel('名前', { exact: true }).fill(unused);
  await admin.getByLabel('質問 1', { exact: true }).fill('志望の理由を教えてください。');
  await admin.getByRole('button', { name: '作成する' }).click();
  await admin.getByText(`質問セット「${unused}」を作成しました。`).waitFor();
  await setCard(unused).getByRole('button', { name: named('編集', unused) }).click();
  await admin.getByRole('heading', { level: 2, name: `質問セットを編集: ${unused}` }).waitFor();
  // The form moves the focus to its name a frame after it opens; typing before that could land in the name.
  await admin.waitForFunction(() => document.activeElement?.closest('form') && document.activeElement.tagName === 'INPUT');
  // (a textarea's label names it with its text, so the filled question is found by its field name)
  await admin.locator('textarea[name="question-0"]').fill('この仕事を選んだ理由を教えてください。');
  await shot(admin, '27f-admin-set-edit');
  await inEnglish(() => shot(admin, '27g-en-admin-set-edit'));
  await onPhone(() => shot(admin, '27h-admin-set-edit-phone'));
  // the set's form (the page's call settings have a save button too)
  await admin.locator('form', { has: admin.locator('textarea[name="question-0"]') }).getByRole('button', { name: '保存', exact: true }).click();
  await admin.getByText(`質問セット「${unused}」を保存しました。`).waitFor();
  await setCard(unused).getByText('この仕事を選んだ理由を教えてください。').waitFor();
  log(step);

  if (canDelete) {
    step = 'question sets: the unused set is deleted; the set used by interviews cannot be';
    setStep(step);
    await setCard(unused).getByRole('button', { name: named('削除', unused) }).click();
    await dialog('質問セットを削除しますか？').getByRole('button', { name: '削除する' }).click();
    await admin.getByText(`質問セット「${unused}」を削除しました。`).waitFor();
    await setCard(unused).waitFor({ state: 'detached' });
    await setCard(setName).getByRole('button', { name: named('削除', setName) }).click();
    await dialog('質問セットを削除しますか？').getByRole('button', { name: '削除する' }).click();
    const said = await admin.getByRole('alert').innerText();
    if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(said)) throw new Error(`the refusal to delete a used set is not in Japanese: ${said}`);
    await setCard(setName).waitFor();
    log(`${step}: 「${said.trim()}」`);
  }

  // ---- users
  step = 'users: a full-width search, role and state filters';
  setStep(step);
  await nav('ユーザー');
  await h1('ユーザー');
  const rows = admin.locator('table.stack-table tbody tr');
  const search = admin.getByLabel('検索（氏名・メールアドレス）');
  await search.fill(fullWidth(`INTERVIEWER-${suffix}`));
  await admin.waitForFunction(() => document.querySelectorAll('table.stack-table tbody tr').length === 1);
  if ((await rows.first().getAttribute('data-email')) !== people.interviewer.email) throw new Error('the full-width search did not find the interviewer');
  await admin.getByTestId('page-range').getByText('1–1 / 1 件').waitFor();
  await search.fill('');
  await admin.getByLabel('役割で絞り込み').selectOption('expert');
  await admin.waitForFunction(() => document.querySelectorAll('table.stack-table tbody tr').length >= 1);
  const experts = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('select')?.value));
  if (!experts.length || experts.some((r) => r !== 'expert')) throw new Error(`the role filter shows other roles: ${experts}`);
  await admin.getByLabel('役割で絞り込み').selectOption('');
  await admin.getByLabel('状態で絞り込み').selectOption('disabled');
  const states = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[3]?.textContent));
  if (!states.length || states.some((s) => s !== '無効')) throw new Error(`the state filter shows active people: ${states}`);
  await admin.getByLabel('状態で絞り込み').selectOption('');
  log(step);

  step = 'users: the CSV export opens in Excel (BOM) with Japanese headers';
  setStep(step);
  const users = await downloaded(admin, () => admin.getByRole('button', { name: 'CSVで書き出す' }).click());
  if (!users.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) throw new Error('the users CSV has no BOM');
  const lines = users.text.slice(1).split('\r\n');
  if (lines[0] !== '氏名,メールアドレス,ロール,状態') throw new Error(`the users CSV headers are ${lines[0]}`);
  if (!lines.includes(`${people.interviewer.name},${people.interviewer.email},面談者,有効`)) throw new Error(`the users CSV lacks the interviewer: ${users.text}`);
  if (!/^users-\d{4}-\d{2}-\d{2}\.csv$/.test(users.name)) throw new Error(`the users CSV is called ${users.name}`);
  log(step);

  step = 'users: two people invited from a UTF-8 CSV (a duplicate and a bad row reported), one from a Shift_JIS file';
  setStep(step);
  const imported = [
    { email: `import1-${suffix}@demo.example`, name: `取込 一郎 ${suffix}` },
    { email: `import2-${suffix}@demo.example`, name: `取込 二郎 ${suffix}` },
  ];
  const csv = [
    'メールアドレス,氏名,ロール',
    `${imported[0].email},${imported[0].name},面談者`,
    `${imported[1].email},"${imported[1].name}",被面談者`,
    `${people.interviewer.email},重複 太郎,面談者`,
    `not-an-address,,社長`,
  ].join('\r\n');
  const fileInput = admin.getByLabel('CSVファイルを選ぶ');
  await fileInput.setInputFiles({ name: 'invite.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}\r\n`, 'utf8') });
  const preview = admin.getByTestId('import-preview');
  await preview.waitFor();
  const checks = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[4].textContent));
  if (checks[0] !== '問題なし' || checks[1] !== '問題なし' || !checks[2].includes('重複') || !checks[3].includes('メールアドレス') || !checks[3].includes('ロール')) {
    throw new Error(`the import preview says ${JSON.stringify(checks)}`);
  }
  await shot(admin, '27i-admin-users-import-preview');
  await inEnglish(() => shot(admin, '27j-en-admin-users-import-preview'));
  await admin.getByRole('button', { name: '2 人を招待する' }).click();
  await admin.getByTestId('import-summary').getByText('2 人を招待しました。2 行は招待しませんでした。').waitFor();
  await admin.getByTestId('import-progress').getByText('4 / 4 人を処理しました。').waitFor();
  if ((await preview.locator('[data-temporary-password]').count()) !== 2) throw new Error('the import does not show two temporary passwords');
  for (const p of imported) await admin.locator(`tr[data-email="${p.email}"]`).waitFor();
  await shot(admin, '27k-admin-users-import-done');
  await admin.getByRole('button', { name: 'やり直す' }).click();
  const sjisEmail = `import3-${suffix}@demo.example`;
  const sjis = Buffer.concat([
    Buffer.from(SJIS.header, 'hex'),
    Buffer.from(`${sjisEmail},`, 'ascii'),
    Buffer.from(SJIS.name, 'hex'),
    Buffer.from(` ${suffix}`, 'ascii'),
    Buffer.from(SJIS.expertRole, 'hex'),
  ]);
  await fileInput.setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: sjis });
  await preview.getByText(`取込 三郎 ${suffix}`).waitFor();
  await preview.getByText('熟練面談者').waitFor();
  await admin.getByRole('button', { name: '1 人を招待する' }).click();
  await admin.getByTestId('import-summary').getByText('1 人を招待しました。0 行は招待しませんでした。').waitFor();
  await admin.locator(`tr[data-email="${sjisEmail}"]`).waitFor();
  log(step);

  step = 'users: a display name changed in place';
  setStep(step);
  const row = admin.locator(`tr[data-email="${imported[0].email}"]`);
  await row.getByRole('button', { name: named('表示名を変更', imported[0].name) }).click();
  const nameField = row.getByLabel(`新しい表示名（${imported[0].name} さん）`);
  await nameField.fill(`取込 一朗 ${suffix}`);
  await shot(admin, '27l-admin-user-rename');
  await onPhone(async () => {
    await row.scrollIntoViewIfNeeded();
    await shot(admin, '27m-admin-user-rename-phone');
  });
  await row.getByRole('button', { name: '保存', exact: true }).click();
  await admin.getByTestId('user-renamed').getByText(`表示名を「${imported[0].name}」から「取込 一朗 ${suffix}」に変更しました。`).waitFor();
  await row.getByTestId('user-name').getByText(`取込 一朗 ${suffix}`, { exact: true }).waitFor();
  await inEnglish(() => onPhone(() => shot(admin, '27n-en-admin-users-phone')));
  log(step);

  // ---- interviews
  step = 'interviews: one is rescheduled and the overview shows the new time';
  setStep(step);
  await nav('面談を予定');
  await h1('面談を予定する');
  await admin.getByLabel('対面面談').check();
  await admin.getByLabel('被面談者').selectOption({ label: `${people.interviewee.name} (${people.interviewee.email})` });
  await admin.getByLabel(/^面談者/).selectOption({ label: `${people.interviewer.name} (面談者)` });
  await admin.getByRole('button', { name: '予定する' }).click();
  await admin.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
  const first = admin.url().split('/').pop();
  await h1('面談の詳細');
  await admin.getByRole('button', { name: '日時を変更' }).click();
  const resched = admin.locator('section', { has: admin.getByRole('heading', { level: 2, name: '予定を変更する' }) });
  // tomorrow at 10:30 in the browser's time zone
  const when = await admin.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(10, 30, 0, 0);
    const p = (n) => String(n).padStart(2, '0');
    return { input: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T10:30`, iso: d.toISOString() };
  });
  await resched.getByLabel('日時').fill(when.input);
  await shot(admin, '27o-admin-interview-reschedule');
  await inEnglish(() => shot(admin, '27p-en-admin-interview-reschedule'));
  await onPhone(() => shot(admin, '27q-admin-interview-reschedule-phone'));
  await resched.getByRole('button', { name: '変更を保存' }).click();
  await admin.getByText('予定を変更しました。').waitFor();
  await admin.getByTestId('overview').getByText(/10:30/).waitFor();
  const stored = await api('GET', `/interviews/${first}`);
  if (new Date(stored.body.scheduled_at).toISOString() !== when.iso) throw new Error(`the interview is at ${stored.body.scheduled_at}, not ${when.iso}`);
  log(step);

  step = 'interviews: 同じ内容で予定を作成 schedules a second one; it is cancelled after a confirmation';
  setStep(step);
  await admin.getByRole('link', { name: '同じ内容で予定を作成' }).click();
  await h1('面談を予定する');
  await admin.getByText('元の面談と同じ内容を入れました。').waitFor();
  if (!(await admin.getByLabel('対面面談').isChecked())) throw new Error('the copy is not face to face');
  const chosen = await admin.getByLabel('被面談者').evaluate((s) => s.selectedOptions[0]?.textContent);
  if (!chosen?.includes(people.interviewee.name)) throw new Error(`the copy is for ${chosen}`);
  await admin.getByRole('button', { name: '予定する' }).click();
  await admin.waitForURL((u) => /\/interviews\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(first));
  const second = admin.url().split('/').pop();
  await h1('面談の詳細');
  await admin.getByRole('button', { name: '中止', exact: true }).click();
  await dialog('面談を中止しますか？').waitFor();
  await shot(admin, '27r-admin-interview-cancel-confirm');
  await dialog('面談を中止しますか？').getByRole('button', { name: '中止する' }).click();
  await admin.getByText('面談を中止しました。').waitFor();
  await admin.getByTestId('overview').getByText('中止', { exact: true }).waitFor();
  log(step);

  if (canDelete) {
    step = 'interviews: the cancelled one and the scheduled one are deleted and leave the list';
    setStep(step);
    for (const id of [second, first]) {
      if (!admin.url().endsWith(id)) {
        await admin.goto(`${BASE}/t/demo/interviews/${id}`);
        await h1('面談の詳細');
      }
      await admin.getByRole('button', { name: '削除', exact: true }).click();
      await dialog('面談を削除しますか？').getByRole('button', { name: '削除する' }).click();
      await admin.waitForURL(/\/interviews\?deleted=1$/);
      await admin.getByText('面談を削除しました。').waitFor();
      if ((await api('GET', `/interviews/${id}`)).status !== 404) throw new Error(`interview ${id} is still there after deleting it`);
      if (await admin.locator(`tr[data-interview="${id}"]`).count()) throw new Error('a deleted interview is still listed');
    }
    log(step);
  }

  step = 'interviews: the list searches by name and dates, and exports CSV in Japan time';
  setStep(step);
  await nav('面談一覧');
  await h1('面談一覧');
  await admin.getByLabel('検索（被面談者・面談者の名前）').fill(people.interviewee.name);
  // a week ahead: every interview of the scenario so far, whatever the time of day
  const later = await admin.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 7);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  await admin.getByLabel('期間の開始日').fill('2000-01-01');
  await admin.getByLabel('期間の終了日').fill(later);
  await admin.locator('tr[data-interview]').first().waitFor();
  await admin.getByTestId('page-range').waitFor();
  const listed = await admin.locator('tr[data-interview]').count();
  const file = await downloaded(admin, () => admin.getByRole('button', { name: 'CSVで書き出す' }).click());
  const ivLines = file.text.slice(1).trim().split('\r\n');
  if (ivLines[0] !== '日時（日本時間）,形式,被面談者,面談者,質問セット,状態') throw new Error(`the interviews CSV headers are ${ivLines[0]}`);
  if (ivLines.length - 1 < listed || !ivLines.slice(1).every((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2},/.test(l) && l.includes(people.interviewee.name))) {
    throw new Error(`the interviews CSV does not match the filtered list (${listed} rows): ${file.text}`);
  }
  await admin.getByLabel('期間の開始日').fill('2000-01-02');
  await admin.getByLabel('期間の終了日').fill('2000-01-01');
  await admin.getByText('条件に合うものはありません。').waitFor();
  await admin.getByLabel('期間の開始日').fill('2000-01-01');
  await admin.getByLabel('期間の終了日').fill(later);
  await shot(admin, '27s-admin-interviews-filtered');
  await inEnglish(() => onPhone(() => shot(admin, '27t-en-admin-interviews-phone')));
  await onPhone(() => shot(admin, '27u-admin-interviews-phone'));
  log(`${step}: ${listed} listed`);
}
