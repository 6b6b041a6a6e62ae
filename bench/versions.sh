#!/usr/bin/env bash
# Versions benchmark (issue 5, "Speed"): on a generated git repository with
# TAGS lightweight tags v1..vTAGS (default 10,000 pages, 2,000 commits, 10
# tags, vTAGS at HEAD), time side by side, alternating runs:
#
#   a. the default version alone: book.toml WITHOUT [wiki.versions], so
#      `stratwiki build` builds the working tree (= HEAD = vTAGS);
#   b. all versions: the working tree's book.toml WITH
#      [wiki.versions] tags = ["v*"], so the same command builds every tag
#      into OUT/<tag>/ plus the default (the newest tag) at OUT/.
#
# Target: b <= 1.5x a (median wall time). Measured cold (cache and output
# removed before every run) and warm (the cache and output of the previous
# build of the same variant kept). A third phase, "day" (no target: for the
# record), is warm with `--today` one day later than the previous build of the
# same variant: a daily rebuild, where the current edition's overdue goals
# change and the older editions (judged on their own dates) do not.
#
#   bench/versions.sh
#   PAGES=300 COMMITS=300 RUNS=1 bench/versions.sh      # quick try
#
# Environment:
#   PAGES      pages in the wiki (default 10000, minimum 20)
#   COMMITS    commits in the repository (default 2000)
#   TAGS       tags v1..vTAGS spread evenly over the main line (default 10)
#   AUTHORS    commit authors (default 12)
#   RUNS       timed runs per variant and phase (default 3)
#   WARMUP     untimed runs per variant and phase before the timed ones (default 1)
#   SEED       corpus and history seed (default 42)
#   SAME       1 = after generating, move every tag to HEAD: TAGS identical editions, the
#              case most favourable to sharing work between versions (every page the same)
#   PACK       repack (default: the pack a clone would have, as git-fast-import(1)
#              recommends) or fast-import (keep the import\'s own pack)
#   STRATWIKI  stratwiki binary (default <repo>/target/release/stratwiki)
#   BENCH_TMP  parent directory for the work directory (default /dev/shm when it
#              and the RAM have room, else $TMPDIR or /tmp)
#   KEEP       1 = keep the work directory (repository, outputs, logs)
#   JSON_OUT   if set, also write the results as JSON to this file
#   NO_INSTALL 1 = never apt-get install a missing GNU time
#
# Exit status: 0 when every build succeeded and b wrote every version folder
# (missed targets do not change it); 1 when a build or the generator failed;
# 2 when b did not write all version folders (a binary without versions, for
# instance). The work directory is kept on 1 and 2.
set -euo pipefail

PAGES=${PAGES:-10000}
COMMITS=${COMMITS:-2000}
TAGS=${TAGS:-10}
AUTHORS=${AUTHORS:-12}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-42}
SAME=${SAME:-0}
PACK=${PACK:-repack}
KEEP=${KEEP:-0}
JSON_OUT=${JSON_OUT:-}
NO_INSTALL=${NO_INSTALL:-0}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time
TARGET=1.5

BENCH_NAME=versions-bench
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

if ! [[ $PAGES =~ ^[1-9][0-9]*$ ]] || (( PAGES < 20 )); then
    die "PAGES must be an integer >= 20 (got '$PAGES')"
fi
[[ $COMMITS =~ ^[1-9][0-9]*$ ]] || die "COMMITS must be an integer >= 1 (got '$COMMITS')"
[[ $TAGS =~ ^[1-9][0-9]*$ ]] || die "TAGS must be an integer >= 1 (got '$TAGS')"
[[ $AUTHORS =~ ^[1-9][0-9]*$ ]] || die "AUTHORS must be an integer >= 1 (got '$AUTHORS')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be an integer >= 1 (got '$RUNS')"
[[ $WARMUP =~ ^(0|[1-9][0-9]*)$ ]] || die "WARMUP must be an integer >= 0 (got '$WARMUP')"
[[ $PACK == repack || $PACK == fast-import ]] || die "PACK must be repack or fast-import (got '$PACK')"
[[ $SEED =~ ^(0|[1-9][0-9]*)$ ]] || die "SEED must be a non-negative integer (got '$SEED')"
[[ $SAME == 0 || $SAME == 1 ]] || die "SAME must be 0 or 1 (got '$SAME')"

