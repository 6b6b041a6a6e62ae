// The example a new user is told to try (`stratwiki new --example`), in the browser: its history
// reads as a story (change notes, several authors, a rename), and the documentation's
// screenshots are taken from it (README: home, goal, history with a change note, dashboard,
// phone).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axe, buildExample, ensureDir, setup, SCREENSHOT_DIR, assertNoProblems } from './site.mjs';

let w;
before(async () => {
  w = await setup(buildExample);
});
after(async () => {
  await w?.close();
});

const GOAL = 'goals/common-eid.html';
const HISTORY = 'history/goals/common-eid.html';

test('the goal history of the example is a story: change notes first, several authors, the rename', async () => {
  const page = await w.page();
  await page.goto(w.url(HISTORY));
  const notes = page.locator('.change-note');
  assert.ok((await notes.count()) >= 5, `change notes: ${await notes.count()}`);
  assert.ok(await notes.first().isVisible(), 'the newest change note is on screen');
  const text = await page.locator('main').innerText();
  assert.match(text, /Progress 20% → 45%|Progress 30% → 20%/, 'a progress change in words');
  assert.match(text, /e-identification\.md/, 'the rename from the old file is told');
  const metas = await page.locator('main .revision-meta').allInnerTexts();
  const authors = new Set(metas.map((t) => (t.match(/ by (.+?)(?: with | ·|$)/) || [])[1]).filter(Boolean));
  assert.ok(authors.size >= 3, `several authors: ${[...authors].join(', ')}`);
  assert.deepEqual(await axe(page), []);
});

test('the goal page of the example: owner, status and target on a phone\'s first screen', async () => {
  const page = await w.page({ viewport: { width: 360, height: 740 } });
  await page.goto(w.url(GOAL));
  for (const key of [/^Status/, /owner/i, /^Target/]) {
    const dt = page.locator('.goal-facts dt', { hasText: key }).first();
    const box = await dt.boundingBox();
    assert.ok(box && box.y + box.height <= 740, `${key} at ${box?.y}`);
  }
});

test('screenshots of the example: home, goal, history, dashboard at 1280 px; goal on a phone', async () => {
  const dir = ensureDir(SCREENSHOT_DIR);
  const page = await w.page({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  for (const [name, path] of [['home', 'index.html'], ['goal', GOAL], ['history', HISTORY], ['dashboard', 'dashboard.html']]) {
    await page.goto(w.url(path));
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: name !== 'history', animations: 'disabled' });
  }
  const phone = await w.page({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, colorScheme: 'light' });
  await phone.goto(w.url(GOAL));
  await phone.screenshot({ path: join(dir, 'phone.png'), animations: 'disabled' });
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
