// Reading the site: editions, history diffs, keyboard, a 360 px phone, no JavaScript (the
// documentation's screenshots are example.test.mjs's).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADDED_SENTENCE, EDITED_GOAL, assertNoProblems, setup } from './site.mjs';

let w;
before(async () => {
  w = await setup();
});
after(async () => {
  await w?.close();
});

const GOAL = `goals/${EDITED_GOAL}.html`;
/** A goal with both a previous and a next page. */
const MIDDLE_GOAL = 'goals/digital-mailbox.html';

function pathOf(page) {
  return w.rel(page.url());
}

describe('edition menu', () => {
  test('keyboard: from a goal in the current edition to the same goal in v1, and back through the banner', async () => {
    const page = await w.page();
    await page.goto(w.url(GOAL));
    const summary = page.locator('details.version-menu > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.version-menu').getAttribute('open'), '', 'Enter on the summary opens the menu');
    const v1 = page.locator('details.version-menu a', { hasText: /^v1\b/ });
    assert.ok(await v1.isVisible(), 'the v1 link shows once the menu is open');
    await v1.focus();
    await Promise.all([page.waitForURL(`**/v1/${GOAL}`), page.keyboard.press('Enter')]);
    assert.equal(pathOf(page), `v1/${GOAL}`);
    assert.match(await page.locator('h1').innerText(), /common eID/);

    const banner = page.locator('.version-banner');
    assert.ok(await banner.isVisible(), 'an older edition shows the banner');
    assert.match(await banner.innerText(), /v1/);
    await Promise.all([page.waitForURL((u) => w.rel(u.href) === GOAL), banner.locator('a').first().click()]);
    assert.equal(pathOf(page), GOAL);
    assert.equal(await page.locator('.version-banner').count(), 0, 'no banner on the current edition');
  });

  test('mouse: the menu opens on click and keeps the page', async () => {
    const page = await w.page();
    await page.goto(w.url('dashboard.html'));
    await page.locator('details.version-menu > summary').click();
    await Promise.all([page.waitForURL('**/v1/dashboard.html'), page.locator('details.version-menu a', { hasText: /^v1\b/ }).click()]);
    assert.equal(pathOf(page), 'v1/dashboard.html');
  });
});

describe('history page', () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`the diff of the edited goal is readable (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await w.page({ javaScriptEnabled });
      const response = await page.goto(w.url(`history/${GOAL}`));
      assert.equal(response.status(), 200);
      const revisions = page.locator('ol.revisions > li.revision');
      assert.equal(await revisions.count(), 2, 'created in v1, edited in v2');
      const newest = revisions.first();
      assert.match(await newest.locator('.revision-title').innerText(), /progress 65%/);
      // The change note leads, in the page's own terms; the source diff is one click away.
      const note = newest.locator('.change-note');
      assert.ok(await note.isVisible(), 'the newest revision leads with its change note');
      assert.match(await note.innerText(), /Progress\s+60%\s+→\s+65%/);
      const diff = newest.locator('table.diff');
      assert.ok(!(await diff.isVisible()), 'the source diff is folded away at first');
      await newest.locator('details.source-diff > summary').click();
      assert.ok(await diff.isVisible(), 'the newest revision shows its diff once asked');
      const ins = diff.locator('ins', { hasText: ADDED_SENTENCE });
      const del = diff.locator('del', { hasText: 'progress: 60' });
      assert.ok(await ins.isVisible(), 'the inserted sentence is visible');
      assert.ok(await del.isVisible(), 'the deleted line is visible');
      assert.match(await diff.locator('tr.diff-ins ins mark').first().innerText(), /65/, 'the changed word is marked');
      // Screen readers hear which lines were added and removed.
      assert.match(await diff.locator('tr.diff-ins').first().textContent(), /Added:/);
      assert.match(await diff.locator('tr.diff-del').first().textContent(), /Removed:/);
      // Inserted and deleted lines look different from each other and from unchanged ones.
      const bg = (sel) => diff.locator(sel).first().evaluate((e) => getComputedStyle(e).backgroundColor);
      const [bIns, bDel, bEq] = [await bg('tr.diff-ins'), await bg('tr.diff-del'), await bg('tr.diff-eq')];
      assert.notEqual(bIns, bDel);
      assert.notEqual(bIns, bEq);
      // A fold of unchanged lines opens to show them.
      const fold = diff.locator('tr.diff-fold details').first();
      assert.equal(await fold.count(), 1, 'the diff folds unchanged lines');
      const hidden = fold.locator('pre.diff-folded');
      assert.ok(!(await hidden.isVisible()), 'folded lines start hidden');
      await fold.locator('summary').click();
      assert.ok(await hidden.isVisible(), 'a fold opens');
      await page.close();
    });
  }
});

describe('keyboard', () => {
  test('Tab starts at the skip link and reaches the edition menu, breadcrumbs, contents, previous and next, with visible focus', async () => {
    const page = await w.page();
    await page.goto(w.url(MIDDLE_GOAL));
    const seen = [];
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        const shadow = s.boxShadow && s.boxShadow !== 'none';
        const where = (sel) => !!e.closest(sel);
        return {
          tag: e.tagName.toLowerCase(),
          text: (e.innerText || e.value || '').trim().slice(0, 40),
          cls: e.className,
          visible: outline || shadow,
          skip: e.classList.contains('skip-link'),
          rel: e.getAttribute('rel'),
          versionSummary: e.matches('details.version-menu > summary'),
          breadcrumbs: where('.breadcrumbs'),
          toc: where('.page-toc'),
          prevNext: where('.prev-next'),
          footer: where('.site-footer'),
        };
      });
      if (!info) break; // wrapped around to the browser
      seen.push(info);
      if (info.footer) break;
    }
    assert.ok(seen.length > 0, 'Tab focuses something');
    assert.ok(seen[0].skip, `the first Tab stop is the skip link, not ${JSON.stringify(seen[0])}`);
    const invisible = seen.filter((s) => !s.visible);
    assert.deepEqual(invisible, [], 'every Tab stop shows a focus outline or shadow');
    const reached = (what) => seen.some(what);
    assert.ok(reached((s) => s.versionSummary), 'the edition menu is reachable');
    assert.ok(reached((s) => s.breadcrumbs), 'the breadcrumbs are reachable');
    assert.ok(reached((s) => s.toc), 'the table of contents is reachable');
    assert.ok(reached((s) => s.prevNext && s.rel === 'prev'), 'the previous-page link is reachable');
    assert.ok(reached((s) => s.prevNext && s.rel === 'next'), 'the next-page link is reachable');
  });

  test('the skip link moves focus to the main content', async () => {
    const page = await w.page();
    await page.goto(w.url(GOAL));
    await page.keyboard.press('Tab');
    assert.ok(await page.locator('a.skip-link').isVisible(), 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('main')), 'the next Tab stop is inside main');
  });
});

describe('phone (360 × 740)', () => {
  for (const path of ['index.html', GOAL, 'goals/index.html', 'dashboard.html', `history/${GOAL}`]) {
    test(`no horizontal scrolling: ${path}`, async () => {
      const page = await w.page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(w.url(path));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const culprits =
        width > 360
          ? await page.evaluate(() =>
              [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap'))
                .slice(0, 5)
                .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`),
            )
          : [];
      assert.ok(width <= 360, `scrollWidth ${width} > 360; widest: ${culprits.join(', ')}`);
      await page.close();
    });
  }
});

