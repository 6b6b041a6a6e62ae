//! Dates and numbers as each language writes them: a small table transcribed from CLDR 45
//! (`main/<lang>/ca-gregorian.json` months and `dateFormats/long`, `numbers.json` symbols and
//! percent pattern, `units.json` durations and `dateFields` relative times) for the languages
//! the theme ships, English first as the fallback.
//!
//! Why a table and not ICU4X: ICU4X's compiled data for dates, numbers and plurals adds several
//! megabytes to the binary and minutes to a cold build (its data crates are large), for the
//! handful of patterns a strategy site uses: a long date, a grouped number with decimals, a
//! percentage, a span of days. A language is one row here; the words a theme shows around
//! them (labels, sentences) are in the translation files, which a wiki can extend without
//! rebuilding stratwiki. A language without a row is written in English's conventions.

use super::plural::{self, Category};

/// The conventions of one language.
pub struct Lang {
    /// Primary language subtag (`sv`), matched against `sv-SE` and `sv_SE` too.
    pub code: &'static str,
    /// Month names as a long date uses them (CLDR `format`/`wide`), January first.
    pub months: [&'static str; 12],
    /// The long date (CLDR `dateFormats/long`): `{d}` day, `{month}` name, `{y}` year.
    pub long_date: &'static str,
    /// Between groups of three digits: `,` in English, U+00A0 (no-break space) in Swedish,
    /// U+202F (narrow no-break space) in French.
    pub thousands: &'static str,
    /// Before the decimals.
    pub decimal: &'static str,
    /// The minus sign: Swedish writes U+2212 (`−`), not the hyphen.
    pub minus: &'static str,
    /// Between a number and `%`: nothing in English, a no-break space in Swedish and French.
    pub percent_gap: &'static str,
    /// `{n} day`/`{n} days`, month, year by plural category (one, other) as [one, other] ×
    /// [day, month, year].
    pub units: [&'static str; 6],
    /// `{n} week`/`{n} weeks` as [one, other].
    pub weeks: [&'static str; 2],
    /// Before an approximate span (`about 6 years`), with its trailing space.
    pub about: &'static str,
    /// A span in the past (`{0} ago`) and in the future (`in {0}`).
    pub ago: &'static str,
    /// A span in the future.
    pub within: &'static str,
}

/// Every language with a row. English is first, and the fallback.
pub const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        months: [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        // en-GB's "d MMMM y" (GOV.UK's style), not en-US's "MMMM d, y".
        long_date: "{d} {month} {y}",
        thousands: ",",
        decimal: ".",
        minus: "-",
        percent_gap: "",
        units: ["day", "days", "month", "months", "year", "years"],
        weeks: ["week", "weeks"],
        about: "about ",
        ago: "{0} ago",
        within: "in {0}",
    },
    Lang {
        code: "sv",
        months: [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        long_date: "{d} {month} {y}",
        thousands: "\u{a0}",
        decimal: ",",
        minus: "\u{2212}",
        percent_gap: "\u{a0}",
        units: ["dag", "dagar", "månad", "månader", "år", "år"],
        weeks: ["vecka", "veckor"],
        about: "cirka ",
        ago: "för {0} sedan",
        within: "om {0}",
    },
    Lang {
        code: "fr",
        months: [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        long_date: "{d} {month} {y}",
        thousands: "\u{202f}",
        decimal: ",",
        minus: "-",
        percent_gap: "\u{202f}",
        units: ["jour", "jours", "mois", "mois", "an", "ans"],
        weeks: ["semaine", "semaines"],
        about: "environ ",
        ago: "il y a {0}",
        within: "dans {0}",
    },
];

/// The row of a language code (`en`, `en-GB`, `sv_SE`); English's when there is none.
pub fn lang(code: &str) -> &'static Lang {
    let p = plural::primary(code);
    LANGS.iter().find(|l| l.code == p).unwrap_or(&LANGS[0])
}

/// Whether the table has a row of its own for `code`.
pub fn has_row(code: &str) -> bool {
    let p = plural::primary(code);
    LANGS.iter().any(|l| l.code == p)
}

/// `2028-12-31` (or the date of `2028-12-31T10:00:00Z`) → `31 december 2028` in `sv`;
/// `None` when the text does not start with a valid date.
pub fn long_date(iso: &str, code: &str) -> Option<String> {
    let d = iso.get(..10)?;
    // A date, or a date and time: not any text that happens to start like one.
    if iso.len() > 10 && iso.as_bytes()[10] != b'T' {
        return None;
    }
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = d[..4].parse().ok()?;
    let month: usize = d[5..7].parse().ok()?;
    let day: u8 = d[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let l = lang(code);
    Some(
        l.long_date
            .replace("{d}", &day.to_string())
            .replace("{month}", l.months[month - 1])
            .replace("{y}", &year.to_string()),
    )
}

/// `20000` → `20,000` (en), `20 000` (sv, U+00A0), `20 000` (fr, U+202F); `2.5` → `2,5` in
/// sv and fr; at most two decimals, none when the number is whole.
pub fn number(v: f64, code: &str) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let l = lang(code);
    let rounded = (v * 100.0).round() / 100.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    let text = if abs.fract() == 0.0 {
        format!("{abs:.0}")
    } else {
        format!("{abs:.2}").trim_end_matches('0').to_string()
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if neg {
        out.push_str(l.minus);
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(l.thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push_str(l.decimal);
        out.push_str(frac);
    }
    out
}

/// `60` → `60%` (en), `60 %` (sv, fr: with the language's no-break space).
pub fn percent(v: f64, code: &str) -> String {
    format!("{}{}%", number(v, code), lang(code).percent_gap)
}

/// A span of days as a reader grasps it: `1 day`, `12 dagar`, `3 mois`, `about 6 years`; the
/// unit takes the count's plural form (`0 jour` in French, `0 days` in English).
pub fn days(n: i64, code: &str) -> String {
    let l = lang(code);
    let n = n.max(0);
    let unit = |k: i64, which: usize| {
        let w = match plural::category(code, k as f64) {
            Category::One => l.units[which * 2],
            _ => l.units[which * 2 + 1],
        };
        format!("{} {w}", number(k as f64, code))
    };
    if n < 60 {
        unit(n, 0)
    } else if n < 365 {
        unit((n as f64 / 30.44).round() as i64, 1)
    } else {
        let years = (n as f64 / 365.25).round() as i64;
        format!("{}{}", l.about, unit(years.max(1), 2))
    }
}

/// A period as `review-every` writes it (`6 months`, `1 week`: the English units that
/// `period.rs` reads) in language `code`: `6 månader`, `1 semaine`; the text as it is when it
/// is not such a period.
pub fn period(text: &str, code: &str) -> String {
    let mut parts = text.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return text.to_string();
    };
    let Ok(n) = n.parse::<i64>() else {
        return text.to_string();
    };
    let l = lang(code);
    let forms: [&str; 2] = match unit.trim_end_matches('s').to_ascii_lowercase().as_str() {
        "day" => [l.units[0], l.units[1]],
        "week" => l.weeks,
        "month" => [l.units[2], l.units[3]],
        "year" => [l.units[4], l.units[5]],
        _ => return text.to_string(),
    };
    let w = match plural::category(code, n as f64) {
        Category::One => forms[0],
        _ => forms[1],
    };
    format!("{} {w}", number(n as f64, code))
}

/// A relative time from a signed number of days: `-3` → `3 days ago`, `för 3 dagar sedan`,
/// `il y a 3 jours`; `5` → `in 5 days`, `om 5 dagar`, `dans 5 jours`.
pub fn relative_days(n: i64, code: &str) -> String {
    let l = lang(code);
    let span = days(n.abs(), code);
    let pattern = if n < 0 { l.ago } else { l.within };
    pattern.replace("{0}", &span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_per_language() {
        assert_eq!(
            long_date("2028-12-31", "en").as_deref(),
            Some("31 December 2028")
        );
        assert_eq!(
            long_date("2028-12-31", "sv").as_deref(),
            Some("31 december 2028")
        );
        assert_eq!(
            long_date("2028-12-31", "fr").as_deref(),
            Some("31 décembre 2028")
        );
        assert_eq!(
            long_date("2026-08-01T09:30:00+02:00", "fr-CA").as_deref(),
            Some("1 août 2026")
        );
        assert_eq!(
            long_date("2026-05-05", "sv_SE").as_deref(),
            Some("5 maj 2026")
        );
        assert_eq!(
            long_date("2026-01-05", "xx").as_deref(),
            Some("5 January 2026"),
            "a language without a row is written in English"
        );
        for bad in [
            "",
            "2026",
            "2026-01-01 and more",
            "2026-13-01",
            "2026/01/01",
        ] {
            assert_eq!(long_date(bad, "sv"), None, "{bad:?}");
        }
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(number(20000.0, "en"), "20,000");
        assert_eq!(number(20000.0, "sv"), "20\u{a0}000");
        assert_eq!(number(20000.0, "fr"), "20\u{202f}000");
        assert_eq!(number(1234567.0, "sv"), "1\u{a0}234\u{a0}567");
        assert_eq!(number(2.5, "en"), "2.5");
        assert_eq!(number(2.5, "sv"), "2,5");
        assert_eq!(number(2.5, "fr"), "2,5");
        assert_eq!(number(-12345.678, "sv"), "\u{2212}12\u{a0}345,68");
        assert_eq!(number(-12345.678, "fr"), "-12\u{202f}345,68");
        assert_eq!(number(999.0, "fr"), "999");
        assert_eq!(percent(60.0, "en"), "60%");
        assert_eq!(percent(60.0, "sv"), "60\u{a0}%");
        assert_eq!(percent(62.5, "fr"), "62,5\u{202f}%");
    }

    #[test]
    fn spans_and_relative_times() {
        assert_eq!(days(1, "en"), "1 day");
        assert_eq!(days(12, "sv"), "12 dagar");
        assert_eq!(days(1, "sv"), "1 dag");
        assert_eq!(days(0, "fr"), "0 jour", "French: 0 is singular");
        assert_eq!(days(0, "en"), "0 days");
        assert_eq!(days(90, "fr"), "3 mois");
        assert_eq!(days(2166, "sv"), "cirka 6 år");
        assert_eq!(days(400, "fr"), "environ 1 an");
        assert_eq!(relative_days(-3, "en"), "3 days ago");
        assert_eq!(relative_days(-3, "sv"), "för 3 dagar sedan");
        assert_eq!(relative_days(-3, "fr"), "il y a 3 jours");
        assert_eq!(relative_days(5, "sv"), "om 5 dagar");
        assert_eq!(relative_days(5, "fr"), "dans 5 jours");
        assert!(has_row("sv-SE") && !has_row("de"));
        assert_eq!(period("6 months", "sv"), "6 månader");
        assert_eq!(period("1 week", "fr"), "1 semaine");
        assert_eq!(period("2 years", "en"), "2 years");
        assert_eq!(period("whenever", "sv"), "whenever");
    }
}
