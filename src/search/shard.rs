//! Splitting a large wiki's search index into shards, so an edit re-indexes one shard.
//!
//! Pagefind builds its bundle from every record at once: it has no way to update an index, so
//! with one bundle a one-page edit re-indexed the whole wiki (about 6 s on 10,000 pages, issue
//! #27) and held every page's text and Pagefind's state for all of them at the same time. A large
//! wiki's index is therefore several bundles, each built from its own pages and reused whole
//! (by the hash of its records) when none of them changed; the browser merges them with
//! Pagefind's own `mergeIndex`, which shares the first bundle's WebAssembly.
//!
//! - **Which shard a page is in** is a stable hash of its URL ([`of`]): not its position in the
//!   page order, so a new page does not move any other page to another shard, and not Rust's
//!   `DefaultHasher`, whose algorithm may change between Rust versions.
//! - **How many shards** is a function of the page count alone ([`count`]), in coarse steps: one
//!   up to [`MAX_PAGES`] pages, then the smallest power of two that leaves every shard at most
//!   that many pages on average. Small and medium wikis keep exactly one bundle, laid out as
//!   before; adding a page changes the count only when the total crosses `MAX_PAGES` times a
//!   power of two; and because the shard is the hash's low bits, doubling the count splits
//!   each shard in two rather than dealing every page out again. (A count that would leave the
//!   primary shard empty is halved, [`count_for`]: only tests' tiny shards come near that.)
//! - **Where**: the first shard is the primary index at `pagefind/`, with Pagefind's scripts and
//!   WebAssembly, so every existing path keeps working; shard N is at `pagefind/shard-N/` and
//!   holds only index files (entry, metadata, word chunks, filters, fragments). The list of the
//!   others is `pagefind/stratwiki-shards.json` ([`MANIFEST`]), which the theme's `search.js`
//!   fetches beside `pagefind.js` and merges.
//!
//! **The size of a shard, and of its word chunks.** Each bundle splits its words into chunks of
//! about 20,000 word positions (about 45 KB compressed), and a query downloads one chunk per
//! word *from every shard*, plus every shard's `pagefind-entry.json` and `pf_meta`. The metadata
//! splits with the pages (its total stays about the same), so what multiplies is the chunks:
//! with Pagefind's chunk size, the index a query downloads on the 10,000-page corpus was at most
//! 234 KB with one bundle, 275 KB with two shards and 309 KB with four. Pagefind is patched
//! (vendor/pagefind) to take the chunk size from its caller, so each of `n` shards gets chunks
//! of 1/n the size ([`chunk_size`]) and the chunks one query downloads weigh what one bundle's
//! would. That frees the shard size for what it is for: a shard is what an edit re-indexes and
//! what the search stage holds in memory at once. Measured on the same corpus with shards of
//! at most 1,250 pages (eight, chunks of 2,500 positions): at most 265 KB of index a query
//! (metadata 99 KB, word chunks 148 KB, ten fragments 18 KB; the 104 KB engine aside), a cold
//! build's peak 781 MiB where two shards of 5,000 pages peaked at 1,616 MiB, and a one-page
//! edit's rebuild 3.1 s where it was 6.3 s. Smaller shards still would add metadata and
//! requests (every shard's entry and metadata on every query) for less and less gain.
//!
//! Shards are built one after another, each from only its own records ([`super::records_where`]),
//! so the search stage holds one shard's text and Pagefind state at a time, not the wiki's.

/// The most pages one shard holds on average; a wiki with no more has one bundle. See the
/// module's notes for why the shards are this large.
pub const MAX_PAGES: usize = 1_250;

/// A test knob, not a setting: makes shards of at most this many pages, so a test wiki of a
/// few pages has several shards. README documents it as such.
pub const TEST_KNOB: &str = "STRATWIKI_TEST_SEARCH_SHARD_PAGES";

/// The file, in the primary `pagefind/` folder, that lists the other shards' folders
/// (`{"shards":["shard-1/"]}`) for `search.js` to merge.
pub const MANIFEST: &str = "stratwiki-shards.json";

/// The most pages per shard: [`MAX_PAGES`], or the test knob's value.
pub fn max_pages() -> usize {
    std::env::var(TEST_KNOB)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(MAX_PAGES)
}

/// How many shards an index of `pages` pages has, at most `max` pages a shard on average: one up
/// to `max`, then a power of two (capped at 1,024, far beyond any wiki this builds).
pub fn count(pages: usize, max: usize) -> usize {
    let max = max.max(1);
    let mut shards = 1usize;
    while pages.div_ceil(shards) > max && shards < 1024 {
        shards *= 2;
    }
    shards
}

/// How many shards the index of the pages at `urls` has: [`count`], halved while the primary
/// shard would be empty. The browser loads Pagefind's WebAssembly for the language the primary
/// indexes, so it must hold a page; halving merges each shard with its twin (see [`of`]), and
/// one shard holds every page. Only a test's tiny shards come near this.
pub fn count_for<'a>(urls: impl Iterator<Item = &'a str> + Clone, max: usize) -> usize {
    let mut shards = count(urls.clone().count(), max);
    while shards > 1 && !urls.clone().any(|u| of(u, shards) == 0) {
        shards /= 2;
    }
    shards
}

