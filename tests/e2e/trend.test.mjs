// Progress over time and the printable edition (issue 28) on the example of `stratwiki new
// --example`, whose history moves goals for years: axe-core on a goal page with trend charts,
// the dashboard's strategy trend and the printable edition, light and dark; the points reached
// by keyboard; and a screenshot of the printable edition's first screen (docs/screenshots/
// print.png with STRATWIKI_SCREENSHOTS_TO_DOCS=1).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_PATH, BIN, SCREENSHOT_DIR, axe, ensureDir, launch, serve } from './site.mjs';

let tmp;
let server;
let browser;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'stratwiki-trend-'));
  execFileSync(BIN, ['new', '--example', 'ex'], { cwd: tmp, stdio: 'ignore' });
  execFileSync(BIN, ['build', '--today', '2026-06-01'], { cwd: join(tmp, 'ex'), stdio: 'ignore' });
  server = await serve(join(tmp, 'ex', 'book'));
  browser = await launch();
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const url = (path) => server.origin + BASE_PATH + path;

const PAGES = {
  'goal with trend charts': 'goals/common-eid.html',
  'dashboard with the strategy over time': 'dashboard.html',
  'printable edition': 'print.html',
  'older edition goal (v2019)': 'v2019/goals/common-eid.html',
};

for (const scheme of ['light', 'dark']) {
  describe(`axe-core, ${scheme}`, () => {
    for (const [name, path] of Object.entries(PAGES)) {
      test(name, async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        const response = await page.goto(url(path));
        assert.equal(response.status(), 200);
        if (path === 'dashboard.html') {
          assert.ok(await page.locator('#sw-strategy-trend').count(), 'the strategy trend is there');
        }
        if (path.endsWith('common-eid.html')) {
          assert.ok((await page.locator('a.trend-point').count()) >= 4, 'trend charts are there');
        }
        const violations = await axe(page);
        assert.deepEqual(violations, [], `axe violations on ${path} (${scheme}):\n${violations.join('\n')}`);
        await context.close();
      });
    }
  });
}

test('every point of a chart is reached by Tab and says its date, value and author', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('goals/common-eid.html'));
  const n = await page.locator('#sw-trend-progress a.trend-point').count();
  assert.ok(n >= 4);
  await page.locator('#sw-trend-progress figcaption').evaluate((el) => {
    el.tabIndex = -1;
    el.focus();
  });
  const said = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    said.push(await page.evaluate(() => document.activeElement.querySelector('title')?.textContent ?? ''));
  }
  for (const s of said) assert.match(s, /^\d{4}-\d{2}-\d{2}: Progress \d+%, by [^(]+\(/, s);
  // The example's eID goal went back once (30 → 20): the chart says so as it happened.
  const values = said.map((s) => Number(s.match(/Progress (\d+)%/)[1]));
  assert.ok(values.some((v, i) => i > 0 && v < values[i - 1]), `a value that went back: ${values}`);
  await context.close();
});

test('the printable edition: a screenshot of its first screen', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1300 } });
  const page = await context.newPage();
  await page.goto(url('print.html'));
  await page.screenshot({ path: join(ensureDir(SCREENSHOT_DIR), 'print.png') });
  await context.close();
});
