// Search: the header box with its results popup (keyboard only), the search page with its
// filters, and the page without JavaScript.
//
// The site is built with the index in shards of at most 20 pages (a test knob, see README), so
// every test here also runs on Pagefind bundles merged in the browser: results, counts, "No
// results" and filters across shards.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { EDITED_GOAL, assertNoProblems, axe, distinctiveWord, setup } from './site.mjs';

// Read by the build that setup() runs: shards of at most 20 pages, so this wiki has several.
process.env.STRATWIKI_TEST_SEARCH_SHARD_PAGES = '20';

let w;
let target; // { word, slug, title, file }: a word only one goal uses
before(async () => {
  w = await setup();
  target = distinctiveWord(w.root);
});
after(async () => {
  await w?.close();
});

/** A word that goals and chapters both use (so the kind filter has something to remove). */
const SHARED_WORD = 'infrastructure';

function frontMatter(file, key) {
  return (readFileSync(file, 'utf8').match(new RegExp(`^${key}: (.*)$`, 'm')) || [])[1]?.trim();
}

/** The search page's visible results, each as { kind, dataKind, title, href }. */
function visibleResults(page) {
  return page.$$eval('#search-results > li.search-result', (items) =>
    items
      .filter((li) => li.offsetParent !== null && !li.hidden)
      .map((li) => ({
        dataKind: li.dataset.kind,
        kind: li.querySelector('.search-kind')?.textContent.trim(),
        title: li.querySelector('a.search-title')?.textContent.trim(),
        href: li.querySelector('a.search-title')?.href,
      })),
  );
}

