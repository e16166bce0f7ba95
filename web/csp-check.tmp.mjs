// Loads the built UI under `mendan serve` in headless Chromium, signs in as the demo admin and
// visits a few pages; prints every CSP violation and console error.
import { chromium } from 'playwright-core';
const base = process.env.BASE;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
await page.exposeFunction('reportViolation', (v) => problems.push(`violation: ${v}`));
await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
await page.goto(base + '/', { waitUntil: 'networkidle' });
await page.fill('input[type=email]', 'admin@demo.example');
await page.fill('input[type=password]', process.env.PASSWORD);
await page.keyboard.press('Enter');
await page.waitForTimeout(2500);
for (const path of ['/interviews', '/admin/users', '/reports', '/admin/models']) {
  await page.goto(base + path, { waitUntil: 'networkidle' }).catch((e) => problems.push(`goto ${path}: ${e.message}`));
  await page.waitForTimeout(800);
}
console.log('url', page.url(), 'title', await page.title());
console.log('body text sample:', (await page.innerText('body')).slice(0, 200).replace(/\n/g, ' | '));
console.log(problems.length ? problems.join('\n') : 'no CSP violations or console errors');
await browser.close();
