// Time to interactive of the interviewee's first screens on a running `mendan serve` (MENDAN_URL), in headless
// Chromium, each load cold (a new browser context: empty cache and storage). Reported, never asserted.
//
//   TTI = the latest of (a) the first input in <main> being present and enabled, (b) the first contentful paint and
//   (c) the end of the last long task (≥ 50 ms on the main thread, PerformanceObserver 'longtask') before a 500 ms
//   window without long tasks; all on the page's clock, whose origin is navigation start.
//
// Pages: the invitation landing (the sign-in screen an invitation e-mail links to), the interviewee's consent
// screen (signed in: the context holds the refresh cookie, so the load includes the start-up auth/refresh), and
// the admin's users page as a baseline. RUNS loads each (default 5); the median is printed.
//   MENDAN_URL=http://127.0.0.1:8080 MENDAN_DEMO_PASSWORD=... node e2e/tti.mjs
import { chromium } from 'playwright-core';

const BASE = process.env.MENDAN_URL ?? 'http://127.0.0.1:8080';
const PASSWORD = process.env.MENDAN_DEMO_PASSWORD ?? '';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUNS = Number(process.env.RUNS ?? 5);
const QUIET_MS = 500;
const API = `${BASE}/t/demo/v1`;

async function call(method, path, token, body) {
  const res = await fetch(API + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
const login = async (email, password) => (await call('POST', '/auth/login', null, { email, password })).token;

// An interviewee with a scheduled self-interview, made through the API.
const admin = await login('admin@demo.example', PASSWORD);
const tag = Date.now().toString(36);
const email = `tti-${tag}@demo.example`;
const password = 'tti-candidate-pass-1';
const { user } = await call('POST', '/users', admin, { email, display_name: `TTI ${tag}`, role: 'interviewee', password });
const set = await call('POST', '/question-sets', admin, {
  name: `TTI ${tag}`,
  questions: [{ text: 'あなたの強みを教えてください。', answer_seconds: 30 }],
  practice_question: null,
  retake_limit: 0,
  follow_ups: false,
});
const iv = await call('POST', '/interviews', admin, {
  mode: 'self',
  interviewee_id: user.id,
  question_set_id: set.id,
  scheduled_at: new Date(Date.now() + 3600000).toISOString(),
});

const pages = [
  { name: 'interviewee invitation landing (sign-in)', path: '/t/demo/', who: null },
  { name: 'interviewee consent screen', path: `/t/demo/self/${iv.id}/consent`, who: { email, password } },
  { name: 'admin users (baseline)', path: '/t/demo/admin/users', who: { email: 'admin@demo.example', password: PASSWORD } },
];

/**
 * Signs the browser context in as the web UI does (cookie mode): the context's request client shares its cookie
 * jar, so the page finds the HttpOnly refresh cookie and starts signed in (its start-up refresh is measured).
 */
async function signInContext(ctx, who) {
  const res = await ctx.request.post(`${API}/auth/login`, { headers: { 'X-Mendan-Refresh': 'cookie' }, data: { email: who.email, password: who.password } });
  if (!res.ok()) throw new Error(`auth/login for ${who.email}: ${res.status()} ${(await res.text()).slice(0, 300)}`);
  if (!(await ctx.cookies()).some((c) => c.name === 'mendan_refresh')) throw new Error('auth/login in cookie mode set no mendan_refresh cookie');
}

// Runs in the page before any of its scripts: records long tasks and when the first input became usable.
function instrument({ quiet }) {
  const m = { longTasks: [], inputAt: null, quiet };
  window.__tti = m;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.longTasks.push([e.startTime, e.startTime + e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long-task timing: TTI is then the input time */
  }
  const check = () => {
    if (m.inputAt !== null) return;
    const el = document.querySelector('main input, main select, main textarea');
    if (el && !el.disabled) {
      m.inputAt = performance.now();
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
}

/** Resolves in the page once the input is there and the main thread has been quiet for `quiet` ms. */
function settled() {
  return new Promise((resolve, reject) => {
    const m = window.__tti;
    const give = setTimeout(() => reject(new Error('no enabled input and first paint within 30 s')), 30000);
    const poll = () => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      if (m.inputAt !== null && fcp) {
        const lastEnd = Math.max(0, ...m.longTasks.map(([, end]) => end));
        const tti = Math.max(m.inputAt, lastEnd, fcp.startTime);
        if (performance.now() - tti >= m.quiet) {
          clearTimeout(give);
          const nav = performance.getEntriesByType('navigation')[0];
          return resolve({
            tti,
            input: m.inputAt,
            longTasks: m.longTasks.length,
            fcp: fcp.startTime,
            domInteractive: nav ? nav.domInteractive : null,
          });
        }
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`time to interactive on ${BASE}, ${RUNS} cold loads each (the latest of: first enabled input, first contentful paint, end of the last long task before ${QUIET_MS} ms without one)`);
  for (const p of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
      if (p.who) await signInContext(ctx, p.who);
      await ctx.addInitScript(instrument, { quiet: QUIET_MS });
      const page = await ctx.newPage();
      await page.goto(BASE + p.path, { waitUntil: 'commit' });
      runs.push(await page.evaluate(settled));
      await ctx.close();
    }
    const tti = runs.map((r) => r.tti);
    console.log(
      `TTI ${p.name}: median ${ms(median(tti))} (runs ${tti.map(ms).join(', ')}); ` +
        `first input ${ms(median(runs.map((r) => r.input)))}, FCP ${ms(median(runs.map((r) => r.fcp ?? 0)))}, ` +
        `DOM interactive ${ms(median(runs.map((r) => r.domInteractive ?? 0)))}, long tasks ${runs.map((r) => r.longTasks).join('/')}`,
    );
  }
} finally {
  await browser.close();
}
