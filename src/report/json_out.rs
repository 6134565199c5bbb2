//! A JSON serializer that writes the bytes `serde_json::to_writer` (compact) or
//! `to_writer_pretty` (indented) writes, faster.
//!
//! The report is mostly object keys and short texts. serde_json escapes every key
//! through the same byte-by-byte loop as a client's name, and writes through
//! `io::Write`; this writer appends to a `Vec<u8>`, scans strings eight bytes at a
//! time, and leaves numbers to serde_json's own formatter, so the output cannot
//! drift from serde_json's (the tests compare the two on whole reports).

use serde::ser::{self, Error as _, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Error;

use crate::model::money::JSON_NUMBER_TOKEN;

/// Appends `value` as compact JSON to `out`.
pub fn write_compact<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        raw: false,
        indent: None,
    })
}

/// Appends `value` as JSON indented the way serde_json's pretty printer indents it
/// (two spaces a level), as if it sat `depth` levels deep in a larger document.
pub fn write_pretty<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        raw: false,
        indent: Some(depth),
    })
}

/// The serializer: the output, whether the next string is a number's digits, and
/// the nesting depth when indenting (`None`: compact).
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    raw: bool,
    indent: Option<usize>,
}

impl Writer<'_> {
    /// Opens an array or object.
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        if let Some(depth) = &mut self.indent {
            *depth += 1;
        }
    }

    /// Closes an array or object; indented, one that holds something closes on a line of its own.
    fn close(&mut self, bracket: u8, had_items: bool) {
        if let Some(depth) = &mut self.indent {
            *depth -= 1;
            if had_items {
                let depth = *depth;
                self.newline(depth);
            }
        }
        self.out.push(bracket);
    }

    fn newline(&mut self, depth: usize) {
        self.out.push(b'\n');
        for _ in 0..depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// What goes before an element or a key: a comma after the first, and when
    /// indenting, a new line.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        if let Some(depth) = self.indent {
            self.newline(depth);
        }
    }

    /// Opens a variant's `{"name":` wrapper (serde_json's externally tagged enums).
    fn variant(&mut self, name: &str) {
        self.open(b'{');
        self.item(true);
        write_str(self.out, name);
        self.colon();
    }

    /// Between a key and its value.
    fn colon(&mut self) {
        self.out
            .extend_from_slice(if self.indent.is_some() { b": " } else { b":" });
    }
}

/// Bytes 0x00-0x1F, `"` and `\` need escaping; a word of eight bytes has one if
/// any byte is below 0x20 or equals one of the two (the classic SWAR tests).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let is_quote = quote.wrapping_sub(ONES) & !quote;
    let is_backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | is_quote | is_backslash) & HIGHS != 0
}

/// Which bytes need an escape: control bytes, `"` and `\`.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The escape of a byte that needs one, as serde_json writes it.
fn escape_of(b: u8) -> &'static [u8] {
    match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0C => b"\\f",
        _ => &CONTROL[usize::from(b & 0x1F)],
    }
}

/// `\u00XX` for every control byte (lower-case hex, as serde_json writes it).
const CONTROL: [[u8; 6]; 32] = {
    let hex = b"0123456789abcdef";
    let mut table = [[0u8; 6]; 32];
    let mut i = 0;
    while i < 32 {
        table[i] = [b'\\', b'u', b'0', b'0', hex[i >> 4], hex[i & 15]];
        i += 1;
    }
    table
};

/// The eight bytes at `at` as one word.
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Bits set for the bytes of `chunk[..16]` that need an escape: sixteen bytes a
/// step with SSE2's compares (eight a step with the word tests was a tenth of a
/// JSON report's instructions).
fn escape_mask(chunk: &[u8]) -> u32 {
    use wide::u8x16;
    let mut lanes = [0u8; 16];
    lanes.copy_from_slice(&chunk[..16]);
    let v = u8x16::new(lanes);
    let control = v.max(u8x16::splat(0x1F)).simd_eq(u8x16::splat(0x1F));
    let special = v.simd_eq(u8x16::splat(b'"')) | v.simd_eq(u8x16::splat(b'\\'));
    (control | special).to_bitmask()
}

