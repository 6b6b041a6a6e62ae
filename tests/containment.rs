//! A pull request is untrusted input (issue #22): nothing outside the wiki is read through a
//! symbolic link or a name that reads as a path, and `build` writes nowhere outside the wiki
//! unless `--dest` says so. Each test plants a secret outside the wiki and checks that it
//! reaches neither the site nor the messages.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `stratwiki <args> --root <root>`: (exit code, stdout and stderr).
fn run_at(root: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), all)
}

/// Every file of the folder `dir` as text, joined (empty when there is none).
fn all_text(dir: &Path) -> String {
    if !dir.exists() {
        return String::new();
    }
    tree(dir)
        .into_iter()
        .map(|(p, b)| format!("{p}\n{}\n", String::from_utf8_lossy(&b)))
        .collect()
}

/// A folder outside the wiki with a secret in `file`.
fn outside(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(file);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
    dir
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
#[test]
fn static_and_templates_leading_out_of_the_wiki_are_skipped_with_a_warning() {
    let out = outside("static/secret.txt", "SECRET-STATIC");
    std::fs::create_dir_all(out.path().join("templates")).unwrap();
    std::fs::write(
        out.path().join("templates/chapter.html"),
        "SECRET-TEMPLATE {{ page.title }}",
    )
    .unwrap();
    let w = Wiki::valid();
    link(&out.path().join("static"), &w.path("static"));
    link(&out.path().join("templates"), &w.path("templates"));
    // The theme's folders too, and a link among the files of a real folder.
    w.write("book.toml", &format!("{BOOK}[wiki]\ntheme = \"mine\"\n"));
    w.write("themes/mine/templates/macros-extra.html", "{# own #}");
    link(&out.path().join("static"), &w.path("themes/mine/static"));
    std::fs::create_dir_all(w.path("themes/mine/templates/partials")).unwrap();
    link(
        &out.path().join("templates/chapter.html"),
        &w.path("themes/mine/templates/partials/x.html"),
    );
    for args in [&["check"][..], &["build"][..]] {
        let r = w.run(args);
        assert_eq!(r.code, 0, "{}", r.all());
        for shown in [
            "warning: static: `static` is a symbolic link leading out of the wiki",
            "warning: templates: `templates` is a symbolic link leading out of the wiki",
            "warning: themes/mine/static: `themes/mine/static` is a symbolic link",
            "warning: themes/mine/templates/partials/x.html: `themes/mine/templates/partials/x.html` is a symbolic link",
        ] {
            assert!(r.all().contains(shown), "{shown}\n{}", r.all());
        }
        assert!(!r.all().contains("SECRET"), "{}", r.all());
    }
    let site = all_text(&w.path("book"));
    assert!(site.contains("Introduction"), "the site is built");
    assert!(
        !site.contains("SECRET"),
        "nothing from outside is published"
    );
    assert!(!w.path("book/static/secret.txt").exists());
}

/// `static -> /proc/self` read `/proc/self/pagemap` and grew to 10 GB: now it is not entered.
#[cfg(target_os = "linux")]
#[test]
fn static_leading_to_proc_self_is_not_read() {
    let w = Wiki::valid();
    link(Path::new("/proc/self"), &w.path("static"));
    let start = std::time::Instant::now();
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(start.elapsed().as_secs() < 30);
    assert!(
        r.all()
            .contains("warning: static: `static` is a symbolic link leading out of the wiki"),
        "{}",
        r.all()
    );
    assert!(!w.path("book/static/pagemap").exists());
    assert!(!w.path("book/static/environ").exists());
}

/// The theme the wiki asks for decides every page's HTML: a theme folder that is a link is an
/// error (in `check` as in `build`), and nothing is written.
#[cfg(unix)]
#[test]
fn a_theme_folder_leading_out_of_the_wiki_is_an_error() {
    let out = outside("theme/templates/chapter.html", "SECRET-THEME");
    let w = Wiki::valid();
    w.write("book.toml", &format!("{BOOK}[wiki]\ntheme = \"mine\"\n"));
    link(&out.path().join("theme"), &w.path("themes/mine"));
    for args in [&["check"][..], &["build"][..]] {
        let r = w.run(args);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(
            r.all().contains(
                "error: themes/mine: `themes/mine` is a symbolic link leading out of the wiki"
            ),
            "{}",
            r.all()
        );
        assert!(!r.all().contains("SECRET"));
    }
    assert!(!w.path("book").exists());
}

#[test]
fn theme_names_are_names() {
    // `theme = "../../outside"` from the wiki's `themes/` is `<parent>/outside`: a theme is
    // there, and is not loaded.
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("wiki");
    let w = Wiki::valid();
    std::fs::rename(w.root(), &root).unwrap();
    std::fs::create_dir_all(parent.path().join("outside/templates")).unwrap();
    std::fs::write(
        parent.path().join("outside/templates/chapter.html"),
        "SECRET-THEME",
    )
    .unwrap();
    for name in ["../../outside", "a/b", "a\\\\b", "..", ".", ""] {
        std::fs::write(
            root.join("book.toml"),
            format!("{BOOK}\n[wiki]\ntheme = \"{name}\"\n"),
        )
        .unwrap();
        for cmd in ["check", "build"] {
            let (code, all) = run_at(&root, &[cmd]);
            assert_eq!(code, 1, "{name}: {all}");
            assert!(
                all.contains("error: book.toml:6:1: `wiki.theme` must be a theme's name"),
                "{name}: {all}"
            );
            assert!(!all.contains("SECRET"), "{all}");
        }
        assert!(!root.join("book").exists());
    }
    std::fs::create_dir_all(root.join("themes/plain-2/templates")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        format!("{BOOK}[wiki]\ntheme = \"plain-2\"\n"),
    )
    .unwrap();
    let (code, all) = run_at(&root, &["build"]);
    assert_eq!(code, 0, "a plain name loads: {all}");
}

/// `chapters\..\..\..\outside\page.md` is a legal file name on Unix; with `\` read as `/` it
/// named a file outside the wiki. Such names are skipped with a warning naming them.
#[cfg(unix)]
#[test]
fn content_file_names_with_backslashes_are_skipped() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("wiki");
    let w = Wiki::valid();
    std::fs::rename(w.root(), &root).unwrap();
    // Where the name leads once `\` is `/`: content/chapters/../../../outside/page.md.
    let secret = parent.path().join("outside/page.md");
    std::fs::create_dir_all(secret.parent().unwrap()).unwrap();
    std::fs::write(
        &secret,
        "---\ntitle: [SECRET-BACKSLASH\n---\nSECRET-BACKSLASH\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/chapters\\..\\..\\..\\outside\\page.md"),
        "---\ntitle: Odd\n---\nodd\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/odd\\folder")).unwrap();
    std::fs::write(root.join("content/odd\\folder/a.md"), "# A\n").unwrap();
    for cmd in ["check", "build"] {
        let (code, all) = run_at(&root, &[cmd]);
        assert_eq!(code, 0, "{all}");
        assert!(
            all.contains(
                "warning: content/chapters\\..\\..\\..\\outside\\page.md: a file name with `\\` cannot have a URL"
            ),
            "{all}"
        );
        assert!(
            all.contains("warning: content/odd\\folder: a file name with `\\`"),
            "{all}"
        );
        assert!(!all.contains("SECRET"), "{all}");
    }
    let site = all_text(&root.join("book"));
    assert!(site.contains("Introduction"));
    assert!(!site.contains("SECRET") && !site.contains("Odd"));

    // The same names read from git (an edition, the pull-request report) are skipped too.
    let repo = git2::Repository::init(&root).unwrap();
    commit_all(&repo, "start", 1_700_000_000);
    std::fs::write(
        root.join("content/chapters\\..\\..\\..\\outside\\page.md"),
        "---\ntitle: Odder\n---\nodder\n",
    )
    .unwrap();
    commit_all(&repo, "odd names", 1_700_000_100);
    let (code, all) = run_at(&root, &["diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{all}");
    assert!(!all.contains("SECRET") && !all.contains("Odder"), "{all}");
}

