//! Page keys: a hash of everything a page is made from, fed straight from its `Serialize` form.
//!
//! Keys decide whether a page of the previous build (or of another version) can be taken as it
//! is, so every page of every build computes one, over contexts that hold the page's whole
//! rendered text. Going through JSON for that spent most of the time escaping strings; this
//! serializer hands the hasher each value's bytes with just enough framing (lengths, tags, ends
//! of sequences) that two different values never feed the same stream.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

/// Something that can feed a key.
pub trait Hashable {
    /// Feed this value, followed by an end mark, into `h`.
    fn feed(&self, h: &mut KeyHasher);
}

impl<T: Serialize + ?Sized> Hashable for T {
    fn feed(&self, h: &mut KeyHasher) {
        // The serializer never fails: it only writes into the hasher.
        let _ = self.serialize(Feed(h));
        // The end of this part, so two parts never run together into the same stream.
        h.write_u8(0xff);
    }
}

/// The hasher behind keys: deterministic (keys are compared with those a previous process
/// saved), of good quality (a false match would serve a stale page), and several times faster
/// than SipHash on the long strings pages hold (on a rebuild of 3,059 pages SipHash was 5% of
/// the profile; side by side, foldhash used about 8% less CPU for the whole rebuild).
pub type KeyHasher = foldhash::quality::FoldHasher<'static>;

/// A stable hash of serialisable parts.
pub fn key_of(parts: &[&dyn Hashable]) -> u64 {
    use std::hash::BuildHasher;
    let mut h = foldhash::quality::FixedState::with_seed(0x5717_a1c1).build_hasher();
    for p in parts {
        p.feed(&mut h);
    }
    h.finish()
}

/// Framing bytes, one per kind of value, so `Some("")` and `""` or `[]` and `()` differ.
mod tag {
    pub const NONE: u8 = 1;
    pub const SOME: u8 = 2;
    pub const UNIT: u8 = 3;
    pub const SEQ: u8 = 4;
    pub const MAP: u8 = 5;
    pub const END: u8 = 6;
    pub const VARIANT: u8 = 7;
    pub const STR: u8 = 8;
}

/// The serializer: each method writes into the hasher.
struct Feed<'a>(&'a mut KeyHasher);

/// Sequences, maps and structs: their parts in order, then an end mark.
struct Compound<'a>(&'a mut KeyHasher);

type Never = std::fmt::Error;

impl<'a> Feed<'a> {
    fn str(self, s: &str) -> Result<(), Never> {
        self.0.write_u8(tag::STR);
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
        Ok(())
    }

    fn open(self, t: u8) -> Result<Compound<'a>, Never> {
        self.0.write_u8(t);
        Ok(Compound(self.0))
    }
}

impl<'a> ser::Serializer for Feed<'a> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.0.write_u8(v as u8);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Never> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Never> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Never> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Never> {
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Never> {
        self.0.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Never> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Never> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Never> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Never> {
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Never> {
        self.0.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.0.write_u32(v as u32);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.0.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.0.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.0.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, i: u32, _: &'static str) -> Result<(), Never> {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(i);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(i);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        self.open(tag::SEQ)
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Never> {
        self.open(tag::SEQ)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        self.open(tag::SEQ)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(i);
        self.open(tag::SEQ)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        self.open(tag::MAP)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        self.open(tag::MAP)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(i);
        self.open(tag::MAP)
    }
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(Feed(self.0))
    }
    /// A struct field: its name too, since fields skipped when empty change the shape.
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Never> {
        Feed(self.0).str(name)?;
        self.element(value)
    }
    fn close(self) -> Result<(), Never> {
        self.0.write_u8(tag::END);
        Ok(())
    }
}

macro_rules! sequence {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                self.element(value)
            }
            fn end(self) -> Result<(), Never> {
                self.close()
            }
        }
    )*};
}
sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! structure {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                self.field(name, value)
            }
            fn end(self) -> Result<(), Never> {
                self.close()
            }
        }
    )*};
}
structure!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.element(value)
    }
    fn end(self) -> Result<(), Never> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Page<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        owner: Option<&'a str>,
        tags: Vec<&'a str>,
    }

    #[test]
    fn equal_values_give_equal_keys_and_different_ones_differ() {
        let a = Page {
            title: "Goal",
            owner: Some("agency"),
            tags: vec!["x", "y"],
        };
        let same = Page {
            title: "Goal",
            owner: Some("agency"),
            tags: vec!["x", "y"],
        };
        assert_eq!(key_of(&[&a]), key_of(&[&same]));
        // Framing: moving text between fields, or between parts, changes the key.
        let moved = Page {
            title: "Goala",
            owner: Some("gency"),
            tags: vec!["x", "y"],
        };
        assert_ne!(key_of(&[&a]), key_of(&[&moved]));
        let regrouped = Page {
            title: "Goal",
            owner: Some("agency"),
            tags: vec!["xy"],
        };
        assert_ne!(key_of(&[&a]), key_of(&[&regrouped]));
        let skipped = Page {
            title: "Goal",
            owner: None,
            tags: vec!["x", "y"],
        };
        assert_ne!(key_of(&[&a]), key_of(&[&skipped]));
        assert_ne!(key_of(&[&"ab", &"c"]), key_of(&[&"a", &"bc"]));
        assert_ne!(key_of(&[&Some("")]), key_of(&[&""]));
        assert_ne!(key_of(&[&Vec::<u8>::new()]), key_of(&[&()]));
    }
}
