//! The `stratwiki` command line: parse arguments, call the library, print diagnostics.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: builds allocate millions of small strings from
/// both threads, and glibc's per-thread arenas spent a sixth of a rebuild in malloc, free and
/// the page faults and `mprotect` calls of growing arenas (see the README's design notes).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stratwiki::build::{build_site, check_site};
use stratwiki::diagnostics::{Format, format_diagnostics};

/// Turn a git repository of Markdown strategy chapters, goals, case studies and owners into a
/// static website.
#[derive(Parser)]
#[command(name = "stratwiki", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the wiki into a static site (atomically: the old site stays until the new one is
    /// complete).
    Build {
        /// The wiki root, the folder holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: [build] build-dir, `book`).
        #[arg(long)]
        dest: Option<PathBuf>,
        /// The date overdue and stale goals are judged against (default: today), for
        /// reproducible builds.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// Validate the wiki as `build` would, with broken links as errors; write nothing.
    /// Exits 1 when there are errors.
    Check {
        /// The wiki root, the folder holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: human, json, or github (annotations for GitHub Actions).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// The date overdue and stale goals are judged against (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// Compare two git refs of the wiki (`main..proposal/x`, `v1..v2`), read from git objects
    /// without checking anything out: goals added, removed and changed, owners and pages added,
    /// removed and renamed, and a diff of each changed page.
    Diff {
        /// `BASE..HEAD`: two refs (tags, branches, commits); `BASE...HEAD` compares HEAD with
        /// its merge base with BASE, as a pull request does.
        range: String,
        /// The wiki root, the folder holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: markdown (for a pull-request comment; summarised when it would be
        /// too long for one) or json (always complete).
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// The date overdue and stale goals are judged against on both sides (default: today),
        /// for a reproducible report.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
        /// Also write the full report, never summarised, in the chosen format, to FILE
        /// (replaced atomically); a summarised Markdown report says where it is.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Preview the wiki: build it into a private folder, serve it on 127.0.0.1, and rebuild
    /// and reload open browsers whenever a file changes. Ctrl-C stops it.
    Serve {
        /// The wiki root, the folder holding book.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; anything but loopback makes the preview reachable from other
        /// machines (a warning says so).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in a browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of relying on file-system notifications (some network and
        /// container file systems need it).
        #[arg(long)]
        poll: bool,
        /// The date overdue and stale goals are judged against (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<jiff::civil::Date>,
    },
    /// Create a new wiki with one page of each kind, or with `--example` the example strategy
    /// with its history.
    New {
        /// The folder to create (must not exist, or be empty).
        path: PathBuf,
        /// Write the example strategy instead (a Swedish digital-government strategy, 2015 to
        /// 2023), as a git repository with its history: several authors, goals whose status and
        /// progress move, a renamed page, two tagged editions and a proposal branch.
        #[arg(long)]
        example: bool,
    },
}

/// Today's date where the build runs.
fn local_today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Output formats of `stratwiki diff`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// Markdown, ready to post as a pull-request comment.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// `n` and the word for it: "1 error", "2 errors", "0 errors".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Write `text` to `path` through a temporary file beside it and a rename, so whoever reads the
/// file (a CI step that uploads the full report) finds the old one or the new one, never half of
/// one. `path` is the maintainer's own argument, like `--dest`: any place is allowed.
fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stratwiki-report-");
    // As a file the shell would create (the umask applies), not the temporary file's 0600.
    #[cfg(unix)]
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(mode);
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, dest, today } => {
            // One build, then exit: what it loaded is left to the operating system.
            stratwiki::teardown::exit_without_teardown();
            let report = build_site(&root, dest.as_deref(), today.unwrap_or_else(local_today));
            stratwiki::history::wait_for_saves();
            eprint!("{}", format_diagnostics(&report.diagnostics, Format::Human));
            if let (true, Some(dest)) = (report.ok(), &report.dest) {
                eprintln!(
                    "Built {} ({}) into {} in {} ms ({}).",
                    count(report.pages, "page", "pages"),
                    count(report.files, "other file", "other files"),
                    dest.display(),
                    report.elapsed_ms,
                    count(report.diagnostics.warning_count(), "warning", "warnings")
                );
                // Opened as files, the site works but its search cannot load its index: the
                // preview to recommend is the served one.
                let root_arg = if root == std::path::Path::new(".") {
                    String::new()
                } else {
                    format!(" --root {}", root.display())
                };
                eprintln!(
                    "Preview it with `stratwiki serve{root_arg}` (search needs the site served, not opened as files); publish {} with any web server.",
                    dest.display()
                );
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "Build failed: {}, {}. The previous site, if any, is unchanged.",
                    count(report.diagnostics.error_count(), "error", "errors"),
                    count(report.diagnostics.warning_count(), "warning", "warnings")
                );
                ExitCode::FAILURE
            }
        }
        Command::Check {
            root,
            format,
            today,
        } => {
            let mut diags = check_site(&root, today.unwrap_or_else(local_today));
            if format == Format::Github {
                // GitHub attaches an annotation to a file named from the repository's top.
                diags = stratwiki::wiki::Place::find(&root).in_repository(diags);
            }
            stratwiki::history::wait_for_saves();
            print!("{}", format_diagnostics(&diags, format));
            if format == Format::Human {
                eprintln!(
                    "{}, {}.",
                    count(diags.error_count(), "error", "errors"),
                    count(diags.warning_count(), "warning", "warnings")
                );
            }
            if diags.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Diff {
            range,
            root,
            format,
            today,
            output,
        } => {
            let today = today.unwrap_or_else(local_today);
            let stratwiki::wiki::Range {
                base,
                head,
                merge_base: three,
            } = match stratwiki::wiki::parse_range(&range) {
                Ok(r) => r,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    return ExitCode::FAILURE;
                }
            };
            let place = stratwiki::wiki::Place::find(&root);
            let base_rev = if three {
                match place.merge_base(base, head) {
                    Ok(id) => id,
                    Err(d) => {
                        eprintln!("{d}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                base.to_string()
            };
            // A side from before the wiki had a `book.toml` is read with today's.
            let current = stratwiki::config::Config::load(
                &place.root,
                &mut stratwiki::diagnostics::Diagnostics::new(),
            )
            .ok();
            let from = current
                .as_ref()
                .map_or(stratwiki::wiki::ConfigFrom::Own, |c| {
                    stratwiki::wiki::ConfigFrom::OwnOr(c)
                });
            let load = |rev: &str, from: stratwiki::wiki::ConfigFrom<'_>| {
                let mut ds = stratwiki::diagnostics::Diagnostics::new();
                if current.is_some() && !stratwiki::wiki::has_own_config(&place, rev) {
                    eprintln!("note: `{rev}` has no book.toml: it is read with today's");
                }
                stratwiki::wiki::load_ref(&place, rev, today, from, &mut ds).map(|w| (w.site, ds))
            };
            let files = match stratwiki::wiki::changed_files(&place, &base_rev, head) {
                Ok(f) => f,
                Err(d) => {
                    eprintln!("{d}");
                    return ExitCode::FAILURE;
                }
            };
            // A multilingual wiki: each language compared in its folder, with today's
            // `[wiki.languages]`, then one report naming each page's language.
            let languages: Vec<_> =
                current
                    .iter()
                    .flat_map(|c| {
                        c.wiki.languages.list.iter().enumerate().map(|(l, lang)| {
                            ((lang.code.clone(), lang.dir.clone()), c.for_language(l))
                        })
                    })
                    .collect();
            let sides = if languages.is_empty() {
                vec![(None, from)]
            } else {
                languages
                    .iter()
                    .map(|(k, c)| (Some(k.clone()), stratwiki::wiki::ConfigFrom::Current(c)))
                    .collect()
            };
            let mut reports = Vec::new();
            for (lang, from) in sides {
                let ((b, bd), (h, hd)) =
                    match load(&base_rev, from).and_then(|b| load(head, from).map(|h| (b, h))) {
                        Ok(x) => x,
                        Err(d) => {
                            eprintln!("{d}");
                            return ExitCode::FAILURE;
                        }
                    };
                let r = stratwiki::compare::report(&b, &h, &bd, &hd, &files, (base, head));
                reports.push((lang, r));
            }
            let report = match reports.first() {
                Some((None, _)) => reports.remove(0).1,
                _ => {
                    let named = reports
                        .into_iter()
                        .filter_map(|(l, r)| l.map(|l| (l, r)))
                        .collect();
                    match stratwiki::compare::languages::merge(named) {
                        Some(r) => r,
                        None => return ExitCode::FAILURE,
                    }
                }
            };
            let full = match format {
                DiffFormat::Markdown => stratwiki::compare::report_markdown(&report),
                DiffFormat::Json => {
                    serde_json::to_string_pretty(&report).expect("report serialises") + "\n"
                }
            };
            if let Some(file) = &output {
                if let Err(e) = write_atomically(file, &full) {
                    eprintln!("error: cannot write the report to {}: {e}", file.display());
                    return ExitCode::FAILURE;
                }
            }
            match format {
                // A comment has a limit; a file for tools does not.
                DiffFormat::Markdown => print!(
                    "{}",
                    stratwiki::compare::fit(
                        &report,
                        full,
                        stratwiki::compare::COMMENT_LIMIT,
                        output.as_ref().map(|f| f.to_string_lossy()).as_deref()
                    )
                ),
                DiffFormat::Json => print!("{full}"),
            }
            ExitCode::SUCCESS
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            today,
        } => {
            let opts = stratwiki::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                poll,
                today: today.unwrap_or_else(local_today),
            };
            match stratwiki::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            path,
            example: true,
        } => match stratwiki::scaffold::new_example(&path) {
            Ok(made) => {
                eprintln!(
                    "Created the example strategy in {} with its history: {}, tags {}, proposal {}.",
                    path.display(),
                    count(made.commits, "commit", "commits"),
                    made.tags.join(", "),
                    made.branches.join(", ")
                );
                eprintln!("Preview it with: cd {} && stratwiki serve", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::New { path, .. } => match stratwiki::scaffold::new_wiki(&path) {
            Ok(()) => {
                eprintln!(
                    "Created a new wiki in {}. Build it with: stratwiki build --root {}",
                    path.display(),
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_as_english() {
        assert_eq!(super::count(1, "error", "errors"), "1 error");
        assert_eq!(super::count(0, "error", "errors"), "0 errors");
        assert_eq!(super::count(2, "warning", "warnings"), "2 warnings");
    }
}
