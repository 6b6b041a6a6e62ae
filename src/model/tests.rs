//! Model tests: built from parsed pages alone, no files.

use super::*;
use crate::content::parse_page;
use crate::content::summary::parse_summary;
use crate::markdown::LinkResolver;

fn page(path: &str, text: &str) -> ParsedPage {
    parse_page(path, &format!("content/{path}"), text.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"))
        .0
}

fn site(pages: Vec<ParsedPage>, summary: Option<&str>) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let summary = summary.map(parse_summary);
    let s = Site::new(
        pages,
        &[],
        HashSet::new(),
        HashSet::new(),
        summary.as_ref().map(|s| (s, "content/SUMMARY.md")),
        &mut diags,
    );
    (s, diags)
}

#[test]
fn urls_slugs_and_intro_pages() {
    let (s, d) = site(
        vec![
            page("index.md", "# Home\n"),
            page("goals/README.md", "# About goals\n"),
            page("goals/a.md", "---\nslug: custom\nowner: o\n---\n# A\n"),
            page("owners/o.md", "# O\n"),
        ],
        None,
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        s.home_intro.map(|i| s.pages[i].url.as_str()),
        Some("index.html")
    );
    let gi = s.kind_intro[&Kind::Goal];
    assert_eq!(s.pages[gi].url, "goals/index.html");
    assert_eq!(s.pages[gi].kind(), Kind::Page, "an intro is not a goal");
    assert_eq!(
        s.get(Kind::Goal, "custom").unwrap().url,
        "goals/custom.html"
    );
    assert_eq!(s.by_kind[&Kind::Goal].len(), 1);
}

#[test]
fn duplicate_url_does_not_corrupt_indexes() {
    // `y.md` claims the goal slug `x`... in a folder where `x.html` is taken.
    let (s, d) = site(
        vec![
            page("x.md", "# X\n"),
            page("y.md", "---\nkind: goal\nslug: x\n---\n# Y\n"),
        ],
        None,
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "duplicate-url");
    assert!(
        s.index_of(Kind::Goal, "x").is_none(),
        "a dropped page is not indexed"
    );
    for &i in s.by_slug.values() {
        assert!(i < s.pages.len());
    }
}

#[test]
fn references_and_reading_order() {
    let (s, d) = site(
        vec![
            page("chapters/b.md", "---\ntitle: B\nweight: 2\n---\nx\n"),
            page("chapters/a.md", "---\ntitle: A\nweight: 1\n---\nx\n"),
            page(
                "goals/g.md",
                "---\ntitle: G\nowner: nobody\nchapters: [a, zzz]\n---\nx\n",
            ),
        ],
        None,
    );
    let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        msgs,
        vec![
            "error: content/goals/g.md:3:8: `owner` refers to owner `nobody`, but there is no owners/nobody.md (or page with that slug), and no owner page lists `nobody` in its `handles`",
            "error: content/goals/g.md:4:15: `chapters` refers to chapter `zzz`, but there is no chapters/zzz.md (or page with that slug)",
        ]
    );
    let order: Vec<&str> = s
        .reading_order
        .iter()
        .map(|&i| s.pages[i].title())
        .collect();
    assert_eq!(order, vec!["A", "B"]);
    let a = s.index_of(Kind::Chapter, "a").unwrap();
    let b = s.index_of(Kind::Chapter, "b").unwrap();
    assert_eq!(s.prev_next(a), (None, Some(b)));
}

#[test]
fn summary_order_numbers_and_drafts() {
    let mut diags = Vec::new();
    let draft = page("chapters/later.md", "---\ndraft: true\n---\n# Later\n");
    let summary = parse_summary(
        "- [One](chapters/one.md)\n- [Later](chapters/later.md)\n- [Gone](chapters/gone.md)\n",
    );
    let s = Site::new(
        vec![page("chapters/one.md", "# One\n")],
        &[draft],
        HashSet::new(),
        HashSet::new(),
        Some((&summary, "content/SUMMARY.md")),
        &mut diags,
    );
    let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        msgs,
        vec![
            "error: content/SUMMARY.md:3:1: SUMMARY.md links to `chapters/gone.md`, which does not exist (or is a draft)"
        ]
    );
    assert_eq!(s.toc.len(), 2, "the draft stays listed, without a link");
    assert_eq!(s.toc[1].page, None);
    assert_eq!(s.pages[0].number.as_deref(), Some("1."));
}

#[test]
fn wiki_links_resolve_by_slug_then_title() {
    let (s, _) = site(
        vec![
            page(
                "owners/digg.md",
                "---\ntitle: Agency for Digital Government\n---\nx\n",
            ),
            page(
                "goals/eid.md",
                "---\ntitle: Common eID\nowner: digg\n---\nx\n",
            ),
        ],
        None,
    );
    assert_eq!(s.wiki("digg").unwrap().1, "owners/digg.html");
    assert_eq!(
        s.wiki("Agency for Digital Government").unwrap().1,
        "owners/digg.html"
    );
    assert_eq!(s.wiki("common eid").unwrap().1, "goals/eid.html");
    assert_eq!(s.wiki("goals/eid").unwrap().1, "goals/eid.html");
    assert!(s.wiki("nothing").is_none());
    assert_eq!(
        s.page_url("goals/index.md").as_deref(),
        Some("goals/index.html")
    );
    assert!(s.url_exists("goals/eid.html") && s.url_exists("goals/index.html"));
    assert!(!s.url_exists("goals/nope.html"));
}
