#!/usr/bin/env bash
# Build the same synthetic corpus with stratwiki and with Hugo, alternating
# runs, and compare median wall time and median peak RSS.
#
#   bench/compare-hugo.sh                      # 10,000 pages, 3 runs each
#   PAGES=2000 RUNS=5 bench/compare-hugo.sh
#   STRATWIKI=/path/to/stratwiki bench/compare-hugo.sh
#
# Environment:
#   PAGES      pages in the corpus (default 10000, minimum 20)
#   RUNS       timed runs per tool (default 3)
#   WARMUP     untimed runs per tool before the timed ones (default 1)
#   SEED       corpus seed (default 42)
#   STRATWIKI  stratwiki binary (default <repo>/target/release/stratwiki)
#   HUGO       hugo binary (default: hugo on PATH)
#   BENCH_TMP  parent directory for the work directory (default $TMPDIR or /tmp)
#   KEEP       1 = keep the work directory (corpus + outputs) afterwards
#   JSON_OUT   if set, also write the results as JSON to this file
#   NO_INSTALL 1 = never apt-get install missing hugo / GNU time
set -euo pipefail

PAGES=${PAGES:-10000}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-42}
HUGO=${HUGO:-hugo}
KEEP=${KEEP:-0}
JSON_OUT=${JSON_OUT:-}
NO_INSTALL=${NO_INSTALL:-0}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time

die() { echo "compare-hugo: error: $*" >&2; exit 1; }
note() { echo "compare-hugo: $*" >&2; }