/// The shard, of `shards` (a power of two), that the page at `url` is in: the low bits of a
/// fixed hash of the URL (64-bit FNV-1a, then a finaliser that spreads its bits).
pub fn of(url: &str, shards: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // SplitMix64's finaliser: FNV's low bits alone follow the URL's last bytes too closely.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h % shards.max(1) as u64) as usize
}

/// The folder of shard `index` inside `pagefind/`: `""` for the primary, else `shard-N/`.
/// Pagefind's own number of word positions in a chunk of its word index (one bundle).
pub const BUNDLE_CHUNK: usize = 20_000;

/// The chunk size of each shard of an index of `pages` pages in shards of at most `max`: a
/// query downloads one chunk per word from every shard, so with `n` shards each chunk holds
/// about 1/n of a bundle's, and the chunks one query downloads weigh what one bundle's would.
pub fn chunk_size(pages: usize, max: usize) -> usize {
    (BUNDLE_CHUNK / count(pages, max)).max(500)
}

pub fn dir(index: usize) -> String {
    if index == 0 {
        String::new()
    } else {
        format!("shard-{index}/")
    }
}

/// Whether a bundle's file `name` belongs in a shard's folder. The primary keeps every file;
/// the others only their index, since the browser runs the primary's script and WebAssembly
/// for all of them.
pub fn keeps(name: &str, primary: bool) -> bool {
    primary
        || name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// The manifest's bytes for the other shards' folders `dirs` (`shard-1/`, …).
pub fn manifest(dirs: &[String]) -> Vec<u8> {
    let mut out = serde_json::to_vec(&serde_json::json!({ "shards": dirs })).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shard_for_small_wikis_then_powers_of_two() {
        assert_eq!(chunk_size(1_000, 1_250), BUNDLE_CHUNK);
        assert_eq!(chunk_size(10_000, 1_250), BUNDLE_CHUNK / 8);
        assert_eq!(chunk_size(1_000_000, 1_250), 500);
        assert_eq!(count(0, 5000), 1);
        assert_eq!(count(5000, 5000), 1);
        assert_eq!(count(5001, 5000), 2);
        assert_eq!(count(10_000, 5000), 2);
        assert_eq!(count(10_001, 5000), 4);
        assert_eq!(count(100_000, 5000), 32);
        assert_eq!(count(5, 2), 4);
        assert_eq!(count(usize::MAX, 1), 1024);
    }

    const PINNED: usize = 519;

    #[test]
    fn a_page_keeps_its_shard_and_doubling_splits_shards_in_two() {
        let urls: Vec<String> = (0..2000).map(|i| format!("goals/g{i}.html")).collect();
        let mut sizes = [0usize; 4];
        for u in &urls {
            let four = of(u, 4);
            sizes[four] += 1;
            assert_eq!(of(u, 4), four, "stable");
            assert_eq!(of(u, 2), four % 2, "{u}: doubling only splits");
            assert_eq!(of(u, 1), 0);
        }
        // Evenly spread: each of four shards within 10% of a quarter.
        for s in sizes {
            assert!((450..=550).contains(&s), "{sizes:?}");
        }
        // Fixed across builds and Rust versions: this value is part of the site's layout.
        assert_eq!(of("goals/eid.html", 1024), PINNED);
    }

    #[test]
    fn the_primary_shard_is_never_empty() {
        let urls: Vec<String> = (0..40).map(|i| format!("p{i}.html")).collect();
        let zero: Vec<&str> = urls
            .iter()
            .map(String::as_str)
            .filter(|u| of(u, 4) != 0)
            .take(6)
            .collect();
        assert_eq!(zero.len(), 6);
        // Six pages, at most one a shard: eight shards, but none of them in shard 0 of four.
        let shards = count_for(zero.iter().copied(), 1);
        assert!(shards < 4, "{shards}");
        assert!(zero.iter().any(|u| of(u, shards) == 0));
        assert_eq!(count_for(urls.iter().map(String::as_str), 10), 4);
        assert_eq!(count_for(std::iter::empty(), 10), 1);
    }

    #[test]
    fn other_shards_hold_only_index_files() {
        assert!(keeps("pagefind.js", true));
        assert!(!keeps("pagefind.js", false));
        assert!(!keeps("wasm.en.pagefind", false));
        assert!(keeps("pagefind-entry.json", false));
        assert!(keeps("pagefind.en_123.pf_meta", false));
        assert!(keeps("fragment/en_1.pf_fragment", false));
        assert_eq!(dir(0), "");
        assert_eq!(dir(3), "shard-3/");
        assert_eq!(manifest(&[dir(1)]), b"{\"shards\":[\"shard-1/\"]}\n");
    }
}
