#!/usr/bin/env bash
# Issue #27's benchmark: stratwiki's default build (search on) against what a Hugo user runs for
# the same result, `hugo` followed by Pagefind's own CLI (`pagefind --site`), side by side in one
# run; then stratwiki's rebuilds (nothing changed; one commit that edits one page) against its
# own cold build.
#
#   bench/search-hugo.sh                          # 10,000 pages, no history, 3 runs each
#   PAGES=1400 COMMITS=20000 bench/search-hugo.sh # with history (Hugo with enableGitInfo)
#   PAGES=2000 RUNS=1 WARMUP=0 bench/search-hugo.sh   # a quick try
#
# Environment:
#   PAGES      pages in the corpus (default 10000)
#   COMMITS    0 (default): a plain folder; N: a git repository of N commits, stratwiki builds
#              history pages and Hugo runs with enableGitInfo
#   RUNS       timed cold runs per tool, alternating (default 3); also the rebuild runs
#   WARMUP     untimed cold runs per tool first (default 1)
#   SEED       corpus seed (default 42)
#   PAGEFIND   Pagefind's CLI (default: `pagefind` on PATH, else npm-installed pagefind@1.6.0
#              into ~/.cache/stratwiki-bench, unless NO_INSTALL=1)
#   REFERENCE  1 (default); 0 = leave out Hugo + Pagefind (stratwiki's cold runs and rebuilds only)
#   STRATWIKI, HUGO, BENCH_TMP, KEEP, JSON_OUT, NO_INSTALL: as for compare-hugo.sh
#
# The reference's wall and CPU are Hugo's plus Pagefind's (run one after the other, as a CI job
# would); its peak is the larger of the two (they never run at once). stratwiki's cold runs
# start with no `.stratwiki-cache` and no destination; Pagefind's CLI indexes Hugo's pages with
# its default settings (English stemming from the pages' `lang`).
set -euo pipefail

PAGES=${PAGES:-10000}
COMMITS=${COMMITS:-0}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-42}
HUGO=${HUGO:-hugo}
KEEP=${KEEP:-0}
JSON_OUT=${JSON_OUT:-}
NO_INSTALL=${NO_INSTALL:-0}
REFERENCE=${REFERENCE:-1}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time
BENCH_NAME=search-hugo
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

