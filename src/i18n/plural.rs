//! CLDR plural categories: which form of a word a count takes in a language.
//!
//! A translation of a counted phrase gives one text per category (`one`, `other`, and for
//! languages that have them `zero`, `two`, `few`, `many`); this module says which category a
//! count falls in. The rules are CLDR's (`plurals.xml`, cardinal), written out for the
//! languages the theme ships and a few common ones: a small table, not a rule interpreter,
//! because a wiki adds translations of words, not of grammar. A language the table does not
//! know uses English's rule (`one` for exactly 1, `other` otherwise), the commonest in CLDR.

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// `zero` (Arabic, Latvian, Welsh).
    Zero,
    /// `one`.
    One,
    /// `two`.
    Two,
    /// `few`.
    Few,
    /// `many`.
    Many,
    /// `other`: every language has it, and it is the fallback of every other category.
    Other,
}

impl Category {
    /// Every category, as the keys a translation file writes them.
    pub const ALL: [(&'static str, Category); 6] = [
        ("zero", Category::Zero),
        ("one", Category::One),
        ("two", Category::Two),
        ("few", Category::Few),
        ("many", Category::Many),
        ("other", Category::Other),
    ];

    /// The category named `name` (`one`), if it is one.
    pub fn parse(name: &str) -> Option<Category> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
    }
}

/// The primary subtag of a language code, lowercased: `sv-SE` → `sv`, `fr_CA` → `fr`.
pub fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The category of `n` in language `code` (CLDR cardinal rules; a count with decimals is
/// `other` except where the rule says so).
pub fn category(code: &str, n: f64) -> Category {
    let whole = n.fract() == 0.0 && n.is_finite();
    let i = n.abs().trunc();
    match primary(code).as_str() {
        // French, Portuguese (Brazil): 0 and 1 are singular ("0 page", "1 page"); CLDR's
        // `many` for millions ("1 000 000 de pages") is written as `other` where a file has no
        // `many`.
        "fr" | "pt" => {
            if i == 0.0 || i == 1.0 {
                Category::One
            } else if whole && i != 0.0 && i % 1_000_000.0 == 0.0 {
                Category::Many
            } else {
                Category::Other
            }
        }
        // No plural forms.
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" => Category::Other,
        // Russian, Ukrainian: one (1, 21, 31, ...), few (2-4, 22-24, ...), many.
        "ru" | "uk" if whole => {
            let (m10, m100) = (i % 10.0, i % 100.0);
            if m10 == 1.0 && m100 != 11.0 {
                Category::One
            } else if (2.0..=4.0).contains(&m10) && !(12.0..=14.0).contains(&m100) {
                Category::Few
            } else {
                Category::Many
            }
        }
        "ru" | "uk" => Category::Other,
        // Polish: one (1), few (2-4, 22-24, ... but not 12-14), many.
        "pl" if whole => {
            let (m10, m100) = (i % 10.0, i % 100.0);
            if i == 1.0 {
                Category::One
            } else if (2.0..=4.0).contains(&m10) && !(12.0..=14.0).contains(&m100) {
                Category::Few
            } else {
                Category::Many
            }
        }
        "pl" => Category::Other,
        "ar" if whole => match (i, i % 100.0) {
            (0.0, _) => Category::Zero,
            (1.0, _) => Category::One,
            (2.0, _) => Category::Two,
            (_, m) if (3.0..=10.0).contains(&m) => Category::Few,
            (_, m) if (11.0..=99.0).contains(&m) => Category::Many,
            _ => Category::Other,
        },
        // English, Swedish, German, Dutch, Danish, Norwegian, Finnish, Spanish, Italian, ...:
        // `one` for exactly 1 ("1 day", "1 dag"), `other` otherwise, 0 and 1.5 included.
        _ => {
            if whole && i == 1.0 {
                Category::One
            } else {
                Category::Other
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_swedish_have_one_and_other() {
        for code in ["en", "en-GB", "sv", "sv_SE"] {
            assert_eq!(category(code, 1.0), Category::One, "{code}");
            for n in [0.0, 2.0, 11.0, 21.0, 1.5, 100.0] {
                assert_eq!(category(code, n), Category::Other, "{code} {n}");
            }
        }
    }

    #[test]
    fn french_counts_zero_and_one_as_singular() {
        assert_eq!(category("fr", 0.0), Category::One);
        assert_eq!(category("fr", 1.0), Category::One);
        assert_eq!(category("fr", 1.5), Category::One, "CLDR: i = 0,1");
        assert_eq!(category("fr", 2.0), Category::Other);
        assert_eq!(category("fr", 1_000_000.0), Category::Many);
    }

    #[test]
    fn other_rules() {
        assert_eq!(category("ru", 21.0), Category::One);
        assert_eq!(category("ru", 22.0), Category::Few);
        assert_eq!(category("ru", 12.0), Category::Many);
        assert_eq!(category("pl", 22.0), Category::Few);
        assert_eq!(category("pl", 21.0), Category::Many);
        assert_eq!(category("ja", 1.0), Category::Other);
        assert_eq!(category("ar", 0.0), Category::Zero);
        assert_eq!(category("ar", 2.0), Category::Two);
        assert_eq!(
            category("xx", 1.0),
            Category::One,
            "unknown: English's rule"
        );
        assert_eq!(Category::parse("few"), Some(Category::Few));
        assert_eq!(Category::parse("several"), None);
    }
}
