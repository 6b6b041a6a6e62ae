// What a reader sees (issue #25, points 3-6), in Chromium at 360 × 740 and 1280 px: a one-row
// header with a Menu, a goal's status, owner and target on the first screen, tables that
// reflow into cards, no sideways scrolling on any page kind, charts with readable labels and
// fills of at least 3:1 against the page in both colour schemes, dates that never break, the
// home page leading with the state of the strategy, and a sidebar that marks the page's section.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EDITED_GOAL, assertNoProblems, setup } from './site.mjs';

let w;
before(async () => {
  w = await setup();
});
after(async () => {
  await w?.close();
});

const GOAL = `goals/${EDITED_GOAL}.html`;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** One page of every kind the site has. */
const PAGE_KINDS = {
  home: 'index.html',
  chapter: 'chapters/digital-first.html',
  'chapters index': 'chapters/index.html',
  goal: GOAL,
  'goal with indicators and a reached target': 'goals/digital-mailbox.html',
  'goals index': 'goals/index.html',
  'case study': 'case-studies/designgov.html',
  'case studies index': 'case-studies/index.html',
  owner: 'owners/digg.html',
  'owners index': 'owners/index.html',
  dashboard: 'dashboard.html',
  'tags index': 'tags/index.html',
  tag: 'tags/accountability.html',
  history: `history/${GOAL}`,
  'recent changes': 'changes.html',
  'changes between editions': 'changes-since-v1.html',
  'older edition': `v1/${GOAL}`,
  search: 'search/index.html',
};

