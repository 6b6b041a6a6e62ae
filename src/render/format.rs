//! Dates, numbers and spans of time as a reader of the wiki's language writes them: the one
//! place they are formatted, used by the templates (as the Tera filters `long_date`, `number`
//! and `days`, registered by [`register`]) and by the Rust code that draws charts and indicator
//! values.
//!
//! ISO dates (`2028-12-31`) are for machines: they wrap at their hyphens in a narrow table cell
//! and make a reader work out the month. A reader sees "31 December 2028" (GOV.UK's style),
//! and the ISO date goes in `<time datetime>`. Every word comes from a table keyed by language
//! ([`LANGS`]), so adding a language is adding a row; a language without a row is written in
//! English.

use tera::{Kwargs, State, Tera, Value};

/// The words and separators of one language.
pub struct Lang {
    /// Primary language subtag (`en`), matched against `[book] language` (`en-GB` → `en`).
    pub code: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// Between groups of three digits (`20,000`).
    pub thousands: &'static str,
    /// Before the decimals (`2.5`).
    pub decimal: &'static str,
    /// "day", "days", "month", "months", "year", "years".
    pub units: [&'static str; 6],
    /// Before an approximate span (`about 6 years`), with its trailing space.
    pub about: &'static str,
}

/// Every language the theme can write. English is the first, and the fallback.
pub const LANGS: &[Lang] = &[Lang {
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
    thousands: ",",
    decimal: ".",
    units: ["day", "days", "month", "months", "year", "years"],
    about: "about ",
}];

/// The table row of a language code (`en`, `en-GB`, `sv_SE`); English when there is none.
pub fn lang(code: &str) -> &'static Lang {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGS
        .iter()
        .find(|l| l.code == primary)
        .unwrap_or(&LANGS[0])
}

/// `2028-12-31` (or the date part of `2028-12-31T10:00:00Z`) → `31 December 2028`; `None` when
/// the text does not start with a valid date.
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
    Some(format!("{day} {} {year}", lang(code).months[month - 1]))
}

/// `20000` → `20,000`; `2.5` → `2.5`; at most two decimals, none when the number is whole.
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
        let s = format!("{abs:.2}");
        s.trim_end_matches('0').to_string()
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(l.thousands);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push_str(l.decimal);
        out.push_str(frac);
    }
    out
}

/// A span of days as a reader grasps it: `1 day`, `12 days`, `3 months`, `about 6 years`.
pub fn days(n: i64, code: &str) -> String {
    let l = lang(code);
    let n = n.max(0);
    let unit = |k: i64, one: usize| {
        let w = if k == 1 {
            l.units[one]
        } else {
            l.units[one + 1]
        };
        format!("{k} {w}")
    };
    if n < 60 {
        unit(n, 0)
    } else if n < 365 {
        unit((n as f64 / 30.44).round() as i64, 2)
    } else {
        let years = (n as f64 / 365.25).round() as i64;
        format!("{}{}", l.about, unit(years.max(1), 4))
    }
}

/// The language a filter writes in: its `lang` argument, else the page's `site.language`,
/// else English. A component does not see `site`, so the theme's components take a `lang`
/// argument and pass it on.
fn filter_lang(kwargs: &Kwargs, state: &State) -> String {
    if let Ok(Some(l)) = kwargs.get::<String>("lang") {
        return l;
    }
    state
        .get::<Value>("site")
        .ok()
        .flatten()
        .and_then(|s| {
            s.as_map()?
                .iter()
                .find(|(k, _)| k.as_str() == Some("language"))
                .and_then(|(_, v)| v.as_str().map(String::from))
        })
        .unwrap_or_else(|| "en".into())
}

/// Registers `long_date`, `number` and `days` on a theme's Tera. A value the filter cannot read
/// (a template's mistake, or a theme's own data) comes out as it went in, never as an error:
/// a page with an odd date is better than no page.
pub fn register(tera: &mut Tera) {
    tera.register_filter("long_date", |v: Value, kw: Kwargs, st: &State| -> String {
        let text = v
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| v.to_string());
        long_date(&text, &filter_lang(&kw, st)).unwrap_or(text)
    });
    tera.register_filter("number", |v: Value, kw: Kwargs, st: &State| -> String {
        match v.as_f64() {
            Some(n) => number(n, &filter_lang(&kw, st)),
            None => v
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| v.to_string()),
        }
    });
    tera.register_filter("days", |v: Value, kw: Kwargs, st: &State| -> String {
        match v.as_i64() {
            Some(n) => days(n, &filter_lang(&kw, st)),
            None => v.to_string(),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_long_form() {
        assert_eq!(
            long_date("2028-12-31", "en").as_deref(),
            Some("31 December 2028")
        );
        assert_eq!(
            long_date("2026-06-01T09:30:00+02:00", "en-GB").as_deref(),
            Some("1 June 2026")
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
            "2026-00-10",
            "2026/01/01",
            "abcd-ef-gh",
            "2026-01-3é",
        ] {
            assert_eq!(long_date(bad, "en"), None, "{bad:?}");
        }
    }

    #[test]
    fn numbers_with_separators() {
        assert_eq!(number(20000.0, "en"), "20,000");
        assert_eq!(number(1234567.0, "en"), "1,234,567");
        assert_eq!(number(999.0, "en"), "999");
        assert_eq!(number(2.5, "en"), "2.5");
        assert_eq!(number(-12345.678, "en"), "-12,345.68");
        assert_eq!(number(0.0, "en"), "0");
        assert_eq!(number(f64::NAN, "en"), "NaN");
    }

    #[test]
    fn spans_of_days() {
        assert_eq!(days(1, "en"), "1 day");
        assert_eq!(days(12, "en"), "12 days");
        assert_eq!(days(90, "en"), "3 months");
        assert_eq!(days(2166, "en"), "about 6 years");
        assert_eq!(days(400, "en"), "about 1 year");
        assert_eq!(days(-5, "en"), "0 days");
    }

    #[test]
    fn filters_render_in_templates() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ d | long_date }}|{{ n | number }}|{{ k | days }}|{{ x | long_date }}|{{ d | long_date(lang=\"en\") }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("site", &serde_json::json!({"language": "en"}));
        ctx.insert("d", "2020-12-31");
        ctx.insert("n", &20000);
        ctx.insert("k", &2166);
        ctx.insert("x", "soon");
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            "31 December 2020|20,000|about 6 years|soon|31 December 2020"
        );
    }
}
