//! Every page's revision list as stratwiki's history has it, for `bench/fidelity.sh` to compare
//! with git's own answer.
//!
//! `cargo run --release --example fidelity -- REPO [CONTENT_DIR]` prints one line per Markdown
//! file that exists in the content folder: its path from the repository root, a tab, and the
//! commits of its revisions, newest first, separated by spaces. Warnings go to stderr. Nothing
//! is written (no cache), so it can run on any clone.

use std::path::PathBuf;

use stratwiki::config::Config;
use stratwiki::diagnostics::Diagnostics;
use stratwiki::history;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: fidelity REPO [CONTENT_DIR]"));
    let mut diags = Diagnostics::default();
    let mut config = match Config::load(&root, &mut diags) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.to_diagnostic());
            std::process::exit(1);
        }
    };
    if let Some(dir) = args.next() {
        config.book.src = PathBuf::from(dir);
    }
    let opts = history::Options {
        follow_renames: true,
        cache: None,
        save: false,
        progress: false,
        head: None,
        prefix: None,
    };
    let mut problems = Vec::new();
    let Some(h) = history::load(&config, &opts, &mut problems) else {
        for p in problems {
            eprintln!("{p}");
        }
        std::process::exit(1);
    };
    for p in problems {
        eprintln!("{p}");
    }
    let content = config.content_dir();
    let mut pages: Vec<(&String, &history::PageHistory)> = h
        .pages
        .iter()
        .filter(|(path, _)| stratwiki::markdown::is_markdown(path) && content.join(path).is_file())
        .collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    for (path, page) in pages {
        let full = if h.prefix.is_empty() {
            path.clone()
        } else {
            format!("{}/{}", h.prefix, path)
        };
        let ids: Vec<&str> = page
            .revisions
            .iter()
            .map(|r| h.commits[r.commit].id.as_str())
            .collect();
        println!("{full}\t{}", ids.join(" "));
    }
}
