// Issue 14 item 4: a Japanese screen shows no English sentences — no server words left untranslated,
// no library messages. Checked on every Japanese screenshot. Text the page itself marks as another
// language (an English feedback body, `lang="en"`) is content, not UI, and is left out, as is what people said,
// quoted (`translate="no"`: a summary's questions and answers, as the speech recogniser heard them); other user
// data in the scenario is Japanese.

/** Runs of three or more Latin-script words in the visible Japanese text of a page. */
export async function englishSentences(page) {
  return page.evaluate(() => {
    if (document.documentElement.lang !== 'ja') return [];
    const words = /[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’.,-]*){2,}/g;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, textarea, [hidden], [translate="no"]') || parent.getClientRects().length === 0) continue;
      if (!(parent.closest('[lang]')?.getAttribute('lang') ?? 'ja').startsWith('ja')) continue;
      found.push(...(node.textContent.match(words) ?? []));
    }
    return found;
  });
}
