#!/usr/bin/env bash
# Change-history benchmark (issue 3, "Speed"): on a generated git repository
# (default 1,400 pages, 20,000 commits), time side by side, alternating runs:
#
#   a. stratwiki's history extraction (the `timing: history` line of a cold
#      build) versus `git log --name-status -M -- content`;
#   b. a full cold stratwiki build versus Hugo with enableGitInfo over the
#      same content (wall time and peak RSS);
#   c. a stratwiki rebuild after one more commit, cache warm, as a
#      percentage of the cold build.
#
#   bench/history.sh
#   PAGES=300 COMMITS=3000 RUNS=1 bench/history.sh      # quick try
#
# Environment:
#   PAGES      pages in the wiki (default 1400, minimum 20)
#   COMMITS    commits in the repository (default 20000)
#   AUTHORS    commit authors (default 12)
#   RUNS       timed runs per measurement (default 3)
#   WARMUP     untimed runs per measurement before the timed ones (default 1)
#   SEED       corpus and history seed (default 42)
#   PACK       repack (default: the pack a clone would have, as git-fast-import(1)
#              recommends) or fast-import (keep the import\'s own pack)
#   STRATWIKI  stratwiki binary (default <repo>/target/release/stratwiki)
#   HUGO       hugo binary (default: hugo on PATH)
#   BENCH_TMP  parent directory for the work directory (default /dev/shm when it
#              has room, else $TMPDIR or /tmp)
#   KEEP       1 = keep the work directory (repository, outputs, logs)
#   JSON_OUT   if set, also write the results as JSON to this file
#   NO_INSTALL 1 = never apt-get install missing hugo / GNU time
set -euo pipefail

PAGES=${PAGES:-1400}
COMMITS=${COMMITS:-20000}
AUTHORS=${AUTHORS:-12}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-42}
PACK=${PACK:-repack}
HUGO=${HUGO:-hugo}
KEEP=${KEEP:-0}
JSON_OUT=${JSON_OUT:-}
NO_INSTALL=${NO_INSTALL:-0}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time

BENCH_NAME=history-bench
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

if ! [[ $PAGES =~ ^[1-9][0-9]*$ ]] || (( PAGES < 20 )); then
    die "PAGES must be an integer >= 20 (got '$PAGES')"
fi
[[ $COMMITS =~ ^[1-9][0-9]*$ ]] || die "COMMITS must be an integer >= 1 (got '$COMMITS')"
[[ $AUTHORS =~ ^[1-9][0-9]*$ ]] || die "AUTHORS must be an integer >= 1 (got '$AUTHORS')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be an integer >= 1 (got '$RUNS')"
[[ $WARMUP =~ ^(0|[1-9][0-9]*)$ ]] || die "WARMUP must be an integer >= 0 (got '$WARMUP')"
[[ $PACK == repack || $PACK == fast-import ]] || die "PACK must be repack or fast-import (got '$PACK')"
[[ $SEED =~ ^(0|[1-9][0-9]*)$ ]] || die "SEED must be a non-negative integer (got '$SEED')"

command -v python3 >/dev/null || die "python3 is required (generator and report)"
command -v git >/dev/null || die "git is required (generator, git log, Hugo's enableGitInfo)"

# --- the stratwiki binary -------------------------------------------------
bench_require_stratwiki

# --- tools: GNU time and Hugo (installed from Debian if missing) -------------
bench_require_time
bench_require_hugo
GIT_VERSION=$(git --version)