describe('header search box', () => {
  for (const key of ['/', 's']) {
    test(`"${key}" focuses the search box`, async () => {
      const page = await w.page();
      await page.goto(w.url('index.html'));
      await page.keyboard.press(key);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
      assert.equal(await page.inputValue('#site-search-q'), '', `the "${key}" is not typed into the box`);
      await page.close();
    });
  }

  test('typing a word shows results; ArrowDown and Enter open the goal', async () => {
    const page = await w.page();
    await page.goto(w.url('index.html'));
    await page.keyboard.press('/');
    await page.keyboard.type(target.word, { delay: 30 });
    await page.locator('#site-search-results li').first().waitFor({ state: 'visible', timeout: 10000 });
    // The popup is a list of links (not a listbox): the arrow keys move real focus between them.
    // Wait for the results of the whole word, not of a prefix typed on the way.
    await page.waitForFunction((t) => document.querySelector('#site-search-results li a')?.textContent.includes(t),
      target.title.slice(0, 20), { timeout: 10000 });
    const links = page.locator('#site-search-results li a');
    assert.ok((await links.count()) > 0, 'the results are links');
    assert.match(await links.first().innerText(), new RegExp(target.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(await page.locator('#site-search-status').innerText(), /\d+ results?/, 'the number of results is announced');

    await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(() => document.activeElement === document.querySelector('#site-search-results li a'));
    assert.ok(active, 'ArrowDown moves focus to the first result');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q', 'ArrowUp from the first result returns to the box');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(`**/goals/${target.slug}.html`), page.keyboard.press('Enter')]);
    assert.equal(w.rel(page.url()), `goals/${target.slug}.html`);
    await page.close();
  });

  for (const scheme of ['light', 'dark']) {
    test(`axe-core finds nothing with the results popup open (${scheme})`, async () => {
      const page = await w.page({ colorScheme: scheme });
      await page.goto(w.url(`goals/${EDITED_GOAL}.html`));
      await page.locator('#site-search-q').fill(target.word);
      await page.locator('#site-search-results li').first().waitFor({ state: 'visible', timeout: 10000 });
      const violations = await axe(page);
      assert.deepEqual(violations, [], `axe violations with the popup open:\n${violations.join('\n')}`);
      await page.close();
    });
  }

  test('the / and s shortcuts can be turned off on the search page, and back on', async () => {
    const page = await w.page();
    await page.goto(w.url('search/index.html'));
    const box = page.locator('#search-shortcuts');
    await box.waitFor({ state: 'visible', timeout: 10000 });
    assert.equal(await box.isChecked(), true, 'on by default');
    await box.uncheck();
    await page.goto(w.url('index.html'));
    await page.keyboard.press('/');
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'site-search-q', 'turned off: "/" does nothing');
    await page.goto(w.url('search/index.html'));
    await page.locator('#search-shortcuts').check();
    await page.goto(w.url('index.html'));
    await page.keyboard.press('s');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q', 'back on');
    await page.close();
  });

  test('every page has the search form, pointing at the search page', async () => {
    const page = await w.page();
    for (const path of ['index.html', `goals/${EDITED_GOAL}.html`, `history/goals/${EDITED_GOAL}.html`]) {
      await page.goto(w.url(path));
      const form = page.locator('form.site-search[role="search"]');
      assert.equal(await form.count(), 1, `${path} has one search form`);
      const action = w.rel(await form.evaluate((f) => new URL(f.getAttribute('action'), location.href).href));
      assert.ok(['search/', 'search/index.html'].includes(action), `${path}: the form goes to the search page, not ${action}`);
      assert.equal(await form.locator('input#site-search-q[name="q"]').getAttribute('type'), 'search');
      assert.equal(await page.locator('label[for="site-search-q"]').count() + (await page.locator('#site-search-q[aria-label]').count()), 1, `${path}: the box has a label`);
    }
    await page.close();
  });
});

describe('search page', () => {
  test('lists the goal with its kind, owner and status', async () => {
    const page = await w.page();
    const response = await page.goto(w.url(`search/?q=${encodeURIComponent(target.word)}`));
    assert.equal(response.status(), 200, 'the search page exists');
    await page.locator('#search-results > li.search-result').first().waitFor({ timeout: 10000 });
    const boxes = await page.$$eval('input[type="search"]', (inputs) => inputs.map((i) => i.value));
    assert.ok(boxes.includes(target.word), `a search box shows the query (${JSON.stringify(boxes)})`);
    const first = page.locator('#search-results > li.search-result').first();
    assert.equal(await first.getAttribute('data-kind'), 'goal');
    assert.equal((await first.locator('.search-kind').innerText()).trim(), 'Goal');
    assert.equal(w.rel(await first.locator('a.search-title').evaluate((a) => a.href)), `goals/${target.slug}.html`, 'the result links to the goal, within the site');
    assert.ok((await first.locator('.search-excerpt').innerText()).length > 0, 'an excerpt is shown');

    const ownerSlug = frontMatter(target.file, 'owner');
    const ownerTitle = frontMatter(target.file.replace(/goals[/\\][^/\\]+$/, `owners/${ownerSlug}.md`), 'title');
    assert.match(await first.locator('.search-owner').innerText(), new RegExp(ownerTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
    const status = frontMatter(target.file, 'status');
    assert.match(await first.locator('.search-status').innerText(), new RegExp(status, 'i'));
    assert.match(await page.locator('#search-count').innerText(), /\b1\b/, 'one result for a word only one goal uses');
    await page.close();
  });

  test('the kind filter narrows the results', async () => {
    const page = await w.page();
    await page.goto(w.url(`search/?q=${SHARED_WORD}`));
    await page.locator('#search-results > li.search-result').first().waitFor({ timeout: 10000 });
    const all = await visibleResults(page);
    const kinds = new Set(all.map((r) => r.dataKind));
    assert.ok(kinds.has('goal') && kinds.has('chapter'), `"${SHARED_WORD}" finds goals and chapters: ${[...kinds]}`);
    const countBefore = await page.locator('#search-count').innerText();
    // The filters are folded away until asked for (their values are only downloaded then).
    assert.equal(await page.locator('#filter-kind').isVisible(), false, 'filters start folded');
    await page.locator('#search-filters > summary').click();
    await page.locator('#filter-kind option:nth-child(2)').waitFor({ state: 'attached', timeout: 10000 });

    for (const kind of ['goal', 'chapter']) {
      // The option for this kind, whether its value is the kind (`goal`) or its label (`Goal`).
      const value = await page.$$eval(
        '#filter-kind option',
        (options, k) => options.find((o) => o.value && (o.value.toLowerCase() === k || o.textContent.trim().toLowerCase().startsWith(k)))?.value,
        kind,
      );
      assert.ok(value, `#filter-kind has an option for ${kind}`);
      await page.selectOption('#filter-kind', value);
      await page.waitForFunction(
        (k) => {
          const items = [...document.querySelectorAll('#search-results > li.search-result')].filter((li) => li.offsetParent !== null && !li.hidden);
          return items.length > 0 && items.every((li) => li.dataset.kind === k);
        },
        kind,
        { timeout: 5000 },
      );
      const narrowed = await visibleResults(page);
      assert.ok(narrowed.length < all.length, `${kind}: ${narrowed.length} of ${all.length}`);
      assert.ok(narrowed.every((r) => r.kind === (kind === 'goal' ? 'Goal' : 'Chapter')));
      assert.notEqual(await page.locator('#search-count').innerText(), countBefore, 'the count follows the filter');
    }
    await page.selectOption('#filter-kind', '');
    await page.waitForFunction((n) => document.querySelectorAll('#search-results > li.search-result').length >= n, all.length, { timeout: 5000 });
    // The other filters exist, each with an "all" choice.
    for (const id of ['filter-area', 'filter-status', 'filter-owner']) {
      assert.equal(await page.locator(`select#${id} option[value=""]`).count(), 1, `#${id} has an "all" option`);
    }
    await page.close();
  });

  test('without JavaScript the page says search needs it, and the site still works', async () => {
    const page = await w.page({ javaScriptEnabled: false });
    const response = await page.goto(w.url(`search/?q=${encodeURIComponent(target.word)}`));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('main').innerText(), /JavaScript/i, 'a note explains that search needs JavaScript');
    assert.ok(await page.locator('nav[aria-label="Main"]').isVisible());
    await page.close();
  });
});

describe('when nothing matches', () => {
  // A word no page has, that starts with one many pages have: Pagefind alone answers it with the
  // pages of the word it starts with ("goteborg" → "go").
  const NOWHERE = `${SHARED_WORD}xq`;

  test('the search page says "No results for …" instead of showing prefix matches', async () => {
    const page = await w.page();
    await page.goto(w.url(`search/?q=${NOWHERE}`));
    await page.waitForFunction(() => document.querySelector('#search-count')?.textContent.trim(), null, { timeout: 10000 });
    assert.match(await page.locator('#search-count').innerText(), new RegExp(`^No results for “${NOWHERE}”`));
    assert.equal(await page.locator('#search-results > li').count(), 0, 'no results listed');
    assert.equal(await page.locator('#search-more').isVisible(), false);
    // With a word that is found, the missing one is named.
    await page.locator('#search-q').fill(`${SHARED_WORD} ${NOWHERE}`);
    await page.locator('#search-q').press('Enter');
    await page.waitForFunction((n) => document.querySelector('#search-count')?.textContent.includes(`no page has “${n}”`), NOWHERE, { timeout: 10000 });
    assert.equal(await page.locator('#search-results > li').count(), 0);
    // A word that only starts longer ones still finds them.
    const prefix = SHARED_WORD.slice(0, 6);
    await page.locator('#search-q').fill(prefix);
    await page.locator('#search-q').press('Enter');
    await page.locator('#search-results > li.search-result').first().waitFor({ timeout: 10000 });
    assert.match(await page.locator('#search-count').innerText(), new RegExp(`\\d+ results?.* for “${prefix}”`));
    await page.close();
  });

  test('the header box says "No results for …" too', async () => {
    const page = await w.page();
    await page.goto(w.url('index.html'));
    await page.locator('#site-search-q').fill(NOWHERE);
    await page.waitForFunction(() => document.querySelector('#site-search-status')?.textContent.startsWith('No results'), null, { timeout: 10000 });
    assert.equal(await page.locator('#site-search-popup').isVisible(), true);
    assert.match(await page.locator('#site-search-results').innerText(), new RegExp(`No results for “${NOWHERE}”`));
    assert.equal(await page.locator('#site-search-results a.search-title, #site-search-results li a:not(.site-search-all)').count(), 0, 'no result links');
    await page.close();
  });
});

describe('filters in the URL', () => {
  test('ignore case: ?kind=goal chooses "Goal"', async () => {
    const page = await w.page();
    await page.goto(w.url(`search/?q=${SHARED_WORD}&kind=goal`));
    await page.locator('#search-results > li.search-result').first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator('#filter-kind').inputValue(), 'Goal');
    const shown = await visibleResults(page);
    assert.ok(shown.length > 0 && shown.every((r) => r.dataKind === 'goal'), JSON.stringify(shown));
    assert.match(page.url(), /kind=Goal/, 'the URL names the filter as the page does');
    await page.close();
  });
});

describe('opened from disk (file://)', () => {
  // Not through w.page(): every request there is a file, which w.page() reports as another host.
  let context;
  before(async () => { context = await w.browser.newContext({ viewport: { width: 1280, height: 900 } }); });
  after(async () => { await context?.close(); });
  const fileUrl = (path) => pathToFileURL(join(w.site, path)).href;

  test('the header box says search needs the site served, and how', async () => {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(fileUrl('index.html'));
    await page.waitForFunction(() => !document.querySelector('#site-search-q').placeholder.includes('press /'), null, { timeout: 10000 });
    assert.match(await page.locator('#site-search-q').getAttribute('placeholder'), /stratwiki serve/);
    await page.locator('#site-search-q').focus();
    await page.locator('#site-search-popup').waitFor({ state: 'visible', timeout: 5000 });
    const said = await page.locator('#site-search-results').innerText();
    assert.match(said, /needs the site served/);
    assert.match(said, /stratwiki serve/);
    assert.match(await page.locator('#site-search-help').textContent(), /stratwiki serve/, 'screen readers are told too');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the search page says the same instead of searching', async () => {
    const page = await context.newPage();
    await page.goto(fileUrl('search/index.html') + `?q=${SHARED_WORD}`);
    await page.waitForFunction(() => document.querySelector('#search-count')?.textContent.includes('stratwiki serve'), null, { timeout: 10000 });
    assert.equal(await page.locator('#search-fallback').isVisible(), true, 'the links to the indexes are shown');
    assert.equal(await page.locator('#search-results > li').count(), 0);
    await page.close();
  });
});

describe('an index in shards', () => {
  test('a query finds pages in several shards, and the filters count them all', async () => {
    const shards = JSON.parse(readFileSync(join(w.site, 'pagefind', 'stratwiki-shards.json'), 'utf8')).shards;
    assert.ok(shards.length >= 1, `the fixture's index is in shards: ${JSON.stringify(shards)}`);
    const page = await w.page();
    // Which shard each result shown came from: the folder of the fragment the browser fetched.
    const from = new Set();
    page.on('request', (req) => {
      const m = new URL(req.url()).pathname.match(/\/pagefind\/(shard-\d+\/)?fragment\//);
      if (m) from.add(m[1] || 'pagefind/');
    });
    await page.goto(w.url(`search/?q=${SHARED_WORD}`));
    await page.locator('#search-results > li.search-result').first().waitFor({ timeout: 10000 });
    await page.waitForLoadState('networkidle');
    assert.ok(from.size >= 2, `the results shown come from several shards: ${[...from]}`);
    // The kind filter counts every goal, whichever shard it is in.
    const goals = readdirSync(join(w.root, 'content', 'goals')).filter((f) => f.endsWith('.md')).length;
    await page.locator('#search-filters > summary').click();
    await page.locator('#filter-kind option:nth-child(2)').waitFor({ state: 'attached', timeout: 10000 });
    const options = await page.$$eval('#filter-kind option', (os) => os.map((o) => o.textContent));
    assert.ok(options.includes(`Goal (${goals})`), `"Goal (${goals})" among ${JSON.stringify(options)}`);
    await page.close();
  });
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