[[ $PAGES =~ ^[0-9]+$ ]] && (( PAGES >= 20 )) || die "PAGES must be an integer >= 20 (got '$PAGES')"
[[ $RUNS =~ ^[0-9]+$ ]] && (( RUNS >= 1 )) || die "RUNS must be an integer >= 1 (got '$RUNS')"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP must be an integer >= 0 (got '$WARMUP')"
[[ $SEED =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer (got '$SEED')"

command -v python3 >/dev/null || die "python3 is required (corpus generator and report)"

# --- the stratwiki binary -------------------------------------------------
if [[ ! -e $STRATWIKI ]]; then
    die "stratwiki binary not found: $STRATWIKI
  build it first:  (cd $REPO_ROOT && cargo build --release)
  or point STRATWIKI at a binary:  STRATWIKI=/path/to/stratwiki $0"
fi
[[ -f $STRATWIKI && -x $STRATWIKI ]] || die "stratwiki binary is not an executable file: $STRATWIKI"
STRATWIKI=$(cd "$(dirname "$STRATWIKI")" && pwd)/$(basename "$STRATWIKI")

# --- tools: GNU time and Hugo (installed from Debian if missing) -------------
apt_install() {
    if [[ $NO_INSTALL != 1 && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        note "installing Debian package(s): $*"
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2; then
            return 1
        fi
        return 0
    fi
    return 1
}
if [[ ! -x $TIME ]]; then
    apt_install time || die "$TIME (GNU time) is missing: apt-get install time"
    [[ -x $TIME ]] || die "$TIME still missing after installing 'time'"
fi
if ! command -v "$HUGO" >/dev/null; then
    if [[ $HUGO == hugo ]]; then
        apt_install hugo || die "hugo is missing: apt-get install hugo (or set HUGO=/path/to/hugo)"
    fi
    command -v "$HUGO" >/dev/null || die "hugo binary not found: $HUGO"
fi
HUGO=$(command -v "$HUGO")
HUGO_VERSION=$("$HUGO" version 2>/dev/null | head -n1) || die "'$HUGO version' failed"
STRATWIKI_VERSION=$("$STRATWIKI" --version 2>/dev/null | head -n1 || true)

# --- work directory ---------------------------------------------------------
PARENT=${BENCH_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$PARENT"
WORK=$(mktemp -d "$PARENT/stratwiki-vs-hugo.XXXXXX")
cleanup() {
    if [[ $KEEP == 1 ]]; then
        note "kept work directory $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

note "generating $PAGES pages (seed $SEED) in $WORK"
python3 "$REPO_ROOT/bench/gen_corpus.py" "$WORK/wiki" --pages "$PAGES" --seed "$SEED" \
    --hugo "$WORK/hugo" || die "corpus generation failed"
MD_BYTES=$(find "$WORK/wiki/content" -name '*.md' -type f -printf '%s\n' | awk '{s+=$1} END{print s+0}')
# Pull the corpus into the page cache so neither tool pays for cold reads.
find "$WORK/wiki/content" -type f -exec cat {} + >/dev/null

RESULTS=$WORK/results.tsv
: >"$RESULTS"

# run_one TOOL INDEX   (INDEX 0 = warm-up, not recorded)
run_one() {
    local tool=$1 idx=$2
    local out=$WORK/out-$tool log=$WORK/$tool-$idx.log tf=$WORK/$tool-$idx.time
    local -a cmd
    case $tool in
        stratwiki) cmd=("$STRATWIKI" build --root "$WORK/wiki" --dest "$out") ;;
        hugo)      cmd=("$HUGO" --source "$WORK/hugo" --destination "$out" --quiet) ;;
        *) die "unknown tool $tool" ;;
    esac
    rm -rf "$out"
    local rc=0
    "$TIME" -f '%e %M' -o "$tf" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    if (( rc != 0 )); then
        echo "compare-hugo: error: $tool build failed with exit status $rc (run $idx):" >&2
        echo "  ${cmd[*]}" >&2
        echo "--- last lines of its output ($log) ---" >&2
        tail -n 40 "$log" >&2 || true
        exit 1
    fi
    local wall kib
    read -r wall kib < <(tail -n 1 "$tf")
    local label=run; (( idx == 0 )) && label=warm-up
    printf '  %-9s %-7s %2s  %7ss  %8.1f MiB\n' "$tool" "$label" "$idx" "$wall" \
        "$(awk -v k="$kib" 'BEGIN{print k/1024}')" >&2
    if (( idx > 0 )); then
        printf '%s\t%s\t%s\t%s\n' "$tool" "$idx" "$wall" "$kib" >>"$RESULTS"
    fi
}

# Round r runs both tools; the order flips every round so neither tool
# always goes first.
note "running: $WARMUP warm-up + $RUNS timed runs per tool, alternating"
note "  stratwiki: $STRATWIKI build --root $WORK/wiki --dest $WORK/out-stratwiki"
note "  hugo:      $HUGO --source $WORK/hugo --destination $WORK/out-hugo --quiet"
read -r LOAD1 _ </proc/loadavg || LOAD1=?
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    idx=$(( r > WARMUP ? r - WARMUP : 0 ))
    if (( r % 2 )); then order=(stratwiki hugo); else order=(hugo stratwiki); fi
    for tool in "${order[@]}"; do
        run_one "$tool" "$idx"
    done
done
read -r LOAD1_END _ </proc/loadavg || LOAD1_END=?

# Output of the last run of each tool, for sanity.
out_stats() {  # dir -> "files html_files KiB"
    local d=$1
    if [[ -d $d ]]; then
        printf '%s %s %s\n' "$(find "$d" -type f | wc -l)" \
            "$(find "$d" -type f -name '*.html' | wc -l)" \
            "$(du -sk "$d" | cut -f1)"
    else
        echo "0 0 0"
    fi
}
read -r SW_FILES SW_HTML SW_KIB < <(out_stats "$WORK/out-stratwiki")
read -r HG_FILES HG_HTML HG_KIB < <(out_stats "$WORK/out-hugo")

python3 - "$RESULTS" <<PY
import json, statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
pages = $PAGES
res = {}
for tool in ("stratwiki", "hugo"):
    walls = [float(r[2]) for r in rows if r[0] == tool]
    kibs = [int(r[3]) for r in rows if r[0] == tool]
    res[tool] = {"walls_s": walls, "peak_kib": kibs,
                 "median_wall_s": statistics.median(walls),
                 "median_peak_mib": statistics.median(kibs) / 1024}
out = {"stratwiki": {"files": $SW_FILES, "html": $SW_HTML, "kib": $SW_KIB},
       "hugo": {"files": $HG_FILES, "html": $HG_HTML, "kib": $HG_KIB}}

def rate(t):
    return f"{pages / t:,.0f}" if t > 0 else "n/a"

def ratio(a, b):
    return f"{a / b:.3f}" if b > 0 else "n/a"

print()
print(f"corpus: {pages} pages, {$MD_BYTES / 1e6:.1f} MB of Markdown (seed $SEED)")
print(f"hugo:      $HUGO_VERSION")
print(f"stratwiki: $STRATWIKI ${STRATWIKI_VERSION:+($STRATWIKI_VERSION)}")
print(f"machine:   $(nproc) cores; 1-min load average $LOAD1 before, $LOAD1_END after")
print(f"runs:      $RUNS timed (+$WARMUP warm-up) per tool, alternating")
print()
hdr = f"{'tool':<10} {'median wall s':>13} {'pages/s':>9} {'median peak MiB':>15} {'out files':>9} {'out MiB':>8}   runs (s)"
print(hdr)
print("-" * len(hdr))
for tool in ("stratwiki", "hugo"):
    r, o = res[tool], out[tool]
    print(f"{tool:<10} {r['median_wall_s']:>13.2f} {rate(r['median_wall_s']):>9} "
          f"{r['median_peak_mib']:>15.1f} {o['files']:>9} {o['kib'] / 1024:>8.1f}   "
          + " ".join(f"{w:.2f}" for w in r["walls_s"]))
print()
sw, hg = res["stratwiki"], res["hugo"]
print(f"stratwiki/hugo: time {ratio(sw['median_wall_s'], hg['median_wall_s'])}x, "
      f"peak memory {ratio(sw['median_peak_mib'], hg['median_peak_mib'])}x")
if out["stratwiki"]["html"] < pages:
    print(f"WARNING: stratwiki wrote {out['stratwiki']['html']} HTML files for "
          f"{pages} pages: check that its build really rendered the corpus.")
try:
    if float("$LOAD1") > 0.5:
        print("WARNING: the machine was not idle when the benchmark started "
              "(load average $LOAD1); timings may be noisy.")
except ValueError:
    pass
if "$JSON_OUT":
    with open("$JSON_OUT", "w") as f:
        json.dump({"pages": pages, "markdown_bytes": $MD_BYTES, "seed": $SEED,
                   "runs": $RUNS, "warmup": $WARMUP,
                   "hugo_version": "$HUGO_VERSION",
                   "results": res, "outputs": out}, f, indent=2)
        f.write("\n")
PY
