//! JSON (an array of objects) and NDJSON (one object per line) readers.
//!
//! Numbers are kept exactly as written (`serde_json` with `arbitrary_precision`),
//! so `1234.10` never passes through a float.

use super::json_stream::Elements;
use super::raw::{Cell, RawRow, RawTable};
use super::source::InputFormat;
use crate::error::{Error, Result};
use crate::model::clip;
use crate::model::records::Rejection;
use serde_json::Value;

/// A rejected element or value is quoted back in at most this many characters:
/// its first 60 and `…`.
const QUOTED_CHARS: usize = 61;

/// Reads a JSON array of objects into a [`RawTable`]; keys become columns in order of first use.
pub fn read_array(bytes: &[u8], source_name: &str) -> Result<RawTable> {
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position(bytes, e.valid_up_to());
        Error::Syntax {
            source_name: source_name.to_string(),
            line,
            column,
            message: "not valid UTF-8 (save the file as UTF-8)".into(),
        }
    })?;
    read(bytes, InputFormat::Json, source_name)
}

/// Reads NDJSON: a line that does not parse is a rejection, not a fatal error.
pub fn read_lines(bytes: &[u8], source_name: &str) -> Result<RawTable> {
    read(bytes, InputFormat::Ndjson, source_name)
}

/// Reads a whole JSON array or NDJSON document into a [`RawTable`].
fn read(bytes: &[u8], format: InputFormat, source_name: &str) -> Result<RawTable> {
    let mut table = RawTable::of(bytes, source_name)?;
    let mut objects = Vec::new();
    let mut rest = bytes;
    let mut elements = Elements::new(&mut rest, Vec::new(), 1, format, source_name);
    while let Some((line, column, raw)) = elements.next_element()? {
        match element(raw, line, column, format, source_name)? {
            Element::Row(entries) => objects.push((line, entries)),
            Element::Rejected(rejected) => {
                table.rejected_rows += 1;
                table.rejections.extend(rejected);
            }
        }
    }
    if objects.is_empty() && table.rejected_rows == 0 {
        return Err(Error::NoRows {
            source_name: source_name.to_string(),
        });
    }
    // Keys seen so far: a set, so many distinct keys do not make this quadratic.
    let mut known = std::collections::HashSet::new();
    for (_, entries) in &objects {
        for (k, _) in entries {
            if known.insert(k.as_str()) {
                table.headers.push(k.clone());
            }
        }
    }
    table.rows = objects
        .into_iter()
        .map(|(line, entries)| row_of(&table.headers, line, entries))
        .collect();
    Ok(table)
}

/// Parses JSON bytes, checking them as UTF-8 once as a whole rather than string by
/// string; invalid UTF-8 is left to the byte parser, whose error says where.
pub fn from_bytes<'a, T: serde::Deserialize<'a>>(raw: &'a [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(raw) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(raw),
    }
}

/// One element of a JSON array or one NDJSON line, judged.
pub enum Element {
    /// An object's entries: a row.
    Row(Vec<(String, Value)>),
    /// Why it is no row: an element that is not an object, an object that repeats
    /// keys (one rejection each), a bad NDJSON line.
    Rejected(Vec<Rejection>),
}

/// Judges the element `raw` that starts at (`line`, `column`). Text that is not JSON
/// is a rejected row in NDJSON, and stops the run (at its position) in an array,
/// whose document it breaks.
pub fn element(
    raw: &[u8],
    line: u64,
    column: usize,
    format: InputFormat,
    source_name: &str,
) -> Result<Element> {
    match from_bytes::<Entries<Value>>(raw) {
        Ok(Entries(entries)) => {
            // Every repetition of a key, in order: the object is then no row.
            let repeated: Vec<String> = (entries.iter().enumerate())
                .filter(|(i, (k, _))| entries[..*i].iter().any(|(e, _)| e == k))
                .map(|(_, (k, _))| k.clone())
                .collect();
            Ok(match repeated.is_empty() {
                true => Element::Row(entries),
                false => Element::Rejected(key_rejections(&repeated, line, source_name)),
            })
        }
        // Not an object, or not JSON: parsed again (rarely) to say which.
        Err(_) => match serde_json::from_slice::<Value>(raw) {
            Ok(other) => Ok(Element::Rejected(vec![whole_row(
                source_name,
                line,
                &other.to_string(),
                "a JSON object with a \"client\" key".into(),
            )])),
            Err(e) if format == InputFormat::Ndjson => Ok(Element::Rejected(vec![bad_line(
                raw,
                &e,
                line,
                source_name,
            )])),
            Err(e) => Err(element_error(&e, line, column, source_name)),
        },
    }
}

