//! The revision range `stratwiki diff` compares: `BASE..HEAD`, or `BASE...HEAD` for HEAD
//! against where it left BASE (their merge base), as GitHub's pull-request diff and
//! `git diff A...B` do. It comes from the command line of CI jobs that may name a pull
//! request's branch, so it is parsed here, in the library, where it is unit tested and fuzzed.

/// A parsed `BASE..HEAD` or `BASE...HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range<'a> {
    /// The ref compared against.
    pub base: &'a str,
    /// The ref whose changes are reported.
    pub head: &'a str,
    /// `...`: compare `head` with the merge base of the two, not with `base` itself.
    pub merge_base: bool,
}

/// Parse `range`; the error is the message `diff` prints, naming what was given.
pub fn parse_range(range: &str) -> Result<Range<'_>, String> {
    let (base, head, merge_base) = match range.split_once("...") {
        Some((b, h)) => (b, h, true),
        None => match range.split_once("..") {
            Some((b, h)) => (b, h, false),
            None => ("", "", false),
        },
    };
    if base.is_empty() || head.is_empty() {
        return Err(format!(
            "give two refs as BASE..HEAD (or BASE...HEAD to compare with their merge base), for example main..proposal/eid (found `{range}`)"
        ));
    }
    Ok(Range {
        base,
        head,
        merge_base,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_three_dots() {
        assert_eq!(
            parse_range("main..proposal/eid"),
            Ok(Range {
                base: "main",
                head: "proposal/eid",
                merge_base: false
            })
        );
        assert_eq!(
            parse_range("v1.0...HEAD"),
            Ok(Range {
                base: "v1.0",
                head: "HEAD",
                merge_base: true
            })
        );
    }

    #[test]
    fn a_range_without_two_refs_is_refused_with_what_was_given() {
        for bad in [
            "main", "", "..", "...", "main..", "..head", "main...", "...head",
        ] {
            let e = parse_range(bad).unwrap_err();
            assert!(e.starts_with("give two refs as BASE..HEAD"), "{e}");
            assert!(e.ends_with(&format!("(found `{bad}`)")), "{e}");
        }
    }

    #[test]
    fn three_dots_win_over_two() {
        // `a....b` splits at the first `...`: base `a`, head `.b`.
        let r = parse_range("a....b").unwrap();
        assert_eq!((r.base, r.head, r.merge_base), ("a", ".b", true));
    }
}
