#!/usr/bin/env bash
# Unbounded-work benchmark (issue 22, item 5): each small hostile input the issue lists, at 1x
# (the issue's size) and 10x, run through the RELEASE binary with `check` (the deep committed
# path with `diff`, the only command that reads a tree from git objects without checking it
# out), with wall time, peak memory and exit code, and the 10x/1x ratio of wall time: about 10
# is linear, about 100 quadratic. The target: every 10x run under 5 s on the 2-core VM.
#
#   bench/unbounded.sh                  # needs target/release/stratwiki (cargo build --release)
#   SCALES="1" bench/unbounded.sh       # 1x only
#   CASES="headings summary" bench/unbounded.sh
#
# Environment: STRATWIKI (target/release/stratwiki), SCALES ("1 10"), CASES (all),
# LIMIT (timeout per run in seconds, 120), BENCH_TMP, KEEP (0), NO_INSTALL.
#
# | case           | 1x input (the issue's)                                   | expected outcome        |
# | headings       | 30,000 identical `## Plan` headings                      | builds (ids plan-N)     |
# | links          | 150,000 links to a missing page on one line              | 150,000 errors, placed  |
# | wikilinks      | 100,000 `[[x]]` links to nothing                         | 100,000 errors, placed  |
# | summary        | SUMMARY.md of 200,000 lines                              | checks                  |
# | frontmatter    | front matter `[[[[...` 100,000 deep                      | error at file:line      |
# | frontmatter-map| front matter `{a: {a: ...` 100,000 deep                  | error at file:line      |
# | glob           | tags = ["*?*?*?*?*?*?*?*?*?*?*?*?*X"], 1,000 tags of 60 chars | error: selects no tag   |
# | deep-path      | a committed path 4,000 folders deep (`diff main..deep`)   | warning naming the folder |
# | codeowners     | CODEOWNERS of 300,000 lines (8 MB)                       | error: over GitHub's 3 MB |
# | big-page       | a 50 MB page                                             | error: over 10 MB       |
# | renames        | one commit deleting 300 pages and adding 300 others, 20 KB of distinct lines each | builds; at 10x (3,000 × 3,000) a warning: rename work limit |
set -euo pipefail

SCALES=${SCALES:-"1 10"}
CASES=${CASES:-"headings links wikilinks summary frontmatter frontmatter-map glob deep-path codeowners big-page renames"}
LIMIT=${LIMIT:-120}
KEEP=${KEEP:-0}
NO_INSTALL=${NO_INSTALL:-0}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
TIME=/usr/bin/time
BENCH_NAME=unbounded-bench
# shellcheck source=bench/lib.sh
source "$REPO_ROOT/bench/lib.sh"