/// `[build] build-dir` and a committed `book` link come with the pull request: the site is
/// written inside the wiki unless `--dest` on the command line says otherwise.
#[cfg(unix)]
#[test]
fn the_build_folder_lies_inside_the_wiki_unless_dest_is_given() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("a/b/wiki");
    std::fs::create_dir_all(root.parent().unwrap()).unwrap();
    let w = Wiki::valid();
    std::fs::rename(w.root(), &root).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let abs = elsewhere.path().join("x");
    for (value, line) in [
        (abs.to_str().unwrap(), 5),
        ("../../x", 5),
        ("site/../../x", 5),
    ] {
        std::fs::write(
            root.join("book.toml"),
            format!("{BOOK}[build]\nbuild-dir = \"{value}\"\n"),
        )
        .unwrap();
        for cmd in ["check", "build"] {
            let (code, all) = run_at(&root, &[cmd]);
            assert_eq!(code, 1, "{value}: {all}");
            assert!(
                all.contains(&format!(
                    "error: book.toml:{line}:1: the build folder `{value}` leads out of the wiki"
                )),
                "{value}: {all}"
            );
        }
        assert!(!abs.exists() && !parent.path().join("a/x").exists());
        assert!(!parent.path().join("x").exists());
        // The person running the build may choose: `--dest` on the command line.
        let dest = elsewhere.path().join("chosen");
        let (code, all) = run_at(&root, &["build", "--dest", dest.to_str().unwrap()]);
        assert_eq!(code, 0, "{all}");
        assert!(dest.join("index.html").is_file());
    }
    // A committed `book` link leading out, with no `build-dir`.
    std::fs::write(root.join("book.toml"), BOOK).unwrap();
    std::fs::create_dir(elsewhere.path().join("www")).unwrap();
    link(&elsewhere.path().join("www"), &root.join("book"));
    for cmd in ["check", "build"] {
        let (code, all) = run_at(&root, &[cmd]);
        assert_eq!(code, 1, "{all}");
        assert!(
            all.contains("error: book: the build folder `book` leads out of the wiki"),
            "{all}"
        );
    }
    assert!(!elsewhere.path().join("www/index.html").exists());
    // A build folder inside the wiki, through a link inside it, is fine.
    std::fs::remove_file(root.join("book")).unwrap();
    std::fs::create_dir(root.join("www")).unwrap();
    link(Path::new("www"), &root.join("public"));
    std::fs::write(
        root.join("book.toml"),
        format!("{BOOK}[build]\nbuild-dir = \"public\"\n"),
    )
    .unwrap();
    let (code, all) = run_at(&root, &["build"]);
    assert_eq!(code, 0, "{all}");
    assert!(root.join("www/index.html").is_file());
}

