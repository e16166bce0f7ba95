// Issue 14, item 11: candidate wording. The admin edits the tenant's consent text (a refused URL first, then a new
// version, with a preview); the candidate reads that version on the consent screen — what is recorded and analysed,
// who sees it, the company, retention, contact and the privacy policy in a new tab — and the consents record it.
// The candidate's own list says where they stand (予定, 回答済み), never the staff's statuses (録画済み, 評価済み).

const INTERNAL = ['録画済み', '分析済み', '評価済み'];
const MARK = 'この文は e2e で書き換えた第1版です。';

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin  the demo admin, signed in, Japanese
 * @param {import('playwright-core').Page} o.cand  the interviewee, signed in, Japanese
 * @param {string} o.answeredId  a self-interview the candidate has answered (and experts have rated)
 * @param {string} o.upcomingId  a self-interview not yet started
 */
export async function consentTextsStep({ admin, cand, answeredId, upcomingId, BASE, shot, accessToken, log }) {
  // the candidate's list
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.getByRole('heading', { level: 1, name: 'わたしの面談', exact: true }).waitFor();
  await cand.locator(`[data-interview="${answeredId}"] [data-candidate-state]`).getByText('回答済み', { exact: true }).waitFor();
  await cand.locator(`[data-interview="${upcomingId}"] [data-candidate-state]`).getByText('予定', { exact: true }).waitFor();
  const list = await cand.locator('ul.cards').innerText();
  for (const word of INTERNAL) if (list.includes(word)) throw new Error(`the candidate's list shows the internal state ${word}`);
  await shot(cand, '22a-candidate-states');

  // the default text first: honest about what is analysed, with no "only for evaluation" nor "your organisation"
  await cand.goto(`${BASE}/t/demo/self/${upcomingId}/consent`);
  await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
  await cand.getByText('同意しなかったことで不利益を受けることはありません', { exact: false }).waitFor();
  await cand.locator('[data-consent="ai_evaluation"]').getByText('表情', { exact: false }).waitFor();
  await cand.locator('[data-consent="recording"]').getByText('評価を依頼した専門家', { exact: false }).waitFor();
  const before = await cand.locator('main').innerText();
  for (const wrong of ['評価のためだけに', 'あなたの組織', '選ばなかったことで']) if (before.includes(wrong)) throw new Error(`the consent screen still says ${wrong}`);
  await cand.getByTestId('consent-version').getByText('default-2026-12', { exact: false }).waitFor();

  // the admin edits the text: an http privacy policy is refused before saving, then a new version is saved
  await admin.getByRole('navigation').getByRole('link', { name: '質問セット', exact: true }).click();
  const editor = admin.getByTestId('consent-texts-editor');
  await editor.getByRole('heading', { level: 2, name: '被面談者への同意文' }).waitFor();
  await editor.getByTestId('consent-texts-version').getByText('標準の文', { exact: false }).waitFor();
  await editor.getByLabel('会社名（データを管理する会社）').fill('デモ株式会社');
  await editor.getByLabel('お問い合わせ先（メールアドレスまたは https:// のページ）').fill('saiyo@demo.example.jp');
  await editor.getByLabel('プライバシーポリシーのURL（https://、任意）').fill('http://demo.example.jp/privacy');
  const recording = editor.locator('textarea[name="ja.recording"]');
  await recording.fill(`${await recording.inputValue()}\n${MARK}`);
  await editor.getByRole('button', { name: '新しい版として保存' }).click();
  await editor.getByText('プライバシーポリシーは https:// で始まるURLにしてください。').waitFor();
  await editor.getByLabel('プライバシーポリシーのURL（https://、任意）').fill('https://demo.example.jp/privacy');
  await editor.getByTestId('consent-texts-preview').getByText(MARK, { exact: false }).waitFor();
  await editor.getByRole('button', { name: '新しい版として保存' }).click();
  await editor.getByText('版 1 として保存しました。', { exact: false }).waitFor();
  await editor.getByTestId('consent-texts-preview').scrollIntoViewIfNeeded();
  await shot(admin, '22b-admin-consent-texts');

  // the candidate reads version 1
  await cand.reload();
  await cand.getByRole('heading', { level: 1, name: '録画と利用についての同意', exact: true }).waitFor();
  await cand.locator('[data-consent="recording"]').getByText(MARK, { exact: false }).waitFor();
  const data = cand.getByTestId('consent-data');
  await data.getByRole('heading', { level: 2, name: 'あなたのデータの取り扱い' }).waitFor();
  await data.getByText('デモ株式会社', { exact: true }).waitFor();
  await data.getByRole('link', { name: 'saiyo@demo.example.jp' }).waitFor();
  const policy = data.getByRole('link', { name: 'プライバシーポリシー（新しいタブで開きます）' });
  const [href, target, rel] = await Promise.all(['href', 'target', 'rel'].map((a) => policy.getAttribute(a)));
  if (href !== 'https://demo.example.jp/privacy' || target !== '_blank' || !rel?.includes('noopener')) throw new Error(`privacy policy link: ${href} ${target} ${rel}`);
  await cand.getByTestId('consent-version').getByText('1', { exact: false }).waitFor();
  await data.scrollIntoViewIfNeeded();
  await shot(cand, '22c-consent-texts');

  // choosing records version 1 for each of the three decisions
  await cand.locator('[data-consent="recording"]').getByLabel('同意する').check();
  await cand.locator('[data-consent="ai_evaluation"]').getByLabel('同意する').check();
  await cand.locator('[data-consent="training_use"]').getByLabel('同意しない').check();
  await cand.getByRole('button', { name: '選択を送信して次へ' }).click();
  await cand.waitForURL(/\/check$/);
  const token = await accessToken(cand);
  const versions = await cand.evaluate(async ([id, token]) => {
    const r = await fetch(`/t/demo/v1/interviews/${id}/consents`, { headers: { authorization: `Bearer ${token}` } });
    return (await r.json()).map((c) => `${c.kind}=${c.text_version}`).sort().join(',');
  }, [upcomingId, token]);
  if (versions !== 'ai_evaluation=1,recording=1,training_use=1') throw new Error(`consents record the text versions ${versions}`);
  log('candidate wording: the list shows 回答済み/予定; the admin saved consent text version 1; the candidate read it (company, contact, privacy policy in a new tab) and the consents record version 1');
}