bench_require_stratwiki
bench_require_time
[[ $STRATWIKI == */release/* ]] ||
    note "WARNING: $STRATWIKI is not a release build: times are not the benchmark's (use it to try the script)"

bench_work_parent $(( 2 * 1024 * 1024 )) $(( 4 * 1024 * 1024 ))
WORK=$(mktemp -d "$PARENT/stratwiki-unbounded.XXXXXX")
cleanup() { [[ $KEEP == 1 ]] && note "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

# A minimal valid wiki in $1, a git repository with one commit on `main`.
base_wiki() {
    local dir=$1
    mkdir -p "$dir/content/chapters"
    printf '[book]\ntitle = "Bench"\n\n[wiki.history]\nenabled = false\n\n[wiki.search]\nenabled = false\n' >"$dir/book.toml"
    printf -- '---\ntitle: Introduction\n---\n\nText.\n' >"$dir/content/chapters/intro.md"
    git -C "$dir" init -q -b main
    git -C "$dir" -c user.name=B -c user.email=b@example.org add -A
    git -C "$dir" -c user.name=B -c user.email=b@example.org commit -q -m start
}

# Generate case $1 at scale $2 into the wiki $3; print the stratwiki arguments to run.
generate() {
    local case=$1 n=$2 dir=$3
    base_wiki "$dir"
    python3 - "$case" "$n" "$dir" <<'PY'
import os, sys
case, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = os.path.join(d, "content")
def w(rel, text):
    p = os.path.join(d, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
if case == "headings":
    w("content/same.md", "# Same\n\n" + "## Plan\n\n" * (30_000 * n))
elif case == "links":
    w("content/links.md", "# Links\n\n" + "[a](gone.md) " * (150_000 * n) + "\n")
elif case == "wikilinks":
    w("content/wiki.md", "# Wiki\n\n" + "[[x]] " * (100_000 * n) + "\n")
elif case == "summary":
    w("content/SUMMARY.md", "# Summary\n\n" + "- [Introduction](chapters/intro.md)\n" * (200_000 * n))
elif case == "frontmatter":
    w("content/deep.md", "---\ntitle: Deep\ntags: " + "[" * (100_000 * n) + "\n---\nText.\n")
elif case == "frontmatter-map":
    w("content/deep.md", "---\ntitle: Deep\na: " + "{a: " * (100_000 * n) + "\n---\nText.\n")
elif case == "glob":
    with open(os.path.join(d, "book.toml"), "a") as f:
        f.write('\n[wiki.versions]\ntags = ["' + "*?" * 12 + '*X"]\n')
elif case == "codeowners":
    w("CODEOWNERS", "".join(f"/content/p{i}.md @org/t{i}\n" for i in range(300_000 * n)))
elif case == "big-page":
    line = "Some words of a very long page, repeated again and again.\n"
    with open(os.path.join(c, "big.md"), "w") as f:
        f.write("# Big\n\n")
        for _ in range(50 * n):
            f.write(line * (1024 * 1024 // len(line)))
PY
    case $case in
        glob)
            # 1,000 tags (10,000 at 10x) of 60 characters, none ending in X.
            local head
            head=$(git -C "$dir" rev-parse HEAD)
            python3 -c "
import sys
for i in range($n * 1000):
    print(f'create refs/tags/{i:08d}' + 'a' * 52 + ' $head')
" | git -C "$dir" update-ref --stdin
            echo check ;;
        deep-path)
            # A branch `deep` whose content folder holds a path 4,000 folders deep (40,000 at
            # 10x), written with git fast-import (no file system holds such a path).
            local depth=$(( 4000 * n ))
            python3 -c "
import sys
path = 'content/deep/' + 'd/' * $depth + 'bottom.md'
data = b'---\ntitle: Bottom\n---\nText.\n'
out = sys.stdout.buffer
out.write(b'commit refs/heads/deep\ncommitter B <b@example.org> 1700000000 +0000\ndata 4\ndeep\nfrom refs/heads/main\n')
out.write(b'M 100644 inline ' + path.encode() + b'\ndata %d\n' % len(data) + data + b'\n')
" | git -C "$dir" fast-import --quiet
            echo diff main..deep ;;
        renames)
            # Two commits on main: 300 pages (3,000 at 10x), then all of them deleted and as
            # many others added, all the same size (so git's size test does not rule pairs
            # out) and nothing alike: every pair is compared, for nothing.
            python3 -c "
import sys
n = 300 * $n
def text(tag):
    return ''.join(f'{tag} line {i} of a page that resembles no other\\n' for i in range(400)).encode()
out = sys.stdout.buffer
out.write(b'commit refs/heads/main\\ncommitter B <b@example.org> 1700000000 +0000\\ndata 5\\npages\\nfrom refs/heads/main^0\\n')
for i in range(n):
    d = text(f'old{i:05d}')
    out.write(b'M 100644 inline content/old/p%d.md\\ndata %d\\n' % (i, len(d)) + d + b'\\n')
out.write(b'\\ncommit refs/heads/main\\ncommitter B <b@example.org> 1700000060 +0000\\ndata 6\\nswitch\\n')
for i in range(n):
    d = text(f'new{i:05d}')
    out.write(b'D content/old/p%d.md\\n' % i)
    out.write(b'M 100644 inline content/new/q%d.md\\ndata %d\\n' % (i, len(d)) + d + b'\\n')
" | git -C "$dir" fast-import --quiet --force
            git -C "$dir" checkout -q -f main
            printf '[book]\ntitle = "Bench"\n\n[wiki.search]\nenabled = false\n' >"$dir/book.toml"
            echo check ;;
        *) echo check ;;
    esac
}

# Run case $1 at scale $2; sets SECS, KIB, CODE, SAYS (the first error or warning line).
run_case() {
    local case=$1 n=$2 dir="$WORK/$1-$2x" args
    args=$(generate "$case" "$n" "$dir")
    # shellcheck disable=SC2086 # args is a command and its arguments
    set +e
    timeout "$LIMIT" "$TIME" -f '%e %M' -o "$dir.time" \
        "$STRATWIKI" $args --root "$dir" >"$dir.out" 2>"$dir.err"
    CODE=$?
    set -e
    if [[ $CODE == 124 ]]; then
        SECS=">$LIMIT"; KIB=0
    else
        read -r SECS KIB < <(tail -n1 "$dir.time")
    fi
    SAYS=$(grep -m1 -hE '^(- )?(error|warning)' "$dir.out" "$dir.err" | cut -c1-110 || true)
    [[ $KEEP == 1 ]] || rm -rf "$dir"
}

note "binary: $STRATWIKI ($STRATWIKI_VERSION); work directory $WORK; timeout ${LIMIT}s"
printf '%-16s %6s %9s %9s %5s  %s\n' case scale seconds "peak MiB" exit "first message"
declare -A T
for case in $CASES; do
    for n in $SCALES; do
        run_case "$case" "$n"
        T[$case-$n]=$SECS
        printf '%-16s %5sx %9s %9s %5s  %s\n' "$case" "$n" "$SECS" $(( KIB / 1024 )) "$CODE" "$SAYS"
    done
done
if [[ " $SCALES " == *" 1 "* && " $SCALES " == *" 10 "* ]]; then
    echo
    printf '%-16s %9s %9s %7s\n' case "1x s" "10x s" ratio
    for case in $CASES; do
        a=${T[$case-1]} b=${T[$case-10]}
        ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { if (a ~ />/ || b ~ />/) print "-"; else printf "%.1f", b / (a > 0.01 ? a : 0.01) }')
        printf '%-16s %9s %9s %7s\n' "$case" "$a" "$b" "$ratio"
    done
fi
