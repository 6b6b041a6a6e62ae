//! In a multilingual wiki, the page each language has for a page not translated into it: it
//! says so, in the language's `lang`, and links to the languages the page exists in. Every
//! language then has every page's URL, so the language switcher always keeps the page and no
//! link leads to a missing file. The page is not indexed by search engines (`noindex`) and
//! not in the sitemap.

use super::{Output, Written, cannot_write};
use crate::diagnostics::Diagnostic;
use crate::output::job::{Job, Writer};
use crate::output::plan::Plan;
use crate::text::{encode_path, escape_html, root_prefix};

/// The pages saying a page is not translated.
pub struct Untranslated;

impl Output for Untranslated {
    fn name(&self) -> &'static str {
        "untranslated"
    }

    fn plan(&self, job: &Job<'_>, plan: &mut Plan) {
        let Some((t, l)) = job.languages else {
            return;
        };
        for m in t.missing_in(l) {
            plan.file(
                &job.path(&m.url),
                job.claim(
                    self.name(),
                    format!("the page saying `{}` is not translated", m.url),
                ),
            );
        }
    }

    fn write(&self, job: &Job<'_>, out: &Writer<'_>) -> Result<Written, Vec<Diagnostic>> {
        let Some((t, l)) = job.languages else {
            return Ok(Written::default());
        };
        let lang = &t.langs[l];
        let mut pages = 0;
        for m in t.missing_in(l) {
            // From this page to the whole site's top.
            let up = format!(
                "{}{}",
                root_prefix(&m.url),
                "../".repeat(lang.prefix.matches('/').count())
            );
            let links: String = m
                .found
                .iter()
                .map(|(title, path, other)| {
                    format!(
                        "<li><a href=\"{}{}\" hreflang=\"{code}\" lang=\"{code}\" dir=\"{}\">{}</a> ({})</li>\n",
                        up,
                        encode_path(path),
                        other.dir,
                        escape_html(title),
                        escape_html(&other.name),
                        code = escape_html(&other.code),
                    )
                })
                .collect();
            // The title is in the language it was found in.
            let (title, title_lang) = m.found.first().map_or(("", lang), |f| (f.0.as_str(), &f.2));
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} – {site}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"stylesheet\" href=\"{root}static/style.css\">\n</head>\n<body>\n<main id=\"main\" class=\"untranslated\">\n<h1 lang=\"{tcode}\" dir=\"{tdir}\">{title}</h1>\n{notice}\n<ul>\n{links}</ul>\n<p><a href=\"{root}index.html\">{site}</a></p>\n</main>\n</body>\n</html>\n",
                code = escape_html(&lang.code),
                dir = lang.dir,
                title = escape_html(title),
                tcode = escape_html(&title_lang.code),
                tdir = title_lang.dir,
                site = escape_html(&job.config.book.title),
                root = root_prefix(&m.url),
                notice = notice(&lang.code, &escape_html(&lang.name)),
            );
            out.write(self.name(), &m.url, html.as_bytes())
                .map_err(|e| cannot_write(&m.url, e))?;
            pages += 1;
        }
        Ok(Written {
            pages,
            ..Written::default()
        })
    }
}

/// What the page says, in its language when stratwiki has it (English otherwise, marked so).
/// Until the theme's translation catalogue has these words, they are here.
fn notice(code: &str, name: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    match primary.as_str() {
        "sv" => format!(
            "<p>Den här sidan finns inte i den här språkversionen ({name}). Den finns på:</p>"
        ),
        "fr" => format!(
            "<p>Cette page n’existe pas dans cette version linguistique ({name}). Elle existe en :</p>"
        ),
        "en" => format!("<p>This page is not available in {name}. It exists in:</p>"),
        _ => format!(
            "<p lang=\"en\" dir=\"ltr\">This page is not available in {name}. It exists in:</p>"
        ),
    }
}
