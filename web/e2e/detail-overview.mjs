// Issue 14 item 9, as steps of e2e/scenario.mjs: the interview detail starts with an overview (who, when, mode, status,
// question set, the consents in plain words, the next thing to do), then the AI panel, summary and feedback, and the
// recordings last. Before the interviewee answers the consents they read "not answered yet" everywhere (never
// "declined"), and the feedback draft cannot be made before there is a transcript, with the reason shown.

/** Whether `a` comes before `b` in the page. */
async function before(page, a, b) {
  return page.evaluate(([x, y]) => {
    const ex = document.querySelector(x);
    const ey = document.querySelector(y);
    return !!ex && !!ey && !!(ex.compareDocumentPosition(ey) & Node.DOCUMENT_POSITION_FOLLOWING);
  }, [a, b]);
}

/**
 * The interviewer's detail of a face-to-face interview the interviewee has not answered the consents of yet.
 * @param {object} o
 * @param {import('playwright-core').Page} o.iv the interviewer's page, on the interview's detail, in Japanese
 * @param {string} o.intervieweeName
 */
export async function detailBeforeConsent({ iv, intervieweeName, shot, log, setStep }) {
  const step = 'interview detail before the interviewee answers: overview first, consents "not answered yet", no draft yet';
  setStep(step);
  await iv.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  const overview = iv.getByTestId('overview');
  await overview.getByRole('heading', { level: 2, name: '概要', exact: true }).waitFor();
  await overview.getByTestId('ov-interviewee').getByText(intervieweeName).waitFor();
  await overview.getByText('対面面談', { exact: true }).waitFor();
  await overview.locator('[data-next-step="waitConsent"]').getByText('被面談者が録画と利用についての同意に回答するのを待っています。').waitFor();
  for (const kind of ['recording', 'ai_evaluation', 'training_use']) {
    const row = overview.locator(`[data-consent-kind="${kind}"]`);
    if ((await row.getAttribute('data-consent-state')) !== 'unanswered') throw new Error(`${kind} is not "not answered yet" before the interviewee answered`);
    await row.getByText('まだ回答していません').waitFor();
  }
  if (await overview.getByText('同意しませんでした').count()) throw new Error('the overview says the interviewee declined before they answered');
  // the AI panel says the same: not answered yet, not declined
  const ai = iv.locator('[data-ai-status="consent_missing"]');
  if ((await ai.getAttribute('data-ai-consent')) !== 'unanswered') throw new Error('the AI panel does not know the consent is unanswered');
  await ai.getByText('AIによる評価への同意にまだ回答していない', { exact: false }).waitFor();
  if (await ai.getByText('同意していないため', { exact: false }).count()) throw new Error('the AI panel says the interviewee declined before they answered');
  // the draft: disabled, and the reason is the button's description
  const fb = iv.locator('[data-feedback-state="none"]');
  const draft = fb.getByRole('button', { name: '下書きを作成' });
  if (!(await draft.isDisabled())) throw new Error('the feedback draft can be made before there is a transcript');
  const reason = await iv.locator(`[id="${await draft.getAttribute('aria-describedby')}"]`).innerText();
  if (!reason.includes('先に文字起こしをアップロードしてください')) throw new Error(`the disabled draft button gives no reason: ${reason}`);
  // the order: overview, AI panel, summary, feedback, then the recordings
  for (const [a, b] of [
    ['[data-testid="overview"]', '.ai-panel'],
    ['.ai-panel', '.summary-panel'],
    ['.summary-panel', '.feedback-panel'],
    ['.feedback-panel', 'section.recordings'],
  ]) {
    if (!(await before(iv, a, b))) throw new Error(`${a} does not come before ${b} on the detail page`);
  }
  await shot(iv, '26-detail-before-consent');
  // at phone width: one column, nothing wider than the screen
  const size = iv.viewportSize();
  await iv.setViewportSize({ width: 390, height: 844 });
  await overview.getByText('まだ回答していません').first().waitFor();
  const overflow = await iv.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`the detail page is ${overflow}px wider than a phone screen`);
  await shot(iv, '26-detail-before-consent-phone');
  await iv.setViewportSize(size);
  // the same in English
  await iv.getByLabel('表示言語').selectOption('en');
  await overview.locator('[data-consent-kind="ai_evaluation"]').getByText('AI evaluation: not answered yet').waitFor();
  await iv.getByRole('button', { name: 'Make a draft', exact: true }).and(iv.locator(':disabled')).waitFor();
  await shot(iv, '26-detail-before-consent-en');
  await iv.getByLabel('Language').selectOption('ja');
  await iv.getByRole('heading', { level: 1, name: '面談の詳細', exact: true }).waitFor();
  log(step);
}

/**
 * The interviewer's detail of the analysed self-interview: the question set is named, the consents read "agreed",
 * the recordings come last with no file-format strings, and the analysis over time opens from a disclosure.
 * @param {object} o
 * @param {import('playwright-core').Page} o.iv the interviewer's page, on the interview's detail, in Japanese
 * @param {string} o.setName the question set's name
 */
export async function detailAnalysed({ iv, setName, log, setStep }) {
  const step = 'interview detail of the analysed interview: question set named, consents agreed, compact recordings';
  setStep(step);
  const overview = iv.getByTestId('overview');
  await overview.getByTestId('ov-question-set').getByText(setName, { exact: false }).waitFor();
  for (const kind of ['recording', 'ai_evaluation', 'training_use']) {
    if ((await overview.locator(`[data-consent-kind="${kind}"]`).getAttribute('data-consent-state')) !== 'granted') throw new Error(`${kind} is not shown as agreed`);
  }
  await overview.locator('[data-consent-kind="training_use"]').getByText('AIの学習への利用: 同意しました').waitFor();
  const recText = await iv.locator('section.recordings').innerText();
  if (/video\/|audio\/|codecs|秒: --/.test(recText)) throw new Error(`the recordings show technical strings: ${recText.slice(0, 300)}`);
  if (!(await before(iv, '.feedback-panel', 'section.recordings'))) throw new Error('the recordings do not come last');
  log(step);
}

/** Opens a recording's details and checks its chart: labelled axes in seconds and %, a legend, no "秒: --". */
export async function openRecordingDetails(iv, recordingId) {
  const card = iv.locator(`[data-recording="${recordingId}"]`);
  await card.locator('details > summary').click();
  const chart = card.getByTestId('timeline');
  await chart.locator('canvas').first().waitFor();
  await chart.getByText('顔の検出').first().waitFor();
  const text = await card.innerText();
  if (text.includes('秒: --')) throw new Error('the chart shows an empty "秒: --" legend');
  // the axes are drawn on the canvas; their words are also in the caption, for everyone
  await chart.locator('figcaption').getByText('横軸は経過時間（秒）、縦軸は割合（%）', { exact: false }).waitFor();
  return chart;
}