/// CODEOWNERS at any of the places GitHub reads it, or behind a linked folder, is not read
/// through a link: its words would be echoed in messages and annotations.
#[cfg(unix)]
#[test]
fn codeowners_through_a_symbolic_link_is_not_read() {
    let out = outside("owners", "* SECRET-OWNER\n/x [SECRET-RANGE] @a\n");
    for (at, target, shown) in [
        (".github/CODEOWNERS", "owners", ".github/CODEOWNERS"),
        ("CODEOWNERS", "owners", "CODEOWNERS"),
        ("docs/CODEOWNERS", "owners", "docs/CODEOWNERS"),
        (".github", "", ".github"),
    ] {
        let w = Wiki::valid();
        if target.is_empty() {
            std::fs::rename(out.path().join("owners"), out.path().join("CODEOWNERS")).unwrap();
            link(out.path(), &w.path(at));
        } else {
            link(&out.path().join(target), &w.path(at));
        }
        for args in [&["check"][..], &["build"][..]] {
            let r = w.run(args);
            assert_eq!(r.code, 0, "{at}: {}", r.all());
            assert!(
                r.all().contains(&format!(
                    "warning: {shown}: `{shown}` is a symbolic link leading out of the wiki"
                )),
                "{at}: {}",
                r.all()
            );
            assert!(r.all().contains("CODEOWNERS is not read"), "{}", r.all());
            assert!(!r.all().contains("SECRET"), "{at}: {}", r.all());
        }
        assert!(!all_text(&w.path("book")).contains("SECRET"));
        if target.is_empty() {
            std::fs::rename(out.path().join("CODEOWNERS"), out.path().join("owners")).unwrap();
        }
    }
}

/// A `.mailmap` that is a link is not applied: it would put names from a file of the machine
/// on the site (and `.mailmap -> /dev/zero` never ended).
#[cfg(unix)]
#[test]
fn a_mailmap_through_a_symbolic_link_is_not_applied() {
    let out = outside("mailmap", "Secret Person <ann@example.org>\n");
    let w = Wiki::valid();
    let repo = git2::Repository::init(w.root()).unwrap();
    commit_all(&repo, "start", 1_700_000_000);
    let r = w.build();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(w.read("book/chapters/intro.html").contains("Ann"));
    link(&out.path().join("mailmap"), &w.path(".mailmap"));
    for args in [&["check"][..], &["build"][..]] {
        let r = w.run(args);
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(
            r.all().contains(
                "warning: .mailmap: `.mailmap` is a symbolic link leading out of the wiki"
            ),
            "{}",
            r.all()
        );
        assert!(r.all().contains("no `.mailmap` is applied"), "{}", r.all());
    }
    let site = all_text(&w.path("book"));
    assert!(site.contains("Ann"));
    assert!(!site.contains("Secret Person"));
    #[cfg(target_os = "linux")]
    {
        std::fs::remove_file(w.path(".mailmap")).unwrap();
        link(Path::new("/dev/zero"), &w.path(".mailmap"));
        let start = std::time::Instant::now();
        let r = w.build();
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(start.elapsed().as_secs() < 30);
    }
}

