//! Dates, numbers and spans of time as a reader of the wiki's language writes them: the one
//! place they are formatted, used by the templates (as the Tera filters `long_date`, `number`
//! and `days`, registered by [`register`]) and by the Rust code that draws charts and indicator
//! values.
//!
//! ISO dates (`2028-12-31`) are for machines: they wrap at their hyphens in a narrow table cell
//! and make a reader work out the month. A reader sees "31 December 2028" (GOV.UK's style),
//! and the ISO date goes in `<time datetime>`. Every word comes from a table keyed by language
//! ([`LANGS`]), so adding a language is adding a row; a language without a row is written in
//! English. The table is [`crate::i18n::cldr`]'s (CLDR data for en, sv and fr).

use tera::{Kwargs, State, Tera, Value};

pub use crate::i18n::cldr::{LANGS, Lang, lang};

/// `2028-12-31` (or the date part of `2028-12-31T10:00:00Z`) → `31 December 2028`
/// (`31 december 2028` in `sv`, `31 décembre 2028` in `fr`); `None` when the text does not
/// start with a valid date.
pub fn long_date(iso: &str, code: &str) -> Option<String> {
    crate::i18n::cldr::long_date(iso, code)
}

/// `20000` → `20,000` (`20 000` in `sv` and `fr`, with their no-break spaces); `2.5` → `2.5`
/// (`2,5`); at most two decimals, none when the number is whole.
pub fn number(v: f64, code: &str) -> String {
    crate::i18n::cldr::number(v, code)
}

/// A span of days as a reader grasps it: `1 day`, `12 dagar`, `3 mois`, `about 6 years`.
pub fn days(n: i64, code: &str) -> String {
    crate::i18n::cldr::days(n, code)
}

/// The language a filter writes in: its `lang` argument, else the page's `lang`, else
/// `site.language`, else English (see [`super::tr::call_lang`]). A component does not see the
/// page's variables, so the theme's components take a `lang` argument and pass it on.
fn filter_lang(kwargs: &Kwargs, state: &State) -> String {
    super::tr::call_lang(kwargs, state)
}

/// Registers `long_date`, `number`, `percent`, `days`, `ago` (`3 days ago`) and `period` (`6 månader`) on a theme's Tera. A value the filter cannot read
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
    tera.register_filter("percent", |v: Value, kw: Kwargs, st: &State| -> String {
        match v.as_f64() {
            Some(n) => crate::i18n::cldr::percent(n, &filter_lang(&kw, st)),
            None => v.to_string(),
        }
    });
    tera.register_filter("period", |v: Value, kw: Kwargs, st: &State| -> String {
        let text = v
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| v.to_string());
        crate::i18n::cldr::period(&text, &filter_lang(&kw, st))
    });
    tera.register_filter("ago", |v: Value, kw: Kwargs, st: &State| -> String {
        match v.as_i64() {
            Some(n) => crate::i18n::cldr::relative_days(-n.abs(), &filter_lang(&kw, st)),
            None => v.to_string(),
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
    fn filters_write_the_page_language() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ d | long_date }}|{{ n | number }}|{{ p | percent }}|{{ k | days }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("site", &serde_json::json!({"language": "en"}));
        ctx.insert("d", "2028-12-31");
        ctx.insert("n", &20000.5);
        ctx.insert("p", &70);
        ctx.insert("k", &12);
        ctx.insert("lang", "sv");
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            "31 december 2028|20\u{a0}000,5|70\u{a0}%|12 dagar",
            "the page's lang before site.language"
        );
        ctx.insert("lang", "fr");
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            "31 décembre 2028|20\u{202f}000,5|70\u{202f}%|12 jours"
        );
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
