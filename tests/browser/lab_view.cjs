/* tests/browser/lab_view.cjs - the lab view in a real browser (Debian's
 * chromium driven by playwright-core, no browser download). Run by
 * tests/e2e/t902-lab-browser.sh against a server it prepared: group g
 * (site-a g_v -> site-b g_v) started and synced, a token required.
 *
 *   RCSIM_URL, RCSIM_TOKEN  the server
 *   CHROMIUM                the browser (default /usr/bin/chromium)
 *   SHOTS                   where to write the screenshots (optional)
 *   LAB_BENCH=N             instead: N link cuts and restores from the page,
 *                           timed until the page shows each (p50/p99)
 *
 * Exits 0 when every check held, 1 with the failed check, 77 when the
 * browser cannot start. Waits are for what the page shows (bounded by
 * playwright's timeout), never fixed sleeps. */
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const url = process.env.RCSIM_URL;
const token = process.env.RCSIM_TOKEN;
const shots = process.env.SHOTS;
const T = 15000;

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok - ' + what);
}

async function api(method, p, body) {
  const r = await fetch(url + '/sim/v1' + p, {
    method, body: body && JSON.stringify(body),
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
  });
  const j = await r.json();
  if (!r.ok) throw new Error(method + ' ' + p + ': ' + JSON.stringify(j));
  return j;
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: path.join(shots, name + '.png') });
}

const row = (page, g) => page.locator(`[data-group="${g}"]`);

async function groupStatus(page, g, status) {
  await row(page, g).locator(`[data-status="${status}"]`).waitFor({ timeout: T });
}

async function terminal(page, array, user, command) {
  const term = page.getByRole('region', { name: 'Terminal on ' + array });
  const log = term.getByRole('log');
  await term.getByLabel('User').selectOption(user);
  const before = (await log.textContent()).length;
  const runs = Number(await log.getAttribute('data-runs') || 0);
  await term.getByLabel('Command on ' + array).fill(command);
  await term.getByLabel('Command on ' + array).press('Enter');
  await term.locator(`pre[data-runs="${runs + 1}"]`).waitFor({ timeout: T });
  return (await log.textContent()).slice(before);
}

/* Every control reachable with Tab has an accessible name, and the cut
 * button is among them: activate it with Enter. */
async function keyboardPath(page) {
  await page.locator('body').focus();
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const label = e.labels && e.labels.length ? e.labels[0].textContent : '';
      return { tag: e.tagName, name: (e.getAttribute('aria-label') || label ||
                                      e.textContent || '').trim() };
    });
    seen.push(f);
    check(f.name.length > 0, `focus stop ${i} (${f.tag}) has a name: "${f.name}"`);
    if (f.name === 'Cut link site-a ↔ site-b') {
      await page.keyboard.press('Enter');
      return seen;
    }
  }
  throw new Error('the cut button is not on the keyboard path: ' + JSON.stringify(seen));
}

async function axe(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const res = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const bad = res.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '));
  check(bad.length === 0, 'axe-core finds no WCAG A/AA violation ' + JSON.stringify(bad));
}

async function openPage(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => { console.log('page error: ' + e.message); process.exitCode = 1; });
  await page.goto(url + '/');
  /* the token prompt, then the stream */
  await page.getByRole('textbox', { name: 'Token' }).waitFor({ timeout: T });
  await page.getByRole('textbox', { name: 'Token' }).fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('#conn', { hasText: 'live' }).waitFor({ timeout: T });
  check(await page.evaluate(() => sessionStorage.getItem('rcsim-token') !== null),
        'the token is kept in the session');
  return page;
}

