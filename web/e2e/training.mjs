// Issue 14, item 5: training is no dead end. On the AI models page the admin sees how far the experts' ratings are
// from the minimum (from the server), the button says why it cannot be pressed yet, a refused request shows its
// reason with the numbers (in Japanese and English), and a request is followed on the page until it is trained.
//
// What is real and what is not: progress, the disabled button and the refusal come from the running server (the
// request is posted through the API, as automatic retraining or a second administrator would). A trained model
// needs ten analysed interviews whose recordings show a face and speech, which this scenario's fake camera does not
// give, so the last part answers readiness and the request's states from the page's network layer, to follow the
// page through queued → running → trained. The integration tests train for real (tests/tests/it/models_embedded.rs).

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin  signed in as the demo tenant's admin
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot
 * @param {(page: import('playwright-core').Page) => Promise<string>} o.accessToken
 */
export async function trainingStep({ admin, shot, accessToken }) {
  const api = async (method, path) => {
    const token = await accessToken(admin);
    return admin.evaluate(
      async ({ method, path, token }) => {
        const r = await fetch(`/t/demo/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
        return { status: r.status, body: await r.json() };
      },
      { method, path, token },
    );
  };

  await admin.getByRole('navigation').getByRole('link', { name: 'AIモデル', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'AIモデル', exact: true }).waitFor();
  const readiness = (await api('GET', '/models/readiness')).body;
  if (readiness.ready || readiness.need !== 10) throw new Error(`unexpected readiness: ${JSON.stringify(readiness)}`);
  const have = readiness.have;
  const panel = admin.getByTestId('training');
  await panel.getByText(`${have} / 10 件の面談が熟練面談者に評価済み（分析済み）`, { exact: true }).waitFor();
  await panel.getByText(`あと ${10 - have} 件の面談に、熟練面談者の評価が必要です`, { exact: false }).waitFor();
  const button = panel.getByRole('button', { name: '新しいモデルを作成' });
  if (!(await button.isDisabled())) throw new Error('the train button can be pressed although training cannot succeed');
  const why = await admin.locator(`#${await button.getAttribute('aria-describedby')}`).innerText();
  if (!why.startsWith('まだ作成できません。')) throw new Error(`the disabled button does not say why: ${why}`);
  await shot(admin, '19b-admin-models-progress');

  // A request made anyway is refused by the trainer with the same numbers, and the page says so.
  const posted = await api('POST', '/models/training');
  if (posted.status !== 202) throw new Error(`POST models/training answered ${posted.status}`);
  await panel.getByRole('button', { name: '状況を更新' }).click();
  const state = panel.getByTestId('training-state');
  await admin.locator('[data-testid="training-state"][data-state="refused"]').waitFor();
  await state.getByText('モデルを作成できませんでした。', { exact: true }).waitFor();
  await state.getByText(`熟練面談者に評価された分析済みの面談が ${have} 件しかありません（10 件必要です）。`, { exact: true }).waitFor();
  const listed = (await api('GET', '/models/training')).body;
  if (listed[0]?.id !== posted.body.request_id || listed[0]?.refusal?.code !== 'too_few_rated_interviews') {
    throw new Error(`the request is not kept as refused: ${JSON.stringify(listed[0])}`);
  }
  await shot(admin, '19c-admin-models-refused');
  await admin.getByLabel('表示言語').selectOption('en');
  await panel.getByText(`${have} of 10 interviews rated by experts (analysed)`, { exact: true }).waitFor();
  await state.getByText(`Not enough analysed interviews are rated by experts: ${have} of the 10 needed.`, { exact: true }).waitFor();
  await shot(admin, '19d-en-admin-models-refused');
  await admin.getByLabel('Language', { exact: true }).selectOption('ja');

  // Followed until trained (readiness and states answered here, see above).
  const fakeId = '01a21500-0000-7000-8000-0000000000aa';
  let looks = 0;
  let posts = 0;
  const now = new Date().toISOString();
  await admin.route('**/t/demo/v1/models/readiness', (route) =>
    route.fulfill({
      json: { ...readiness, ready: true, have: 12, refusal: null, items: readiness.items.map((i) => ({ ...i, rated_interviews: 12, ready: true })) },
    }),
  );
  await admin.route('**/t/demo/v1/models/training', (route) => {
    if (route.request().method() === 'POST') {
      posts += 1;
      return route.fulfill({ status: 202, json: { request_id: fakeId, state: 'queued' } });
    }
    if (!posts) return route.fallback();
    looks += 1;
    const request = { id: fakeId, requested_by: 'admin', requested_at: now, updated_at: now };
    const step = looks < 2 ? { state: 'queued' } : looks < 3 ? { state: 'running' } : { state: 'trained', version: 1, model_id: fakeId };
    return route.fulfill({ json: [{ ...request, ...step }, ...listed] });
  });
  await admin.reload();
  await panel.getByText('モデルを作成できます。', { exact: false }).waitFor();
  await button.click();
  await admin.locator('[data-testid="training-state"][data-state="queued"]').waitFor();
  await state.getByText('モデルの作成を受け付けました。順番を待っています…', { exact: true }).waitFor();
  if (!(await button.isDisabled())) throw new Error('a second request can be made while one is queued');
  await admin.locator('[data-testid="training-state"][data-state="running"]').waitFor();
  await admin.locator('[data-testid="training-state"][data-state="trained"]').waitFor();
  await state.getByText('バージョン 1 を作成しました。', { exact: true }).waitFor();
  const before = looks;
  await admin.waitForTimeout(4000);
  if (looks !== before) throw new Error(`the page kept asking after the request was trained (${looks - before} more looks)`);
  await shot(admin, '19e-admin-models-trained');
  await admin.unrouteAll({ behavior: 'wait' });
}