/// `book.toml` decides everything else: one that is a link is an error.
#[cfg(unix)]
#[test]
fn book_toml_through_a_symbolic_link_is_an_error() {
    let out = outside(
        "book.toml",
        "[book]\ntitle = \"SECRET-CONFIG\"\n[x]\nSECRET = 1\n",
    );
    let w = Wiki::valid();
    std::fs::remove_file(w.path("book.toml")).unwrap();
    link(&out.path().join("book.toml"), &w.path("book.toml"));
    for args in [&["check"][..], &["build"][..]] {
        let r = w.run(args);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(
            r.all()
                .contains("error: book.toml: book.toml is a symbolic link, which is not followed"),
            "{}",
            r.all()
        );
        assert!(!r.all().contains("SECRET"));
    }
    assert!(!w.path("book").exists());
}

/// `additional-css` through a link inside the wiki (to `.git/config`, where CI keeps the
/// checkout's token) is refused as a link out is.
#[cfg(unix)]
#[test]
fn additional_files_through_any_link_are_refused() {
    let w = Wiki::valid();
    w.write(
        ".git/config",
        "[http]\nextraheader = AUTHORIZATION: SECRET-TOKEN\n",
    );
    link(Path::new(".git/config"), &w.path("theme.css"));
    w.write(
        "book.toml",
        &format!("{BOOK}[output.html]\nadditional-css = [\"theme.css\"]\n"),
    );
    for args in [&["check"][..], &["build"][..]] {
        let r = w.run(args);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(r.all().contains("not a file in the wiki"), "{}", r.all());
    }
    assert!(!all_text(&w.path("book")).contains("SECRET"));
}

/// `serve` applies the rules of `build`: a page swapped for a link to a file outside, with the
/// same front matter (so that the live server would update just that page), is not rendered.
#[cfg(unix)]
#[test]
fn serve_does_not_render_a_page_swapped_for_a_link() {
    use std::io::{BufRead, BufReader, Read, Write};
    let w = Wiki::valid();
    let page = "content/about.md";
    let out = outside("about.md", "# About\n\nSECRET-LIVE from outside.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_stratwiki"))
        .args(["serve", "--port", "0", "--root"])
        .arg(w.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim()
        .trim_end_matches('/')
        .to_string();
    let get = |path: &str| -> (u16, String) {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        (raw[9..12].parse().unwrap(), raw)
    };
    let (status, body) = get("/about.html");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("About this wiki"));
    std::fs::remove_file(w.path(page)).unwrap();
    link(&out.path().join("about.md"), &w.path(page));
    // The full build that follows drops the page (404); never is the outside text served.
    let start = std::time::Instant::now();
    let mut gone = false;
    while start.elapsed() < std::time::Duration::from_secs(20) {
        let (status, body) = get("/about.html");
        assert!(!body.contains("SECRET"), "{body}");
        if status == 404 {
            gone = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    assert!(gone, "the linked page is left out once the wiki is rebuilt");
}

#[test]
fn a_cache_folder_that_came_with_the_repository_is_neither_read_nor_written() {
    // A committed `.stratwiki-cache/parsed.bin` could hand the build pre-rendered pages that
    // were never sanitised: the folder is not used, with a warning, and left as it was.
    let w = Wiki::valid();
    w.write(".stratwiki-cache/parsed.bin", "not a cache a build wrote");
    let repo = git2::Repository::init(w.root()).unwrap();
    // `commit_all` leaves the cache out, as `.gitignore` would: this one is committed anyway.
    let mut index = repo.index().unwrap();
    index
        .add_path(Path::new(".stratwiki-cache/parsed.bin"))
        .unwrap();
    index.write().unwrap();
    commit_all(&repo, "A wiki with a cache folder", 1_700_000_000);
    for args in [&["check"][..], &["build"][..]] {
        let (code, out) = run_at(w.root(), args);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("warning: .stratwiki-cache: the cache folder `.stratwiki-cache` is not used: the repository holds files in it"),
            "{out}"
        );
        assert_eq!(
            w.read(".stratwiki-cache/parsed.bin"),
            "not a cache a build wrote"
        );
        assert!(!w.path(".stratwiki-cache/history.bin").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_cache_folder_leading_out_of_the_wiki_is_not_used() {
    let out_dir = outside("keep.txt", "outside");
    let w = Wiki::valid();
    link(out_dir.path(), &w.path(".stratwiki-cache"));
    let (code, out) = run_at(w.root(), &["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("it is a symbolic link"), "{out}");
    assert_eq!(
        tree(out_dir.path()).len(),
        1,
        "nothing was written outside the wiki"
    );
}