/// The columns of a JSON document: its objects' keys in order of first use. An
/// array element that is not JSON stops the run (the document is broken); anything
/// else that is no object is left to the reading of the rows, which rejects it.
pub fn columns(
    elements: &mut Elements<'_>,
    format: InputFormat,
    name: &str,
) -> Result<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last: Vec<String> = Vec::new();
    let mut any = false;
    while let Some((line, column, raw)) = elements.next_element()? {
        any = true;
        let found: Vec<String> = match from_bytes::<Entries<serde::de::IgnoredAny>>(raw) {
            Ok(Entries(entries)) => entries.into_iter().map(|(k, _)| k).collect(),
            Err(e) if e.classify() == serde_json::error::Category::Data => continue,
            Err(_) if format == InputFormat::Ndjson => continue,
            Err(e) => return Err(element_error(&e, line, column, name)),
        };
        // Exports repeat one set of keys: nothing new to look up.
        if found == last {
            continue;
        }
        for k in &found {
            if known.insert(k.clone()) {
                keys.push(k.clone());
            }
        }
        last = found;
    }
    if !any {
        return Err(Error::NoRows {
            source_name: name.to_string(),
        });
    }
    Ok(keys)
}

/// The rejection of an NDJSON line that is not JSON.
fn bad_line(raw: &[u8], e: &serde_json::Error, line: u64, source_name: &str) -> Rejection {
    let expected = if std::str::from_utf8(raw).is_err() {
        "a JSON object in UTF-8".to_string()
    } else {
        let what = strip_position(&e.to_string());
        format!("a JSON object ({what} at column {})", e.column().max(1))
    };
    whole_row(source_name, line, &String::from_utf8_lossy(raw), expected)
}

/// The rejection of the element on `line` as a whole, `value` quoted back.
fn whole_row(source_name: &str, line: u64, value: &str, expected: String) -> Rejection {
    Rejection {
        file: source_name.to_string(),
        line,
        column: WHOLE_ROW.into(),
        value: clip(value, QUOTED_CHARS).into_owned(),
        expected,
    }
}

/// An object's values in the order of `headers` (absent keys are empty cells).
pub fn row_of(headers: &[String], line: u64, mut entries: Vec<(String, Value)>) -> RawRow {
    let mut row = RawRow::with_capacity(line, headers.len());
    for h in headers {
        let value = entries
            .iter_mut()
            .find(|(k, _)| k == h)
            .map(|(_, v)| std::mem::take(v));
        match value {
            None | Some(Value::Null) => row.push(Cell::Empty),
            Some(Value::String(s)) if s.trim().is_empty() => row.push(Cell::Empty),
            Some(Value::String(s)) => row.push(Cell::Text(s.trim())),
            Some(Value::Number(n)) => row.push(Cell::Number(&plain_number(n.as_str()))),
            Some(other) => row.push(Cell::Invalid(&clip(&other.to_string(), QUOTED_CHARS))),
        }
    }
    row
}

/// A JSON parse error inside an element that starts at (`line`, `column`), positioned
/// in the whole document.
pub fn element_error(e: &serde_json::Error, line: u64, column: usize, source_name: &str) -> Error {
    let (l, c) = (e.line().max(1) as u64, e.column().max(1));
    Error::Syntax {
        source_name: source_name.to_string(),
        line: (line + l - 1) as usize,
        column: if l == 1 { column + c - 1 } else { c },
        message: format!("invalid JSON: {}", strip_position(&e.to_string())),
    }
}