describe('phone: the page first, the contents one step away', () => {
  test(`${GOAL}: the title is on the first screen, the contents below the page, the Contents link reaches them`, async () => {
    const page = await w.page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(w.url(GOAL));
    const h1 = await page.locator('main#main h1').boundingBox();
    assert.ok(h1 && h1.y + h1.height <= 740, `the page's title is on the first screen (bottom at ${h1 && h1.y + h1.height})`);
    const main = await page.locator('main#main').boundingBox();
    const contents = await page.locator('#sw-contents').boundingBox();
    assert.ok(contents.y >= main.y + main.height - 1, `the contents (top ${contents.y}) come after the page (bottom ${main.y + main.height})`);
    // The header's Menu (a <details>) holds the Contents link on a phone.
    await page.locator('header details.site-menu > summary').click();
    const link = page.locator('header a.contents-link');
    assert.ok(await link.isVisible(), 'the header menu shows the Contents link on a phone');
    await link.click();
    await page.waitForFunction(() => location.hash === '#sw-contents');
    const top = await page.evaluate(() => document.getElementById('sw-contents').getBoundingClientRect().top);
    assert.ok(top >= -1 && top < 740, `the contents are scrolled into view (top ${top})`);
    await page.close();
  });

  test(`${GOAL}: on a wide screen the contents sit in the left column, beside the page`, async () => {
    const page = await w.page({ viewport: { width: 1280, height: 900 } });
    await page.goto(w.url(GOAL));
    const main = await page.locator('main#main').boundingBox();
    const contents = await page.locator('#sw-contents').boundingBox();
    assert.ok(contents.x + contents.width <= main.x + 1, `contents (right ${contents.x + contents.width}) left of main (left ${main.x})`);
    assert.ok(contents.y < main.y + main.height, 'beside the page, not below it');
    const link = page.locator('header a.contents-link');
    const before = await link.boundingBox();
    assert.ok(before.y + before.height <= 0, `the Contents link is off screen until focused (bottom ${before.y + before.height})`);
    await link.focus();
    const focused = await link.boundingBox();
    assert.ok(focused.y >= 0, `and on screen when focused (top ${focused.y})`);
    await page.close();
  });
});

describe('without JavaScript', () => {
  for (const path of ['index.html', GOAL, 'dashboard.html', 'owners/digg.html', `v1/${GOAL}`]) {
    test(`${path}: main content and main navigation are there`, async () => {
      const page = await w.page({ javaScriptEnabled: false });
      const response = await page.goto(w.url(path));
      assert.equal(response.status(), 200);
      assert.ok(await page.locator('main#main h1').first().isVisible(), 'main has a visible heading');
      assert.ok((await page.locator('main#main').innerText()).length > 200, 'main has content');
      const nav = page.locator('nav[aria-label="Main"]');
      assert.ok(await nav.isVisible(), 'the main navigation is visible');
      assert.ok((await nav.locator('a').count()) >= 3, 'the main navigation has links');
      await page.close();
    });
  }

  test('links work: main navigation, then a goal, then its owner', async () => {
    const page = await w.page({ javaScriptEnabled: false });
    await page.goto(w.url('index.html'));
    await Promise.all([page.waitForURL('**/goals/index.html'), page.locator('nav[aria-label="Main"] a', { hasText: /^Goals$/ }).click()]);
    await Promise.all([page.waitForURL(`**/${GOAL}`), page.locator(`main a[href$="${EDITED_GOAL}.html"]`).first().click()]);
    await Promise.all([page.waitForURL('**/owners/digg.html'), page.locator('.goal-facts a[href$="owners/digg.html"]').click()]);
    assert.match(await page.locator('h1').innerText(), /Agency for Digital Government/);
  });
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
