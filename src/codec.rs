//! The binary encoding of the build's caches (the history cache, the page cache).
//!
//! A rebuild reads its caches before anything else can start, so they must decode in a few
//! milliseconds: JSON took about 100 ms for the history of 20,000 commits, and the page types
//! hold `&'static str` codes and positions that their template (`Serialize`) form leaves out.
//! So each cached type lists its fields once ([`record!`]) and they are written in that order:
//! integers as variable-length numbers, strings and lists with their length first.
//!
//! Decoding never trusts the bytes: a truncated or damaged file gives `None` (and the cache is
//! rebuilt), never a panic or a huge allocation.

use std::collections::HashSet;
use std::sync::Mutex;

/// Bytes being written.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// A variable-length unsigned integer: seven bits a byte, low bits first.
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    /// A string: its length, then its bytes.
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    /// One byte.
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// Anything encodable.
    pub fn put<T: Encode + ?Sized>(&mut self, v: &T) {
        v.encode(self);
    }
}

/// Bytes being read; every method gives `None` at the end of the bytes or on a bad value.
#[derive(Debug)]
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// One byte.
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    /// What [`Writer::u64`] wrote.
    pub fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    /// A count of things that follow: never more than the bytes left (each takes at least
    /// one), so a corrupt count cannot make us reserve gigabytes.
    pub fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }

    /// What [`Writer::str`] wrote, borrowed from the bytes.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        let (s, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        std::str::from_utf8(s).ok()
    }

    /// Anything decodable.
    pub fn get<T: Decode>(&mut self) -> Option<T> {
        T::decode(self)
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The checksum of a cache file's batch: a quality 64-bit hash of the bytes, fed to the hasher
/// whole (through `Serialize` a byte slice is hashed a byte at a time).
pub fn checksum(bytes: &[u8]) -> u64 {
    hash(bytes, 0x5717_a1c1)
}

/// A quality 64-bit hash of `bytes` with a fixed `seed`: the same in every process.
pub fn hash(bytes: &[u8], seed: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(seed).build_hasher();
    h.write(bytes);
    h.finish()
}

/// A batch as cache files append it: its length and checksum (eight bytes each, little-endian),
/// then `payload`. A build adds one batch to a file instead of rewriting it; a reader takes the
/// batches in order with [`Frames`].
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 16);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The batches ([`frame`]) in `rest`, in order. It ends at the first batch cut short or
/// damaged, leaving `rest` at it: all of a file was read when `rest` is then empty.
#[derive(Debug)]
pub struct Frames<'a> {
    /// What is not read yet.
    pub rest: &'a [u8],
}

impl<'a> Iterator for Frames<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (len, tail) = self.rest.split_first_chunk::<8>()?;
        let (sum, tail) = tail.split_first_chunk::<8>()?;
        let n = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (payload, tail) = tail.split_at_checked(n)?;
        if checksum(payload) != u64::from_le_bytes(*sum) {
            return None;
        }
        self.rest = tail;
        Some(payload)
    }
}

/// A value that can be written into a cache.
pub trait Encode {
    /// Append this value to `w`.
    fn encode(&self, w: &mut Writer);
}

/// A value that can be read back from what [`Encode`] wrote.
pub trait Decode: Sized {
    /// Read one value; `None` when the bytes are not one.
    fn decode(r: &mut Reader<'_>) -> Option<Self>;
}

/// Implement [`Encode`] and [`Decode`] for a struct by listing its fields: they are written and
/// read in the order given (struct literal fields are evaluated in the order written).
#[macro_export]
macro_rules! record {
    ($t:ty { $($f:ident),* $(,)? }) => {
        impl $crate::codec::Encode for $t {
            fn encode(&self, w: &mut $crate::codec::Writer) {
                $( $crate::codec::Encode::encode(&self.$f, w); )*
            }
        }
        impl $crate::codec::Decode for $t {
            fn decode(r: &mut $crate::codec::Reader<'_>) -> Option<Self> {
                Some(Self { $( $f: $crate::codec::Decode::decode(r)?, )* })
            }
        }
    };
}

/// Implement [`Encode`] and [`Decode`] for a field-less enum as the index of its variant in
/// the list given.
#[macro_export]
macro_rules! unit_enum {
    ($t:ty { $($v:expr),* $(,)? }) => {
        impl $crate::codec::Encode for $t {
            fn encode(&self, w: &mut $crate::codec::Writer) {
                let all = [$($v),*];
                let i = all.iter().position(|v| v == self).unwrap_or(0);
                w.byte(i as u8);
            }
        }
        impl $crate::codec::Decode for $t {
            fn decode(r: &mut $crate::codec::Reader<'_>) -> Option<Self> {
                [$($v),*].get(usize::from(r.byte()?)).copied()
            }
        }
    };
}

impl Encode for u64 {
    fn encode(&self, w: &mut Writer) {
        w.u64(*self);
    }
}

impl Decode for u64 {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        r.u64()
    }
}

