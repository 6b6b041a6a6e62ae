// axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every kind of page, light and dark, on a
// desktop (1280 px) and on a 360 px phone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EDITED_GOAL, assertNoProblems, axe, distinctiveWord, setup } from './site.mjs';

let w;
let word;
before(async () => {
  w = await setup();
  word = distinctiveWord(w.root).word;
});
after(async () => {
  await w?.close();
});

const PAGES = {
  home: 'index.html',
  chapter: 'chapters/digital-first.html',
  goal: `goals/${EDITED_GOAL}.html`,
  'goals index': 'goals/index.html',
  'case study': 'case-studies/designgov.html',
  owner: 'owners/digg.html',
  dashboard: 'dashboard.html',
  'history with diffs': `history/goals/${EDITED_GOAL}.html`,
  'recent changes': 'changes.html',
  'changes between editions': 'changes-since-v1.html',
  'older edition (v1)': `v1/goals/${EDITED_GOAL}.html`,
  'search results': () => `search/?q=${encodeURIComponent(word)}`,
  'goal with indicators': 'goals/digital-mailbox.html',
  'owners index': 'owners/index.html',
  'tags index': 'tags/index.html',
  tag: 'tags/accountability.html',
  'printable edition': 'print.html',
  'printable edition (v1)': 'v1/print.html',
};

const pages = {};
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** `scheme` is `light` or `dark`; `phone` checks the page at 360 × 740 instead of 1280 px. */
async function check(name, scheme, phone = false) {
  const path = typeof PAGES[name] === 'function' ? PAGES[name]() : PAGES[name];
  // One page per colour scheme and width, going from page to page as a reader would.
  const slot = `${scheme}${phone ? '-phone' : ''}`;
  pages[slot] ??= await w.page({ colorScheme: scheme, ...(phone ? PHONE : {}) });
  const page = pages[slot];
  const response = await page.goto(w.url(path));
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  if (name === 'search results') {
    // Let the script fill in the results (or fail) before checking.
    await page.waitForSelector('#search-results .search-result', { timeout: 5000 }).catch(() => {});
  }
  const violations = await axe(page);
  assert.deepEqual(violations, [], `axe violations on ${path} (${scheme}):\n${violations.join('\n')}`);
}

describe('axe-core, light colour scheme', () => {
  for (const name of Object.keys(PAGES)) test(name, () => check(name, 'light'));
});

describe('axe-core, dark colour scheme', () => {
  for (const name of Object.keys(PAGES)) test(name, () => check(name, 'dark'));
});

describe('axe-core, 360 px phone, light colour scheme', () => {
  for (const name of Object.keys(PAGES)) test(name, () => check(name, 'light', true));
});

describe('axe-core, 360 px phone, dark colour scheme', () => {
  for (const name of Object.keys(PAGES)) test(name, () => check(name, 'dark', true));
});

describe('axe-core, other states', () => {
  test('goal with the edition menu open', async () => {
    const page = await w.page();
    await page.goto(w.url(PAGES.goal));
    await page.locator('details.version-menu > summary').click();
    const violations = await axe(page);
    assert.deepEqual(violations, [], `axe violations with the edition menu open:\n${violations.join('\n')}`);
  });

  test('the goal page has trend charts whose points a keyboard reaches, each saying its value', async () => {
    const page = await w.page();
    await page.goto(w.url(PAGES.goal));
    const points = page.locator('#sw-trend-progress a.trend-point');
    assert.ok((await points.count()) >= 2, 'a progress chart with its points');
    // Tab from the element before the chart: the first point takes the focus.
    await page.locator('#sw-trend-progress figcaption').evaluate((el) => {
      el.tabIndex = -1;
      el.focus();
    });
    await page.keyboard.press('Tab');
    const said = await page.evaluate(() => document.activeElement.querySelector('title')?.textContent ?? '');
    assert.match(said, /^\d{4}-\d{2}-\d{2}: Progress \d+%, by /, `focused: ${said}`);
  });

  for (const scheme of ['light', 'dark']) {
    test(`goal on a 360 px phone with the menu open (${scheme})`, async () => {
      const page = await w.page({ ...PHONE, colorScheme: scheme });
      await page.goto(w.url(PAGES.goal));
      await page.locator('details.site-menu > summary').click();
      const violations = await axe(page);
      assert.deepEqual(violations, [], `axe violations at 360 px, menu open:\n${violations.join('\n')}`);
    });

    test(`history with its source diff and folds open (${scheme})`, async () => {
      const page = await w.page({ colorScheme: scheme });
      await page.goto(w.url(PAGES['history with diffs']));
      for (const s of await page.locator('details.source-diff > summary, tr.diff-fold summary').all()) {
        if (await s.isVisible()) await s.click();
      }
      assert.ok(await page.locator('pre.diff-folded').first().isVisible(), 'a fold is open');
      const violations = await axe(page);
      assert.deepEqual(violations, [], `axe violations with the diffs open:\n${violations.join('\n')}`);
    });
  }
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
