//! How deep HTML nests, and how many elements it makes, as the sanitiser's parser would build
//! it, found without its cost.
//!
//! html5ever's tree builder looks through its stack of open elements for every tag it reads
//! ("is there a `<p>` in scope?"), so parsing `n` nested elements costs `n²`: 100,000 nested
//! `<div>` took over a minute to sanitise. Browsers stop nesting at 512 levels; stratwiki
//! sanitises only HTML at most [`MAX_DEPTH`] deep. And HTML re-opens formatting elements that
//! a closing tag cut off (`<p><b><i></p><p>x` puts `x` in a new `<b><i>`): 200 of them opened
//! once, then `<p>x</p>` 20,000 times, made 4 million elements (160 KB in, 28 MB out, 43 s).
//! Every element comes from at least a tag of three bytes or so, so stratwiki sanitises only
//! HTML that makes at most one element for every two of its bytes ([`too_complex`]).
//!
//! This module runs the same parser (same fragment context as ammonia) into a sink that keeps
//! nothing but each element's depth and a count, fed a few kilobytes at a time, and stops as
//! soon as either limit is passed: its cost is then bounded by the limits, linear in the input.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ExpandedName, QualName, local_name, ns};

/// The deepest HTML stratwiki sanitises; a page whose HTML nests deeper keeps its raw HTML as
/// text (with a warning). Content never needs this much; browsers stop at 512.
pub const MAX_DEPTH: usize = 256;

/// How much HTML the parser is given between two looks at the depth reached.
const CHUNK: usize = 4096;

/// A node as far as depth goes: its name (the tree builder asks), depth and parent.
struct Node {
    name: QualName,
    depth: Cell<usize>,
    parent: RefCell<Option<Rc<Node>>>,
    /// A `<template>`'s contents, a node of its own.
    contents: Option<Rc<Node>>,
}

impl Node {
    fn new(name: QualName) -> Rc<Node> {
        Rc::new(Node {
            name,
            depth: Cell::new(0),
            parent: RefCell::new(None),
            contents: None,
        })
    }
}

/// The sink: it records the greatest depth any node was put at, and counts elements.
struct DepthSink {
    document: Rc<Node>,
    deepest: Rc<Cell<usize>>,
    elements: Rc<Cell<usize>>,
}

impl DepthSink {
    fn place(&self, parent: &Rc<Node>, depth: usize, child: NodeOrText<Rc<Node>>) {
        if let NodeOrText::AppendNode(n) = child {
            n.depth.set(depth);
            if let Some(c) = &n.contents {
                c.depth.set(depth);
            }
            *n.parent.borrow_mut() = Some(parent.clone());
            if depth > self.deepest.get() {
                self.deepest.set(depth);
            }
        }
    }
}

impl TreeSink for DepthSink {
    type Handle = Rc<Node>;
    type Output = ();
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) {}

    fn parse_error(&self, _msg: std::borrow::Cow<'static, str>) {}

    fn get_document(&self) -> Rc<Node> {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> ExpandedName<'a> {
        target.name.expanded()
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> Rc<Node> {
        self.elements.set(self.elements.get() + 1);
        let contents = flags.template.then(|| Node::new(name.clone()));
        Rc::new(Node {
            name,
            depth: Cell::new(0),
            parent: RefCell::new(None),
            contents,
        })
    }

    fn create_comment(&self, _: StrTendril) -> Rc<Node> {
        Node::new(QualName::new(None, ns!(), local_name!("")))
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> Rc<Node> {
        Node::new(QualName::new(None, ns!(), local_name!("")))
    }

    fn append(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        self.place(parent, parent.depth.get() + 1, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Rc<Node>,
        prev_element: &Rc<Node>,
        child: NodeOrText<Rc<Node>>,
    ) {
        if element.parent.borrow().is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target.contents.clone().unwrap_or_else(|| target.clone())
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Rc<Node>, new_node: NodeOrText<Rc<Node>>) {
        let parent = sibling.parent.borrow().clone();
        let parent = parent.unwrap_or_else(|| self.document.clone());
        self.place(&parent, sibling.depth.get(), new_node);
    }

    fn add_attrs_if_missing(&self, _: &Rc<Node>, _: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &Rc<Node>) {
        *target.parent.borrow_mut() = None;
    }

    // Children moved under a node one level down (the adoption agency): the tree builder's
    // stack of open elements, whose size is the cost, does not grow by it.
    fn reparent_children(&self, _: &Rc<Node>, _: &Rc<Node>) {}
}

/// Why HTML is not sanitised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    /// An element nests deeper than [`MAX_DEPTH`].
    Depth,
    /// The parser makes more elements than one for every two bytes.
    Elements,
}

/// Whether parsing `html` as the sanitiser does would put an element deeper than `max_depth`,
/// or make more than one element for every two bytes of `html`. Stops reading as soon as it
/// would: the work is linear in `html` for any fixed depth.
pub fn too_complex(html: &str, max_depth: usize) -> Option<Excess> {
    let deepest = Rc::new(Cell::new(0));
    let elements = Rc::new(Cell::new(0));
    let sink = DepthSink {
        document: Node::new(QualName::new(None, ns!(), local_name!(""))),
        deepest: deepest.clone(),
        elements: elements.clone(),
    };
    let budget = html.len() / 2 + 64;
    let over = || {
        if deepest.get() > max_depth {
            Some(Excess::Depth)
        } else if elements.get() > budget {
            Some(Excess::Elements)
        } else {
            None
        }
    };
    let mut parser = html5ever::parse_fragment(
        sink,
        html5ever::ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        vec![],
        false,
    );
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        if let Some(e) = over() {
            return Some(e);
        }
    }
    parser.finish();
    over()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_nesting_as_the_parser_builds_it() {
        let deep = Some(Excess::Depth);
        assert_eq!(too_complex("<p>a <b>b</b></p><ul><li>x</li></ul>", 3), None);
        assert_eq!(too_complex("<div><div><div><div>x", 3), deep);
        assert_eq!(too_complex(&"<div></div>".repeat(100), 3), None);
        // Implied elements count: a cell is in a row in a body in a table.
        assert_eq!(too_complex("<table><td>x", 3), deep);
        // Elements put before a table (foster parenting) nest where the parser puts them.
        let fostered = format!("<table>{}", "<div>".repeat(10));
        assert_eq!(too_complex(&fostered, 8), deep);
    }

    #[test]
    fn counts_the_elements_reopened_formatting_makes() {
        let opened: String = (0..100).map(|i| format!("<b a={i}>")).collect();
        let html = format!("<p>{opened}</p>{}", "<p>x</p>".repeat(1000));
        assert_eq!(too_complex(&html, MAX_DEPTH), Some(Excess::Elements));
        // Ordinary HTML makes far fewer elements than bytes.
        let table = "<table><tr><td>a</td><td><b>b</b></td></tr></table>".repeat(1000);
        assert_eq!(too_complex(&table, MAX_DEPTH), None);
        assert_eq!(too_complex("<br><hr><img>", MAX_DEPTH), None);
    }

    #[test]
    fn stops_early_on_deep_html() {
        let start = std::time::Instant::now();
        assert_eq!(
            too_complex(&"<div>".repeat(100_000), MAX_DEPTH),
            Some(Excess::Depth)
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
