// Issue 19, as steps of e2e/scenario.mjs. The AI ethics page of a seeded tenant (E2E_ETHICS_TENANT, made by
// `mendan tenant create … --option ethics_model --option ethics_predictions` and `mendan tenant demo-ethics` in
// scripts/test.sh): the banner with its flags, the model's charts (means with error bars, differences, impact ratios
// against the dashed 0.8 line), the pitch proxy, the monthly trend and a stored month, a group too small to show, the
// settings saved (screenshots `ethics`, 1280 wide, and `ethics-en`). And the self-declaration of gender and age band
// from the profile page: what is stored shown with its basis, declared with its consent (replacing what an admin
// entered), then withdrawn, which deletes it (`25a`, `25c`).

/**
 * @param {object} o
 * @param {string} o.BASE
 * @param {(lang?: string) => Promise<import('playwright-core').Page>} o.newPage
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe + English check
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 */
export async function ethicsStep({ BASE, newPage, shot, log, setStep }) {
  const tenant = process.env.E2E_ETHICS_TENANT;
  if (!tenant) {
    log('AI ethics page: skipped (no E2E_ETHICS_TENANT seeded)');
    return;
  }
  let step = 'the AI ethics page of the seeded tenant: banner, charts against the 0.8 line, proxy, months, settings';
  setStep(step);
  const page = await newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE}/t/${tenant}/`);
  await page.getByLabel('メールアドレス').fill(process.env.E2E_ETHICS_ADMIN ?? '');
  await page.getByLabel('パスワード').fill(process.env.E2E_ETHICS_PASSWORD ?? '');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('button', { name: 'サインアウト' }).waitFor();
  // the menu offers the page: the contract has the options
  await page.getByRole('navigation').getByRole('link', { name: 'AI倫理', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'AI 倫理分析', exact: true }).waitFor();

  // the banner reads the flags in plain words (the seeded ratings are biased against one gender), the model's once
  // its analysis is there (bootstrap intervals and proxies take a moment), and the newest month's
  const model = page.getByTestId('ethics-model');
  await model.locator('svg[role="img"][data-chart="means"]').first().waitFor({ timeout: 60000 });
  const alert = page.getByTestId('ethics-alert');
  await alert.getByRole('heading', { name: /注意が必要な差が見つかりました/ }).waitFor();
  await alert.getByRole('heading', { name: /^AI モデル（版 \d+）の分析/ }).waitFor();
  await alert.getByRole('heading', { name: /の予測: \d+ 件$/ }).waitFor();
  const flags = await alert.locator('li[data-flag]').allInnerTexts();
  if (!flags.length) throw new Error('the ethics banner lists no flag');
  if (!flags.some((f) => /「.+」で、/.test(f) && /(女性|男性|代)/.test(f))) throw new Error(`the flags do not read as sentences: ${flags.join(' / ')}`);
  await alert.getByText('すべきこと', { exact: false }).waitFor();

  // the model's analysis: charts with their readings and tables
  for (const chart of ['means', 'difference', 'impact']) {
    const svg = model.locator(`svg[role="img"][data-chart="${chart}"]`).first();
    if (!(await svg.getAttribute('aria-label'))) throw new Error(`the ${chart} chart has no accessible name`);
    if (((await svg.boundingBox())?.width ?? 0) < 200) throw new Error(`the ${chart} chart is not drawn`);
  }
  const limitLine = model.locator('svg[data-chart="impact"] [data-testid="limit-line"]').first();
  await limitLine.waitFor({ state: 'attached' }); // a vertical line has no width: attached, not "visible"
  const lineLabel = await model.locator('svg[data-chart="impact"]').first().locator('text', { hasText: /^0\.8$/ }).count();
  if (!lineLabel || (await limitLine.getAttribute('stroke-dasharray')) === null) throw new Error('the impact chart has no dashed 0.8 line');
  const reading = await model.locator('p.reading').allInnerTexts();
  if (!reading.some((r) => /の平均は.+より [\d.]+ 点(低い|高い)（95% 区間 -?[\d.]+〜-?[\d.]+）/.test(r))) {
    throw new Error(`no plain reading of a difference with its interval: ${reading.slice(0, 4).join(' / ')}`);
  }
  if (!reading.some((r) => r.includes('倍') && r.includes('合格率'))) throw new Error('no plain reading of the impact ratios');
  // the pitch stands in for gender: named first, with what to do
  const proxies = model.getByTestId('ethics-proxies');
  const first = await proxies.locator('tbody tr').first().getAttribute('data-feature');
  if (first !== 'voice.pitch_mean_hz') throw new Error(`the strongest proxy is ${first}, not the pitch`);
  await proxies.getByText('「声の高さ」を学習に使う特徴から外して', { exact: false }).waitFor();
  log(`${step}: ${flags.length} flags in the banner, the pitch is the first proxy`);

  step = 'the monthly trend with the 0.8 line, a stored month, a group too small to show';
  setStep(step);
  const months = page.getByTestId('ethics-months');
  const trend = months.locator('svg[role="img"][data-chart="trend"]');
  await trend.waitFor();
  if (!(await trend.locator('[data-testid="limit-line"]').count())) throw new Error('the trend chart has no 0.8 line');
  const lines = await trend.locator('polyline').count();
  if (lines < 1) throw new Error('the trend chart draws no line');
  const picker = months.getByTestId('ethics-month-pick');
  const stored = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => /^\d{4}-\d{2}$/.test(v)));
  if (stored.length < 3) throw new Error(`fewer than three stored months to pick: ${stored}`);
  const oldest = stored[stored.length - 1];
  await picker.selectOption(oldest);
  const month = months.locator(`[data-testid="ethics-month"][data-month="${oldest}"]`);
  await month.waitFor();
  await month.locator('svg[data-chart="impact"]').first().waitFor();
  // few predictions a month: some age band has fewer than five people, and says so instead of figures
  await month.getByRole('radio', { name: '年代' }).check();
  await month.getByText('人数が少ないため非表示（5 人未満）').first().waitFor();
  log(`${step}: ${stored.length} months, ${lines} lines, ${oldest} loaded`);

  step = 'the ethics settings: a pass score saved, and the model analysis follows it';
  setStep(step);
  const settings = page.getByTestId('ethics-settings');
  const pass = settings.locator('input[name^="pass-"]').first();
  await pass.fill('3');
  await settings.getByRole('button', { name: '保存', exact: true }).click();
  await settings.getByText('設定を保存しました。', { exact: false }).waitFor();
  await model.getByText('合格点 3 点以上を合格とした場合').first().waitFor({ timeout: 60000 });
  await page.getByRole('heading', { level: 1, name: 'AI 倫理分析', exact: true }).scrollIntoViewIfNeeded();
  await shot(page, 'ethics');
  log(step);

  step = 'the AI ethics page in English';
  setStep(step);
  await page.getByLabel('表示言語').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'AI ethics', exact: true }).waitFor();
  await page.getByTestId('ethics-alert').getByRole('heading', { name: /Differences that need attention/ }).waitFor();
  await shot(page, 'ethics-en');
  log(step);

  step = 'the AI ethics page on a phone (375 px): nothing scrolls sideways';
  setStep(step);
  await page.getByLabel('Language').selectOption('ja');
  await page.getByRole('heading', { level: 1, name: 'AI 倫理分析', exact: true }).waitFor();
  await page.setViewportSize({ width: 375, height: 812 });
  const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  if (fit.page > fit.view) throw new Error(`the ethics page scrolls sideways at 375 px: ${JSON.stringify(fit)}`);
  await shot(page, 'ethics-375');
  await page.context().close();
  log(step);
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.cand a signed-in user of the demo tenant (the interviewee), Japanese
 * @param {string} o.BASE
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot
 * @param {(page: import('playwright-core').Page, tenant?: string) => Promise<string>} o.accessToken
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep
 */
export async function selfDeclarationStep({ cand, BASE, shot, accessToken, log, setStep }) {
  const step = 'the interviewee declares gender and age band with the consent to their one use, then withdraws it';
  setStep(step);
  const own = async () =>
    cand.evaluate(async (token) => {
      const r = await fetch('/t/demo/v1/me/attributes', { headers: { authorization: `Bearer ${token}` } });
      return r.json();
    }, await accessToken(cand));
  await cand.goto(`${BASE}/t/demo/profile`);
  await cand.getByTestId('profile-attributes').getByRole('link', { name: '回答する・取り下げる' }).click();
  await cand.getByRole('heading', { level: 1, name: '性別・年代の申告', exact: true }).waitFor();
  // the scenario's admin entered this person's attributes earlier: the page says so, and on what basis
  const before = cand.getByTestId('selfattr-current');
  await before.waitFor();
  const basis = await before.getAttribute('data-basis');
  if (basis === 'admin') await before.getByText('管理者が入力しました', { exact: false }).waitFor();
  else if (basis !== 'none') throw new Error(`the interviewee's attributes start as ${basis}`);
  const consent = await cand.getByTestId('selfattr-consent').innerText();
  for (const words of ['偏りがないかを確かめるためだけ', '材料（特徴）には使いません', '面談者や熟練面談者には表示せず', '2026-12']) {
    if (!consent.includes(words)) throw new Error(`the consent text does not say ${words}: ${consent}`);
  }
  // fixed choices, both with 回答しない; nothing is sent before agreeing
  for (const attribute of ['gender', 'age_band']) await cand.locator(`[data-attribute="${attribute}"]`).getByLabel('回答しない', { exact: true }).waitFor();
  const submit = cand.getByRole('button', { name: '同意して送信' });
  if (await submit.isEnabled()) throw new Error('the declaration can be sent without agreeing');
  await cand.locator('[data-attribute="gender"]').getByLabel('回答しない', { exact: true }).check();
  await cand.locator('[data-attribute="age_band"]').getByLabel('30 代', { exact: true }).check();
  await cand.getByLabel('上の使い道に同意して回答します').check();
  await submit.click();
  await cand.getByText('ご回答を保存しました。').waitFor();
  const current = cand.locator('[data-testid="selfattr-current"][data-basis="self_declared"]');
  await current.getByText('性別: 回答しない、年代: 30 代').waitFor();
  const declared = await own();
  if (declared.gender !== 'undisclosed' || declared.age_band !== '30-39' || declared.basis?.by !== 'self_declared' || declared.basis?.text_version !== '2026-12') {
    throw new Error(`the declaration is stored as ${JSON.stringify(declared)}`);
  }
  await shot(cand, '25a-self-declaration');
  await current.getByRole('button', { name: '同意を取り下げて回答を削除' }).click();
  await cand.getByText('同意を取り下げ、ご回答を削除しました。').waitFor();
  await cand.locator('[data-testid="selfattr-current"][data-basis="none"]').waitFor();
  const withdrawn = await own();
  if (withdrawn.gender !== null || withdrawn.age_band !== null || withdrawn.basis !== null) throw new Error(`withdrawing left ${JSON.stringify(withdrawn)}`);
  await shot(cand, '25c-self-declaration-withdrawn');
  log(step);
}