command -v python3 >/dev/null || die "python3 is required (generator and report)"
command -v git >/dev/null || die "git is required (generator)"

# --- the stratwiki binary -------------------------------------------------
bench_require_stratwiki

# --- GNU time ---------------------------------------------------------------
bench_require_time

# --- work directory ---------------------------------------------------------
# tmpfs (/dev/shm) when it has room, for the reasons given in compare-hugo.sh.
# Room: the repository (~10 KB per page + ~4 KB per commit), a's site
# (~50 KB per page with history pages), b's site (up to TAGS + 1 times that;
# twice during the atomic swap of a warm build). tmpfs lives in RAM (no swap
# on the VM), so MemAvailable must cover it too, with 2 GiB for the builds.
need_kib=$(( PAGES * 10 + COMMITS * 4 + PAGES * 50 * (1 + 2 * (TAGS + 1)) + 262144 ))
bench_work_parent "$need_kib" "$(( need_kib + 2097152 ))"
WORK=$(mktemp -d "$PARENT/stratwiki-versions.XXXXXX")
FAILED=0
cleanup() {
    if [[ $KEEP == 1 || $FAILED == 1 ]]; then
        note "kept work directory $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

R=$WORK/repo               # the wiki's git repository (book.toml at its root)
CACHE=$R/.stratwiki-cache  # stratwiki's cache; each variant's is parked in $WORK/cache-<v>
WORK_FS=$(stat -f -c %T "$WORK" 2>/dev/null || echo unknown)
declare -A OUT=([a]=$WORK/out-a [b]=$WORK/out-b)

note "work directory $WORK ($WORK_FS; estimated need up to $(( need_kib / 1048576 + 1 )) GiB)"
note "generating $PAGES pages through $COMMITS commits with $TAGS tags, $AUTHORS authors (seed $SEED) in $R"
g0=$(date +%s.%N)
# By default the editions build without the search index (one per edition), measured on its own
# by bench/search.sh;
# SEARCH=1 keeps stratwiki's Pagefind index in (bench/search.sh measures what it costs).
SEARCH_FLAG=--no-search
[[ ${SEARCH:-0} == 1 ]] && SEARCH_FLAG=
python3 "$REPO_ROOT/bench/gen_corpus.py" "$R" --pages "$PAGES" --seed "$SEED" $SEARCH_FLAG --pack "$PACK" \
    --git-commits "$COMMITS" --authors "$AUTHORS" --tags "$TAGS" 2>"$WORK/gen.log" ||
    { cat "$WORK/gen.log" >&2; FAILED=1; die "repository generation failed"; }
g1=$(date +%s.%N)
GEN_S=$(awk -v a="$g0" -v b="$g1" 'BEGIN{printf "%.1f", b-a}')
sed 's/^/    /' "$WORK/gen.log" >&2

if [[ $SAME == 1 ]]; then
    # Every edition the same commit: what building the editions costs when nothing differs.
    for t in $(git -C "$R" tag -l 'v*'); do
        git -C "$R" tag -f "$t" HEAD >/dev/null
    done
    note "SAME=1: every tag moved to HEAD (identical editions)"
fi

# The tags, oldest first, with their main-line position and page count.
mapfile -t TAG_NAMES < <(git -C "$R" tag -l 'v*' | sort -V)
(( ${#TAG_NAMES[@]} == TAGS )) || { FAILED=1; die "expected $TAGS tags v1..v$TAGS, found ${#TAG_NAMES[@]}"; }
[[ $(git -C "$R" rev-parse "v$TAGS^{commit}") == $(git -C "$R" rev-parse HEAD) ]] ||
    { FAILED=1; die "v$TAGS is not HEAD"; }
TAG_INFO=""
for t in "${TAG_NAMES[@]}"; do
    TAG_INFO+="$t:$(git -C "$R" rev-list --first-parent --count "$t"):$(git -C "$R" ls-tree -r --name-only "$t" -- content | grep -c '\.md$' || true) "
done
N_MAINLINE=$(git -C "$R" rev-list --count --first-parent HEAD)
PACK_KIB=$(du -sk "$R/.git" | cut -f1)
note "generated in ${GEN_S}s; tags (name:main-line commits:pages): $TAG_INFO"

# The two book.toml files. The committed one (in every tag's tree) has no
# [wiki.versions]; only the working-tree copy changes between a and b, and it
# alone decides which versions exist. Each version's own settings come from
# the book.toml in its tree.
BOOK_A=$(cat "$R/book.toml")
grep -q '^\[wiki\.versions\]' <<<"$BOOK_A" && { FAILED=1; die "the generated book.toml already has [wiki.versions]"; }
BOOK_B=$(printf '%s\n\n[wiki.versions]\ntags = ["v*"]\n' "$BOOK_A")
write_book() {  # variant
    if [[ $1 == a ]]; then
        printf '%s\n' "$BOOK_A" >"$R/book.toml"
    else
        printf '%s\n' "$BOOK_B" >"$R/book.toml"
    fi
}
# Pull the repository into the page cache so no run pays for cold reads.
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

MISSING_ANY=""
declare -A DAYS=([a]=0 [b]=0)  # "day" phase: days after today of each variant's last build
# run_one PHASE VARIANT INDEX   (INDEX 0 = warm-up, not recorded)
run_one() {
    local phase=$1 v=$2 idx=$3
    local log=$WORK/$phase-$v-$idx.log tf=$WORK/$phase-$v-$idx.time out=${OUT[$v]}
    write_book "$v"
    rm -rf "$CACHE"
    if [[ $phase == cold ]]; then
        rm -rf "$out" "$WORK/cache-$v"
    elif [[ -d $WORK/cache-$v ]]; then
        mv "$WORK/cache-$v" "$CACHE"   # this variant's cache from its previous build
    fi
    local -a cmd=(env STRATWIKI_TIMINGS=1 "$STRATWIKI" build --root "$R" --dest "$out")
    if [[ $phase == day ]]; then
        DAYS[$v]=$(( ${DAYS[$v]} + 1 ))
        cmd+=(--today "$(date -d "+${DAYS[$v]} day" +%F)")  # local, as stratwiki's own default date
    fi
    local rc=0 b0 b1
    b0=$(busy_ticks)
    "$TIME" -f '%e %M %U %S' -o "$tf" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    b1=$(busy_ticks)
    if (( rc != 0 )); then
        echo "versions-bench: error: build $v ($phase) failed with exit status $rc (run $idx):" >&2
        echo "  ${cmd[*]}   (book.toml: $( [[ $v == b ]] && echo 'with' || echo 'without') [wiki.versions])" >&2
        echo "--- last lines of its output ($log) ---" >&2
        tail -n 40 "$log" >&2 || true
        FAILED=1
        exit 1
    fi
    rm -rf "$WORK/cache-$v"
    [[ -d $CACHE ]] && mv "$CACHE" "$WORK/cache-$v"
    local wall kib usr sys cpu other built missing="" t n_ver=0
    read -r wall kib usr sys < <(tail -n 1 "$tf")
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
    other=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v c="$cpu" -v w="$wall" \
        'BEGIN{o = (b - a) / hz - c; if (o < 0) o = 0; printf "%.2f", (w > 0 ? o / w : 0)}')
    built=$(grep -m1 -oE '^Built [0-9]+ pages' "$log" | grep -oE '[0-9]+' || echo -)
    [[ -f $out/index.html ]] || missing+="(root) "
    for t in "${TAG_NAMES[@]}"; do
        if [[ -f $out/$t/index.html ]]; then
            n_ver=$(( n_ver + 1 ))
        elif [[ $v == b ]]; then
            missing+="$t "
        fi
    done
    local label=run; (( idx == 0 )) && label=warm-up
    printf '  %-4s %s %-7s %2s  %7ss wall  %7ss cpu  %8.1f MiB peak  %6s pages built  %2d version folders  other load %s cores\n' \
        "$phase" "$v" "$label" "$idx" "$wall" "$cpu" "$(awk -v k="$kib" 'BEGIN{print k/1024}')" \
        "$built" "$n_ver" "$other" >&2
    if [[ $v == a ]] && (( n_ver > 0 )); then
        note "WARNING: a (no [wiki.versions]) wrote $n_ver version folder(s): is book.toml read from the working tree?"
    fi
    if [[ -n $missing ]]; then
        MISSING_ANY+="$phase/$v/$idx: $missing; "
        note "WARNING: $v ($phase, run $idx) wrote no index.html for: $missing"
        sed "s|$WORK|\$WORK|g" "$log" | grep -m3 -i 'version' | sed 's/^/    /' >&2 || true
        if [[ $v == b ]] && (( n_ver == 0 )); then
            FAILED=1
            echo "versions-bench: error: the build with [wiki.versions] wrote no version folder at all" \
                 "(a binary without versions support?); output in $log" >&2
            exit 2
        fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$v" "$idx" "$wall" "$kib" \
        "$cpu" "$built" "$n_ver" "$other" >>"$RESULTS"
}

note "cold: $WARMUP warm-up + $RUNS timed rounds of a and b (order flips every round); before each run:"
note "  rm -rf $CACHE <out>; then STRATWIKI_TIMINGS=1 $STRATWIKI build --root $R --dest <out>"
note "warm: the same rounds with the cache (and output) of the previous build of the same variant kept"
note "day: as warm, with --today one day after the previous build of the same variant (no target)"
BUSY0=$(busy_ticks)
T0=$(date +%s.%N)
for phase in cold warm day; do
    for (( r = 1; r <= WARMUP + RUNS; r++ )); do
        idx=$(( r > WARMUP ? r - WARMUP : 0 ))
        if (( r % 2 )); then order=(a b); else order=(b a); fi
        for v in "${order[@]}"; do
            run_one "$phase" "$v" "$idx"
        done
    done
done
BUSY1=$(busy_ticks)
T1=$(date +%s.%N)
write_book a   # leave the working tree as committed
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
read -r A_FILES A_KIB < <(out_stats "${OUT[a]}")
read -r B_FILES B_KIB < <(out_stats "${OUT[b]}")

export PAGES COMMITS TAGS AUTHORS SEED SAME RUNS WARMUP STRATWIKI STRATWIKI_VERSION STALE \
    MACHINE_CPU ELAPSED JSON_OUT WORK WORK_FS GEN_S N_MAINLINE PACK PACK_KIB TAG_INFO \
    A_FILES A_KIB B_FILES B_KIB BUSY_AFTER MISSING_ANY TARGET
status=0
python3 - "$RESULTS" <<'PY' || status=$?
import json, os, statistics, sys

E = os.environ
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
timed = [r for r in rows if int(r[2]) > 0]
target = float(E["TARGET"])
tags = int(E["TAGS"])


def col(phase, v, i, conv=float):
    return [conv(r[i]) for r in timed if r[0] == phase and r[1] == v and r[i] != "-"]


def med(xs):
    return statistics.median(xs) if xs else None


def ratio(x, y):
    return x / y if x is not None and y else None


def fmt(x, spec=".2f"):
    return "n/a" if x is None else format(x, spec)


PHASES = ("cold", "warm", "day")
data = {}
for phase in PHASES:
    for v in ("a", "b"):
        data[phase, v] = {"wall": col(phase, v, 3), "kib": col(phase, v, 4, int),
                          "cpu": col(phase, v, 5), "built": col(phase, v, 6, int)}

elapsed = float(E["ELAPSED"])
other_cpu = max(0.0, float(E["MACHINE_CPU"]) - sum(float(r[5]) for r in rows))
other_cores = other_cpu / elapsed if elapsed > 0 else 0.0

swv = f" ({E['STRATWIKI_VERSION']})" if E.get("STRATWIKI_VERSION") else ""
print()
print(f"repository: {E['PAGES']} pages, {E['COMMITS']} commits ({E['N_MAINLINE']} on the main line), "
      f"{tags} tags{' (all at HEAD: SAME=1)' if E.get('SAME') == '1' else ''}, seed {E['SEED']}; .git {int(E['PACK_KIB']) / 1024:.0f} MiB ({E['PACK']} pack); "
      f"generated in {E['GEN_S']} s")
print("tags:       " + ", ".join(
    f"{n} ({p} pages)" for n, _, p in (t.split(":") for t in E["TAG_INFO"].split())))
print(f"stratwiki:  {E['STRATWIKI']}{swv}")
if E.get("STALE"):
    print(f"            WARNING: older than {E['STALE'].strip()}")
print(f"machine:    {os.cpu_count()} cores; other CPU load during the runs: {other_cores:.2f} cores "
      f"on average ({other_cpu:.1f} CPU s over {elapsed:.1f} s)")
print(f"runs:       {E['RUNS']} timed (+{E['WARMUP']} warm-up) per variant and phase, "
      f"a and b alternating; work dir {E['WORK']} ({E['WORK_FS']})")
print()
names = {"a": "a. default version only",
         "b": f"b. {tags} versions + default"}
hdr = (f"{'build':<28} {'phase':<5} {'median wall s':>13} {'median peak MiB':>15} "
       f"{'median CPU s':>12} {'pages built':>11}   wall of each run (s)")
print(hdr)
print("-" * len(hdr))
for phase in PHASES:
    for v in ("a", "b"):
        d = data[phase, v]
        kib = med(d["kib"])
        print(f"{names[v]:<28} {phase:<5} {fmt(med(d['wall'])):>13} "
              f"{fmt(None if kib is None else kib / 1024, '.1f'):>15} {fmt(med(d['cpu'])):>12} "
              f"{fmt(med(d['built']), '.0f'):>11}   " + " ".join(f"{x:.2f}" for x in d["wall"]))
print()
misses = 0
ratios = {}
for phase in PHASES:
    a, b = data[phase, "a"], data[phase, "b"]
    rw = ratio(med(b["wall"]), med(a["wall"]))
    rm = ratio(med(b["kib"]), med(a["kib"]))
    rc = ratio(med(b["cpu"]), med(a["cpu"]))
    ratios[phase] = {"wall": rw, "peak_memory": rm, "cpu": rc}
    if phase == "day":
        print(f"b/a {phase}: wall {fmt(rw)}x (no target); peak memory {fmt(rm)}x; CPU {fmt(rc)}x")
        continue
    verdict = "n/a" if rw is None else ("ok" if rw <= target else "MISSED")
    misses += verdict == "MISSED"
    print(f"b/a {phase}: wall {fmt(rw)}x (target <= {target:.2f}x: {verdict}); "
          f"peak memory {fmt(rm)}x; CPU {fmt(rc)}x")
print(f"outputs (last run): a {E['A_FILES']} files, {int(E['A_KIB']) / 1024:.1f} MiB; "
      f"b {E['B_FILES']} files, {int(E['B_KIB']) / 1024:.1f} MiB")
problems = 0
if E.get("MISSING_ANY"):
    problems += 1
    print(f"ERROR: missing version folders (no index.html): {E['MISSING_ANY'].strip()}")
if other_cores > 0.1:
    print(f"WARNING: other work used {other_cores:.2f} cores on average while the builds ran: "
          f"wall times are inflated; rerun on an idle machine.")
if E.get("BUSY_AFTER"):
    print(f"WARNING: {E['BUSY_AFTER']} was running at the end of the runs.")
if misses:
    print(f"{misses} target(s) missed.")
if E.get("JSON_OUT"):
    with open(E["JSON_OUT"], "w") as f:
        json.dump({"pages": int(E["PAGES"]), "commits": int(E["COMMITS"]),
                   "mainline_commits": int(E["N_MAINLINE"]), "tags": tags,
                   "seed": int(E["SEED"]), "same": E.get("SAME") == "1", "runs": int(E["RUNS"]), "warmup": int(E["WARMUP"]),
                   "stratwiki": E["STRATWIKI"], "stale_sources": E.get("STALE", "").split(),
                   "builds": {f"{p}_{v}": d for (p, v), d in data.items()},
                   "ratios_b_over_a": ratios, "target_wall_ratio": target,
                   "missing_versions": E.get("MISSING_ANY", ""),
                   "other_cpu_cores": round(other_cores, 3), "work_fs": E["WORK_FS"]},
                  f, indent=2)
        f.write("\n")
sys.exit(2 if problems else 0)
PY
if (( status != 0 )); then
    FAILED=1
    exit "$status"
fi
