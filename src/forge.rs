//! Links into the forge that hosts the wiki: edit a page, see its source, propose a new one.
//!
//! Each forge has its own URL forms; the forge is recognised from the repository's address
//! (`git-repository-url`, else the `origin` remote), and `[wiki] forge` names it for self-hosted
//! instances whose host name does not say.

use crate::text::encode_path;

/// A kind of forge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    /// github.com and GitHub Enterprise.
    GitHub,
    /// gitlab.com and self-hosted GitLab.
    GitLab,
    /// Codeberg, Forgejo and Gitea.
    Gitea,
    /// bitbucket.org.
    Bitbucket,
}

impl Forge {
    /// The forge a name from configuration means.
    pub fn from_name(name: &str) -> Option<Forge> {
        match name.trim().to_ascii_lowercase().as_str() {
            "github" => Some(Forge::GitHub),
            "gitlab" => Some(Forge::GitLab),
            "gitea" | "forgejo" | "codeberg" => Some(Forge::Gitea),
            "bitbucket" => Some(Forge::Bitbucket),
            _ => None,
        }
    }

    /// The forge a host name suggests.
    pub fn from_host(host: &str) -> Option<Forge> {
        let h = host.to_ascii_lowercase();
        if h == "github.com" || h.starts_with("github.") {
            Some(Forge::GitHub)
        } else if h.contains("gitlab") {
            Some(Forge::GitLab)
        } else if h == "codeberg.org" || h.contains("gitea") || h.contains("forgejo") {
            Some(Forge::Gitea)
        } else if h == "bitbucket.org" {
            Some(Forge::Bitbucket)
        } else {
            None
        }
    }
}

/// A repository on a forge, and the branch pages are edited on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoLinks {
    /// Which forge.
    pub forge: Forge,
    /// `https://host/owner/repo`.
    pub base: String,
    /// The branch edits are proposed against.
    pub branch: String,
    /// The content folder's path inside the repository (`content`).
    pub prefix: String,
    /// Pages get edit links and "propose a new ..." links. An older edition built from a tag
    /// does not: `branch` is then its tag, for source links to the files as they were.
    pub editable: bool,
}

/// `https://host/owner/repo` and the host, from an HTTPS, SSH or scp-style remote URL.
pub fn web_base(remote: &str) -> Option<(String, String)> {
    let r = remote.trim().trim_end_matches('/');
    let r = r.strip_suffix(".git").unwrap_or(r);
    let (host, path) = if let Some(rest) = r
        .strip_prefix("https://")
        .or_else(|| r.strip_prefix("http://"))
    {
        let rest = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
        rest.split_once('/')?
    } else if let Some(rest) = r.strip_prefix("ssh://") {
        let rest = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
        let (host, path) = rest.split_once('/')?;
        (host.split(':').next().unwrap_or(host), path)
    } else if let Some((user_host, path)) = r.split_once(':') {
        // scp-like: git@github.com:org/repo
        let host = user_host
            .rsplit_once('@')
            .map(|(_, h)| h)
            .unwrap_or(user_host);
        (host, path)
    } else {
        return None;
    };
    if host.is_empty() || path.is_empty() {
        return None;
    }
    Some((
        format!("https://{host}/{}", path.trim_start_matches('/')),
        host.to_string(),
    ))
}

impl RepoLinks {
    /// Links for the repository at `remote`, editing on `branch`, with content under `prefix`.
    /// `forge` overrides what the host name suggests.
    pub fn new(
        remote: &str,
        branch: &str,
        prefix: &str,
        forge: Option<Forge>,
    ) -> Option<RepoLinks> {
        let (base, host) = web_base(remote)?;
        let forge = forge.or_else(|| Forge::from_host(&host))?;
        Some(RepoLinks {
            forge,
            base,
            branch: branch.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
            editable: true,
        })
    }

    fn repo_path(&self, content_path: &str) -> String {
        let p = if self.prefix.is_empty() {
            content_path.to_string()
        } else {
            format!("{}/{content_path}", self.prefix)
        };
        encode_path(&p)
    }

    fn branch(&self) -> String {
        encode_path(&self.branch)
    }

    /// The forge's web editor for a content file.
    pub fn edit_url(&self, content_path: &str) -> String {
        let (b, br, p) = (&self.base, self.branch(), self.repo_path(content_path));
        match self.forge {
            Forge::GitHub => format!("{b}/edit/{br}/{p}"),
            Forge::GitLab => format!("{b}/-/edit/{br}/{p}"),
            Forge::Gitea => format!("{b}/_edit/{br}/{p}"),
            Forge::Bitbucket => format!("{b}/src/{br}/{p}?mode=edit"),
        }
    }

