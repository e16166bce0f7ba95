// Issue 14 item 6, as a step of e2e/scenario.mjs: the model setting that shows AI scores in feedback names the
// interviewee (the candidate) as the one who sees them, never the interviewer, and turning it on asks first
// (キャンセル focused; cancelling leaves it off). Nothing is saved here: the scenario's saved settings stay.

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page, on the AI models page
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 */
export async function scoresSetting({ admin, log, setStep }) {
  const step = 'the scores-in-feedback setting names the candidate and asks before turning on';
  setStep(step);
  const box = admin.locator('input[name="feedback_shows_scores"]');
  const label = await admin.locator('label', { has: box }).innerText();
  const help = await admin.locator(`#${await box.getAttribute('aria-describedby')}`).innerText();
  for (const text of [label, help]) {
    if (!text.includes('被面談者')) throw new Error(`the scores setting does not name the interviewee: ${text}`);
  }
  if (/(^|[^被練])面談者へ/.test(label)) throw new Error(`the scores setting names the interviewer: ${label}`);
  if (await box.isChecked()) throw new Error('scores are shown to candidates by default');
  const dialog = admin.getByRole('dialog', { name: '被面談者にAIのスコアを見せますか？' });
  await box.click();
  await dialog.waitFor();
  const focused = await admin.evaluate(() => document.activeElement?.textContent ?? '');
  if (focused !== 'キャンセル') throw new Error(`the focus is on "${focused}", not on キャンセル`);
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  await dialog.waitFor({ state: 'detached' });
  if (await box.isChecked()) throw new Error('cancelling turned the scores on');
  await box.click();
  await dialog.getByRole('button', { name: '見せる設定にする' }).click();
  await dialog.waitFor({ state: 'detached' });
  if (!(await box.isChecked())) throw new Error('confirming did not turn the scores on');
  // turning it off again needs no question
  await box.click();
  if (await box.isChecked() || (await dialog.count())) throw new Error('turning the scores off asked or failed');
  log(step);
}
