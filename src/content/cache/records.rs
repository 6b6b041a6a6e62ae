//! Parses and renderings as records of the cache file: the record framing, a parse without
//! its page's text, and the encodings of the types they hold.

use super::ParseResult;
use crate::codec::{Decode, Encode, Reader, Writer};
use crate::content::{CaseStudyMeta, GoalMeta, GoalStatus, Indicator, Meta, OwnerMeta, Ref};
use crate::content::{Kind, ParsedPage};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{AnchorLink, BrokenLink, Call, Heading, Rendered};

/// A record: its kind, its key, its value's length, its value.
pub(super) fn record(w: &mut Writer, tag: u8, key: &dyn Fn(&mut Writer), value: &Writer) {
    w.byte(tag);
    key(w);
    w.u64(value.0.len() as u64);
    w.0.extend_from_slice(&value.0);
}

/// What [`encode_parse`] wrote.
pub(super) fn decode_parse(r: &mut Reader<'_>) -> Option<ParseResult> {
    match r.byte()? {
        0 => Some(Ok(r.get()?)),
        1 => Some(Err(r.get()?)),
        _ => None,
    }
}

/// A parse without the page's text (see [`Parsed`]).
pub(super) fn encode_parse(r: &ParseResult, w: &mut Writer) {
    match r {
        Ok((page, ds)) => {
            w.byte(0);
            let text_free = ParsedPage {
                body: String::new(),
                front_matter: String::new(),
                ..page.clone()
            };
            w.put(&text_free);
            w.put(ds);
        }
        Err(ds) => {
            w.byte(1);
            w.put(ds);
        }
    }
}

crate::unit_enum!(Kind {
    Kind::Chapter,
    Kind::Goal,
    Kind::CaseStudy,
    Kind::Owner,
    Kind::Page
});
crate::unit_enum!(GoalStatus {
    GoalStatus::Proposed,
    GoalStatus::Active,
    GoalStatus::Achieved,
    GoalStatus::Paused,
    GoalStatus::Dropped
});
crate::unit_enum!(Severity {
    Severity::Error,
    Severity::Warning
});
crate::record!(Diagnostic {
    severity,
    code,
    file,
    line,
    column,
    message
});
crate::record!(Indicator {
    name,
    baseline,
    target,
    current,
    unit,
    as_of
});
crate::record!(GoalMeta {
    id,
    owner,
    contributors,
    status,
    area,
    target,
    progress,
    indicators,
    chapters,
    case_studies,
    review,
    review_every
});
crate::record!(CaseStudyMeta {
    country,
    organisation,
    year,
    goals
});
crate::record!(OwnerMeta {
    owner_type,
    handles,
    website,
    contact
});
crate::record!(Ref {
    target,
    slug,
    field,
    pos
});
crate::record!(Meta {
    title,
    slug,
    weight,
    tags,
    summary,
    draft,
    owners,
    lang,
    translation_of,
    extra,
    goal,
    case_study,
    owner,
    refs,
    slug_pos,
    id_pos,
    owners_pos,
    review,
    review_every
});
crate::record!(ParsedPage {
    path,
    display,
    kind,
    meta,
    body,
    body_line,
    key_lines,
    front_matter
});
crate::record!(Heading { level, id, text });
crate::record!(BrokenLink {
    target,
    pos,
    reason
});
crate::record!(AnchorLink {
    path,
    id,
    target,
    pos
});
crate::record!(Rendered {
    html,
    headings,
    links,
    broken,
    warnings,
    anchors,
    html_title
});

impl Encode for Call {
    fn encode(&self, w: &mut Writer) {
        match self {
            Call::PageUrl(p, a) => {
                w.byte(0);
                w.put(p);
                w.put(a);
            }
            Call::Asset(p, a) => {
                w.byte(1);
                w.put(p);
                w.put(a);
            }
            Call::Wiki(n, a) => {
                w.byte(2);
                w.put(n);
                w.put(a);
            }
            Call::Url(u, a) => {
                w.byte(3);
                w.put(u);
                w.put(a);
            }
            Call::Base(a) => {
                w.byte(4);
                w.put(a);
            }
            Call::Folder(f, a) => {
                w.byte(5);
                w.put(f);
                w.put(a);
            }
        }
    }
}

impl Decode for Call {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => Call::PageUrl(r.get()?, r.get()?),
            1 => Call::Asset(r.get()?, r.get()?),
            2 => Call::Wiki(r.get()?, r.get()?),
            3 => Call::Url(r.get()?, r.get()?),
            4 => Call::Base(r.get()?),
            5 => Call::Folder(r.get()?, r.get()?),
            _ => return None,
        })
    }
}
