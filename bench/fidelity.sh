#!/usr/bin/env bash
# bench/fidelity.sh REPO [CONTENT_DIR]
#
# How often stratwiki's history of a page equals git's own answer. For every Markdown file in
# the content folder it compares the commits of the page's revisions (examples/fidelity.rs:
# stratwiki's history, read without cache) with git's, and prints the share of pages whose
# lists are equal, then the first differences: for each differing page the commits only git
# lists and only stratwiki lists, with their summaries.
#
# git's answer, two ways:
# - renames: one `git log --first-parent -M -l4000 --name-status` over the whole repository
#   (git's own rename detection on every main-line commit, with stratwiki's rename limit),
#   each page followed backwards through the renames git reports, switching to the old name
#   at a rename exactly as `--follow` does. This is the reference: git's rename semantics,
#   each source and destination used once.
# - follow (FOLLOW=1, slower: one git process per page): `git log --first-parent --follow -M
#   -- PATH`. `--follow` also detects copies from any file of the parent commit
#   (find-copies-harder), so a page made by copying another inherits that page's past; stratwiki
#   does not (one page per source), and those pages are listed as differences.
#
# REPO is a clone with a work tree (a real repository: fetch it as a mirror and clone it; never
# commit it here). CONTENT_DIR (default: book.toml's `src`, else `src`) is relative to REPO.
# FIDELITY=path/to/fidelity uses that binary (default: target/release/examples/fidelity, built
# when missing). SHOW=N differences are printed (default 15). JOBS=N git processes at once.
set -euo pipefail
BENCH_NAME=fidelity
[[ $# -ge 1 ]] || { echo "usage: $0 REPO [CONTENT_DIR]" >&2; exit 2; }
REPO=$(cd "$1" && pwd)
DIR=${2:-}
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${FIDELITY:-$REPO_ROOT/target/release/examples/fidelity}
if [[ ! -x $BIN ]]; then
    (cd "$REPO_ROOT" && cargo build --release --example fidelity) >&2
fi
git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1 || {
    echo "$BENCH_NAME: $REPO is not a git work tree (clone the mirror first)" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

start=$(date +%s.%N)
"$BIN" "$REPO" ${DIR:+"$DIR"} >"$OUT/stratwiki.tsv" 2>"$OUT/warnings"
mid=$(date +%s.%N)
if [[ ${FOLLOW:-0} == 1 ]]; then
    # One `git log --follow` per file, JOBS at a time (git follows one path at a time).
    cut -f1 "$OUT/stratwiki.tsv" | tr '\n' '\0' |
        xargs -0 -P "${JOBS:-$(nproc)}" -n 1 sh -c '
            printf "%s\t%s\n" "$1" "$(git -C "$0" log --first-parent --follow -M --format=%H -- "$1" | tr "\n" " ")"
        ' "$REPO" >"$OUT/git.tsv"
    REFERENCE="git log --first-parent --follow -M, per page"
else
    git -C "$REPO" -c core.quotepath=off log --first-parent -M -l4000 --name-status --format='commit %H' >"$OUT/log"
    python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
pages = [l.split("\t", 1)[0] for l in open(f"{out}/stratwiki.tsv", encoding="utf-8", errors="replace")]
name = {p: p for p in pages}          # name at this point of the walk -> page
revs = {p: [] for p in pages}
commit = None
def entries():
    for line in open(f"{out}/log", encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("commit "):
            yield ("commit", line[7:])
        elif line:
            yield tuple(line.split("\t"))
for e in entries():
    if e[0] == "commit":
        commit = e[1]
        seen = set()
        continue
    status, paths = e[0], e[1:]
    new = paths[-1]
    page = name.get(new)
    if page is None or page in seen:
        continue
    seen.add(page)
    revs[page].append(commit)
    if status[0] == "R":
        # As --follow: from here on the page is its old name, and its new name is no longer it.
        del name[new]
        name[paths[0]] = page
with open(f"{out}/git.tsv", "w") as f:
    for p in pages:
        f.write(p + "\t" + " ".join(revs[p]) + "\n")
PY
    REFERENCE="git log --first-parent -M -l4000 --name-status, renames followed"
fi
end=$(date +%s.%N)

echo "reference: $REFERENCE"
python3 - "$OUT" "$REPO" "${SHOW:-15}" <<'PY'
import subprocess, sys
out, repo, show = sys.argv[1], sys.argv[2], int(sys.argv[3])
def read(name):
    d = {}
    for line in open(f"{out}/{name}", encoding="utf-8", errors="replace"):
        path, _, ids = line.rstrip("\n").partition("\t")
        d[path] = ids.split()
    return d
ours, git = read("stratwiki.tsv"), read("git.tsv")
pages = sorted(ours)
equal = [p for p in pages if ours[p] == git.get(p, [])]
differ = [p for p in pages if p not in equal]
def summary(c):
    return subprocess.run(["git", "-C", repo, "log", "-1", "--format=%h %ad %s", "--date=short", c],
                          capture_output=True, text=True).stdout.strip()
print(f"pages: {len(pages)}, equal to git: {len(equal)} ({100.0 * len(equal) / max(1, len(pages)):.2f}%), different: {len(differ)}")
print(f"revisions: stratwiki {sum(len(ours[p]) for p in pages)}, git {sum(len(git.get(p, [])) for p in pages)}")
for p in differ[:show]:
    o, g = ours[p], git.get(p, [])
    only_git = [c for c in g if c not in o]
    only_ours = [c for c in o if c not in g]
    print(f"\n{p}: stratwiki {len(o)} revisions, git {len(g)}")
    if not only_git and not only_ours:
        print("  same commits, other order")
    for c in only_git[:3]:
        print(f"  only git:       {summary(c)}")
    if len(only_git) > 3:
        print(f"  only git:       ... {len(only_git) - 3} more")
    for c in only_ours[:3]:
        print(f"  only stratwiki: {summary(c)}")
    if len(only_ours) > 3:
        print(f"  only stratwiki: ... {len(only_ours) - 3} more")
PY
warnings=$(grep -c . "$OUT/warnings" || true)
printf '\nstratwiki history: %.2f s; git: %.2f s; stratwiki warnings: %s\n' \
    "$(echo "$mid - $start" | bc)" "$(echo "$end - $mid" | bc)" "$warnings"
[[ $warnings == 0 ]] || head -n 5 "$OUT/warnings" | sed 's/^/  /'
