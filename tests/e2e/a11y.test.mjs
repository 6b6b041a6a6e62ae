// axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every kind of page, light and dark.

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
  'printable edition': 'print.html',
  'printable edition (v1)': 'v1/print.html',
};
const DARK = ['home', 'goal', 'dashboard', 'history with diffs', 'printable edition'];

const pages = {};

async function check(name, scheme) {
  const path = typeof PAGES[name] === 'function' ? PAGES[name]() : PAGES[name];
  // One page per colour scheme, going from page to page as a reader would.
  pages[scheme] ??= await w.page({ colorScheme: scheme });
  const page = pages[scheme];
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
  for (const name of DARK) test(name, () => check(name, 'dark'));
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

  for (const [name, scheme] of [['home', 'light'], ['goal', 'dark']]) {
    test(`${name} on a 360 px phone (${scheme})`, async () => {
      const page = await w.page({ viewport: { width: 360, height: 740 }, colorScheme: scheme });
      await page.goto(w.url(PAGES[name]));
      const violations = await axe(page);
      assert.deepEqual(violations, [], `axe violations at 360 px:\n${violations.join('\n')}`);
    });
  }
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
