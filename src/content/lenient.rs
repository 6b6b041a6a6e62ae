//! Front matter with a key given twice: Jekyll and Hugo take the last value, and a wiki moved
//! from them may have such pages, so stratwiki takes it too, with a warning at the key's own
//! line and column, where yaml_serde's `Mapping` refuses the whole block (at its first line).
//!
//! The block is read once into a [`Value`], building mappings here so a repeated key replaces
//! the earlier value (one lookup per key, as `Mapping`'s own reading does). Only when that
//! found repeats is it read again to place them: serde gives a visitor no positions, but
//! yaml_serde puts the position of the event being read on an error raised while reading it,
//! so each further read stops with an error at the next repeated key. At most
//! [`MAX_PLACED`] are placed that way; the rest are counted in one more warning.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// How many repeated keys of one block get a warning of their own (each costs a read of the
/// block, at most [`super::frontmatter::MAX_BYTES`]).
pub const MAX_PLACED: usize = 20;

/// A key given again in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The key as written (a string key as it is, any other in YAML).
    pub key: String,
    /// 1-based line and column inside the block, when placed.
    pub pos: Option<(usize, usize)>,
    /// The key is one of the block's top-level keys.
    pub top: bool,
}

/// `yaml` as a value where a repeated key's last value wins, with the repeats in the order
/// they appear (the first [`MAX_PLACED`] placed). A syntax error is yaml_serde's.
pub fn parse(yaml: &str) -> Result<(Value, Vec<Repeat>), serde_yaml::Error> {
    let mut state = State::default();
    let value = read(yaml, &mut state)?;
    if state.repeats.is_empty() {
        return Ok((value, Vec::new()));
    }
    let mut repeats = std::mem::take(&mut state.repeats);
    for (n, r) in repeats.iter_mut().enumerate().take(MAX_PLACED) {
        let mut locate = State {
            stop_at: Some(n),
            ..State::default()
        };
        if let Err(e) = read(yaml, &mut locate)
            && locate.stopped
        {
            r.pos = e.location().map(|l| (l.line().max(1), l.column().max(1)));
        }
    }
    Ok((value, repeats))
}

fn read(yaml: &str, state: &mut State) -> Result<Value, serde_yaml::Error> {
    Node { state, depth: 0 }.deserialize(serde_yaml::Deserializer::from_str(yaml))
}

/// What a read has found, and for a read that places a repeat, which one it stops at.
#[derive(Default)]
struct State {
    repeats: Vec<Repeat>,
    /// Stop with an error at the repeated key with this index (counted from 0 in document
    /// order, as the first read lists them).
    stop_at: Option<usize>,
    /// Repeats passed so far in this read.
    seen: usize,
    /// The read stopped at `stop_at` (any other error is the YAML's).
    stopped: bool,
}

/// A value anywhere in the block; `depth` 0 is the block itself.
struct Node<'s> {
    state: &'s mut State,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(Node {
            state: &mut *self.state,
            depth: self.depth + 1,
        })? {
            out.push(v);
        }
        Ok(Value::Sequence(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        let placing = self.state.stop_at.is_some();
        loop {
            let key = if placing {
                map.next_key_seed(Key {
                    state: &mut *self.state,
                    mapping: &mapping,
                    depth: self.depth + 1,
                })?
            } else {
                map.next_key_seed(Node {
                    state: &mut *self.state,
                    depth: self.depth + 1,
                })?
            };
            let Some(key) = key else { break };
            // Repeats are listed in the order of their keys, as a placing read meets them:
            // one found in this value comes after this key's own.
            let slot = self.state.repeats.len();
            let value = map.next_value_seed(Node {
                state: &mut *self.state,
                depth: self.depth + 1,
            })?;
            match mapping.entry(key) {
                serde_yaml::mapping::Entry::Occupied(mut e) => {
                    if !placing {
                        self.state.repeats.insert(
                            slot,
                            Repeat {
                                key: key_text(e.key()),
                                pos: None,
                                top: self.depth == 0,
                            },
                        );
                    }
                    e.insert(value);
                }
                serde_yaml::mapping::Entry::Vacant(e) => {
                    e.insert(value);
                }
            }
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = de::VariantAccess::newtype_variant_seed(contents, self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// A mapping's key, in a read that places a repeat: it fails while its own event is read when
/// it is the repeat sought, so the error carries the key's position.
struct Key<'s, 'm> {
    state: &'s mut State,
    mapping: &'m Mapping,
    depth: usize,
}

impl Key<'_, '_> {
    fn check<E: de::Error>(self, key: Value) -> Result<Value, E> {
        if self.mapping.contains_key(&key) {
            if self.state.stop_at == Some(self.state.seen) {
                self.state.stopped = true;
                return Err(E::custom("repeated key"));
            }
            self.state.seen += 1;
        }
        Ok(key)
    }

    fn node(&mut self) -> Node<'_> {
        Node {
            state: &mut *self.state,
            depth: self.depth,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML key")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.check(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.check(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.check(Value::Number(u.into()))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        self.check(Value::Number(f.into()))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.check(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.check(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.check(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.check(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, seq: A) -> Result<Value, A::Error> {
        let key = self.node().visit_seq(seq)?;
        self.check(key)
    }
    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<Value, A::Error> {
        let key = self.node().visit_map(map)?;
        self.check(key)
    }
    fn visit_enum<A: EnumAccess<'de>>(mut self, data: A) -> Result<Value, A::Error> {
        let key = self.node().visit_enum(data)?;
        self.check(key)
    }
}

/// A key as a message names it.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_value_wins_and_repeats_are_placed() {
        let y = "title: A\nindicators:\n  - name: x\n    name: y\ntitle: B\nm: {k: 1, k: 2}\n";
        let (v, r) = parse(y).unwrap();
        assert_eq!(v["title"], Value::String("B".into()));
        assert_eq!(v["indicators"][0]["name"], Value::String("y".into()));
        assert_eq!(v["m"]["k"], Value::Number(2.into()));
        let repeat = |key: &str, pos, top| Repeat {
            key: key.into(),
            pos: Some(pos),
            top,
        };
        assert_eq!(
            r,
            [
                repeat("name", (4, 5), false),
                repeat("title", (5, 1), true),
                repeat("k", (6, 11), false),
            ]
        );
        // Without repeats: the value yaml_serde makes, and nothing else.
        let plain = "a: [1, {b: c}]\nd: !t x\ne: ~\n";
        let (v, r) = parse(plain).unwrap();
        assert_eq!(v, serde_yaml::from_str::<Value>(plain).unwrap());
        assert!(r.is_empty());
    }

    #[test]
    fn a_repeat_inside_a_repeated_key_s_value_is_placed_after_it() {
        let (v, r) = parse("a: 1\na: {x: 1, x: 2}\n").unwrap();
        assert_eq!(v["a"]["x"], Value::Number(2.into()));
        let placed: Vec<_> = r.iter().map(|r| (r.key.as_str(), r.pos)).collect();
        assert_eq!(placed, [("a", Some((2, 1))), ("x", Some((2, 11)))]);
    }

    #[test]
    fn only_the_first_repeats_are_placed() {
        let y = "a: 1\n".repeat(MAX_PLACED + 5);
        let (_, r) = parse(&y).unwrap();
        assert_eq!(r.len(), MAX_PLACED + 4);
        assert_eq!(r[MAX_PLACED - 1].pos, Some((MAX_PLACED + 1, 1)));
        assert_eq!(r[MAX_PLACED].pos, None);
    }

    #[test]
    fn syntax_errors_are_yaml_serde_s() {
        assert!(parse("a: [1, 2\n").is_err());
    }
}
