// Issue 14 item 1, as a step of e2e/scenario.mjs: a role never changes on one click. The admin picks 管理者 for the
// candidate in the users table: a dialog names the person, both roles and what an admin sees, with キャンセル
// focused; cancelling leaves the role as it was. Picking it again and confirming changes it, a message says so and
// offers 元に戻す, which restores the old role. Both changes then read as sentences in the 操作履歴 (activity log).
// In English, Escape cancels the same dialog. Disabling an account asks the same way (a throwaway user): cancelling
// keeps it active, confirming disables it, says so, and logs it. Screenshots 02b (the dialog) and 02c (message and
// activity log).

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page (signed in, on the users page)
 * @param {{name: string, email: string}} o.person an interviewee of the tenant
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 */
export async function roleChange({ admin, person, shot, log, setStep }) {
  const row = admin.locator(`tr[data-email="${person.email}"]`);
  const select = row.getByLabel(`役割: ${person.name}`);
  const dialog = admin.getByRole('dialog', { name: '役割を変更しますか？' });
  const roleEntries = admin.getByTestId('activity-log').locator('li[data-audit="role_changed"]');
  // the table is read again after each change: wait (briefly) for the select to show the stored role
  const expectRole = async (want) => {
    let got = '';
    for (let i = 0; i < 50 && got !== want; i++) {
      got = await select.inputValue();
      if (got !== want) await admin.waitForTimeout(100);
    }
    if (got !== want) throw new Error(`the role select shows ${got}, expected ${want}`);
  };

  let step = 'role change: choosing a new role asks first, with Cancel focused';
  setStep(step);
  const before = await roleEntries.count();
  await select.selectOption('admin');
  await dialog.waitFor();
  const said = await dialog.innerText();
  for (const words of [person.name, '「被面談者」から「管理者」', 'すべての面談の録画', 'スコア', '保護属性']) {
    if (!said.includes(words)) throw new Error(`the role dialog does not say ${words}: ${said}`);
  }
  const focused = await admin.evaluate(() => document.activeElement?.textContent ?? '');
  if (focused !== 'キャンセル') throw new Error(`the focus is on "${focused}", not on キャンセル`);
  await shot(admin, '02b-role-change-confirm');
  log(step);

  step = 'role change: Cancel changes nothing';
  setStep(step);
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expectRole('interviewee');
  if ((await roleEntries.count()) !== before) throw new Error('cancelling a role change wrote an activity-log entry');
  log(step);

  step = 'role change: confirming changes it and says so; 元に戻す restores it';
  setStep(step);
  await select.selectOption('admin');
  await dialog.getByRole('button', { name: '変更する' }).click();
  await admin.getByText(`${person.name} さんの役割を「被面談者」から「管理者」に変更しました。`).waitFor();
  await expectRole('admin');
  await admin.getByRole('button', { name: '元に戻す' }).click();
  await admin.getByText(`${person.name} さんの役割を「被面談者」に戻しました。`).waitFor();
  await expectRole('interviewee');
  log(step);

  step = 'role change: both changes are in the activity log, newest first';
  setStep(step);
  await admin.waitForFunction((n) => document.querySelectorAll('[data-testid="activity-log"] li[data-audit="role_changed"]').length >= n, before + 2);
  const [undo, change] = await roleEntries.allInnerTexts();
  if (!undo.includes(`${person.name} さんの役割を 管理者 から 被面談者 に変更しました`)) throw new Error(`newest entry: ${undo}`);
  if (!change.includes(`${person.name} さんの役割を 被面談者 から 管理者 に変更しました`)) throw new Error(`older entry: ${change}`);
  await admin.getByTestId('activity-log').scrollIntoViewIfNeeded();
  await shot(admin, '02c-role-change-undone-activity-log');
  log(step);

  step = 'role change in English: the dialog says what an admin sees, Escape cancels';
  setStep(step);
  await admin.getByLabel('表示言語').selectOption('en');
  const enSelect = row.getByLabel(`Role: ${person.name}`);
  await enSelect.selectOption('admin');
  const enDialog = admin.getByRole('dialog', { name: 'Change this role?' });
  await enDialog.waitFor();
  const enSaid = await enDialog.innerText();
  for (const words of ['from Interviewee to Admin', 'Every interview recording', 'protected attributes']) {
    if (!enSaid.includes(words)) throw new Error(`the English role dialog does not say ${words}: ${enSaid}`);
  }
  await shot(admin, '02d-role-change-confirm-en');
  await admin.keyboard.press('Escape');
  await enDialog.waitFor({ state: 'detached' });
  if ((await enSelect.inputValue()) !== 'interviewee') throw new Error('Escape changed the role');
  await admin.getByLabel('Language').selectOption('ja');
  await admin.getByRole('heading', { level: 1, name: 'ユーザー', exact: true }).waitFor();
  log(step);

  step = 'disabling an account asks first (Cancel focused), then says so and is logged';
  setStep(step);
  const leaver = { email: `leaver-${person.email}`, name: `退職 予定 ${person.name.split(' ').pop()}` };
  const form = admin.locator('form', { has: admin.getByRole('button', { name: '招待する' }) });
  await form.getByLabel('メールアドレス').fill(leaver.email);
  await form.getByLabel('表示名').fill(leaver.name);
  await form.getByLabel('役割').selectOption('interviewer');
  await form.getByLabel(/初期パスワード/).fill('leaver-password-1');
  await form.getByRole('button', { name: '招待する' }).click();
  const leaverRow = admin.locator(`tr[data-email="${leaver.email}"]`);
  await leaverRow.waitFor();
  const disableDialog = admin.getByRole('dialog', { name: 'アカウントを無効にしますか？' });
  await leaverRow.getByRole('button', { name: /無効にする/ }).click();
  await disableDialog.waitFor();
  if (!(await disableDialog.innerText()).includes(leaver.name)) throw new Error('the disable dialog does not name the person');
  const focusedNow = await admin.evaluate(() => document.activeElement?.textContent ?? '');
  if (focusedNow !== 'キャンセル') throw new Error(`the focus is on "${focusedNow}", not on キャンセル`);
  await disableDialog.getByRole('button', { name: 'キャンセル' }).click();
  await disableDialog.waitFor({ state: 'detached' });
  await leaverRow.getByText('有効', { exact: true }).waitFor();
  await leaverRow.getByRole('button', { name: /無効にする/ }).click();
  await disableDialog.getByRole('button', { name: '無効にする' }).click();
  await admin.getByText(`${leaver.name} さんのアカウントを無効にしました。`).waitFor();
  await leaverRow.getByText('無効', { exact: true }).waitFor();
  await admin
    .getByTestId('activity-log')
    .locator('li[data-audit="user_disabled"]', { hasText: `${leaver.name} さんのアカウントを無効にしました` })
    .waitFor();
  log(step);
}