for v in PAGES COMMITS RUNS WARMUP SEED; do
    [[ ${!v} =~ ^(0|[1-9][0-9]*)$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
(( PAGES >= 20 )) || die "PAGES must be at least 20"
(( RUNS >= 1 )) || die "RUNS must be at least 1"
command -v python3 >/dev/null || die "python3 is required"
bench_require_stratwiki
bench_require_time
bench_require_hugo

# --- Pagefind's CLI ---------------------------------------------------------
PAGEFIND=${PAGEFIND:-}
if [[ -z $PAGEFIND ]]; then
    if command -v pagefind >/dev/null; then
        PAGEFIND=$(command -v pagefind)
    else
        PF_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/stratwiki-bench/pagefind-1.6.0
        if [[ ! -x $PF_DIR/node_modules/.bin/pagefind ]]; then
            [[ $NO_INSTALL == 1 ]] && die "pagefind not found: npm install pagefind@1.6.0 (or set PAGEFIND)"
            command -v npm >/dev/null || die "npm is needed to install pagefind@1.6.0 (or set PAGEFIND)"
            note "installing pagefind@1.6.0 with npm into $PF_DIR"
            mkdir -p "$PF_DIR"
            (cd "$PF_DIR" && npm install --no-audit --no-fund pagefind@1.6.0 >&2) ||
                die "npm install pagefind@1.6.0 failed"
        fi
        PAGEFIND=$PF_DIR/node_modules/.bin/pagefind
    fi
fi
PAGEFIND_VERSION=$("$PAGEFIND" --version 2>/dev/null | head -n1 || echo unknown)

# --- corpus -------------------------------------------------------------------
bench_work_parent "$(( PAGES * 300 + COMMITS * 20 + 262144 ))"
WORK=$(mktemp -d "$PARENT/stratwiki-search-hugo.XXXXXX")
FAILED=0
cleanup() {
    if [[ $KEEP == 1 || $FAILED == 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
WIKI=$WORK/wiki
if (( COMMITS > 0 )); then
    command -v git >/dev/null || die "git is required with COMMITS"
    HUGO_SITE=$WIKI/.hugo   # enableGitInfo needs the Hugo site inside the repository
    note "generating $PAGES pages, $COMMITS commits (seed $SEED) in $WORK"
    python3 "$REPO_ROOT/bench/gen_corpus.py" "$WIKI" --pages "$PAGES" --seed "$SEED" \
        --git-commits "$COMMITS" --hugo "$HUGO_SITE" --quiet || die "corpus generation failed"
else
    HUGO_SITE=$WORK/hugo
    note "generating $PAGES pages (seed $SEED) in $WORK"
    python3 "$REPO_ROOT/bench/gen_corpus.py" "$WIKI" --pages "$PAGES" --seed "$SEED" \
        --hugo "$HUGO_SITE" --quiet || die "corpus generation failed"
fi
find "$WIKI/content" -type f -exec cat {} + >/dev/null
RESULTS=$WORK/results.tsv
: >"$RESULTS"
OUT_SW=$WORK/out-stratwiki
OUT_HG=$WORK/out-hugo

# timed LOG TIMEFILE CMD... : run CMD under GNU time; "wall kib cpu" into TIMEFILE.
timed() {
    local log=$1 tf=$2
    shift 2
    local rc=0
    "$TIME" -f '%e %M %U %S' -o "$tf.raw" "$@" >"$log" 2>&1 || rc=$?
    if (( rc != 0 )); then
        FAILED=1
        echo "$BENCH_NAME: error: exit $rc: $*" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    tail -n 1 "$tf.raw" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' >"$tf"
}

stratwiki_build() {  # MODE IDX
    local mode=$1 idx=$2
    [[ $mode == cold ]] && rm -rf "$OUT_SW" "$WIKI/.stratwiki-cache"
    timed "$WORK/sw-$mode-$idx.log" "$WORK/t" "$STRATWIKI" build --root "$WIKI" --dest "$OUT_SW"
    read -r wall kib cpu <"$WORK/t"
    printf 'stratwiki\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$idx" "$wall" "$kib" "$cpu" >>"$RESULTS"
    printf '  %-10s %-9s %2s %8.2f s wall %8.2f s cpu %8.0f MiB peak\n' stratwiki "$mode" "$idx" \
        "$wall" "$cpu" "$(( kib / 1024 ))" >&2
}

reference_build() {  # IDX
    local idx=$1
    rm -rf "$OUT_HG" "$HUGO_SITE/resources"
    timed "$WORK/hugo-$idx.log" "$WORK/th" "$HUGO" --source "$HUGO_SITE" --destination "$OUT_HG" --quiet
    timed "$WORK/pagefind-$idx.log" "$WORK/tp" "$PAGEFIND" --site "$OUT_HG"
    local hw hk hc pw pk pc
    read -r hw hk hc <"$WORK/th"
    read -r pw pk pc <"$WORK/tp"
    local wall kib cpu
    wall=$(awk -v a="$hw" -v b="$pw" 'BEGIN{printf "%.2f", a + b}')
    cpu=$(awk -v a="$hc" -v b="$pc" 'BEGIN{printf "%.2f", a + b}')
    kib=$(( hk > pk ? hk : pk ))
    printf 'reference\tcold\t%s\t%s\t%s\t%s\t%s %s %s %s %s %s\n' "$idx" "$wall" "$kib" "$cpu" \
        "$hw" "$hk" "$hc" "$pw" "$pk" "$pc" >>"$RESULTS"
    printf '  %-10s %-9s %2s %8.2f s wall %8.2f s cpu %8.0f MiB peak  (hugo %ss %sMiB, pagefind %ss %sMiB)\n' \
        reference cold "$idx" "$wall" "$cpu" "$(( kib / 1024 ))" "$hw" "$(( hk / 1024 ))" "$pw" "$(( pk / 1024 ))" >&2
}

note "cold: $WARMUP warm-up + $RUNS timed runs per tool, alternating"
note "  stratwiki: $STRATWIKI build --root $WIKI --dest $OUT_SW"
note "  reference: $HUGO --source $HUGO_SITE ... && $PAGEFIND --site $OUT_HG ($PAGEFIND_VERSION)"
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    idx=$(( r > WARMUP ? r - WARMUP : 0 ))
    if (( REFERENCE == 0 )); then
        stratwiki_build cold "$idx"
    elif (( r % 2 )); then
        stratwiki_build cold "$idx"; reference_build "$idx"
    else
        reference_build "$idx"; stratwiki_build cold "$idx"
    fi
done

# --- rebuilds: stratwiki against its own cold build --------------------------
# The last cold build's site and cache are in place. "nothing": no change at all. "edit": one
# page gains a line (committed when the wiki is a repository), then the build.
note "rebuilds: $RUNS with nothing changed, $RUNS after one edited page"
stratwiki_build nothing 0   # settles the cache a cold build leaves (not recorded below)
for (( i = 1; i <= RUNS; i++ )); do
    stratwiki_build nothing "$i"
done
PAGE=$(find "$WIKI/content/goals" -name '*.md' -type f | sort | sed -n 1p)
for (( i = 1; i <= RUNS; i++ )); do
    printf '\nA sentence added by rebuild %s.\n' "$i" >>"$PAGE"
    if (( COMMITS > 0 )); then
        git -C "$WIKI" -c user.name=Bench -c user.email=bench@example.org commit -qam "Edit $i" \
            --date "2030-01-0${i}T12:00:00Z" || die "git commit failed"
    fi
    stratwiki_build edit "$i"
done

export PAGES COMMITS SEED RUNS WARMUP HUGO_VERSION PAGEFIND_VERSION STRATWIKI_VERSION JSON_OUT
python3 - "$RESULTS" <<'PY'
import json, os, statistics, sys
E = os.environ
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
def col(tool, mode, k, conv=float):
    return [conv(r[k]) for r in rows if r[0] == tool and r[1] == mode and int(r[2]) > 0]
med = statistics.median
sw = {m: (col("stratwiki", m, 3), col("stratwiki", m, 4, int), col("stratwiki", m, 5))
      for m in ("cold", "nothing", "edit")}
ref = (col("reference", "cold", 3), col("reference", "cold", 4, int), col("reference", "cold", 5))
print()
print(f"corpus:    {E['PAGES']} pages, {E['COMMITS']} commits (seed {E['SEED']})")
print(f"reference: {E['HUGO_VERSION']} + pagefind {E['PAGEFIND_VERSION']}")
print(f"stratwiki: {E.get('STRATWIKI_VERSION', '')}")
print()
print(f"{'build':<28} {'median wall s':>13} {'median peak MiB':>15} {'median CPU s':>12}   runs (wall s)")
def line(label, t):
    w, k, c = t
    print(f"{label:<28} {med(w):>13.2f} {med(k) / 1024:>15.0f} {med(c):>12.2f}   "
          + " ".join(f"{x:.2f}" for x in w))
line("stratwiki cold", sw["cold"])
if ref[0]:
    line("hugo + pagefind cold", ref)
line("stratwiki, nothing changed", sw["nothing"])
line("stratwiki, one page edited", sw["edit"])
def r(a, b):
    return a / b if b else float("nan")
med0 = lambda xs: med(xs) if xs else 0.0
out = {
    "cold_wall_ratio": r(med(sw["cold"][0]), med0(ref[0])),
    "cold_peak_ratio": r(med(sw["cold"][1]), med0(ref[1])),
    "cold_cpu_ratio": r(med(sw["cold"][2]), med0(ref[2])),
    "nothing_vs_cold": r(med(sw["nothing"][0]), med(sw["cold"][0])),
    "edit_vs_cold": r(med(sw["edit"][0]), med(sw["cold"][0])),
}
print()
if ref[0]:
    print(f"stratwiki / (hugo + pagefind), cold: wall {out['cold_wall_ratio']:.2f}x, "
          f"peak {out['cold_peak_ratio']:.2f}x, CPU {out['cold_cpu_ratio']:.2f}x")
print(f"stratwiki rebuilds / its cold build (wall): nothing changed {out['nothing_vs_cold']:.1%}, "
      f"one page edited {out['edit_vs_cold']:.1%}")
if E.get("JSON_OUT"):
    json.dump({"pages": int(E["PAGES"]), "commits": int(E["COMMITS"]), "rows": rows, **out},
              open(E["JSON_OUT"], "w"), indent=2)
PY