/// The first byte from `from` on that needs an escape.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 16 <= bytes.len() {
        let mask = escape_mask(&bytes[i..]);
        if mask != 0 {
            return Some(i + mask.trailing_zeros() as usize);
        }
        i += 16;
    }
    if i >= bytes.len() {
        return None;
    }
    if bytes.len() >= 16 {
        // The tail, read as the last sixteen bytes (those before `i` are known clean).
        let base = bytes.len() - 16;
        let mask = escape_mask(&bytes[base..]) >> (i - base);
        return (mask != 0).then(|| i + mask.trailing_zeros() as usize);
    }
    if i + 8 <= bytes.len() && !needs_escape(word_at(bytes, i)) {
        i += 8;
    }
    if i + 8 > bytes.len() && bytes.len() >= 8 && i < bytes.len() {
        // The tail, read as the last eight bytes (those before `i` are known clean).
        if !needs_escape(word_at(bytes, bytes.len() - 8)) {
            return None;
        }
    }
    (i..bytes.len()).find(|&j| ESCAPED[usize::from(bytes[j])])
}

/// Appends `s` as a JSON string.
pub(super) fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_escaped(out, s);
    out.push(b'"');
}

/// Appends `s` escaped, without the quotes.
fn write_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(at) = next_escape(bytes, start) {
        out.extend_from_slice(&bytes[start..at]);
        out.extend_from_slice(escape_of(bytes[at]));
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Appends `v` as serde_json writes a float: its shortest round-trip digits, or
/// `null` when it is not finite.
pub(super) fn write_f64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        // Writing to a Vec cannot fail.
        let _ = CompactFormatter.write_f64(out, v);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Appends `value`'s `Display` text as a JSON string (serde's `collect_str`).
pub(super) fn write_display<T: std::fmt::Display + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), Error> {
    use std::fmt::Write as _;
    out.push(b'"');
    write!(Escaping(out), "{value}")
        .map_err(|_| ser::Error::custom("a Display implementation returned an error"))?;
    out.push(b'"');
    Ok(())
}

/// A `fmt::Write` that escapes what it is given into the output: `Display` values
/// (dates, figures with units) go straight into the JSON string, with no `String`
/// made for each. JSON escapes one character at a time, so where `Display` splits
/// its pieces changes nothing.
struct Escaping<'o>(&'o mut Vec<u8>);

impl std::fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        write_escaped(self.0, s);
        Ok(())
    }
}

/// An array, object or number-as-text under way.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    /// serde_json's number held as text: one field, its digits written bare.
    number: bool,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        let first = std::mem::take(&mut self.first);
        if self.w.indent.is_none() {
            if !first {
                self.w.out.push(b',');
            }
        } else {
            self.w.item(first);
        }
    }

    /// A struct field's name: written as is, since it is a Rust identifier or a serde
    /// rename in this crate, and none holds a quote, backslash or control character
    /// (checked in debug builds, so the test suite would catch one).
    fn key(&mut self, key: &'static str) {
        debug_assert!(
            next_escape(key.as_bytes(), 0).is_none(),
            "field name {key:?} needs escaping"
        );
        let first = std::mem::take(&mut self.first);
        if self.w.indent.is_some() {
            self.w.item(first);
            let out = &mut *self.w.out;
            out.push(b'"');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\": ");
            return;
        }
        // Compact, the common case: one reservation, no escaping scan.
        let out = &mut *self.w.out;
        out.reserve(key.len() + 4);
        if !first {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
    }
}

