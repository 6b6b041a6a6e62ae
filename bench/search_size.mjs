// What a reader downloads to search: on a built site (default: the 10,000-page benchmark
// corpus), open the search page in Chromium with a query, wait for the results, and add up the
// bytes of every Pagefind file the browser fetched (scripts, WebAssembly, metadata, index chunks,
// filters, and the fragments of the results shown), from every shard of a sharded index (their
// files are added to the primary's of the same kind; `shards` counts the bundles a query read).
// Issue 8's target: under 300 KB per query.
//
//   node bench/search_size.mjs SITE_DIR [word ...]
//
// Needs tests/e2e/setup.sh (Chromium and playwright-core). Run through bench/search.sh, which
// generates and builds the corpus first.

import { serve, launch, BASE_PATH } from '../tests/e2e/site.mjs';

const [site, ...words] = process.argv.slice(2);
if (!site) {
  console.error('usage: node bench/search_size.mjs SITE_DIR [word ...]');
  process.exit(2);
}
const queries = words.length ? words : ['interoperability', 'broadband', 'digital identity', 'zebra'];
const server = await serve(site);
const browser = await launch();
const rows = [];
for (const q of queries) {
  // A fresh context per query: nothing cached from the query before.
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on('response', async (r) => {
    const url = new URL(r.url());
    if (!url.pathname.includes('/pagefind/')) return;
    try {
      const body = await r.body();
      // A shard's files (`pagefind/shard-N/…`) count with the primary's of the same kind.
      const path = url.pathname.replace(/.*\/pagefind\//, '');
      fetched.push({ path: path.replace(/^shard-\d+\//, ''), shard: /^shard-\d+\//.test(path), bytes: body.length });
    } catch { /* a redirect has no body */ }
  });
  await page.goto(`${server.origin}${BASE_PATH}search/index.html?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /result/.test(document.getElementById('search-count')?.textContent || ''), null, { timeout: 60000 });
  await page.waitForLoadState('networkidle');
  const count = await page.textContent('#search-count');
  const by = (re) => fetched.filter((f) => re.test(f.path)).reduce((a, f) => a + f.bytes, 0);
  const total = fetched.reduce((a, f) => a + f.bytes, 0);
  rows.push({
    query: q,
    results: count.trim(),
    files: fetched.length,
    scripts_wasm: by(/\.(js|pagefind)$/),
    meta_entry: by(/(pf_meta|entry\.json|stratwiki-shards\.json)$/),
    shards: 1 + fetched.filter((f) => f.shard && /entry\.json$/.test(f.path)).length,
    index_chunks: by(/^index\//),
    filters: by(/^filter\//),
    fragments: by(/^fragment\//),
    total,
  });
  await context.close();
}
await browser.close();
await server.close();

const kb = (n) => (n / 1024).toFixed(1);
console.log('query                shards  files  scripts+wasm KB  meta KB  index KB  filters KB  fragments KB  total KB  results');
for (const r of rows) {
  console.log(
    `${r.query.padEnd(20)} ${String(r.shards).padStart(6)} ${String(r.files).padStart(6)} ${kb(r.scripts_wasm).padStart(16)} ${kb(r.meta_entry).padStart(8)} ` +
    `${kb(r.index_chunks).padStart(9)} ${kb(r.filters).padStart(11)} ${kb(r.fragments).padStart(13)} ${kb(r.total).padStart(9)}  ${r.results}`,
  );
}
const worst = Math.max(...rows.map((r) => r.total));
console.log(`largest download for one query: ${kb(worst)} KB (target: under 300 KB)`);
process.exit(worst < 300 * 1024 ? 0 : 1);
