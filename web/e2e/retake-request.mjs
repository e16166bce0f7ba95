// Issue 14 item 3 part 2: staff ask the candidate for a new recording of question 1 with a reason; the candidate's
// list says so, the run goes back to question 1 showing the reason, the new answer is sent and the interview is
// recorded again. Its own self-interview (two questions, no follow-ups) is set up through the API with two short
// uploads (copies of an answer of the scenario's
// interview, so they are analysed as real answers), so the rest of the scenario's interview is left as it is.

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin  the demo tenant's admin, signed in
 * @param {import('playwright-core').Page} o.iv     the interviewer, signed in
 * @param {import('playwright-core').Page} o.cand   the interviewee, signed in, in Japanese
 */
export async function retakeRequestStep({ admin, iv, cand, people, suffix, interviewId, BASE, shot, accessToken, log }) {
  const api = async (page, method, path, body) => {
    const token = await accessToken(page);
    return page.evaluate(
      async ({ method, path, body, token }) => {
        const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
        const r = await fetch(`/t/demo/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: r.status, body: await r.json().catch(() => null) };
      },
      { method, path, body, token },
    );
  };
  const ok = (reply, what) => {
    if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const users = ok(await api(admin, 'GET', '/users'), 'users');
  const idOf = (email) => users.find((u) => u.email === email).id;
  const set = ok(
    await api(admin, 'POST', '/question-sets', {
      name: `撮り直し ${suffix}`,
      questions: [
        { text: '撮り直し用の質問です。あなたの強みを教えてください。', answer_seconds: 60 },
        { text: '撮り直し用の質問です。最近挑戦したことは何ですか。', answer_seconds: 60 },
      ],
      retake_limit: 1,
      follow_ups: false,
    }),
    'question set',
  );
  const interview = ok(
    await api(admin, 'POST', '/interviews', {
      mode: 'self',
      interviewee_id: idOf(people.interviewee.email),
      interviewer_id: idOf(people.interviewer.email),
      question_set_id: set.id,
      scheduled_at: new Date().toISOString(),
    }),
    'interview',
  );
  const id = interview.id;
  const texts = ok(await api(cand, 'GET', '/consent-texts'), 'consent texts');
  ok(await api(cand, 'POST', `/interviews/${id}/consents`, { kind: 'recording', granted: true, text_version: texts.version }), 'consent');
  const source = ok(await api(admin, 'GET', `/interviews/${interviewId}/recordings`), 'recordings').find((r) => r.status === 'analysed');
  for (const question_index of [0, 1]) {
    const put = await cand.evaluate(
      async ({ url, id, question_index, token }) => {
        const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
        const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
        const body = JSON.stringify({ content_type: 'video/webm', size_bytes: bytes.length, question_index });
        const t = await (await fetch(`/t/demo/v1/interviews/${id}/recordings`, { method: 'POST', headers, body })).json();
        return (await fetch(t.upload_url, { method: t.method, headers: t.headers, body: bytes })).status;
      },
      { url: source.download_url, id, question_index, token: await accessToken(cand) },
    );
    if (put >= 300) throw new Error(`upload answered ${put}`);
  }
  // Wait for both answers to be analysed, as real answers are before staff look at them.
  for (let i = 0; ; i++) {
    const recs = ok(await api(admin, 'GET', `/interviews/${id}/recordings`), 'recordings');
    if (recs.length === 2 && recs.every((r) => r.status === 'analysed')) break;
    if (i > 60) throw new Error(`the copies were not analysed: ${recs.map((r) => r.status)}`);
    await cand.waitForTimeout(1000);
  }
  ok(await api(cand, 'POST', `/interviews/${id}/status`, { status: 'recorded' }), 'finish');

  // The interviewer asks for a new answer to question 1, with a reason, after a confirmation.
  const reason = '声が小さく聞き取れませんでした。もう一度お願いします。';
  await iv.goto(`${BASE}/t/demo/interviews/${id}`);
  const card = iv.locator('li.recording').filter({ hasText: '質問 1' }).filter({ hasNotText: '質問 2' });
  // The list refreshes itself while analyses finish; a click during a refresh can be lost, so open until it shows.
  const reasonField = card.getByLabel('依頼の理由（候補者に表示されます。500文字まで）');
  for (let i = 0; i < 4 && !(await reasonField.isVisible()); i++) {
    await card.getByRole('button', { name: '撮り直しを依頼' }).first().click();
    await reasonField.waitFor({ timeout: 5000 }).catch(() => {});
  }
  await reasonField.fill(reason);
  await card.getByRole('button', { name: '撮り直しを依頼' }).click();
  await iv.getByRole('dialog').getByRole('button', { name: '依頼する' }).click();
  await card.getByText('撮り直しを依頼済み').waitFor();
  await card.getByText(`理由: ${reason}`).waitFor();
  await shot(iv, '17c-retake-requested');

  // The candidate's list names the question and the reason; the run starts at question 1 showing it.
  await cand.goto(`${BASE}/t/demo/me`);
  await cand.locator(`[data-interview="${id}"] [data-retake-asked]`).getByText(`質問1をもう一度回答してください。理由: ${reason}`).waitFor();
  await shot(cand, '17d-retake-candidate-list');
  await cand.goto(`${BASE}/t/demo/self/${id}/run`);
  await cand.getByText('質問 1 / 2').waitFor({ timeout: 30000 });
  await cand.getByText('撮り直し用の質問です。あなたの強みを教えてください。').waitFor();
  await cand.getByText(`質問1をもう一度回答してください。理由: ${reason}`).waitFor();
  await shot(cand, '17e-retake-run');
  await cand.getByRole('button', { name: '回答を始める' }).click();
  await cand.waitForTimeout(3000);
  await cand.getByRole('button', { name: '回答を終える' }).click();
  await cand.getByRole('button', { name: 'この回答で次へ' }).click();
  await cand.getByRole('heading', { level: 1, name: 'おつかれさまでした', exact: true }).waitFor({ timeout: 60000 });
  const after = ok(await api(admin, 'GET', `/interviews/${id}`), 'interview');
  if (!['recorded', 'analysed'].includes(after.status)) throw new Error(`the interview is ${after.status} after the new answer`);
  const recs = ok(await api(admin, 'GET', `/interviews/${id}/recordings`), 'recordings');
  const answers = recs.filter((r) => r.question?.index === 0);
  if (answers.length !== 2 || answers.filter((r) => r.retake_request).length !== 1) throw new Error(`question 1's answers: ${JSON.stringify(answers.map((r) => r.retake_request))}`);
  // Back where the scenario left the interviewer: the main interview's detail page.
  await iv.goto(`${BASE}/t/demo/interviews/${interviewId}`);
  await iv.locator('[data-feedback-state]').waitFor();
  log(`retake request: asked with a reason, shown to the candidate, answered again; the interview is ${after.status}`);
}