    /// Where the forge shows a commit: its id goes after this.
    pub fn commits_at(&self) -> String {
        let b = &self.base;
        match self.forge {
            Forge::GitHub | Forge::Gitea => format!("{b}/commit/"),
            Forge::GitLab => format!("{b}/-/commit/"),
            Forge::Bitbucket => format!("{b}/commits/"),
        }
    }

    /// The forge's page showing a content file.
    pub fn source_url(&self, content_path: &str) -> String {
        let (b, br, p) = (&self.base, self.branch(), self.repo_path(content_path));
        match self.forge {
            Forge::GitHub => format!("{b}/blob/{br}/{p}"),
            Forge::GitLab => format!("{b}/-/blob/{br}/{p}"),
            Forge::Gitea => format!("{b}/src/branch/{br}/{p}"),
            Forge::Bitbucket => format!("{b}/src/{br}/{p}"),
        }
    }

    /// The forge's new-file page in a content folder, prefilled with `template` where the
    /// forge supports it (GitHub and GitLab do).
    pub fn new_file_url(&self, folder: &str, file_name: &str, template: &str) -> String {
        let (b, br, dir) = (&self.base, self.branch(), self.repo_path(folder));
        let q = |s: &str| query_encode(s);
        match self.forge {
            Forge::GitHub => format!(
                "{b}/new/{br}/{dir}?filename={}&value={}",
                q(file_name),
                q(template)
            ),
            Forge::GitLab => format!(
                "{b}/-/new/{br}/{dir}?file_name={}&content={}",
                q(file_name),
                q(template)
            ),
            Forge::Gitea => format!("{b}/_new/{br}/{dir}"),
            Forge::Bitbucket => format!("{b}/src/{br}/{dir}"),
        }
    }
}

/// Percent-encode a query value (everything but unreserved characters).
pub fn query_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(remote: &str, forge: Option<Forge>) -> RepoLinks {
        RepoLinks::new(remote, "main", "content", forge).unwrap()
    }

    #[test]
    fn every_forge_has_its_own_forms() {
        let p = "goals/common eid/ö.md";
        let gh = links("git@github.com:digg/strategy.git", None);
        assert_eq!(
            gh.edit_url(p),
            "https://github.com/digg/strategy/edit/main/content/goals/common%20eid/%C3%B6.md"
        );
        assert_eq!(
            gh.source_url("a.md"),
            "https://github.com/digg/strategy/blob/main/content/a.md"
        );
        let gl = links("https://gitlab.com/digg/strategy.git", None);
        assert_eq!(
            gl.edit_url("a.md"),
            "https://gitlab.com/digg/strategy/-/edit/main/content/a.md"
        );
        // Self-hosted GitLab: recognised by name, or named in configuration.
        let own = links("ssh://git@gitlab.digg.se:2222/strategi/wiki.git", None);
        assert_eq!(own.base, "https://gitlab.digg.se/strategi/wiki");
        assert_eq!(own.forge, Forge::GitLab);
        let named = links(
            "https://code.example.gov/strategy/wiki",
            Some(Forge::GitLab),
        );
        assert_eq!(
            named.edit_url("a.md"),
            "https://code.example.gov/strategy/wiki/-/edit/main/content/a.md"
        );
        assert!(RepoLinks::new("https://code.example.gov/x/y", "main", "", None).is_none());
        let cb = links("https://codeberg.org/digg/strategy", None);
        assert_eq!(
            cb.edit_url("a.md"),
            "https://codeberg.org/digg/strategy/_edit/main/content/a.md"
        );
        assert_eq!(
            cb.source_url("a.md"),
            "https://codeberg.org/digg/strategy/src/branch/main/content/a.md"
        );
        let bb = links("https://user@bitbucket.org/digg/strategy.git", None);
        assert_eq!(
            bb.edit_url("a.md"),
            "https://bitbucket.org/digg/strategy/src/main/content/a.md?mode=edit"
        );
    }

    #[test]
    fn new_files_are_prefilled_where_the_forge_can() {
        let gh = links("https://github.com/digg/strategy", None);
        assert_eq!(
            gh.new_file_url("goals", "new-goal.md", "---\ntitle: x\n"),
            "https://github.com/digg/strategy/new/main/content/goals?filename=new-goal.md&value=---%0Atitle%3A%20x%0A"
        );
        let gl = links("https://gitlab.com/digg/strategy", None);
        assert!(
            gl.new_file_url("goals", "g.md", "a b")
                .ends_with("?file_name=g.md&content=a%20b")
        );
        let cb = links("https://codeberg.org/digg/strategy", None);
        assert_eq!(
            cb.new_file_url("goals", "g.md", "x"),
            "https://codeberg.org/digg/strategy/_new/main/content/goals"
        );
    }
}
