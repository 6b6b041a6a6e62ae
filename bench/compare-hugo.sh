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
#   BENCH_TMP  parent directory for the work directory (default /dev/shm when it
#              has room, else $TMPDIR or /tmp)
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

BENCH_NAME=compare-hugo
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

if ! [[ $PAGES =~ ^[1-9][0-9]*$ ]] || (( PAGES < 20 )); then
    die "PAGES must be an integer >= 20 (got '$PAGES')"
fi
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be an integer >= 1 (got '$RUNS')"
[[ $WARMUP =~ ^(0|[1-9][0-9]*)$ ]] || die "WARMUP must be an integer >= 0 (got '$WARMUP')"
[[ $SEED =~ ^(0|[1-9][0-9]*)$ ]] || die "SEED must be a non-negative integer (got '$SEED')"

command -v python3 >/dev/null || die "python3 is required (corpus generator and report)"

# --- the stratwiki binary -------------------------------------------------
bench_require_stratwiki

# --- tools: GNU time and Hugo (installed from Debian if missing) -------------
bench_require_time
bench_require_hugo

# --- work directory ---------------------------------------------------------
# Default to tmpfs (/dev/shm) when it has room: on disk, writing and deleting
# tens of thousands of output files costs several seconds of kernel time per
# build on some machines (ext4 mounted with discard, in a VM), which would
# swamp what the tools themselves do. BENCH_TMP=/some/disk/dir measures that
# case deliberately.
bench_work_parent "$(( PAGES * 100 + 262144 ))"
WORK=$(mktemp -d "$PARENT/stratwiki-vs-hugo.XXXXXX")
FAILED=0
cleanup() {
    if [[ $KEEP == 1 || $FAILED == 1 ]]; then
        note "kept work directory $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

WORK_FS=$(stat -f -c %T "$WORK" 2>/dev/null || echo unknown)
note "generating $PAGES pages (seed $SEED) in $WORK ($WORK_FS)"
# Hugo builds no search index, so by default neither does stratwiki here (like for like);
# SEARCH=1 keeps stratwiki's Pagefind index in (bench/search.sh measures what it costs).
SEARCH_FLAG=--no-search
[[ ${SEARCH:-0} == 1 ]] && SEARCH_FLAG=
python3 "$REPO_ROOT/bench/gen_corpus.py" "$WORK/wiki" --pages "$PAGES" --seed "$SEED" $SEARCH_FLAG \
    --hugo "$WORK/hugo" || die "corpus generation failed"
MD_BYTES=$(find "$WORK/wiki/content" -name '*.md' -type f -printf '%s\n' | awk '{s+=$1} END{print s+0}')
# Pull the corpus into the page cache so neither tool pays for cold reads.
find "$WORK/wiki/content" -type f -exec cat {} + >/dev/null

RESULTS=$WORK/results.tsv
: >"$RESULTS"

HZ=$(getconf CLK_TCK)
busy_ticks() {  # CPU time used on the whole machine so far, in USER_HZ ticks
    awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat
}

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
    local rc=0 b0 b1
    b0=$(busy_ticks)
    "$TIME" -f '%e %M %U %S' -o "$tf" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    b1=$(busy_ticks)
    if (( rc != 0 )); then
        echo "compare-hugo: error: $tool build failed with exit status $rc (run $idx):" >&2
        echo "  ${cmd[*]}" >&2
        echo "--- last lines of its output ($log) ---" >&2
        tail -n 40 "$log" >&2 || true
        FAILED=1
        exit 1
    fi
    local wall kib usr sys cpu other
    read -r wall kib usr sys < <(tail -n 1 "$tf")
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
    # cores' worth of CPU used by other processes while this build ran
    other=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v c="$cpu" -v w="$wall" \
        'BEGIN{o = (b - a) / hz - c; if (o < 0) o = 0; printf "%.2f", (w > 0 ? o / w : 0)}')
    local label=run; (( idx == 0 )) && label=warm-up
    printf '  %-9s %-7s %2s  %7ss wall  %7ss cpu  %8.1f MiB peak  other load %s cores\n' \
        "$tool" "$label" "$idx" "$wall" "$cpu" "$(awk -v k="$kib" 'BEGIN{print k/1024}')" \
        "$other" >&2
    # Show what each tool prints once (its first run), not on every run.
    if [[ -s $log && ! -e $WORK/$tool.shown ]]; then
        : >"$WORK/$tool.shown"
        note "$tool printed $(wc -l <"$log") line(s) of output (run $idx); first lines:"
        head -n 5 "$log" | sed 's/^/    /' >&2
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$idx" "$wall" "$kib" "$cpu" >>"$RESULTS"
}

# Round r runs both tools; the order flips every round so neither tool
# always goes first.
note "running: $WARMUP warm-up + $RUNS timed runs per tool, alternating"
note "  stratwiki: $STRATWIKI build --root $WORK/wiki --dest $WORK/out-stratwiki"
note "  hugo:      $HUGO --source $WORK/hugo --destination $WORK/out-hugo --quiet"
BUSY0=$(busy_ticks)
T0=$(date +%s.%N)
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    idx=$(( r > WARMUP ? r - WARMUP : 0 ))
    if (( r % 2 )); then order=(stratwiki hugo); else order=(hugo stratwiki); fi
    for tool in "${order[@]}"; do
        run_one "$tool" "$idx"
    done
