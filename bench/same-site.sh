#!/usr/bin/env bash
# Same site (issue #21: restructuring the code changes no output): build a wiki with two
# stratwiki binaries and compare the two sites byte for byte.
#
#   OLD=/path/to/old/stratwiki bench/same-site.sh          # NEW defaults to target/release/stratwiki
#   BASE=main bench/same-site.sh                           # OLD built from a git rev
#   OLD=a NEW=b WIKI=some/wiki TODAY=2027-01-01 bench/same-site.sh
#
# Environment:
#   OLD    the binary before the change (required unless BASE is set)
#   BASE   a git rev of this repository: build it with `cargo build --release` in a temporary
#          git worktree (target dir <repo>/target/same-site, kept between runs) and use that
#          binary as OLD
#   NEW    the binary after the change (default <repo>/target/release/stratwiki)
#   WIKI   the wiki to build (default: the repository root, the example wiki)
#   TODAY  the date both builds judge goals against (default 2026-12-06)
#   KEEP   1 keeps the work directory (the copies and both sites)
#   CARGO  the cargo command BASE builds with (default cargo)
#
# Each build gets its own fresh copy of the wiki (its working tree as git sees it, without
# ignored files such as .stratwiki-cache/ or book/, and a copy of its git repository: same
# refs, HEAD, index and remotes), at the same path, into the same destination path, one after
# the other, so neither sees the other's caches and no path differs between them.
#
# Exit status: 0 and "identical: N files" when the sites are the same; 1 with the differing
# files listed when they differ; 2 when something else went wrong (a build failed, say).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEW=${NEW:-$REPO_ROOT/target/release/stratwiki}
OLD=${OLD:-}
BASE=${BASE:-}
WIKI=${WIKI:-$REPO_ROOT}
TODAY=${TODAY:-2026-12-06}
KEEP=${KEEP:-0}
CARGO=${CARGO:-cargo}
NAME=same-site

die() { echo "$NAME: error: $*" >&2; exit 2; }
note() { echo "$NAME: $*" >&2; }

[[ -n $OLD && -n $BASE ]] && die "set OLD or BASE, not both"
[[ -z $OLD && -z $BASE ]] && die "set OLD=/path/to/stratwiki (the binary before the change) or BASE=<git rev>"
[[ -d $WIKI ]] || die "WIKI is not a folder: $WIKI"
WIKI=$(cd "$WIKI" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stratwiki-same-site.XXXXXX")
BASE_TREE=""
cleanup() {
    if [[ -n $BASE_TREE ]]; then
        git -C "$REPO_ROOT" worktree remove --force "$BASE_TREE" >/dev/null 2>&1 || true
    fi
    if [[ $KEEP == 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# An absolute path to an executable binary, or die naming the variable.
binary() {
    local var=$1 path=$2
    [[ -f $path && -x $path ]] || die "$var is not an executable file: $path"
    echo "$(cd "$(dirname "$path")" && pwd)/$(basename "$path")"
}

if [[ -n $BASE ]]; then
    rev=$(git -C "$REPO_ROOT" rev-parse --verify --quiet "$BASE^{commit}") ||
        die "BASE is not a commit of $REPO_ROOT: $BASE"
    BASE_TREE=$WORK/base-src
    note "building $BASE (${rev:0:12}) in a temporary worktree"
    git -C "$REPO_ROOT" worktree add -q --detach "$BASE_TREE" "$rev" >&2
    (cd "$BASE_TREE" && "$CARGO" build --release --target-dir "$REPO_ROOT/target/same-site") >&2 ||
        die "cargo build --release of $BASE failed"
    OLD=$REPO_ROOT/target/same-site/release/stratwiki
fi
OLD=$(binary OLD "$OLD")
NEW=$(binary NEW "$NEW")

# Where the wiki sits in its git repository (empty when it is the top), or not in git at all.
if TOP=$(git -C "$WIKI" rev-parse --show-toplevel 2>/dev/null); then
    SUB=${WIKI#"$TOP"}
    SUB=${SUB#/}
else
    TOP="" SUB=""
fi

# Copy the wiki into $WORK/wiki (replacing what is there).
copy_wiki() {
    local dest=$WORK/wiki
    rm -rf "$dest"
    mkdir -p "$dest"
    if [[ -z $TOP ]]; then
        # Not in git: everything but the caches and the default build folder.
        tar -C "$WIKI" --exclude=./.stratwiki-cache --exclude=./book -cf - . | tar -C "$dest" -xf -
        return
    fi
    # The working tree as git sees it: tracked files that are still there, and untracked ones
    # that are not ignored.
    (cd "$TOP" && git ls-files -z -co --exclude-standard |
        while IFS= read -r -d '' f; do
            [[ -e $f || -L $f ]] && printf '%s\0' "$f"
        done | tar --null -T - -cf -) | tar -C "$dest" -xf -
    # Its repository: the common git folder (objects, refs, config), with this working tree's
    # HEAD and index when the wiki is a linked worktree.
    local common gitdir
    common=$(git -C "$TOP" rev-parse --path-format=absolute --git-common-dir)
    gitdir=$(git -C "$TOP" rev-parse --path-format=absolute --git-dir)
    cp -a "$common" "$dest/.git"
    rm -rf "$dest/.git/worktrees"
    if [[ $gitdir != "$common" ]]; then
        cp "$gitdir/HEAD" "$dest/.git/HEAD"
        if [[ -f $gitdir/index ]]; then cp "$gitdir/index" "$dest/.git/index"; fi
    fi
}

# Build with binary $2 into $WORK/site-$1.
build() {
    local label=$1 bin=$2
    copy_wiki
    note "building with $label: $bin"
    "$bin" build --root "$WORK/wiki/$SUB" --dest "$WORK/site" --today "$TODAY" >"$WORK/$label.log" 2>&1 ||
        { cat "$WORK/$label.log" >&2; die "the $label build failed (log above)"; }
    mv "$WORK/site" "$WORK/site-$label"
    mv "$WORK/wiki" "$WORK/wiki-$label"
}

build old "$OLD"
build new "$NEW"

status=0
differences=$(diff -rq "$WORK/site-old" "$WORK/site-new") || status=$?
if [[ $status == 0 ]]; then
    echo "identical: $(find "$WORK/site-new" -type f | wc -l) files"
    exit 0
fi
[[ $status == 1 ]] || die "diff -r failed: $differences"
echo "the sites differ (old: $OLD, new: $NEW):"
# Paths relative to the site: "differs: goals/x.html", "only in old: y.html".
printf '%s\n' "$differences" | sed \
    -e "s|^Files $WORK/site-old/\(.*\) and $WORK/site-new/.* differ\$|differs: \1|" \
    -e "s|^Only in $WORK/site-old\(/\(.*\)\)\?: \(.*\)\$|only in old: \2/\3|" \
    -e "s|^Only in $WORK/site-new\(/\(.*\)\)\?: \(.*\)\$|only in new: \2/\3|" \
    -e "s|: /|: |"
[[ $KEEP == 1 ]] || note "KEEP=1 keeps both sites to look at"
exit 1