# --- work directory ---------------------------------------------------------
# tmpfs (/dev/shm) when it has room, for the reasons given in compare-hugo.sh:
# on this VM's disk, writing and deleting the output costs seconds of kernel
# time per build. Room: the repository (~3 KB per commit), stratwiki's site
# (~80 KB per page with history pages, twice during its atomic swap), Hugo's.
bench_work_parent "$(( PAGES * 200 + COMMITS * 4 + 262144 ))"
WORK=$(mktemp -d "$PARENT/stratwiki-history.XXXXXX")
FAILED=0
cleanup() {
    if [[ $KEEP == 1 || $FAILED == 1 ]]; then
        note "kept work directory $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

R=$WORK/repo              # the wiki's git repository (book.toml at its root)
HUGO_SITE=$R/.hugo        # Hugo's config and layouts, inside the repository
OUT_SW=$WORK/out-stratwiki
OUT_HG=$WORK/out-hugo
WORK_FS=$(stat -f -c %T "$WORK" 2>/dev/null || echo unknown)

note "generating $PAGES pages through $COMMITS commits, $AUTHORS authors (seed $SEED) in $R ($WORK_FS)"
g0=$(date +%s.%N)
# Hugo builds no search index, so by default neither does stratwiki here (like for like);
# SEARCH=1 keeps stratwiki's Pagefind index in (bench/search.sh measures what it costs).
SEARCH_FLAG=--no-search
[[ ${SEARCH:-0} == 1 ]] && SEARCH_FLAG=
python3 "$REPO_ROOT/bench/gen_corpus.py" "$R" --pages "$PAGES" --seed "$SEED" $SEARCH_FLAG --pack "$PACK" \
    --git-commits "$COMMITS" --authors "$AUTHORS" --hugo "$HUGO_SITE" 2>"$WORK/gen.log" ||
    { cat "$WORK/gen.log" >&2; FAILED=1; die "repository generation failed"; }
g1=$(date +%s.%N)
GEN_S=$(awk -v a="$g0" -v b="$g1" 'BEGIN{printf "%.1f", b-a}')
sed 's/^/    /' "$WORK/gen.log" >&2
N_COMMITS=$(git -C "$R" rev-list --count HEAD)
N_MAINLINE=$(git -C "$R" rev-list --count --first-parent HEAD)
N_MERGES=$(git -C "$R" rev-list --count --merges HEAD)
N_RENAMES=$(git -C "$R" log --format= --diff-filter=R -M --name-only -- content | grep -c . || true)
PACK_KIB=$(du -sk "$R/.git" | cut -f1)
MD_BYTES=$(find "$R/content" -name '*.md' -type f -printf '%s\n' | awk '{s+=$1} END{print s+0}')
(( N_COMMITS == COMMITS )) || { FAILED=1; die "the repository has $N_COMMITS commits, expected $COMMITS"; }
note "generated in ${GEN_S}s: $N_COMMITS commits ($N_MAINLINE on the main line, $N_MERGES merges), $N_RENAMES renames, .git $(( PACK_KIB / 1024 )) MiB"
# Pull the repository into the page cache so no tool pays for cold reads.
find "$R/content" "$R/.git" -type f -exec cat {} + >/dev/null

RESULTS=$WORK/results.tsv
: >"$RESULTS"
HZ=$(getconf CLK_TCK)
busy_ticks() {  # CPU time used on the whole machine so far, in USER_HZ ticks
    awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat
}
busy_compiler() {
    local p
    for p in cargo rustc; do
        pgrep -x "$p" >/dev/null 2>&1 && { echo "$p"; return 0; }
    done
    return 1
}
if c=$(busy_compiler); then
    note "WARNING: $c is running: on 2 cores this inflates every wall time below"
fi

# history_fields LOG -> "ms read cached" from stratwiki's timing line, or "- - -"
history_fields() {
    local line
    line=$(grep -m1 '^timing: history (' "$1" || true)
    if [[ -z $line ]]; then
        echo "- - -"
        return
    fi
    # The line may go on after the milliseconds (`, N kB resident, N ms CPU` on Linux).
    sed -E 's/^timing: history \(([0-9]+) commits read, ([0-9]+) from cache[^)]*\): ([0-9]+) ms.*$/\3 \1 \2/' <<<"$line"
}

# run_one PHASE TOOL INDEX   (INDEX 0 = warm-up, not recorded)
run_one() {
    local phase=$1 tool=$2 idx=$3
    local log=$WORK/$phase-$tool-$idx.log tf=$WORK/$phase-$tool-$idx.time
    local -a cmd
    case $tool in
        stratwiki)
            if [[ $phase == cold ]]; then
                rm -rf "$R/.stratwiki-cache" "$OUT_SW"
            fi
            cmd=(env STRATWIKI_TIMINGS=1 "$STRATWIKI" build --root "$R" --dest "$OUT_SW") ;;
        gitlog)
            cmd=(git -C "$R" log --name-status -M -- content) ;;
        hugo)
            rm -rf "$OUT_HG" "$HUGO_SITE/resources"
            cmd=("$HUGO" --source "$HUGO_SITE" --destination "$OUT_HG" --quiet) ;;
        *) die "unknown tool $tool" ;;
    esac
    local rc=0 b0 b1
    b0=$(busy_ticks)
    if [[ $tool == gitlog ]]; then
        "$TIME" -f '%e %M %U %S' -o "$tf" "${cmd[@]}" >/dev/null 2>"$log" || rc=$?
    else
        "$TIME" -f '%e %M %U %S' -o "$tf" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    fi
    b1=$(busy_ticks)
    if (( rc != 0 )); then
        echo "history-bench: error: $tool ($phase) failed with exit status $rc (run $idx):" >&2
        echo "  ${cmd[*]}" >&2
        echo "--- last lines of its output ($log) ---" >&2
        tail -n 40 "$log" >&2 || true
        FAILED=1
        exit 1
    fi
    local wall kib usr sys cpu other hms hread hcached
    read -r wall kib usr sys < <(tail -n 1 "$tf")
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
    other=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v c="$cpu" -v w="$wall" \
        'BEGIN{o = (b - a) / hz - c; if (o < 0) o = 0; printf "%.2f", (w > 0 ? o / w : 0)}')
    read -r hms hread hcached < <(if [[ $tool == stratwiki ]]; then history_fields "$log"; else echo "- - -"; fi)
    local label=run extra=""; (( idx == 0 )) && label=warm-up
    [[ $tool == stratwiki ]] && extra="  history ${hms} ms (${hread} read, ${hcached} cached)"
    printf '  %-5s %-9s %-7s %2s  %7ss wall  %7ss cpu  %8.1f MiB peak  other load %s cores%s\n' \
        "$phase" "$tool" "$label" "$idx" "$wall" "$cpu" "$(awk -v k="$kib" 'BEGIN{print k/1024}')" \
        "$other" "$extra" >&2
    if [[ $tool == stratwiki && $hms == - && ! -e $WORK/nohist.shown ]]; then
        : >"$WORK/nohist.shown"
        note "WARNING: stratwiki printed no 'timing: history (...)' line (built without history, or history off?)"
        grep '^timing:' "$log" | head -n 5 | sed 's/^/    /' >&2 || true
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$tool" "$idx" "$wall" "$kib" \
        "$cpu" "$hms" "$hread" "$hcached" >>"$RESULTS"
}