/** WCAG's contrast ratio of two CSS colours (`rgb(…)`/`rgba(…)`, opaque). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

describe('phone (360 × 740)', () => {
  test('the header is one row (title, edition menu, Menu button) plus the search box', async () => {
    const page = await w.page(PHONE);
    for (const path of [GOAL, 'index.html', 'dashboard.html']) {
      await page.goto(w.url(path));
      const box = (sel) => page.locator(sel).first().boundingBox();
      const title = await box('.site-title');
      const menu = await box('details.site-menu > summary');
      const editions = await box('details.version-menu > summary');
      const search = await box('form.site-search');
      const header = await box('header.site-header');
      const mid = (b) => b.y + b.height / 2;
      for (const [name, b] of [['menu button', menu], ['edition menu', editions]]) {
        assert.ok(Math.abs(mid(b) - mid(title)) < 6, `${path}: the ${name} (y ${b.y}) is on the title's row (y ${title.y})`);
      }
      assert.ok(title.height < 32, `${path}: the title is one line (${title.height} px)`);
      assert.ok(search.y >= title.y + title.height - 1, `${path}: the search box is below the row`);
      assert.ok(header.height <= 110, `${path}: the header is one row plus search (${header.height} px)`);
      assert.ok(!(await page.locator('nav[aria-label="Main"]').isVisible()), `${path}: the navigation is folded into the menu`);
    }
    // The menu opens (a <details>: no JavaScript needed) and holds the navigation.
    await page.locator('details.site-menu > summary').click();
    const nav = page.locator('nav[aria-label="Main"]');
    assert.ok(await nav.isVisible(), 'the open menu shows the navigation');
    assert.ok(await nav.locator('a', { hasText: /^Goals$/ }).isVisible());
    await page.close();
  });

  test('without JavaScript the Menu still opens', async () => {
    const page = await w.page({ ...PHONE, javaScriptEnabled: false });
    await page.goto(w.url(GOAL));
    await page.locator('details.site-menu > summary').click();
    assert.ok(await page.locator('nav[aria-label="Main"] a', { hasText: /^Dashboard$/ }).isVisible());
    await page.close();
  });

  test(`${GOAL}: status, owner and target are on the first screen`, async () => {
    const page = await w.page(PHONE);
    await page.goto(w.url(GOAL));
    for (const [what, sel] of [
      ['status', '.goal-facts .status'],
      ['owner', '.goal-facts a[href$="owners/digg.html"]'],
      ['target date', '.goal-facts time'],
    ]) {
      const b = await page.locator(sel).first().boundingBox();
      assert.ok(b, `the ${what} is shown`);
      assert.ok(b.y + b.height <= 740, `the ${what} ends at y ${Math.round(b.y + b.height)}, below the first 740 px`);
    }
    // Key beside value (a summary list), not stacked.
    const dt = await page.locator('.goal-facts dt', { hasText: 'Accountable owner' }).boundingBox();
    const dd = await page.locator('.goal-facts a[href$="owners/digg.html"]').boundingBox();
    assert.ok(dd.x > dt.x + dt.width - 1 && dd.y < dt.y + dt.height, 'the owner is beside its key');
    await page.close();
  });

  test('the indicator table reflows into cards: Target and Chart visible without scrolling sideways', async () => {
    const page = await w.page(PHONE);
    await page.goto(w.url('goals/digital-mailbox.html'));
    const row = page.locator('.indicators tbody tr').first();
    for (const sel of ['td[data-label="Target"]', 'td[data-label="Chart"] svg']) {
      const b = await row.locator(sel).boundingBox();
      assert.ok(b && b.x >= 0 && b.x + b.width <= 360, `${sel} is within the screen (${JSON.stringify(b)})`);
    }
    const wrap = await page.locator('.indicators .table-wrap').evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(wrap <= 0, `the table does not scroll sideways (${wrap} px more)`);
    assert.match(await row.locator('td[data-label="Target"]').innerText(), /reached/i, 'an exceeded target is said');
    await page.close();
  });

  for (const [name, path] of Object.entries(PAGE_KINDS)) {
    test(`no horizontal scrolling: ${name}`, async () => {
      const page = await w.page(PHONE);
      await page.goto(w.url(path));
      const widest = () =>
        page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          culprits: [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap, pre'))
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`),
        }));
      let r = await widest();
      assert.ok(r.width <= 360, `${path}: scrollWidth ${r.width} > 360; ${r.culprits.join(', ')}`);
      await page.locator('details.site-menu > summary').click();
      r = await widest();
      assert.ok(r.width <= 360, `${path} with the menu open: scrollWidth ${r.width}; ${r.culprits.join(', ')}`);
      await page.close();
    });
  }

  test('home: the state of the strategy on the first screen', async () => {
    const page = await w.page(PHONE);
    await page.goto(w.url('index.html'));
    for (const sel of ['.glance-stats', '.glance .bar-table tbody tr:last-child']) {
      const b = await page.locator(sel).first().boundingBox();
      assert.ok(b && b.y + b.height <= 740, `${sel} ends at y ${b && Math.round(b.y + b.height)}`);
    }
    const stats = await page.locator('.glance-stats').innerText();
    for (const word of ['goals', 'overdue', 'no owner', 'stale']) assert.match(stats, new RegExp(word));
    assert.ok(await page.locator('.glance-stats a[href$="dashboard.html#sw-overdue"]').count(), 'overdue links to the dashboard');
    await page.close();
  });

  test('chart labels are at least 12 px', async () => {
    const page = await w.page(PHONE);
    for (const path of ['dashboard.html', 'index.html', 'owners/digg.html']) {
      await page.goto(w.url(path));
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll('.bar-chart *')]
          .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
          .filter((e) => e.checkVisibility())
          .map((e) => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)]),
      );
      assert.ok(sizes.length > 5, `${path}: the charts have labels`);
      const small = sizes.filter(([, s]) => s < 12);
      assert.deepEqual(small, [], `${path}: labels under 12 px`);
    }
    await page.close();
  });
});

describe('charts in both colour schemes', () => {
  for (const scheme of ['light', 'dark']) {
    test(`${scheme}: status and area bars and indicator marks have at least 3:1 against the page`, async () => {
      const page = await w.page({ colorScheme: scheme });
      await page.goto(w.url('dashboard.html'));
      const fills = await page.evaluate(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        return [...document.querySelectorAll('.bar-fill')].map((e) => ({
          cls: e.className,
          fill: getComputedStyle(e).backgroundColor,
          bg,
        }));
      });
      assert.ok(fills.length >= 10, 'both charts have bars');
      const seen = new Set();
      for (const f of fills) {
        const ratio = contrast(f.fill, f.bg);
        assert.ok(ratio >= 3, `${f.cls}: ${f.fill} on ${f.bg} is ${ratio.toFixed(2)}:1`);
        seen.add(f.fill);
      }
      assert.ok(seen.size >= 5, `statuses have fills of their own (${[...seen].join(', ')})`);
      // Statuses are told apart by words too: every status bar's row names its status.
      const labels = await page.locator('.bar-table .status').allInnerTexts();
      assert.deepEqual(labels.slice(0, 5), ['Proposed', 'Active', 'Achieved', 'Paused', 'Dropped']);
      // The two charts share one axis.
      const axes = await page.locator('.bar-axis').allInnerTexts();
      assert.equal(axes.length, 2);
      assert.equal(axes[0], axes[1], 'the same scale on both charts');

      await page.goto(w.url('goals/digital-mailbox.html'));
      const marks = await page.evaluate(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        const css = (sel, prop) => getComputedStyle(document.querySelector(`.indicator-chart ${sel}`))[prop];
        return {
          bg,
          current: css('.mark-current', 'fill'),
          target: css('.mark-target', 'stroke'),
          baseline: css('.mark-baseline', 'stroke'),
          track: css('.track', 'stroke'),
        };
      });
      for (const k of ['current', 'target', 'baseline', 'track']) {
        const ratio = contrast(marks[k], marks.bg);
        assert.ok(ratio >= 3, `indicator ${k}: ${marks[k]} on ${marks.bg} is ${ratio.toFixed(2)}:1`);
      }
      assert.ok(await page.locator('.chart-legend').isVisible(), 'the indicator charts have a legend');
      await page.close();
    });
  }

  test('no table repeats a chart on screen', async () => {
    const page = await w.page();
    await page.goto(w.url('dashboard.html'));
    assert.equal(await page.locator('table.count-table').count(), 0);
    assert.equal(await page.locator('svg.chart').count(), 0);
    await page.close();
  });
});

describe('dates and where a page sits', () => {
  test('dates are long and never broken across lines', async () => {
    const page = await w.page(PHONE);
    await page.goto(w.url('dashboard.html'));
    const times = await page.evaluate(() =>
      [...document.querySelectorAll('main time')].map((t) => ({
        text: t.textContent,
        lines: t.getClientRects().length,
        height: t.getBoundingClientRect().height,
        line: parseFloat(getComputedStyle(t).lineHeight) || 30,
      })),
    );
    assert.ok(times.length > 0, 'the dashboard shows dates');
    for (const t of times) {
      assert.match(t.text, /^\d{1,2} [A-Z][a-z]+ \d{4}$/, `a long date: ${t.text}`);
      assert.ok(t.lines === 1 && t.height <= t.line + 1, `"${t.text}" is on one line`);
    }
    await page.close();
  });

  test('the sidebar marks the section of a goal, owner, case study, tag and the dashboard', async () => {
    const page = await w.page();
    for (const [path, section] of [
      [GOAL, 'Goals'],
      ['owners/digg.html', 'Owners'],
      ['case-studies/designgov.html', 'Case studies'],
      ['tags/accountability.html', 'Tags'],
      ['dashboard.html', 'Dashboard'],
      [`history/${GOAL}`, 'Goals'],
    ]) {
      await page.goto(w.url(path));
      const current = await page.locator('aside.sidebar a[aria-current]').allInnerTexts();
      assert.deepEqual(current.map((t) => t.trim()), [section], `${path}: the sidebar marks ${section}`);
    }
    await page.close();
  });

  test('owner: each goal once, the contact a mailto: link', async () => {
    const page = await w.page();
    await page.goto(w.url('owners/digg.html'));
    assert.ok(await page.locator('.facts a[href^="mailto:"]').count(), 'the contact is a mailto: link');
    const hrefs = await page.locator('.owner-goals a[href*="goals/"], section.related a[href*="goals/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const twice = hrefs.filter((h, i) => hrefs.indexOf(h) !== i);
    assert.deepEqual(twice, [], 'no goal is listed twice below the owner page');
    await page.close();
  });
});

test('no console errors and no requests to other hosts on any page', () => {
  assertNoProblems(w, assert);
});