done
BUSY1=$(busy_ticks)
T1=$(date +%s.%N)
# CPU seconds the whole machine spent during the runs, and wall seconds.
MACHINE_CPU=$(awk -v a="$BUSY0" -v b="$BUSY1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')
ELAPSED=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.2f", b-a}')

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

export PAGES SEED RUNS WARMUP MD_BYTES HUGO_VERSION STRATWIKI STRATWIKI_VERSION \
    MACHINE_CPU ELAPSED JSON_OUT WORK WORK_FS SW_FILES SW_HTML SW_KIB HG_FILES HG_HTML HG_KIB
NPROC=$(nproc) python3 - "$RESULTS" <<'PY'
import json, os, statistics, sys

E = os.environ
all_rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
rows = [r for r in all_rows if int(r[1]) > 0]  # index 0 = warm-up
# CPU used by something other than the builds while they ran (other
# processes, plus this script's own rm/find between runs).
elapsed = float(E["ELAPSED"])
other_cpu = max(0.0, float(E["MACHINE_CPU"]) - sum(float(r[4]) for r in all_rows))
other_cores = other_cpu / elapsed if elapsed > 0 else 0.0
pages = int(E["PAGES"])
res = {}
for tool in ("stratwiki", "hugo"):
    walls = [float(r[2]) for r in rows if r[0] == tool]
    kibs = [int(r[3]) for r in rows if r[0] == tool]
    cpus = [float(r[4]) for r in rows if r[0] == tool]
    res[tool] = {"walls_s": walls, "peak_kib": kibs, "cpu_s": cpus,
                 "median_wall_s": statistics.median(walls),
                 "median_cpu_s": statistics.median(cpus),
                 "median_peak_mib": statistics.median(kibs) / 1024}
out = {"stratwiki": {"files": int(E["SW_FILES"]), "html": int(E["SW_HTML"]),
                     "kib": int(E["SW_KIB"])},
       "hugo": {"files": int(E["HG_FILES"]), "html": int(E["HG_HTML"]),
                "kib": int(E["HG_KIB"])}}


def rate(t):
    return f"{pages / t:,.0f}" if t > 0 else "n/a"


def ratio(a, b):
    return f"{a / b:.3f}" if b > 0 else "n/a"


swv = f" ({E['STRATWIKI_VERSION']})" if E.get("STRATWIKI_VERSION") else ""
print()
print(f"corpus:    {pages} pages, {int(E['MD_BYTES']) / 1e6:.1f} MB of Markdown "
      f"(seed {E['SEED']})")
print(f"hugo:      {E['HUGO_VERSION']}")
print(f"stratwiki: {E['STRATWIKI']}{swv}")
print(f"machine:   {E['NPROC']} cores; other CPU load during the runs: "
      f"{other_cores:.2f} cores on average ({other_cpu:.1f} CPU s over {elapsed:.1f} s)")
print(f"runs:      {E['RUNS']} timed (+{E['WARMUP']} warm-up) per tool, alternating")
print(f"work dir:  {E['WORK']} ({E['WORK_FS']}; corpus and outputs)")
print()
hdr = (f"{'tool':<10}  {'median wall s':>13}  {'pages/s':>9}  {'median peak MiB':>15}  "
       f"{'median CPU s':>12}  {'out files':>9}  {'out MiB':>8}   wall of each run (s)")
print(hdr)
print("-" * len(hdr))
for tool in ("stratwiki", "hugo"):
    r, o = res[tool], out[tool]
    print(f"{tool:<10}  {r['median_wall_s']:>13.2f}  {rate(r['median_wall_s']):>9}  "
          f"{r['median_peak_mib']:>15.1f}  {r['median_cpu_s']:>12.2f}  "
          f"{o['files']:>9}  {o['kib'] / 1024:>8.1f}   "
          + " ".join(f"{w:.2f}" for w in r["walls_s"]))
print()
sw, hg = res["stratwiki"], res["hugo"]
print(f"stratwiki/hugo: time {ratio(sw['median_wall_s'], hg['median_wall_s'])}x, "
      f"peak memory {ratio(sw['median_peak_mib'], hg['median_peak_mib'])}x, "
      f"CPU time {ratio(sw['median_cpu_s'], hg['median_cpu_s'])}x")
if out["stratwiki"]["html"] < pages:
    print(f"WARNING: stratwiki wrote {out['stratwiki']['html']} HTML files for "
          f"{pages} pages: check that its build really rendered the corpus.")
if other_cores > 0.1:
    print(f"WARNING: other work used {other_cores:.2f} cores on average while the "
          f"builds ran: wall times are inflated; rerun on an idle machine.")
if E.get("JSON_OUT"):
    with open(E["JSON_OUT"], "w") as f:
        json.dump({"pages": pages, "markdown_bytes": int(E["MD_BYTES"]),
                   "seed": int(E["SEED"]), "runs": int(E["RUNS"]),
                   "warmup": int(E["WARMUP"]), "hugo_version": E["HUGO_VERSION"],
                   "stratwiki": E["STRATWIKI"], "results": res, "outputs": out,
                   "other_cpu_cores": round(other_cores, 3),
                   "work_fs": E["WORK_FS"]},
                  f, indent=2)
        f.write("\n")
PY
