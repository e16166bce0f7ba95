// Issue 14 items 12 and 13, as a step of e2e/scenario.mjs: at 1280×800 the admin header (brand, menu, language,
// name, sign-out) is one line with nothing scrolling sideways, in Japanese and English, and its menu has no
// テナント設定 item (no dead end). The question-set card says its limits as a person would: 「撮り直し: 1 回まで」,
// 「20 秒」 / "1 retake", "20 s", never the form's 「撮り直しの上限（0〜10）」 or "(20s)". At 1024 px the header may wrap but
// never scrolls sideways. Screenshots 04c, 04d.

/** Whether the header's parts sit on one line (vertically centred together, sharing a band) and nothing overflows. */
async function headerLayout(page) {
  return page.evaluate(() => {
    const header = document.querySelector('header.top');
    const parts = [...header.querySelectorAll('.brand, nav a, .tools > *, .tools select, .tools a, .tools button')].filter(
      (el) => el.getBoundingClientRect().width > 0,
    );
    const tops = parts.map((el) => el.getBoundingClientRect().top);
    const bottoms = parts.map((el) => el.getBoundingClientRect().bottom);
    const centres = parts.map((el) => (el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2);
    return {
      spread: Math.max(...centres) - Math.min(...centres),
      overlap: Math.min(...bottoms) - Math.max(...tops),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      headerOverflow: header.scrollWidth - header.clientWidth,
      links: [...header.querySelectorAll('nav a')].map((a) => a.textContent),
    };
  });
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.admin the admin's page, on the question sets page after creating `setName`
 * @param {string} o.setName the question set just created (one question of 20 s, one retake)
 * @param {(page: import('playwright-core').Page, name: string) => Promise<void>} o.shot screenshot + axe
 * @param {(m: string) => void} o.log
 * @param {(s: string) => void} o.setStep names the running step for the failure report
 */
export async function adminPolish({ admin, setName, shot, log, setStep }) {
  const step = 'at 1280 px the admin header is one line (ja, en) with its tenant settings item (a real page since issue 18); the question-set card speaks plainly';
  setStep(step);
  const original = admin.viewportSize();
  await admin.setViewportSize({ width: 1280, height: 800 });
  const card = admin.locator('li.card', { has: admin.getByRole('heading', { level: 3, name: setName, exact: true }) });
  // the language menu, whatever language the page is in now
  const language = admin.locator('header label.lang select');
  for (const [lang, retakes, seconds, shotName] of [
    ['ja', '撮り直し: 1 回まで', '20 秒', '04c-admin-header-1280'],
    ['en', '1 retake', '20 s', '04d-en-admin-header-1280'],
  ]) {
    await language.selectOption(lang);
    await admin.waitForFunction((l) => document.documentElement.lang === l, lang);
    const layout = await headerLayout(admin);
    if (layout.spread > 6 || layout.overlap <= 0 || layout.overflow > 0 || layout.headerOverflow > 0) {
      throw new Error(`the ${lang} admin header is not one line at 1280 px: ${JSON.stringify(layout)}`);
    }
    if (!layout.links.some((l) => /^(テナント設定|Settings)$/.test(l))) throw new Error(`the menu lacks tenant settings: ${layout.links}`);
    const text = await card.innerText();
    for (const words of [retakes, seconds]) if (!text.includes(words)) throw new Error(`the ${lang} question-set card does not say ${words}: ${text}`);
    if (/0〜10|\d+s\)/.test(text)) throw new Error(`the ${lang} question-set card speaks like a form: ${text}`);
    await shot(admin, shotName);
  }
  // narrower, the header may wrap, but nothing scrolls sideways
  await admin.setViewportSize({ width: 1024, height: 768 });
  const narrow = await headerLayout(admin);
  if (narrow.overflow > 0 || narrow.headerOverflow > 0) throw new Error(`the en admin header overflows at 1024 px: ${JSON.stringify(narrow)}`);
  await language.selectOption('ja');
  await admin.waitForFunction(() => document.documentElement.lang === 'ja');
  if (original) await admin.setViewportSize(original);
  log(step);
}
