// Issue 14 item 2, as parts of the feedback step of e2e/scenario.mjs: the walk's answers (「リーダーとして…企画」
// 「店長と相談して分担表を作りました」, in the scenario's transcript) plainly show two content criteria, and the feedback
// must say so everywhere a person reads it: the draft lists both as shown with those sentences quoted, the count in
// the heading is the number listed, the strengths name them, the English draft has no Japanese of its own, English is
// optional for a candidate who answered in Japanese, and the candidate's page counts 2 of 2.

/** The two criteria the walk used, and the sentence that shows each (the candidate's words in the transcript). */
export const walkCriteria = [
  { name: 'リーダーシップ', description: '周囲を巻き込み、先頭に立って物事を進めた経験', quote: 'リーダーとして新メニューのキャンペーンを企画しました。' },
  { name: '協調性', description: '周囲と協力して仕事を進めた経験', quote: '人手が足りない日が続いたので、店長と相談して分担表を作りました。' },
];

/** Adds the criteria as content items through the API (as the admin would on the items page). */
export async function addWalkCriteria({ admin, accessToken }) {
  const token = await accessToken(admin);
  for (const c of walkCriteria) {
    const status = await admin.evaluate(
      async ({ c, token }) => {
        const r = await fetch('/t/demo/v1/evaluation-items', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name: c.name, description: c.description, scale_min: 1, scale_max: 5, kind: 'content' }),
        });
        return r.status;
      },
      { c, token },
    );
    if (status !== 201) throw new Error(`adding the content item ${c.name} answered ${status}`);
  }
}

/** A paragraph without its quotations 「…」 and "…": the tool's own words. */
export function outsideQuotes(p) {
  return p.replace(/「[^」]*」/g, '').replace(/"[^"]*"/g, '');
}
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * The criteria shown in `scope`: the heading's count agrees with the list, and both walk criteria are listed as shown
 * with their sentence quoted (never under "not shown").
 */
async function checkCriteria(scope, heading) {
  const groups = scope.locator('[data-criteria-shown]');
  const shownCount = Number(await groups.getAttribute('data-criteria-shown'));
  const total = Number(await groups.getAttribute('data-criteria-total'));
  const shown = groups.locator('[data-criteria-list="shown"] > li');
  if ((await shown.count()) !== shownCount) throw new Error(`the heading counts ${shownCount} but ${await shown.count()} are listed as shown`);
  await groups.getByRole('heading', { name: heading(total, shownCount), exact: true }).waitFor();
  for (const c of walkCriteria) {
    const item = groups.locator('[data-criteria-list="shown"] > li', { hasText: c.name });
    if (!(await item.count())) throw new Error(`${c.name} is not listed as shown: ${await groups.innerText()}`);
    if (!['found', 'partly'].includes(await item.getAttribute('data-coverage'))) throw new Error(`${c.name} is not found`);
    await item.locator('blockquote', { hasText: c.quote }).waitFor();
    if (await groups.locator('[data-criteria-list="missing"] > li', { hasText: c.name }).count()) throw new Error(`${c.name} is also listed as not shown`);
  }
  if (await groups.locator('[data-criteria-list="missing"] blockquote').count()) throw new Error('a sentence is quoted as evidence of a criterion not shown');
}

/** The draft on the interviewer's panel (`fb`): criteria, strengths, the English draft, and English left optional. */
export async function checkDraft({ iv, fb }) {
  await checkCriteria(fb, (total, n) => `回答で確認できた点（${total} 項目中 ${n} 項目）`);
  await fb.locator('[data-candidate-language="ja"]').getByText('被面談者は日本語で回答しています。', { exact: false }).waitFor();
  const ja = await iv.getByLabel('日本語の本文（必須）').inputValue();
  if (!walkCriteria.every((c) => new RegExp(`良かった点は、.*「${c.name}」`).test(ja))) throw new Error(`the strengths do not name what was found: ${ja}`);
  if (ja.includes('あまり触れられていませんでした')) throw new Error(`the draft says a found criterion was not mentioned: ${ja}`);
  const enBox = iv.getByLabel('英語の本文（任意）');
  for (const p of (await enBox.inputValue()).split('\n')) {
    if (JAPANESE.test(outsideQuotes(p))) throw new Error(`the English draft has Japanese of its own: ${p}`);
  }
  // The candidate answered in Japanese: the English body may stay empty, and approval still goes through.
  await enBox.fill('');
}

/** The approved feedback on the candidate's page: 2 of 2 shown, each with the sentence that shows it. */
export async function checkCandidatePage({ cand }) {
  const page = cand.locator('[data-feedback-state="approved"]');
  await checkCriteria(page, (total, n) => `回答の中で確認できた点（${total} 項目中 ${n} 項目）`);
  const shown = Number(await page.locator('[data-criteria-shown]').getAttribute('data-criteria-shown'));
  if (shown < walkCriteria.length) throw new Error(`the candidate's page shows ${shown} found`);
}