# --- a + b: cold stratwiki build, git log, Hugo; the order rotates every round
note "a+b: $WARMUP warm-up + $RUNS timed rounds of: cold stratwiki build, git log, hugo (order rotates)"
note "  stratwiki: rm -rf $R/.stratwiki-cache; STRATWIKI_TIMINGS=1 $STRATWIKI build --root $R --dest $OUT_SW"
note "  git log:   git -C $R log --name-status -M -- content >/dev/null"
note "  hugo:      $HUGO --source $HUGO_SITE --destination $OUT_HG --quiet   (enableGitInfo, contentDir = $R/content)"
TOOLS=(stratwiki gitlog hugo)
BUSY0=$(busy_ticks)
T0=$(date +%s.%N)
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    idx=$(( r > WARMUP ? r - WARMUP : 0 ))
    for (( k = 0; k < 3; k++ )); do
        run_one cold "${TOOLS[(r + k) % 3]}" "$idx"
    done
done

# --- c: one more commit, then a rebuild with the cache warm ---------------------
# The cache and the site of the last cold build are in place; each round adds a
# commit that edits one page and rebuilds into the same destination.
[[ -d $OUT_SW ]] || { run_one cold stratwiki 0; }
note "c: $WARMUP warm-up + $RUNS timed rounds of: commit an edit to one page, rebuild (cache warm)"
last_t=$(git -C "$R" log -1 --format=%ct)
mapfile -t GOALS < <(git -C "$R" ls-files 'content/goals/*.md' | head -n $(( WARMUP + RUNS )))
(( ${#GOALS[@]} > 0 )) || mapfile -t GOALS < <(git -C "$R" ls-files 'content/*.md' | head -n $(( WARMUP + RUNS )))
for (( r = 1; r <= WARMUP + RUNS; r++ )); do
    idx=$(( r > WARMUP ? r - WARMUP : 0 ))
    f=${GOALS[(r - 1) % ${#GOALS[@]}]}
    printf '\nBenchmark edit %d: one more sentence.\n' "$r" >>"$R/$f"
    t=$(( last_t + r * 3600 ))
    GIT_AUTHOR_NAME="Bench Runner" GIT_AUTHOR_EMAIL=bench@example.org GIT_AUTHOR_DATE="$t +0000" \
    GIT_COMMITTER_NAME="Bench Runner" GIT_COMMITTER_EMAIL=bench@example.org GIT_COMMITTER_DATE="$t +0000" \
        git -C "$R" -c commit.gpgsign=false -c core.hooksPath=/dev/null commit -q -m "Benchmark edit $r" -- "$f"
    run_one rebuild stratwiki "$idx"
done
BUSY1=$(busy_ticks)
T1=$(date +%s.%N)
MACHINE_CPU=$(awk -v a="$BUSY0" -v b="$BUSY1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')
ELAPSED=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.2f", b-a}')
BUSY_AFTER=$(busy_compiler || true)

out_stats() {  # dir -> "files KiB"
    if [[ -d $1 ]]; then
        printf '%s %s\n' "$(find "$1" -type f | wc -l)" "$(du -sk "$1" | cut -f1)"
    else
        echo "0 0"
    fi
}
read -r SW_FILES SW_KIB < <(out_stats "$OUT_SW")
read -r HG_FILES HG_KIB < <(out_stats "$OUT_HG")

export PAGES COMMITS AUTHORS SEED RUNS WARMUP MD_BYTES HUGO_VERSION GIT_VERSION STRATWIKI \
    STRATWIKI_VERSION STALE MACHINE_CPU ELAPSED JSON_OUT WORK WORK_FS GEN_S N_COMMITS N_MAINLINE \
    N_MERGES N_RENAMES PACK PACK_KIB SW_FILES SW_KIB HG_FILES HG_KIB BUSY_AFTER
status=0
NPROC=$(nproc) python3 - "$RESULTS" <<'PY' || status=$?
import json, os, statistics, sys

E = os.environ
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
timed = [r for r in rows if int(r[2]) > 0]


def col(phase, tool, i, conv=float):
    return [conv(r[i]) for r in timed if r[0] == phase and r[1] == tool and r[i] != "-"]


def med(xs):
    return statistics.median(xs) if xs else None


sw_wall = col("cold", "stratwiki", 3)
sw_kib = col("cold", "stratwiki", 4, int)
sw_hist = [ms / 1000 for ms in col("cold", "stratwiki", 6, int)]
gl_wall = col("cold", "gitlog", 3)
gl_kib = col("cold", "gitlog", 4, int)
hg_wall = col("cold", "hugo", 3)
hg_kib = col("cold", "hugo", 4, int)
rb_wall = col("rebuild", "stratwiki", 3)
rb_kib = col("rebuild", "stratwiki", 4, int)
rb_hist = [ms / 1000 for ms in col("rebuild", "stratwiki", 6, int)]
rb_read = col("rebuild", "stratwiki", 7, int)
rb_cached = col("rebuild", "stratwiki", 8, int)
cold_read = col("cold", "stratwiki", 7, int)

elapsed = float(E["ELAPSED"])
other_cpu = max(0.0, float(E["MACHINE_CPU"]) - sum(float(r[5]) for r in rows))
other_cores = other_cpu / elapsed if elapsed > 0 else 0.0


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(x, spec=".2f", unit=""):
    return "n/a" if x is None else f"{x:{spec}}{unit}"


mib = lambda k: None if k is None else k / 1024
lines = [
    # measure, stratwiki, reference name, reference, ratio, ratio text, target, ok?, runs
    ("a. history extraction, median s", med(sw_hist), "git log --name-status -M", med(gl_wall),
     ratio(med(sw_hist), med(gl_wall)), "x", "<= 1.00x", 1.0, sw_hist),
    ("b. full cold build, median wall s", med(sw_wall), "hugo, enableGitInfo", med(hg_wall),
     ratio(med(sw_wall), med(hg_wall)), "x", "<= 0.75x", 0.75, sw_wall),
    ("   full cold build, median peak MiB", mib(med(sw_kib)), "hugo, enableGitInfo",
     mib(med(hg_kib)), ratio(med(sw_kib), med(hg_kib)), "x", "<= 1.00x", 1.0,
     [k / 1024 for k in sw_kib]),
    ("c. rebuild after 1 commit, median s", med(rb_wall), "cold build (b)", med(sw_wall),
     ratio(med(rb_wall), med(sw_wall)), "%", "< 10%", 0.10, rb_wall),
]
swv = f" ({E['STRATWIKI_VERSION']})" if E.get("STRATWIKI_VERSION") else ""
print()
print(f"repository: {E['PAGES']} pages ({int(E['MD_BYTES']) / 1e6:.1f} MB of Markdown), "
      f"{E['N_COMMITS']} commits ({E['N_MAINLINE']} on the main line, {E['N_MERGES']} merges), "
      f"{E['N_RENAMES']} renames, {E['AUTHORS']} authors, seed {E['SEED']}; .git "
      f"{int(E['PACK_KIB']) / 1024:.0f} MiB ({E['PACK']} pack); generated in {E['GEN_S']} s")
print(f"stratwiki:  {E['STRATWIKI']}{swv}")
if E.get("STALE"):
    print(f"            WARNING: older than {E['STALE'].strip()}")
print(f"hugo:       {E['HUGO_VERSION']}")
print(f"git:        {E['GIT_VERSION']}")
print(f"machine:    {E['NPROC']} cores; other CPU load during the runs: {other_cores:.2f} cores "
      f"on average ({other_cpu:.1f} CPU s over {elapsed:.1f} s)")
print(f"runs:       {E['RUNS']} timed (+{E['WARMUP']} warm-up) per measurement; "
      f"work dir {E['WORK']} ({E['WORK_FS']})")
print()
hdr = (f"{'measure':<37} {'stratwiki':>9}   {'reference':<26} {'value':>7}  {'ratio':>7}  "
       f"{'target':>8}  {'':<6}  stratwiki runs")
print(hdr)
print("-" * len(hdr))
misses = 0
for name, sw, ref_name, ref, r, kind, target, limit, runs in lines:
    if r is None:
        verdict = "n/a"
    elif (r < limit) if kind == "%" else (r <= limit):
        verdict = "ok"
    else:
        verdict = "MISSED"
        misses += 1
    rtext = "n/a" if r is None else (f"{r * 100:.1f}%" if kind == "%" else f"{r:.2f}x")
    print(f"{name:<37} {fmt(sw):>9}   {ref_name:<26} {fmt(ref):>7}  {rtext:>7}  {target:>8}  "
          f"{verdict:<6}  " + " ".join(f"{x:.2f}" for x in runs))
print()
print(f"reference runs: git log {' '.join(f'{x:.2f}' for x in gl_wall)} s "
      f"(peak {fmt(mib(med(gl_kib)), '.0f')} MiB); hugo {' '.join(f'{x:.2f}' for x in hg_wall)} s")
print(f"cold builds read {fmt(med(cold_read), '.0f')} commits; rebuilds: history "
      f"{' '.join(f'{x * 1000:.0f}' for x in rb_hist) or 'n/a'} ms, "
      f"{fmt(med(rb_read), '.0f')} commits read, {fmt(med(rb_cached), '.0f')} from cache, "
      f"peak {fmt(mib(med(rb_kib)), '.0f')} MiB")
print(f"outputs (last run): stratwiki {E['SW_FILES']} files, {int(E['SW_KIB']) / 1024:.1f} MiB; "
      f"hugo {E['HG_FILES']} files, {int(E['HG_KIB']) / 1024:.1f} MiB")
problems = 0
if not sw_hist:
    problems += 1
    print("ERROR: stratwiki printed no 'timing: history (...)' line: extraction not measured "
          "(binary without history support, or [wiki.history] disabled?)")
if rb_cached and max(rb_cached) == 0:
    print("WARNING: the rebuilds read no commit from the cache")
if other_cores > 0.1:
    print(f"WARNING: other work used {other_cores:.2f} cores on average while the tools ran: "
          f"wall times are inflated; rerun on an idle machine.")
if E.get("BUSY_AFTER"):
    print(f"WARNING: {E['BUSY_AFTER']} was running at the end of the runs.")
if misses:
    print(f"{misses} target(s) missed.")
if E.get("JSON_OUT"):
    with open(E["JSON_OUT"], "w") as f:
        json.dump({"pages": int(E["PAGES"]), "commits": int(E["N_COMMITS"]),
                   "mainline_commits": int(E["N_MAINLINE"]), "merges": int(E["N_MERGES"]),
                   "renames": int(E["N_RENAMES"]), "seed": int(E["SEED"]),
                   "runs": int(E["RUNS"]), "warmup": int(E["WARMUP"]),
                   "stratwiki": E["STRATWIKI"], "hugo_version": E["HUGO_VERSION"],
                   "stale_sources": E.get("STALE", "").split(),
                   "history_extraction_s": sw_hist, "git_log_s": gl_wall,
                   "git_log_peak_kib": gl_kib,
                   "cold_build_s": sw_wall, "cold_build_peak_kib": sw_kib,
                   "hugo_s": hg_wall, "hugo_peak_kib": hg_kib,
                   "rebuild_s": rb_wall, "rebuild_peak_kib": rb_kib,
                   "rebuild_history_s": rb_hist,
                   "ratios": {"extraction_vs_git_log": lines[0][4],
                              "build_wall_vs_hugo": lines[1][4],
                              "build_memory_vs_hugo": lines[2][4],
                              "rebuild_vs_cold": lines[3][4]},
                   "other_cpu_cores": round(other_cores, 3), "work_fs": E["WORK_FS"]},
                  f, indent=2)
        f.write("\n")
sys.exit(2 if problems else 0)
PY
if (( status != 0 )); then
    FAILED=1
    exit "$status"
fi