/// The `column` of a rejection that concerns the whole row (a line that is not a JSON object).
pub const WHOLE_ROW: &str = "(whole row)";

/// `serde_json` messages end in "at line L column C"; the caller reports its own position.
fn strip_position(msg: &str) -> String {
    msg.rfind(" at line ")
        .map_or(msg, |i| &msg[..i])
        .to_string()
}

/// Rewrites an exponent-form JSON number (`3.8e4`) as plain digits (`38000`), exactly.
fn plain_number(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['e', 'E']) {
        return text.into();
    }
    rust_decimal::Decimal::from_scientific(text)
        .map_or_else(|_| text.into(), |d| d.normalize().to_string().into())
}

fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// A rejection for each of `keys`, which the object on `line` repeats.
pub fn key_rejections(keys: &[String], line: u64, source_name: &str) -> Vec<Rejection> {
    keys.iter()
        .map(|k| Rejection {
            file: source_name.to_string(),
            line,
            column: k.clone(),
            value: "(given more than once)".into(),
            expected:
                "each key once per object (a repeated key would silently replace the first value)"
                    .into(),
        })
        .collect()
}

/// A JSON object's entries in order, as written: a repeated key is there again (a map
/// would silently keep its last value). Anything but an object is a data error.
/// Entries, not a map: a row's few keys are found faster by comparison than by
/// hashing. `Entries<IgnoredAny>` reads the keys alone (a first look at a file).
pub struct Entries<V>(pub Vec<(String, V)>);

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Entries<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Object<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Object<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Entries<V>, A::Error> {
                let mut entries = Vec::with_capacity(m.size_hint().unwrap_or(16));
                while let Some(entry) = m.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Object(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_keeps_exact_numbers_and_lines() {
        let src = b"[\n {\"client\": \"A\", \"revenue\": 1234.10},\n {\"client\": \"B\",\n  \"cost\": \"5,5\"}\n]";
        let t = read_array(src, "c.json").unwrap();
        assert_eq!(t.headers, ["client", "revenue", "cost"]);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 3);
        assert_eq!(t.rows[0].cell(1), Cell::Number("1234.10"));
        assert_eq!(t.rows[1].cell(1), Cell::Empty);
        assert_eq!(t.rows[1].cell(2), Cell::Text("5,5"));
    }

    #[test]
    fn repeated_keys_reject_the_object() {
        let t = read_array(b"[\n {\"client\": \"A\", \"revenue\": 100, \"revenue\": 200},\n {\"client\": \"B\", \"x\": {\"revenue\": 1}}\n]", "c.json").unwrap();
        assert_eq!(t.rows.len(), 1, "B keeps its nested key");
        assert_eq!(
            (t.rejections[0].line, t.rejections[0].column.as_str()),
            (2, "revenue")
        );
        let t = read_lines(
            b"{\"client\":\"A\",\"client\":\"B\"}\n{\"client\":\"C\"}\n",
            "c.ndjson",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            (t.rejections[0].line, t.rejections[0].column.as_str()),
            (1, "client")
        );
    }

    #[test]
    fn truncated_json_is_a_positioned_error() {
        let err = read_array(b"[{\"client\": \"A\",", "c.json").unwrap_err();
        assert!(matches!(err, Error::Syntax { line: 1, .. }), "{err}");
    }

    #[test]
    fn wrong_types_become_invalid_cells() {
        let t = read_array(b"[{\"client\": \"A\", \"revenue\": true}, 5]", "c.json").unwrap();
        assert_eq!(t.rows[0].cell(1), Cell::Invalid("true"));
        assert_eq!(t.rejected_rows, 1);
    }

    #[test]
    fn ndjson_bad_line_is_rejected_not_fatal() {
        let t = read_lines(
            b"{\"client\":\"A\"}\n{\"client\":\n\n{\"client\":\"B\"}\n",
            "c.ndjson",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rejections[0].line, 2);
    }
}
