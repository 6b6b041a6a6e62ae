#!/usr/bin/env bash
# Search benchmark (issue 8): on the generated corpus (default 10,000 pages), build the site
# with and without the Pagefind search index, cold (empty destination), warm (unchanged
# wiki, index reused) and after a one-page edit (only that page's shard of the index is built
# again, issue #27), side by side; then open the search page in Chromium for a few queries
# and add up what the browser downloads (bench/search_size.mjs). Target: under 300 KB per query.
# STRATWIKI_TEST_SEARCH_SHARD_PAGES (a test knob) compares shard sizes.
#
#   bench/search.sh
#   PAGES=2000 bench/search.sh
#
# Environment: PAGES (10000), SEED (42), RUNS (2), STRATWIKI, BENCH_TMP, KEEP (0), NO_INSTALL.
# Needs tests/e2e/setup.sh to have run (Chromium, playwright-core).
set -euo pipefail

PAGES=${PAGES:-10000}
SEED=${SEED:-42}
RUNS=${RUNS:-2}
KEEP=${KEEP:-0}
NO_INSTALL=${NO_INSTALL:-0}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time
BENCH_NAME=search-bench
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

bench_require_stratwiki
bench_require_time
[[ -d $REPO_ROOT/tests/e2e/node_modules/playwright-core ]] ||
    die "run tests/e2e/setup.sh first (Chromium and playwright-core)"

bench_work_parent "$(( PAGES * 200 + 262144 ))"
WORK=$(mktemp -d "$PARENT/stratwiki-search.XXXXXX")
cleanup() { [[ $KEEP == 1 ]] && note "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

note "generating $PAGES pages (seed $SEED) in $WORK"
python3 "$REPO_ROOT/bench/gen_corpus.py" "$WORK/on" --pages "$PAGES" --seed "$SEED" --quiet
cp -r "$WORK/on" "$WORK/off"
printf '\n[wiki.search]\nenabled = false\n' >>"$WORK/off/book.toml"
find "$WORK/on/content" -type f -exec cat {} + >/dev/null

# run LABEL WIKI DEST MODE(cold|warm|edit) -> prints "LABEL MODE wall_s peak_mib"
run() {
    local label=$1 wiki=$2 dest=$3 mode=$4
    if [[ $mode == cold ]]; then
        rm -rf "$dest" "$wiki/.stratwiki-cache"
    elif [[ $mode == edit ]]; then
        # One page's body changes: one shard of the index is built again.
        local page
        page=$(find "$wiki/content" -name '*.md' ! -name 'README.md' ! -name 'SUMMARY.md' | sort | sed -n 500p)
        printf '\nEdited in run %s: a quokka.\n' "$RANDOM" >>"$page"
    fi
    "$TIME" -f '%e %M' -o "$WORK/t" "$STRATWIKI" build --root "$wiki" --dest "$dest" \
        >/dev/null 2>"$WORK/log" || { cat "$WORK/log" >&2; die "$label build failed"; }
    read -r wall kib <"$WORK/t"
    printf '%-18s %-5s %8.2f s %8d MiB\n' "$label" "$mode" "$wall" "$(( kib / 1024 ))"
}

echo "build                mode      wall         peak"
for (( i = 1; i <= RUNS; i++ )); do
    run "without search" "$WORK/off" "$WORK/out-off" cold
    run "with search" "$WORK/on" "$WORK/out-on" cold
    run "without search" "$WORK/off" "$WORK/out-off" warm
    run "with search" "$WORK/on" "$WORK/out-on" warm
    run "with search" "$WORK/on" "$WORK/out-on" edit
done
echo
echo "index: $(du -sh "$WORK/out-on/pagefind" | cut -f1) on disk in $(find "$WORK/out-on/pagefind" -type f | wc -l) files"
echo
node "$REPO_ROOT/bench/search_size.mjs" "$WORK/out-on"
