// Offline search over the Pagefind index in <site>/pagefind/. Optional polish: without
// JavaScript the header form still submits to the search page, which then points to the indexes.
//
// - `/` or `s` anywhere (outside a text field) focuses the header's search box.
// - Typing shows the best results under the box; Down/Up move through them, Enter opens one,
//   Escape closes the list and returns to the box. Enter in the box opens the search page.
// - The search page (search/index.html?q=...&kind=...) lists every result with its kind, an
//   excerpt and, for goals, the owner and status, with filters by kind, area, status and owner.
//
// - A query with a word found on no page says "No results for …" (as Pagefind's own UI and
//   GOV.UK do), rather than showing what Pagefind finds for the longest known word that starts
//   the typed one ("goteborg" gives the pages with "go"). A word that starts longer words
//   ("strat" for "strategy") or shares a stem with them ("running" for "run") still matches.
// - Filters in the URL ignore case and `-`/`_`/spaces: `?kind=goal` and `?kind=case-study`
//   choose "Goal" and "Case study".
// - Opened from disk (`file://`), search cannot load its index: the box and the search page say
//   so and how to serve the site (`stratwiki serve`), instead of promising the `/` shortcut.
//
// It also opens folded sections (the changed text between editions) while the page is printed.
// This is the theme's only script, so that happens only with search on; otherwise, and without
// JavaScript, they print folded.
//
// A classic script (not a module, which browsers refuse to run from `file://`), its names kept
// in this function so they never meet a wiki's own `additional-js`.
(() => {
"use strict";

/**
 * The words readers see, in the page's language: the theme writes them (from its translation
 * files) as JSON in the `data-sw-words` attribute of the search form; these English texts are
 * what a page without them (an older theme) shows. A counted text is an object of CLDR plural
 * categories, picked with the browser's own `Intl.PluralRules` for the page's `lang`.
 */
const WORDS = Object.assign({
  unavailable: "Search is not available right now; browse the indexes below.",
  needs_server: "Search needs the site served, not opened as files: run “stratwiki serve” " +
    "in the wiki's folder and open the address it prints, or put the site on any web server.",
  needs_serve_placeholder: "Search needs stratwiki serve",
  unavailable_short: "Search is not available right now.",
  browse_instead: "Browse the indexes instead…",
  all_count: { one: "All {count} results…", other: "All {count} results…" },
  results: { one: "{count} result", other: "{count} results" },
  shown: ", {count} shown",
  for_term: " for “{term}”",
  no_results_for: "No results for “{term}”{which}. Check the spelling, or try other or fewer words.",
  no_page_has: ": no page has {words}",
  or: " or ",
  quoted: "“{word}”",
  type_words: "Type words to search for, or choose a filter.",
  page: "Page",
  owner_is: "Owner: {owner}",
  status_is: "Status: {status}",
}, (() => {
  try {
    const holder = document.querySelector("[data-sw-words]");
    return holder ? JSON.parse(holder.dataset.swWords) : {};
  } catch (e) {
    return {};
  }
})());
const PLURALS = (() => {
  try {
    return new Intl.PluralRules(document.documentElement.lang || "en");
  } catch (e) {
    return new Intl.PluralRules("en");
  }
})();

/** The text of `key` with its `{name}` places filled from `args`; `args.count` picks the form. */
function tr(key, args = {}) {
  let text = WORDS[key];
  if (text && typeof text === "object") {
    const n = Number(args.count);
    text = text[PLURALS.select(n)] || text.other || "";
  }
  return String(text || key).replace(/\{([a-z_]+)\}/g, (m, name) =>
    name in args ? (name === "count" ? Number(args[name]).toLocaleString(PLURALS.resolvedOptions().locale) : String(args[name])) : m);
}

const form = document.querySelector("form.site-search");
const root = new URL(form ? form.dataset.root || "./" : "../", document.baseURI);
let engine = null;

/**
 * The folders of the index's other shards (`shard-1/`, …): a large wiki's index is several
 * Pagefind bundles, listed in `pagefind/stratwiki-shards.json`. A site without the list (built
 * before shards) has one bundle.
 */
async function shards() {
  try {
    const r = await fetch(new URL("pagefind/stratwiki-shards.json", root).href, { cache: "no-cache" });
    const list = r.ok ? (await r.json()).shards : [];
    return Array.isArray(list) ? list.filter((s) => typeof s === "string" && /^shard-\d+\/$/.test(s)) : [];
  } catch (e) {
    return [];
  }
}

/**
 * Load Pagefind once, from this edition's own folder (each version has its own index), and merge
 * the other shards into it: Pagefind searches them all with the first one's WebAssembly, and
 * merges their results, counts and filters.
 */
function pagefind() {
  if (!engine) {
    const options = { baseUrl: root.pathname, excerptLength: 24 };
    engine = Promise.all([import(new URL("pagefind/pagefind.js", root).href), shards()]).then(async ([pf, others]) => {
      // No worker: it would be one more 43 KB script to download for every first search.
      await pf.options({ ...options, noWorker: true });
      await pf.init();
      if (others.length) {
        // Every page is tagged with its shard (a filter the page never shows), so a search can
        // leave out the shards that lack a word (see `inShards`).
        SHARDS = ["0", ...others.map((s) => s.replace(/\D/g, ""))];
        await pf.options({ mergeFilter: { shard: "0" } });
        await Promise.all(others.map((s, i) => pf.mergeIndex(new URL("pagefind/" + s, root).pathname,
          { ...options, mergeFilter: { shard: SHARDS[i + 1] } })));
      }
      return pf;
    }).catch((e) => {
      engine = null; // the next search tries again (the network may be back)
      throw e;
    });
  }
  return engine;
}

/** The values of the `shard` filter, one per shard of the index ("0" alone: one bundle). */
let SHARDS = ["0"];

/** The words Pagefind marked in a result's excerpt. */
function marked(data) {
  return [...String(data.excerpt || "").matchAll(/<mark>(.*?)<\/mark>/g)].flatMap((m) => words(m[1]));
}

/**
 * `found` (Pagefind's answer to `term` with `options`) without the pages of shards that lack a
 * word of `term`, and the words no shard has. Each shard answers a word it does not have with
 * its pages of the longest word it has that starts it ("accurate" → "ac…"), so a word one shard
 * has would bring in pages of the others that do not have it. A shard has a word when a quoted
 * search (its stem, with no such fallback) finds it there, or when the excerpt of its best
 * result for the word alone marks a word starting with it ("strat" → "strategy").
 * With one bundle, `missing` is null: `notFound` decides, as before shards.
 */
async function inShards(pf, term, options, found) {
  if (SHARDS.length < 2 || !term || /^\s*".+"\s*$/.test(term) || !found.results.length) {
    return { found, missing: null };
  }
  const keep = new Set(SHARDS);
  const missing = [];
  for (const w of new Set(words(term))) {
    const exact = await pf.search(`"${w}"`);
    const counts = (exact && exact.filters && exact.filters.shard) || {};
    let anywhere = false;
    for (const s of SHARDS) {
      if (counts[s] > 0) { anywhere = true; continue; }
      const alone = await pf.search(w, { filters: { shard: s } });
      const best = alone && alone.results[0] ? await alone.results[0].data() : null;
      if (best && marked(best).some((m) => m.startsWith(w))) { anywhere = true; continue; }
      keep.delete(s);
    }
    if (!anywhere) missing.push(w);
  }
  if (missing.length || keep.size === 0) return { found: { ...found, results: [] }, missing };
  if (keep.size === SHARDS.length) return { found, missing };
  const filters = { ...(options.filters || {}), shard: { any: [...keep] } };
  return { found: await pf.search(term, { ...options, filters }), missing };
}

/** What readers are told when the index cannot be loaded (offline). */
const UNAVAILABLE = tr("unavailable");

/** Opened as files from disk: browsers do not let a page load the index from there. */
const FROM_DISK = location.protocol === "file:";
const NEEDS_SERVER = tr("needs_server");

/**
 * The words of a query as Pagefind reads them (and marks them in excerpts): lower case,
 * without punctuation or accents.
 */
function words(text) {
  return String(text).toLocaleLowerCase()
    .replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "")
    .normalize("NFD").replace(/\p{M}/gu, "")
    .split(/\s+/).filter(Boolean);
}

/**
 * The words of `term` that no page has. Pagefind answers a word it does not know with the pages
 * of the longest word it knows that starts it ("goteborg" → "go"); a word is found when the
 * results mark a word starting with it ("strat" → "strategy"), or when a search for it alone,
 * quoted (its stem, with no such fallback), finds something ("running" → "run").
 * `shown`: the results' data already loaded.
 */
async function notFound(pf, term, shown) {
  if (/^\s*".+"\s*$/.test(term)) return []; // a quoted phrase is never widened
  const marks = shown.flatMap(marked);
  const missing = [];
  for (const w of new Set(words(term))) {
    if (marks.some((m) => m.startsWith(w))) continue;
    const alone = await pf.search(`"${w}"`);
    if (!alone || alone.results.length === 0) missing.push(w);
  }
  return missing;
}

/** "No results for “…”", naming the words no page has when only some are missing. */
function noResults(term, missing) {
  const all = words(term);
  const which = missing.length && missing.length < all.length
    ? tr("no_page_has", { words: missing.map((m) => tr("quoted", { word: m })).join(tr("or")) }) : "";
  return tr("no_results_for", { term: term.trim(), which });
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The kind, owner and status badges of one result. */
function badges(data) {
  const out = [el("span", { class: "search-kind" }, data.meta.kind || tr("page"))];
  if (data.meta.owner) out.push(el("span", { class: "search-owner" }, tr("owner_is", { owner: data.meta.owner })));
  if (data.meta.status) out.push(el("span", { class: "search-status" }, tr("status_is", { status: data.meta.status })));
  return out;
}

/**
 * An excerpt as nodes: Pagefind marks the words found with <mark>, but does not escape the
 * text around them (page text can hold `<` from code), so only the marks become elements.
 */
function markedText(excerpt) {
  const out = [];
  for (const [i, part] of String(excerpt || "").split(/<\/?mark>/).entries()) {
    if (!part) continue;
    out.push(i % 2 ? el("mark", {}, part) : document.createTextNode(part));
  }
  return out;
}

/** The kind name used in data-kind, from the kind label. */
function kindName(label) {
  return (label || "page").toLowerCase().replace(/\s+/g, "-");
}

// The single-key shortcuts can be turned off on the search page (WCAG 2.1.4), remembered in
// this browser.
const SHORTCUTS = "stratwiki-search-shortcuts";
function shortcutsOn() {
  try { return localStorage.getItem(SHORTCUTS) !== "off"; } catch { return true; }
}

function typing(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

// --- the header box -------------------------------------------------------------------------

if (form) {
  const input = form.querySelector("#site-search-q");
  const popup = form.querySelector("#site-search-popup");
  const list = form.querySelector("#site-search-results");
  const status = form.querySelector("#site-search-status");
  let timer = 0;
  let asked = "";

  document.addEventListener("keydown", (ev) => {
    if ((ev.key === "/" || ev.key === "s") && !ev.ctrlKey && !ev.metaKey && !ev.altKey &&
        !typing(ev.target) && shortcutsOn()) {
      ev.preventDefault();
      input.focus();
      input.select();
    }
  });

  const links = () => [...list.querySelectorAll("a")];
  const close = () => { popup.hidden = true; asked = ""; };

  async function show(term) {
    asked = term;
    if (!term.trim()) { close(); return; }
    if (FROM_DISK) { fromDisk(); return; }
    const pf = await pagefind();
    const answer = await pf.debouncedSearch(term, {}, 120);
    if (answer === null || term !== asked) return; // a newer query is on its way
    const sharded = await inShards(pf, term, {}, answer);
    if (term !== asked) return;
    const found = sharded.found;
    const top = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
    const missing = sharded.missing || (found.results.length ? await notFound(pf, term, top) : []);
    // A newer query is on its way, or the reader is already moving through the results.
    if (term !== asked || list.contains(document.activeElement)) return;
    list.replaceChildren();
    if (found.results.length === 0 || missing.length) {
      const message = noResults(term, missing);
      list.append(el("li", { class: "search-none" }, message));
      status.textContent = message;
      if (form.contains(document.activeElement)) popup.hidden = false;
      return;
    }
    for (const data of top) {
      const a = el("a", { href: data.url });
      a.append(el("span", { class: "search-title" }, data.meta.title || data.url), " ", ...badges(data));
      const li = el("li");
      li.append(a);
      list.append(li);
    }
    const all = el("a", { href: new URL("search/index.html?q=" + encodeURIComponent(term), root).href,
                          class: "site-search-all" }, tr("all_count", { count: found.results.length }));
    const li = el("li");
    li.append(all);
    list.append(li);
    status.textContent = tr("results", { count: found.results.length });
    if (form.contains(document.activeElement)) popup.hidden = false;
  }

  /** The index could not be loaded: say so, in the popup and to screen readers. */
  function unavailable(term) {
    if (term !== asked) return;
    const note = el("li", { class: "search-unavailable" }, tr("unavailable_short"));
    const browse = el("a", { href: new URL("search/index.html?q=" + encodeURIComponent(term), root).href,
                             class: "site-search-all" }, tr("browse_instead"));
    const li = el("li");
    li.append(browse);
    list.replaceChildren(note, li);
    status.textContent = tr("unavailable_short");
    if (form.contains(document.activeElement)) popup.hidden = false;
  }

  /** Opened from disk: the popup says how to get search, and links the indexes. */
  function fromDisk() {
    const browse = el("a", { href: new URL("search/index.html", root).href, class: "site-search-all" },
                      tr("browse_instead"));
    const li = el("li");
    li.append(browse);
    list.replaceChildren(el("li", { class: "search-unavailable" }, NEEDS_SERVER), li);
    status.textContent = NEEDS_SERVER;
    if (form.contains(document.activeElement)) popup.hidden = false;
  }
  if (FROM_DISK) {
    // No promise of a shortcut to a search that cannot run: the box says what it needs.
    input.placeholder = tr("needs_serve_placeholder");
    const help = form.querySelector("#site-search-help");
    if (help) help.textContent = NEEDS_SERVER;
    input.addEventListener("focus", fromDisk);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const term = input.value;
    timer = setTimeout(() => show(term).catch(() => unavailable(term)), 60);
  });
  input.addEventListener("focus", () => { if (!FROM_DISK) pagefind().catch(() => {}); });
  form.addEventListener("keydown", (ev) => {
    const items = links();
    const at = items.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && !popup.hidden && items.length) {
      ev.preventDefault();
      items[Math.min(at + 1, items.length - 1)].focus();
    } else if (ev.key === "ArrowUp" && at >= 0) {
      ev.preventDefault();
      (at === 0 ? input : items[at - 1]).focus();
    } else if (ev.key === "Escape" && !popup.hidden) {
      ev.preventDefault();
      close();
      input.focus();
    }
  });
  document.addEventListener("click", (ev) => {
    if (!form.contains(ev.target)) close();
  });
  // A click on a result must not close the list before the link gets it (Safari does not
  // focus links on click).
  popup.addEventListener("mousedown", (ev) => ev.preventDefault());
  form.addEventListener("focusout", (ev) => {
    if (!form.contains(ev.relatedTarget)) close();
  });
}

// --- the search page ------------------------------------------------------------------------

const page = document.getElementById("search-page");
if (page) {
  const q = document.getElementById("search-q");
  const count = document.getElementById("search-count");
  const results = document.getElementById("search-results");
  const names = ["kind", "area", "status", "owner"];
  const PAGE = 10; // results per page: each one shown costs a fragment download
  const more = document.getElementById("search-more");
  const filterBox = document.getElementById("search-filters");
  let found = null;
  let shownCount = 0;
  const selects = Object.fromEntries(names.map((n) => [n, document.getElementById("filter-" + n)]));
  const params = new URLSearchParams(location.search);
  q.value = params.get("q") || "";
  // The links to the indexes stay until the index has loaded: if it cannot, they are the way on.
  const fallback = document.getElementById("search-fallback");
  const shortcuts = document.getElementById("search-shortcuts");
  shortcuts.checked = shortcutsOn();
  document.getElementById("search-shortcuts-box").hidden = false;
  shortcuts.addEventListener("change", () => {
    try { localStorage.setItem(SHORTCUTS, shortcuts.checked ? "on" : "off"); } catch { /* private mode */ }
  });

  // The filter values are only downloaded when the reader opens the filters (or arrives with
  // one set): a plain query never pays for them.
  let filled = null;
  function fillFilters() {
    if (!filled) filled = pagefind().then(fillFiltersNow).catch((e) => { filled = null; throw e; });
    return filled;
  }
  async function fillFiltersNow(pf) {
    const available = await pf.filters();
    for (const n of names) {
      const select = selects[n];
      const values = Object.keys(available[n] || {}).sort((a, b) => a.localeCompare(b));
      for (const v of values) select.append(el("option", { value: v }, `${v} (${available[n][v]})`));
      select.value = optionFor(values, params.get(n));
      select.closest("p").hidden = values.length === 0;
    }
  }

  /** The value of `values` a URL's filter names, ignoring case, `-`, `_` and spaces. */
  function optionFor(values, wanted) {
    const key = (v) => String(v).toLocaleLowerCase().replace(/[\s_-]+/g, " ").trim();
    return (wanted && values.find((v) => key(v) === key(wanted))) || "";
  }

  let runs = 0;
  async function run() {
    const mine = ++runs;
    const pf = await pagefind();
    const filters = {};
    for (const n of names) if (selects[n].value) filters[n] = selects[n].value;
    const term = q.value.trim();
    const url = new URL(location.href);
    url.search = "";
    if (term) url.searchParams.set("q", term);
    for (const [k, v] of Object.entries(filters)) url.searchParams.set(k, v);
    history.replaceState(null, "", url);
    if (!term && Object.keys(filters).length === 0) {
      results.replaceChildren();
      count.textContent = tr("type_words");
      return;
    }
    const sharded = await inShards(pf, term, { filters }, await pf.search(term || null, { filters }));
    const answer = sharded.found;
    if (mine !== runs) return; // a newer search replaced this one
    const first = await Promise.all(answer.results.slice(0, PAGE).map((r) => r.data()));
    const missing = sharded.missing || (term && answer.results.length ? await notFound(pf, term, first) : []);
    if (mine !== runs) return;
    results.replaceChildren();
    shownCount = 0;
    more.hidden = true;
    if (term && (answer.results.length === 0 || missing.length)) {
      found = { results: [] };
      count.textContent = noResults(term, missing);
      return;
    }
    found = answer;
    await showMore(term, first);
  }

  async function showMore(term, loaded) {
    const next = found.results.slice(shownCount, shownCount + PAGE);
    const shown = loaded || await Promise.all(next.map((r) => r.data()));
    shownCount += shown.length;
    let first = null;
    for (const data of shown) {
      const li = el("li", { class: "search-result", "data-kind": kindName(data.meta.kind) });
      const head = el("p");
      head.append(el("a", { class: "search-title", href: data.url }, data.meta.title || data.url), " ",
                  ...badges(data));
      const excerpt = el("p", { class: "search-excerpt" });
      excerpt.append(...markedText(data.excerpt));
      li.append(head, excerpt);
      results.append(li);
      first = first || li;
    }
    const n = found.results.length;
    count.textContent = tr("results", { count: n }) +
      (n > shownCount ? tr("shown", { count: shownCount }) : "") +
      (term ? tr("for_term", { term }) : "") + ".";
    more.hidden = n <= shownCount;
    return first;
  }

  /** The index could not be loaded: say so in plain words, and show the links to the indexes. */
  function unavailable(e) {
    if (e !== NEEDS_SERVER) console.warn("stratwiki search: the index could not be loaded:", e);
    results.replaceChildren();
    more.hidden = true;
    count.textContent = e === NEEDS_SERVER ? NEEDS_SERVER : UNAVAILABLE;
    fallback.hidden = false;
  }
  const search = () => FROM_DISK
    ? Promise.resolve(unavailable(NEEDS_SERVER))
    : run().then(() => { fallback.hidden = true; }, unavailable);

  const withFilters = names.some((n) => params.get(n));
  if (withFilters) filterBox.open = true;
  if (FROM_DISK) search();
  else (withFilters ? fillFilters() : pagefind()).then(search, unavailable);
  filterBox.addEventListener("toggle", () => { if (filterBox.open && !FROM_DISK) fillFilters().catch(() => {}); });
  page.querySelector("form").addEventListener("submit", (ev) => { ev.preventDefault(); search(); });
  for (const n of names) selects[n].addEventListener("change", () => search());
  more.addEventListener("click", async () => {
    const first = await showMore(q.value.trim());
    // Keyboard users land on the first new result.
    first?.querySelector("a")?.focus();
  });
}

// --- printing -------------------------------------------------------------------------------

// Closed <details> do not print: open them for the printout, and fold them back afterwards.
let unfolded = [];
addEventListener("beforeprint", () => {
  unfolded = [...document.querySelectorAll("main details:not([open]):not(.search-filters-box)")];
  for (const d of unfolded) d.open = true;
});
addEventListener("afterprint", () => {
  for (const d of unfolded) d.open = false;
  unfolded = [];
});
})();