async function scenario(page) {
  await groupStatus(page, 'site-a/g', 'Started');
  check(await row(page, 'site-b/g.r101').locator('[data-status="Started"]').count() === 1,
        'both sides of g are shown Started');
  await axe(page);
  await shot(page, 'lab-normal');

  await keyboardPath(page);
  await page.locator('[data-link-state="timing out"]').waitFor({ timeout: T });
  check(true, 'the cut shows at once as timing out');
  await page.getByRole('button', { name: 'Advance 1 min' }).click();
  await groupStatus(page, 'site-a/g', 'Stopped');
  await page.locator('[data-link-state="down"]').waitFor({ timeout: T });
  await row(page, 'site-a/g').locator('[data-snapshot]').waitFor({ timeout: T });
  check(true, 'group Stopped, link down, resync snapshot shown');
  await shot(page, 'lab-link-down');

  /* 8 MiB written during the outage at 1 MB/s: a resync of several seconds */
  await api('POST', '/arrays/site-a/volumes/g_v/write', { offset: 0, length: '8M', pattern: 2 });
  await api('POST', '/links/site-a/site-b', { bandwidth_mbs: 1 });
  await page.getByRole('button', { name: 'Restore link site-a ↔ site-b' }).click();
  await page.locator('[data-link-state="up"]').waitFor({ timeout: T });
  const started = await terminal(page, 'site-a', '3paradm', 'startrcopygroup g');
  check(!/Error/.test(started), 'startrcopygroup from the terminal pane: ' + started.trim());
  await page.getByLabel('Advance by').fill('1s');
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'g_v sync progress on site-a' });
  await bar.waitFor({ timeout: T });
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-group="site-a/g"] progress');
    return b && Number(b.value) > 0;
  }, null, { timeout: T });
  const v1 = Number(await bar.getAttribute('value'));
  check(v1 > 0 && v1 < 100, 'the resync progress bar shows ' + v1 + '%');
  await shot(page, 'lab-resyncing');
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
  await page.waitForFunction((v) => {
    const b = document.querySelector('[data-group="site-a/g"] progress');
    return b ? Number(b.value) > v : document.querySelector('[data-group="site-a/g"] .st-Synced');
  }, v1, { timeout: T });
  check(true, 'the progress bar moves on (or the resync is done)');
  await page.getByRole('button', { name: 'Advance 1 min' }).click();
  await row(page, 'site-a/g').locator('.st-Synced').waitFor({ timeout: T });
  check(await row(page, 'site-a/g').locator('progress').count() === 0, 'the resync finished');

  const out = await terminal(page, 'site-a', 'browse', 'showrcopy');
  check(/g\s+site-b\s+g\.r101/.test(out) || /Group Information/.test(out),
        'showrcopy in the terminal pane as browse');
  const refused = await terminal(page, 'site-a', 'browse', 'stoprcopygroup -f g');
  check(/permission|not permitted|privilege/i.test(refused), 'browse may not stop a group');

  await terminal(page, 'site-a', '3paradm', 'stoprcopygroup -f g');
  await terminal(page, 'site-b', '3paradm', 'setrcopygroup failover -f g.r101');
  await row(page, 'site-b/g.r101').getByText('Primary-Rev').waitFor({ timeout: T });
  check(true, 'failed over: site-b Primary-Rev');
  await page.getByRole('button', { name: 'Large text' }).click();
  check(await page.evaluate(() => document.body.classList.contains('large')), 'large text mode');
  await page.getByRole('button', { name: 'Large text' }).click();
  await shot(page, 'lab-failed-over');

  /* a reset replaces the state under the same stream */
  await api('POST', '/reset');
  await page.locator('#event-list li', { hasText: 'log replaced' }).waitFor({ timeout: T });
  await page.locator('#group-count', { hasText: '(0)' }).waitFor({ timeout: T });
  check(await page.locator('#conn').textContent() === 'live', 'the stream survives a reset');
  await api('POST', '/links/site-a/site-b', { up: false });
  await page.locator('[data-link-state="timing out"]').waitFor({ timeout: T });
  check(true, 'and goes on showing changes after it');

  /* a published lab: briefing, goals as they stand, hints, the score */
  await api('PUT', '/lab', {
    lab: { name: 'demo', title: 'Demo', briefing: 'Bring the link back.', goals: [] },
    progress: { goals: [{ text: 'The link is up', held: false }], hints: ['Restore it'],
                score: 0, total: 10, done: false } });
  await page.getByRole('region', { name: 'Exercise: Demo' }).waitFor({ timeout: T });
  await page.getByText('The link is up (not yet)').waitFor({ timeout: T });
  await api('PUT', '/lab', {
    lab: { name: 'demo', title: 'Demo', briefing: 'Bring the link back.', goals: [] },
    progress: { goals: [{ text: 'The link is up', held: true }], hints: [],
                score: 10, total: 10, done: true } });
  await page.getByText('Exercise complete: 10 of 10 points.').waitFor({ timeout: T });
  check(true, 'the exercise panel shows the goals ticking and the final report');
}

/* The time from a control action (a link cut or restore sent from the
 * page) to the page showing it, N times; prints p50/p99. */
async function bench(page, n) {
  const times = await page.evaluate(async (count) => {
    const out = [];
    const hdr = { 'Content-Type': 'application/json',
                  Authorization: 'Bearer ' + sessionStorage.getItem('rcsim-token') };
    for (let i = 0; i < count; i++) {
      const cut = i % 2 === 0;
      const want = cut ? 'timing out' : 'up';
      const t0 = performance.now();
      await fetch('/sim/v1/links/site-a/site-b', { method: 'POST', headers: hdr,
                                                   body: JSON.stringify({ up: !cut }) });
      await new Promise((resolve) => {
        const seen = () => document.querySelector(`[data-link-state="${want}"]`);
        if (seen()) return resolve();
        const mo = new MutationObserver(() => { if (seen()) { mo.disconnect(); resolve(); } });
        mo.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      await new Promise((r) => requestAnimationFrame(() => r()));
      out.push(performance.now() - t0);
    }
    return out;
  }, n);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`action-to-page over ${n} actions: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, ` +
              `max ${times[times.length - 1].toFixed(1)} ms`);
  const cost = await page.evaluate(() => {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) draw();            // eslint-disable-line no-undef
    return { draw_ms: (performance.now() - t0) / 20,
             groups: view.rows.length,                // eslint-disable-line no-undef
             nodes: document.getElementsByTagName('*').length };
  });
  console.log(`redraw of one state: ${cost.draw_ms.toFixed(2)} ms for ${cost.groups} group rows ` +
              `(${cost.nodes} elements in the page)`);
  const weight = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/lab/')).concat(performance.getEntriesByType('navigation'))
    .reduce((s, e) => s + e.transferSize, 0));
  console.log(`page weight: ${weight} bytes transferred (HTML, CSS, JS, headers)`);
}

(async () => {
  let browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                      args: ['--no-sandbox'] });
  } catch (e) {
    console.log('chromium cannot run: ' + e.message.split('\n')[0]);
    process.exit(77);
  }
  try {
    const page = await openPage(browser);
    if (process.env.LAB_BENCH) await bench(page, Number(process.env.LAB_BENCH));
    else await scenario(page);
  } catch (e) {
    console.log('FAIL: ' + e.message);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
