#!/usr/bin/env bash
# bench/adopt.sh [REPOS_DIR]
#
# Adopting existing repositories as they are (issue #24): each real repository below, if a clone
# of it is present in REPOS_DIR (default /work/repos; a folder per repository, named
# `owner+name`, cloned from a public mirror and never committed here), is copied to a work
# folder, given only the `book.toml` the issue allows (none for mdBook's guide, which has its
# own), then checked (`stratwiki check --format json`: errors, warnings by kind) and built
# (`stratwiki build`: exit, pages, wall time, peak memory). Absent repositories are said and
# skipped, so CI never needs them.
#
# | repository                                  | wiki root | book.toml added                |
# | rust-lang/mdBook                            | guide/    | none (its own, unchanged)      |
# | alphagov/gds-way                            | .         | src = "source", site-url, the  |
# |                                             |           | [wiki.front-matter] aliases of |
# |                                             |           | owner_slack, last_reviewed_on, |
# |                                             |           | review_in, and the 4 redirects |
# |                                             |           | of its config/tech-docs.yml as |
# |                                             |           | [output.html.redirect]         |
# | 18F/guides                                  | .         | src = "content"                |
# | canada-ca/digital-playbook-guide-numerique  | .         | src = "."                      |
# | the same, English/French (`+en-fr`)         | .         | src = ".", [wiki.languages] en |
# |                                             |           | at ".", fr at fr/, translation- |
# |                                             |           | of = ["altLangPage"]           |
#
# STRATWIKI=path (default target/release/stratwiki), SHOW=N messages of each kind (default 2).
set -euo pipefail
BENCH_NAME=adopt
REPOS=${1:-/work/repos}
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
STRATWIKI=${STRATWIKI:-$REPO_ROOT/target/release/stratwiki}
[[ -x $STRATWIKI ]] || { echo "$BENCH_NAME: build it first: cargo build --release" >&2; exit 1; }
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/stratwiki-adopt.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# name | folder in the repository | book.toml to add ("" = none)
CASES=(
    'rust-lang+mdBook|guide|'
    'alphagov+gds-way|.|[book]\ntitle = "The GDS Way"\nsrc = "source"\n\n[output.html]\nsite-url = "https://gds-way.digital.cabinet-office.gov.uk/"\n\n[wiki.front-matter]\nowner = ["owner_slack"]\nreview = ["last_reviewed_on"]\nreview-every = ["review_in"]\n\n[output.html.redirect]\n"/standards/publish-opensource-code.html" = "source-code/index.html#publish-open-source-code"\n"/standards/git.html" = "source-code/working-with-git.html"\n"/standards/testing-with-rspec.html" = "../manuals/programming-languages/ruby.html#testing-with-rspec"\n"/standards/secrets-ACL.html" = "secrets-acl.html"\n'
    '18F+guides|.|[book]\ntitle = "18F Guides"\nsrc = "content"\n'
    'canada-ca+digital-playbook-guide-numerique|.|[book]\ntitle = "Digital Playbook"\nsrc = "."\n'
    'canada-ca+digital-playbook-guide-numerique|.|[book]\ntitle = "Digital Playbook"\nsrc = "."\n\n[wiki.languages]\ndefault = "en"\n\n[wiki.languages.en]\nname = "English"\ndir = "."\n\n[wiki.languages.fr]\nname = "Français"\ntitle = "Guide numérique"\n\n[wiki.front-matter]\ntranslation-of = ["altLangPage"]\n|+en-fr'
)

printf '%-44s %5s %6s %8s %6s %7s %8s  %s\n' repository exit errors warnings pages "wall s" "peak MiB" "warnings by kind"
for c in "${CASES[@]}"; do
    IFS='|' read -r name folder toml label <<<"$c"
    if [[ ! -d $REPOS/$name/.git ]]; then
        printf '%-44s absent (clone its mirror into %s/%s to include it)\n' "$name" "$REPOS" "$name"
        continue
    fi
    # A case's label tells two cases of one repository apart (its work files, its row).
    out="$name$label"
    copy="$WORK/$out"
    # A copy, not a clone: some public mirrors lack a few large blobs, which a checkout needs.
    cp -a "$REPOS/$name" "$copy"
    root="$copy/$folder"
    [[ -z $toml ]] || printf "$toml" >"$root/book.toml"
    set +e
    "$STRATWIKI" check --root "$root" --format json >"$WORK/$out.json" 2>"$WORK/$out.check.err"
    /usr/bin/time -f '%e %M' -o "$WORK/$out.time" \
        "$STRATWIKI" build --root "$root" --dest "$WORK/$out.site" >"$WORK/$out.out" 2>&1
    code=$?
    set -e
    read -r secs kib < <(tail -n1 "$WORK/$out.time")
    pages=$( (find "$WORK/$out.site" -name '*.html' -not -path '*/history/*' 2>/dev/null || true) | wc -l)
    python3 - "$WORK/$out.json" "$out" "$code" "$pages" "$secs" "$kib" "${SHOW:-2}" <<'PY'
import json, sys, collections
path, name, code, pages, secs, kib, show = sys.argv[1:]
try:
    d = json.load(open(path))
except Exception:
    d = {"errors": "?", "warnings": "?", "diagnostics": []}
kinds = collections.Counter(x["code"] for x in d["diagnostics"] if x["severity"] == "warning")
errs = collections.Counter(x["code"] for x in d["diagnostics"] if x["severity"] == "error")
by = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
print(f"{name:<44} {code:>5} {d['errors']:>6} {d['warnings']:>8} {pages:>6} {float(secs):>7.2f} {int(kib)//1024:>8}  {by}")
for k, n in errs.most_common():
    print(f"{'':<44} errors of kind {k}: {n}")
    for x in [x for x in d["diagnostics"] if x["code"] == k][: int(show)]:
        print(f"{'':<46}{x['file']}:{x.get('line')}: {x['message'][:110]}")
PY
done
