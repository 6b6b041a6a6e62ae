// Shared fixture for the browser tests: the repository's example wiki, made into a git
// repository with two tagged editions, built with the stratwiki binary, served on loopback,
// and a Chromium (Debian's, through playwright-core) with helpers that record every console
// error, page error and request.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(E2E_DIR, '..', '..');
/** The binary under test: $STRATWIKI_BIN, else the repository's release or debug build. */
export const BIN =
  process.env.STRATWIKI_BIN ||
  [join(REPO, 'target', 'release', 'stratwiki'), join(REPO, 'target', 'debug', 'stratwiki'), '/tmp/stratwiki-bin'].find((p) => existsSync(p)) ||
  'stratwiki';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE_PATH = join(E2E_DIR, 'node_modules', 'axe-core', 'axe.min.js');
export const TODAY = '2026-11-27';
/** Where the test server serves axe-core (no page of the site links there). */
const AXE_URL_PATH = '/__e2e/axe.min.js';

/** The goal edited between v1 and v2: its history page has a diff. */
export const EDITED_GOAL = 'common-eid';
/** The sentence added to it in v2. */
export const ADDED_SENTENCE = 'Agencies report their eID coverage every quarter.';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Ada Example',
  GIT_AUTHOR_EMAIL: 'ada@example.org',
  GIT_COMMITTER_NAME: 'Ada Example',
  GIT_COMMITTER_EMAIL: 'ada@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(dir, args, date) {
  const env = { ...process.env, ...GIT_ENV };
  if (date) {
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Copies the example wiki into a temporary git repository (tags v1 and v2, one goal edited
 * between them), builds it with versions, and returns { root, site, ... }.
 */
export function buildFixture() {
  const root = mkdtempSync(join(tmpdir(), 'stratwiki-e2e-'));
  for (const name of ['book.toml', 'content', 'themes', 'CODEOWNERS', '.github', 'templates', 'static']) {
    const from = join(REPO, name);
    if (existsSync(from)) cpSync(from, join(root, name), { recursive: true });
  }
  writeFileSync(join(root, '.gitignore'), '/book\n/site\n/.stratwiki-cache\n');
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'First edition of the strategy'], '2026-01-15T10:00:00+01:00');
  git(root, ['tag', 'v1']);

  const goalFile = join(root, 'content', 'goals', `${EDITED_GOAL}.md`);
  const before = readFileSync(goalFile, 'utf8');
  let after = before.replace(/^progress: \d+$/m, 'progress: 65');
  after = after.replace('## How progress is measured\n\n', `## How progress is measured\n\n${ADDED_SENTENCE} `);
  if (after === before || !after.includes(ADDED_SENTENCE) || !after.includes('progress: 65')) {
    throw new Error(`could not edit ${goalFile}: the example goal changed shape; update site.mjs`);
  }
  writeFileSync(goalFile, after);
  git(root, ['commit', '-q', '-am', 'eID goal: progress 65%, quarterly reporting'], '2026-06-01T09:30:00+02:00');
  git(root, ['tag', 'v2']);

  appendFileSync(join(root, 'book.toml'), '\n[wiki.versions]\ntags = ["v*"]\nlatest = "v2"\n');
  git(root, ['commit', '-q', '-am', 'Publish editions v1 and v2'], '2026-06-02T09:00:00+02:00');

  const site = join(root, 'site');
  try {
    execFileSync(BIN, ['build', '--root', root, '--dest', site, '--today', TODAY], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`${BIN} build failed (${e.status}):\n${e.stdout}\n${e.stderr}`);
  }
  return {
    root,
    site,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The example as a new user meets it: `stratwiki new --example` (a git repository with years
 * of history, two tagged editions and a proposal), built with its own `book.toml`.
 */
export function buildExample() {
  const parent = mkdtempSync(join(tmpdir(), 'stratwiki-example-'));
  const root = join(parent, 'example');
  const site = join(root, 'site');
  try {
    execFileSync(BIN, ['new', '--example', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync(BIN, ['build', '--root', root, '--dest', site, '--today', TODAY], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`${BIN} new --example / build failed (${e.status}):\n${e.stdout}\n${e.stderr}`);
  }
  return { root, site, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/** A word from the body of one goal that no other content file contains (even as part of a word). */
export function distinctiveWord(root) {
  const content = join(root, 'content');
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.md')) files.push(p);
    }
  };
  walk(content);
  const text = Object.fromEntries(files.map((f) => [f, readFileSync(f, 'utf8').toLowerCase()]));
  const goals = files.filter((f) => f.includes(`${sep}goals${sep}`) && !f.endsWith(`${sep}index.md`));
  for (const goal of goals) {
    if (goal.endsWith(`${EDITED_GOAL}.md`)) continue; // its old edition would match too
    const src = readFileSync(goal, 'utf8');
    const body = src.replace(/^---\n[\s\S]*?\n---\n/, '');
    // Plain prose words only: no links, code or markup.
    const prose = body.replace(/\[\[[^\]]*\]\]|\([^)]*\)|`[^`]*`|<[^>]*>/g, ' ');
    const words = [...new Set(prose.match(/\b[a-z]{8,}\b/g) || [])].sort();
    for (const w of words) {
      // Also unique as a stem, so a stemming search engine finds this goal alone.
      const stem = w.slice(0, Math.max(7, w.length - 3));
      if (files.every((f) => f === goal || !text[f].includes(stem))) {
        const slug = goal.slice(goal.lastIndexOf(sep) + 1, -3);
        const title = (src.match(/^title: (.*)$/m) || [])[1];
        return { word: w, slug, title, file: goal };
      }
    }
  }
  throw new Error('no goal has a word of its own');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

function contentType(file) {
  const ext = extname(file).toLowerCase();
  if (ext.startsWith('.pf_')) return 'application/octet-stream'; // Pagefind's index files
  return TYPES[ext] || 'application/octet-stream';
}

/**
 * The path the site is served under: not the server's root, so that a link written as
 * `/goals/...` (which breaks a site published at https://example.org/strategy/) fails here.
 */
export const BASE_PATH = '/strategy/';

/** Serves `dir` at BASE_PATH on 127.0.0.1 (a free port). Resolves to { origin, close }. */
export function serve(dir) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (path === AXE_URL_PATH) {
      // axe-core for the tests, from a URL so Chromium can cache its compiled code.
      const body = readFileSync(AXE_PATH);
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Length': body.length, 'Cache-Control': 'max-age=3600' });
      res.end(body);
      return;
    }
    if (path === BASE_PATH.slice(0, -1)) {
      res.writeHead(301, { Location: BASE_PATH }).end();
      return;
    }
    if (!path.startsWith(BASE_PATH)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: the site is at ${BASE_PATH}`);
      return;
    }
    path = path.slice(BASE_PATH.length - 1);
    let file = resolve(base, '.' + path);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { Location: BASE_PATH + path.slice(1) + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(base, '404.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
    }
    const body = readFileSync(file);
    res.writeHead(status, { 'Content-Type': contentType(file), 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * One test file's world: the built site, its server, a browser, and a record of problems
 * (console errors, page errors, requests to other hosts) on every page opened with `page()`.
 */
export async function setup(build = buildFixture) {
  const fixture = build();
  const server = await serve(fixture.site);
  const browser = await launch();
  const problems = [];
  const contexts = [];
  const visited = new Set();
  const world = {
    ...fixture,
    origin: server.origin,
    browser,
    problems,
    visited,
    /** The absolute URL of a site path such as `goals/x.html`. */
    url: (path) => server.origin + BASE_PATH + path.replace(/^\//, ''),
    /** The site path (`goals/x.html`) of an absolute URL, or null when it is outside the site. */
    rel: (url) => {
      const u = new URL(url);
      if (u.origin !== server.origin || !u.pathname.startsWith(BASE_PATH)) return null;
      return u.pathname.slice(BASE_PATH.length);
    },
    /** A new page (in its own context unless `context` is given) that reports its problems. */
    async page(options = {}, context = null) {
      if (!context) {
        context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
        contexts.push(context);
      }
      const page = await context.newPage();
      page.on('console', (msg) => {
        // Chromium asks for /favicon.ico by itself (at the host's root, wherever the site
        // lives); that is the browser's request, not the site's.
        if (msg.location()?.url?.endsWith('/favicon.ico')) return;
        if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()} (${msg.location()?.url || ''})`);
      });
      page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
      page.on('request', (req) => {
        const u = req.url();
        if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return;
        let ok = false;
        try {
          ok = new URL(u).origin === server.origin;
        } catch {}
        if (!ok) problems.push(`request to another host from ${page.url()}: ${u}`);
      });
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.add(frame.url());
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
      fixture.cleanup();
    },
  };
  return world;
}

/** Fails with every recorded problem, one a line. */
export function assertNoProblems(world, assert) {
  assert.ok(world.visited.size > 0, 'no page was visited');
  assert.deepEqual(world.problems, [], `problems on the ${world.visited.size} pages visited:\n${world.problems.join('\n')}`);
}

/** Runs axe-core's WCAG 2.x A/AA rules on the page; returns violations as readable lines. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ url: new URL(AXE_URL_PATH, page.url()).href });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').slice(1).join(' ').trim() || ''}`).join('\n'),
  );
}

export const SCREENSHOT_DIR =
  process.env.STRATWIKI_SCREENSHOTS_TO_DOCS === '1'
    ? join(REPO, 'docs', 'screenshots')
    : process.env.SCREENSHOT_DIR || join(REPO, 'target', 'e2e-screenshots');

export function ensureDir(d) {
  mkdirSync(d, { recursive: true });
  return d;
}
