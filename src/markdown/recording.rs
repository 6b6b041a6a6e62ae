//! The recording of a rendering's questions to the link resolver, and their answers: a page
//! whose questions get the same answers elsewhere (another version of the wiki) can reuse its
//! HTML from the cache.

use super::LinkResolver;

/// One question the renderer asked the resolver, and the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `page_url(path)`.
    PageUrl(String, Option<String>),
    /// `asset_exists(path)`.
    Asset(String, bool),
    /// `wiki(name)`.
    Wiki(String, Option<(String, String, String)>),
    /// `url_exists(url)`.
    Url(String, bool),
    /// `base_path()`.
    Base(String),
    /// `folder_index(folder)`.
    Folder(String, Option<String>),
}

/// A resolver that records every question and answer, so a rendering can be reused wherever
/// the same questions get the same answers (another version of the wiki, say).
pub struct Recording<'a> {
    inner: &'a dyn LinkResolver,
    calls: std::sync::Mutex<Vec<Call>>,
}

impl<'a> Recording<'a> {
    /// Record the questions asked of `inner`.
    pub fn new(inner: &'a dyn LinkResolver) -> Self {
        Recording {
            inner,
            calls: Default::default(),
        }
    }

    /// The questions asked, in order.
    pub fn into_calls(self) -> Vec<Call> {
        self.calls.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self, c: Call) {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).push(c);
    }
}

impl LinkResolver for Recording<'_> {
    fn page_url(&self, p: &str) -> Option<String> {
        let a = self.inner.page_url(p);
        self.log(Call::PageUrl(p.to_string(), a.clone()));
        a
    }
    fn asset_exists(&self, p: &str) -> bool {
        let a = self.inner.asset_exists(p);
        self.log(Call::Asset(p.to_string(), a));
        a
    }
    fn wiki(&self, name: &str) -> Option<(String, String, String)> {
        let a = self.inner.wiki(name);
        self.log(Call::Wiki(name.to_string(), a.clone()));
        a
    }
    fn url_exists(&self, url: &str) -> bool {
        let a = self.inner.url_exists(url);
        self.log(Call::Url(url.to_string(), a));
        a
    }
    fn base_path(&self) -> &str {
        let a = self.inner.base_path();
        self.log(Call::Base(a.to_string()));
        a
    }
    fn folder_index(&self, folder: &str) -> Option<String> {
        let a = self.inner.folder_index(folder);
        self.log(Call::Folder(folder.to_string(), a.clone()));
        a
    }
}

/// True when `resolver` answers every recorded question as it was answered then.
pub fn same_answers(calls: &[Call], resolver: &dyn LinkResolver) -> bool {
    calls.iter().all(|c| match c {
        Call::PageUrl(p, a) => &resolver.page_url(p) == a,
        Call::Asset(p, a) => resolver.asset_exists(p) == *a,
        Call::Wiki(n, a) => &resolver.wiki(n) == a,
        Call::Url(u, a) => resolver.url_exists(u) == *a,
        Call::Base(a) => resolver.base_path() == a,
        Call::Folder(f, a) => &resolver.folder_index(f) == a,
    })
}