macro_rules! numbers {
    ($($method:ident: $t:ty => $write:ident,)*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            // Writing to a Vec cannot fail.
            let _ = CompactFormatter.$write(self.out, v);
            Ok(())
        }
    )*};
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    numbers! {
        serialize_i8: i8 => write_i8,
        serialize_i16: i16 => write_i16,
        serialize_i32: i32 => write_i32,
        serialize_i64: i64 => write_i64,
        serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8,
        serialize_u16: u16 => write_u16,
        serialize_u32: u32 => write_u32,
        serialize_u64: u64 => write_u64,
        serialize_u128: u128 => write_u128,
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if v.is_finite() {
            let _ = CompactFormatter.write_f32(self.out, v);
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_f64(self.out, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if std::mem::take(&mut self.raw) {
            self.out.extend_from_slice(v.as_bytes());
        } else {
            write_str(self.out, v);
        }
        Ok(())
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<(), Error> {
        if self.raw {
            return self.serialize_str(&value.to_string());
        }
        write_display(self.out, value)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant);
        value.serialize(&mut *self)?;
        self.close(b'}', true);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        self.open(b'[');
        Ok(Compound {
            w: self,
            first: true,
            number: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        self.variant(variant);
        self.open(b'[');
        Ok(Compound {
            w: self,
            first: true,
            number: false,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        self.open(b'{');
        Ok(Compound {
            w: self,
            first: true,
            number: false,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        let number = name == JSON_NUMBER_TOKEN;
        if !number {
            self.open(b'{');
        }
        Ok(Compound {
            w: self,
            first: true,
            number,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        self.variant(variant);
        self.open(b'{');
        Ok(Compound {
            w: self,
            first: true,
            number: false,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Error> {
        self.w.close(b']', !self.first);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        self.w.close(b']', !self.first);
        self.w.close(b'}', true);
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        // A key is written as a value, then checked: serde_json takes strings as they
        // are, quotes numbers and booleans, and refuses anything else.
        let at = self.w.out.len();
        key.serialize(&mut *self.w)?;
        match self.w.out.get(at) {
            Some(b'"') => {}
            Some(b'-' | b'0'..=b'9' | b't' | b'f') => {
                self.w.out.insert(at, b'"');
                self.w.out.push(b'"');
            }
            _ => return Err(Error::custom("key must be a string")),
        }
        self.w.colon();
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Error> {
        self.w.close(b'}', !self.first);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if self.number {
            self.w.raw = true;
        } else {
            self.key(key);
        }
        let written = value.serialize(&mut *self.w);
        self.w.raw = false;
        written
    }

    fn end(self) -> Result<(), Error> {
        if !self.number {
            self.w.close(b'}', !self.first);
        }
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Error> {
        self.w.close(b'}', !self.first);
        self.w.close(b'}', true);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(String),
        Tuple(i8, Option<f32>),
        Struct { text: String, at: char },
    }

    /// Text shown by `Display` one character at a time, through `collect_str`.
    struct Pieces(String);

    impl Serialize for Pieces {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    impl std::fmt::Display for Pieces {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            use std::fmt::Write as _;
            self.0.chars().try_for_each(|c| f.write_char(c))
        }
    }

    #[derive(Serialize)]
    struct Sample {
        text: String,
        shown: Pieces,
        ratio: f64,
        money: Decimal,
        #[serde(serialize_with = "crate::model::money::serialize_opt_decimal")]
        exact: Option<Decimal>,
        wide: (i128, u128),
        flag: bool,
        list: Vec<Shape>,
        by_name: BTreeMap<String, f64>,
        by_number: BTreeMap<i64, bool>,
        empty: Vec<u8>,
        nothing: (),
    }

    /// Our compact output and serde_json's, after checking that the indented outputs agree.
    fn both<T: Serialize>(value: &T) -> (String, String) {
        let mut ours = Vec::new();
        write_pretty(value, &mut ours, 0).unwrap();
        let theirs = serde_json::to_vec_pretty(value).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap(),
            "indented"
        );
        let mut ours = Vec::new();
        write_compact(value, &mut ours).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        (
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap(),
        )
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let text = "a\"b\\c\u{0}\u{1f}\n\r\t\u{8}\u{c}\u{7f}ü گروه 🎉 twelve bytes \"";
        let (ours, theirs) = both(&text);
        assert_eq!(ours, theirs);
        // DEL (0x7F) and every non-ASCII character stay as they are.
        let expected = concat!(
            r#""a\"b\\c\u0000\u001f\n\r\t\b\f"#,
            "\u{7f}ü گروه 🎉 twelve bytes ",
            r#"\"""#
        );
        assert_eq!(ours, expected);
    }

    #[test]
    fn displayed_values_are_escaped_as_serde_json_does() {
        // Written piece by piece: an escape may fall on any seam.
        let (ours, theirs) = both(&Pieces("a\"b\\\u{1}\nü".into()));
        assert_eq!(ours, theirs);
        assert_eq!(ours, r#""a\"b\\\u0001\nü""#);
        let date: chrono::NaiveDate = "2026-11-01".parse().unwrap();
        assert_eq!(
            both(&date),
            (r#""2026-11-01""#.into(), r#""2026-11-01""#.into())
        );
    }

    #[test]
    fn finds_each_escape_at_every_position() {
        // Every byte that needs an escape, alone among plain ones, in the sixteen-byte
        // steps, in the tail, and in strings shorter than a step or a word.
        let specials = (0u8..0x20).chain([b'"', b'\\']);
        for special in specials {
            for len in [1, 7, 8, 9, 15, 16, 17, 20, 31, 32, 33, 47] {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = special;
                    let text = String::from_utf8(bytes).unwrap();
                    let (ours, theirs) = both(&text);
                    assert_eq!(ours, theirs, "byte {special:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn map_keys_are_quoted_or_refused_as_serde_json_does() {
        let numbers: BTreeMap<i64, u8> = [(-3, 1), (40, 2)].into();
        assert_eq!(both(&numbers).0, r#"{"-3":1,"40":2}"#);
        let flags: BTreeMap<bool, u8> = [(true, 1)].into();
        assert_eq!(both(&flags).0, r#"{"true":1}"#);
        let units: BTreeMap<(), u8> = [((), 1)].into();
        assert!(write_compact(&units, &mut Vec::new()).is_err());
        assert!(serde_json::to_vec(&units).is_err());
    }

    #[test]
    fn indents_as_serde_json_does() {
        let mut nested: BTreeMap<String, Vec<Shape>> = BTreeMap::new();
        nested.insert("empty".into(), Vec::new());
        nested.insert(
            "shapes".into(),
            vec![
                Shape::Unit,
                Shape::Newtype("n".into()),
                Shape::Tuple(1, None),
                Shape::Struct {
                    text: "t".into(),
                    at: 'x',
                },
            ],
        );
        let mut ours = Vec::new();
        write_pretty(&nested, &mut ours, 0).unwrap();
        let expected = r#"{
  "empty": [],
  "shapes": [
    "Unit",
    {
      "Newtype": "n"
    },
    {
      "Tuple": [
        1,
        null
      ]
    },
    {
      "Struct": {
        "text": "t",
        "at": "x"
      }
    }
  ]
}"#;
        assert_eq!(String::from_utf8(ours).unwrap(), expected);
        assert_eq!(both(&nested).0, both(&nested).1);
        // Two levels down, as a client sits in the report: its lines indented by four more.
        let mut deep = Vec::new();
        write_pretty(&Shape::Newtype("n".into()), &mut deep, 2).unwrap();
        assert_eq!(
            String::from_utf8(deep).unwrap(),
            "{\n      \"Newtype\": \"n\"\n    }"
        );
    }

    #[test]
    fn numbers_as_text_are_bare() {
        let (ours, theirs) = both(&[Decimal::new(-5, 2), Decimal::new(120_000, 0)]);
        assert_eq!(ours, theirs);
        assert_eq!(ours, "[-0.05,120000]");
    }

    proptest! {
        #[test]
        fn writes_what_serde_json_writes(
            text in any::<String>(),
            ratio in any::<f64>(),
            (lo, mid, hi, negative, scale) in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28),
            wide in any::<(i128, u128)>(),
            small in any::<(i8, f32, char, bool)>(),
            names in proptest::collection::btree_map(any::<String>(), any::<f64>(), 0..4),
            numbers in proptest::collection::btree_map(any::<i64>(), any::<bool>(), 0..4),
        ) {
            let money = Decimal::from_parts(lo, mid, hi, negative, scale);
            let sample = Sample {
                shown: Pieces(text.clone()),
                text: text.clone(),
                ratio,
                money,
                exact: Some(money),
                wide,
                flag: small.3,
                list: vec![
                    Shape::Unit,
                    Shape::Newtype(text.clone()),
                    Shape::Tuple(small.0, Some(small.1)),
                    Shape::Struct { text, at: small.2 },
                ],
                by_name: names,
                by_number: numbers,
                empty: Vec::new(),
                nothing: (),
            };
            let (ours, theirs) = both(&sample);
            prop_assert_eq!(ours, theirs);
        }
    }
}