impl Encode for usize {
    fn encode(&self, w: &mut Writer) {
        w.u64(*self as u64);
    }
}

impl Decode for usize {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        usize::try_from(r.u64()?).ok()
    }
}

impl Encode for u8 {
    fn encode(&self, w: &mut Writer) {
        w.byte(*self);
    }
}

impl Decode for u8 {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        r.byte()
    }
}

impl Encode for i64 {
    /// Zigzag, so small negative numbers stay short.
    fn encode(&self, w: &mut Writer) {
        w.u64(((*self << 1) ^ (*self >> 63)) as u64);
    }
}

impl Decode for i64 {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        let v = r.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

impl Encode for f64 {
    fn encode(&self, w: &mut Writer) {
        w.0.extend_from_slice(&self.to_bits().to_le_bytes());
    }
}

impl Decode for f64 {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        let (b, rest) = r.0.split_first_chunk::<8>()?;
        r.0 = rest;
        Some(f64::from_bits(u64::from_le_bytes(*b)))
    }
}

impl Encode for bool {
    fn encode(&self, w: &mut Writer) {
        w.byte(u8::from(*self));
    }
}

impl Decode for bool {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Encode for str {
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl Encode for String {
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        r.str().map(str::to_string)
    }
}

impl Encode for &'static str {
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl Decode for &'static str {
    /// Interned: these are codes and key names, a small fixed set, so each distinct one is
    /// allocated once per process.
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        Some(intern(r.str()?))
    }
}

/// The one `'static` copy of `s`.
pub fn intern(s: &str) -> &'static str {
    static SEEN: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let seen = seen.get_or_insert_with(HashSet::new);
    if let Some(&s) = seen.get(s) {
        return s;
    }
    let s: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.insert(s);
    s
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut Writer) {
        match self {
            None => w.byte(0),
            Some(v) => {
                w.byte(1);
                v.encode(w);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(None),
            1 => Some(Some(T::decode(r)?)),
            _ => None,
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, w: &mut Writer) {
        w.u64(self.len() as u64);
        for v in self {
            v.encode(w);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut Writer) {
        self.as_slice().encode(w);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        // Sized once: collecting into `Option<Vec<_>>` cannot see the length and grows the
        // vector by doubling.
        let n = r.len()?;
        // `len` keeps `n` within the bytes left; each value takes at least one of them, but may
        // be far larger in memory, so a damaged count reserves no more than the bytes allow.
        let mut v = Vec::with_capacity(n.min(r.0.len() / std::mem::size_of::<T>().max(1) + 1));
        for _ in 0..n {
            v.push(T::decode(r)?);
        }
        Some(v)
    }
}

impl<T: Encode, E: Encode> Encode for Result<T, E> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Ok(v) => {
                w.byte(0);
                v.encode(w);
            }
            Err(e) => {
                w.byte(1);
                e.encode(w);
            }
        }
    }
}

impl<T: Decode, E: Decode> Decode for Result<T, E> {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(Ok(T::decode(r)?)),
            1 => Some(Err(E::decode(r)?)),
            _ => None,
        }
    }
}

