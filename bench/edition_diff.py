#!/usr/bin/env python3
"""How the pages of consecutive editions differ, in a site built with several versions.

The versions benchmark (bench/versions.sh) renders a page again in an edition only when what
it shows differs from every edition rendered before. This script checks that claim on the
output: for each pair of consecutive edition folders it compares every page both have, after
removing what each edition adds on its own (the edition menu, the banner, the sidebar and the
canonical link: what the build puts into a page after rendering it), and counts
the pages that are the same and, for the others, the sections where they first differ
(previous/next links, backlinks, goals under a chapter, a history page's revisions, ...).

    python3 bench/edition_diff.py SITE [v1 v2 ...]

SITE is a built site (`stratwiki build` with [wiki.versions]); the editions default to its
folders named like versions (v1, v2, ..., in version order). Run
`KEEP=1 bench/versions.sh` to keep a site to look at (its out-b folder).
"""

import collections
import os
import re
import sys

CHROME = [
    re.compile(r'<details class="version-menu">.*?</details>', re.S),
    re.compile(r'<aside class="sidebar">.*?</aside>', re.S),
    re.compile(r'<p class="version-banner".*?</p>', re.S),
    re.compile(r'<link rel="canonical"[^>]*>'),
]
# Where a page's sections start, to name the first one that differs.
SECTION = re.compile(r'(?=<section|<nav|<footer|<h2|<dl|<p class="notice|<table)')


def normalise(html):
    for pattern in CHROME:
        html = pattern.sub("", html)
    # Where the banner was (or was not) leaves its indentation behind.
    return re.sub(r"\s+", " ", html)


def first_difference(a, b):
    """The opening of the first section where `a` and `b` differ, whitespace collapsed."""
    sa, sb = SECTION.split(a), SECTION.split(b)
    for x, y in zip(sa, sb):
        if x != y:
            return re.sub(r"\s+", " ", x.strip())[:40]
    return "(sections added or removed)"


def version_key(name):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def compare(site, old, new):
    same, differ, where = 0, 0, collections.Counter()
    kinds = collections.Counter()
    for folder, _, files in os.walk(os.path.join(site, new)):
        for f in files:
            if not f.endswith(".html"):
                continue
            path_new = os.path.join(folder, f)
            rel = os.path.relpath(path_new, os.path.join(site, new))
            path_old = os.path.join(site, old, rel)
            if not os.path.exists(path_old):
                continue
            with open(path_old, encoding="utf-8") as fa, open(path_new, encoding="utf-8") as fb:
                a, b = normalise(fa.read()), normalise(fb.read())
            if a == b:
                same += 1
                continue
            differ += 1
            kind = "history" if rel.startswith("history/") else rel.split("/")[0]
            kinds[kind] += 1
            where[first_difference(a, b)] += 1
    return same, differ, kinds, where


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) >= 2 else 2
    site = sys.argv[1]
    editions = sys.argv[2:] or sorted(
        (d for d in os.listdir(site) if re.fullmatch(r"v\d+(\.\d+)*", d)), key=version_key
    )
    if len(editions) < 2:
        print(f"edition_diff: fewer than two edition folders in {site}", file=sys.stderr)
        return 1
    def count(edition):
        return sum(f.endswith(".html") for _, _, fs in os.walk(os.path.join(site, edition))
                   for f in fs)

    first = count(editions[0])
    total, fresh, changed = first, first, 0
    for old, new in zip(editions, editions[1:]):
        same, differ, kinds, where = compare(site, old, new)
        both = same + differ
        pages = count(new)
        total += pages
        fresh += pages - both
        changed += differ
        print(f"{old} -> {new}: {both} pages in both; {same} the same apart from the edition's "
              f"own menu, banner and sidebar; {differ} differ")
        if differ:
            print("  differing pages by folder: " +
                  ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
            print("  first differing section:")
            for w, n in where.most_common(8):
                print(f"    {n:6d}  {w}")
    print(f"{len(editions)} editions, {total} pages: {first} in {editions[0]}, {fresh - first} new "
          f"in a later edition, {changed} different from the edition before; at least "
          f"{fresh + changed} must be rendered, {total - fresh - changed} could be taken "
          f"from the edition before")
    return 0


if __name__ == "__main__":
    sys.exit(main())
