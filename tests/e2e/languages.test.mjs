// A multilingual wiki in the browser: the example's English pages at the content folder and
// its Swedish ones in content/sv/, built with [wiki.languages] (without editions, which a
// multilingual wiki does not build yet). The language switcher keeps the page, works with the
// keyboard and without JavaScript, and the Swedish pages have no axe-core violations.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_PATH, BIN, REPO, TODAY, axe, launch, serve } from './site.mjs';

const GOAL = 'goals/common-eid.html';
let root, server, browser;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'stratwiki-e2e-lang-'));
  for (const name of ['book.toml', 'content', 'CODEOWNERS']) {
    const from = join(REPO, name);
    if (existsSync(from)) cpSync(from, join(root, name), { recursive: true });
  }
  // The example's book.toml without its editions and its exclusion of sv/, with languages.
  const toml = readFileSync(join(root, 'book.toml'), 'utf8')
    .replace(/\n\[wiki\.versions[\s\S]*?(?=\n\[wiki\.proposals\]|$)/, '\n')
    .replace(/^exclude = \["sv\/"\]\n/m, '');
  writeFileSync(
    join(root, 'book.toml'),
    toml + '\n[wiki.languages]\ndefault = "en"\n[wiki.languages.en]\nname = "English"\ndir = "."\n[wiki.languages.sv]\nname = "Svenska"\n',
  );
  const site = join(root, 'site');
  try {
    execFileSync(BIN, ['build', '--root', root, '--dest', site, '--today', TODAY], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${BIN} build failed (${e.status}):\n${e.stdout}\n${e.stderr}`);
  }
  server = await serve(site);
  browser = await launch();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const url = (p) => server.origin + BASE_PATH + p;
const rel = (u) => new URL(u).pathname.slice(BASE_PATH.length);

describe('language switcher', () => {
  test('keyboard: Tab reaches it, Enter goes to the same page in Swedish, and back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url(GOAL));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const sv = page.locator('nav.language-switcher a[hreflang="sv"]');
    assert.equal(await sv.getAttribute('lang'), 'sv');
    // Tab from the top of the page until the Swedish link has the focus.
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await sv.evaluate((a) => document.activeElement === a);
    }
    assert.ok(reached, 'Tab reaches the switcher');
    await Promise.all([page.waitForURL(`**/sv/${GOAL}`), page.keyboard.press('Enter')]);
    assert.equal(rel(page.url()), `sv/${GOAL}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.equal(await page.locator('nav.language-switcher [aria-current="true"]').innerText(), 'Svenska');
    await Promise.all([page.waitForURL((u) => rel(u.href) === GOAL), page.locator('nav.language-switcher a[hreflang="en"]').click()]);
    assert.equal(rel(page.url()), GOAL);
    await context.close();
  });

  test('without JavaScript it is plain links that keep the page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('dashboard.html'));
    await Promise.all([page.waitForURL('**/sv/dashboard.html'), page.locator('nav.language-switcher a[hreflang="sv"]').click()]);
    assert.equal(rel(page.url()), 'sv/dashboard.html');
    await context.close();
  });
});

describe('axe-core in Swedish', () => {
  for (const path of ['sv/index.html', `sv/${GOAL}`, 'sv/goals/index.html', 'sv/dashboard.html']) {
    test(path, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url(path));
      const violations = await axe(page);
      assert.deepEqual(violations, [], `axe violations on ${path}:\n${violations.join('\n')}`);
      await context.close();
    });
  }
});