macro_rules! tuple {
    ($($n:ident),+) => {
        impl<$($n: Encode),+> Encode for ($($n,)+) {
            #[allow(non_snake_case)]
            fn encode(&self, w: &mut Writer) {
                let ($($n,)+) = self;
                $( $n.encode(w); )+
            }
        }
        impl<$($n: Decode),+> Decode for ($($n,)+) {
            fn decode(r: &mut Reader<'_>) -> Option<Self> {
                Some(($($n::decode(r)?,)+))
            }
        }
    };
}

tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);

impl Encode for jiff::civil::Date {
    fn encode(&self, w: &mut Writer) {
        i64::from(self.year()).encode(w);
        w.byte(self.month() as u8);
        w.byte(self.day() as u8);
    }
}

impl Decode for jiff::civil::Date {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        let year = i16::try_from(i64::decode(r)?).ok()?;
        let month = r.byte()? as i8;
        let day = r.byte()? as i8;
        jiff::civil::Date::new(year, month, day).ok()
    }
}

impl Encode for serde_json::Map<String, serde_json::Value> {
    /// As JSON text: these are the rare front-matter keys stratwiki does not know.
    fn encode(&self, w: &mut Writer) {
        w.str(&serde_json::to_string(self).unwrap_or_else(|_| "{}".into()));
    }
}

impl Decode for serde_json::Map<String, serde_json::Value> {
    fn decode(r: &mut Reader<'_>) -> Option<Self> {
        serde_json::from_str(r.str()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Encode + Decode + PartialEq + std::fmt::Debug>(v: T) {
        let mut w = Writer::default();
        v.encode(&mut w);
        let mut r = Reader(&w.0);
        assert_eq!(T::decode(&mut r).as_ref(), Some(&v));
        assert!(r.is_empty());
        // Every truncation fails rather than reading half a value.
        for n in 0..w.0.len() {
            let mut r = Reader(&w.0[..n]);
            assert!(T::decode(&mut r).is_none(), "{v:?} truncated at {n}");
        }
    }

    #[test]
    fn values_round_trip() {
        round_trip(0u64);
        round_trip(u64::MAX);
        round_trip(-1i64);
        round_trip(i64::MIN);
        round_trip(i64::MAX);
        round_trip(2.5f64);
        round_trip(true);
        round_trip("é — «x»".to_string());
        round_trip(Some(vec![(1usize, "a".to_string()), (2, String::new())]));
        round_trip::<Option<String>>(None);
        round_trip::<Result<u8, String>>(Err("bad".into()));
        round_trip(jiff::civil::date(2026, 11, 27));
        let mut m = serde_json::Map::new();
        m.insert("k".into(), serde_json::json!([1, "two"]));
        round_trip(m);
    }

    #[test]
    fn interned_strings_are_shared() {
        let a = intern(&String::from("yaml"));
        let b = intern("yaml");
        assert!(std::ptr::eq(a, b));
        round_trip::<&'static str>("broken-link");
    }

    #[test]
    fn frames_read_back_until_one_is_cut_or_damaged() {
        let mut bytes = frame(b"one");
        bytes.extend(frame(b""));
        bytes.extend(frame(b"three"));
        let mut f = Frames { rest: &bytes };
        assert_eq!(
            f.by_ref().collect::<Vec<_>>(),
            vec![&b"one"[..], b"", b"three"]
        );
        assert!(f.rest.is_empty());
        let cut = &bytes[..bytes.len() - 1];
        let mut f = Frames { rest: cut };
        assert_eq!(f.by_ref().count(), 2);
        assert_eq!(f.rest.len(), 16 + 4);
        let mut damaged = bytes.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(Frames { rest: &damaged }.count(), 2);
    }

    #[test]
    fn damaged_counts_and_tags_are_rejected() {
        // A list claiming more items than there are bytes.
        assert!(Vec::<u8>::decode(&mut Reader(&[0xff, 0x01])).is_none());
        // An unknown tag.
        assert!(Option::<u8>::decode(&mut Reader(&[7, 1])).is_none());
        assert!(bool::decode(&mut Reader(&[2])).is_none());
        // An over-long integer.
        assert!(u64::decode(&mut Reader(&[0xff; 11])).is_none());
    }
}
