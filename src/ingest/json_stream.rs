//! JSON arrays and NDJSON read one element at a time, block by block, for ledger
//! files: memory holds one block and one element whatever the file's size.
//!
//! The scanner only finds where each element of the top-level array (or each
//! NDJSON line) begins and ends, quote- and escape-aware; `serde_json` parses the
//! element itself. The array's own punctuation (`[`, `,`, `]`) is checked here, so
//! a malformed document is still a positioned error, as when it was parsed whole.

use super::source::InputFormat;
use crate::error::{Error, Result};
use std::io::Read;

/// Bytes read at a time.
const BLOCK: usize = 1 << 16;
/// An element longer than this (an unclosed string swallowing the file) is an error.
const MAX_ELEMENT: usize = 64 << 20;

/// Where the array scanner is between elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]`.
    Open,
    /// After `,`: an element.
    Comma,
    /// After an element: `,` or `]`.
    Element,
    /// After the closing `]`: only whitespace.
    Done,
}

/// The elements of one JSON array or NDJSON document, in order, with their lines.
pub struct Elements<'r> {
    reader: &'r mut dyn Read,
    name: String,
    format: InputFormat,
    buf: Vec<u8>,
    /// Bytes of `buf` already handed out or skipped.
    pos: usize,
    /// Line and column (1-based, in bytes) of `buf[pos]`.
    line: u64,
    column: usize,
    eof: bool,
    at: At,
    /// Column of the last element's first byte (where a parse error inside it is
    /// placed in the document).
    element_column: usize,
}

impl<'r> Elements<'r> {
    /// Elements of `head` (the document's first bytes, starting on `line`) and then
    /// the rest of `reader`.
    pub fn new(
        reader: &'r mut dyn Read,
        head: Vec<u8>,
        line: u64,
        format: InputFormat,
        name: &str,
    ) -> Self {
        Elements {
            reader,
            name: name.to_string(),
            format,
            buf: head,
            pos: 0,
            line,
            column: 1,
            eof: false,
            at: At::Start,
            element_column: 1,
        }
    }

    /// The next element's line, column and bytes; `None` at the end of the document.
    pub fn next_element(&mut self) -> Result<Option<(u64, usize, &[u8])>> {
        let range = match self.format {
            InputFormat::Ndjson => self.next_line()?,
            _ => self.next_in_array()?,
        };
        let column = self.element_column;
        Ok(range.map(|(line, start, end)| (line, column, &self.buf[start..end])))
    }

    /// A syntax error at the current position.
    pub fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.line, self.column, message)
    }

    /// A syntax error at a position.
    pub fn error_at(&self, line: u64, column: usize, message: impl Into<String>) -> Error {
        Error::Syntax {
            source_name: self.name.clone(),
            line: line as usize,
            column,
            message: message.into(),
        }
    }

    /// Reads another block, first dropping what was consumed; false at the end.
    fn fill(&mut self) -> Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let before = self.buf.len();
        (&mut *self.reader)
            .take(BLOCK as u64)
            .read_to_end(&mut self.buf)
            .map_err(Error::io(std::path::Path::new(&self.name)))?;
        self.eof = self.buf.len() - before < BLOCK;
        Ok(self.buf.len() > before)
    }

    /// Moves past `n` bytes, keeping the line and column.
    fn advance(&mut self, n: usize) {
        let skipped = &self.buf[self.pos..self.pos + n];
        match memchr::memrchr(b'\n', skipped) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', skipped).count() as u64;
                self.column = n - last;
            }
            None => self.column += n,
        }
        self.pos += n;
    }

    /// The next non-blank NDJSON line (without its line break).
    fn next_line(&mut self) -> Result<Option<(u64, usize, usize)>> {
        loop {
            let rest = &self.buf[self.pos..];
            let (len, ended) = match memchr::memchr(b'\n', rest) {
                Some(i) => (i, true),
                None if self.eof => (rest.len(), false),
                None => {
                    if rest.len() > MAX_ELEMENT {
                        return Err(
                            self.error(format!("a line runs past {} MiB", MAX_ELEMENT >> 20))
                        );
                    }
                    self.fill()?;
                    continue;
                }
            };
            if len == 0 && !ended {
                return Ok(None);
            }
            let (start, line) = (self.pos, self.line);
            self.element_column = 1;
            let blank = rest[..len].iter().all(u8::is_ascii_whitespace);
            self.advance(len + usize::from(ended));
            if !blank {
                return Ok(Some((line, start, start + len)));
            }
        }
    }

    /// The first byte that is not whitespace, reading more as needed.
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        loop {
            let rest = &self.buf[self.pos..];
            match rest.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => {
                    self.advance(i);
                    return Ok(Some(self.buf[self.pos]));
                }
                None => {
                    let n = rest.len();
                    self.advance(n);
                    if !self.fill()? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// The next element of the top-level array, checking the punctuation around it.
    fn next_in_array(&mut self) -> Result<Option<(u64, usize, usize)>> {
        loop {
            let b = self.skip_whitespace()?;
            match (self.at, b) {
                (At::Start, Some(b'[')) => self.punct(At::Open),
                (At::Start, _) => {
                    return Err(self
                        .error("expected a JSON array of client objects, [ {\"client\": …}, … ]"))
                }
                (At::Open, Some(b']')) | (At::Element, Some(b']')) => self.punct(At::Done),
                (At::Element, Some(b',')) => self.punct(At::Comma),
                (At::Open | At::Comma, Some(_)) => return self.element().map(Some),
                (At::Done, None) => return Ok(None),
                (At::Done, Some(_)) => {
                    return Err(self.error("invalid JSON: trailing characters after the array"))
                }
                (At::Element, Some(_)) => {
                    return Err(self.error("invalid JSON: expected `,` or `]` after an element"))
                }
                (At::Comma, None) | (At::Open, None) | (At::Element, None) => {
                    return Err(self.error("invalid JSON: EOF while parsing a list"))
                }
            }
        }
    }

    fn punct(&mut self, next: At) {
        self.advance(1);
        self.at = next;
    }

    /// The element starting at `pos`: an object or array up to its matching close,
    /// a string, or a bare value up to the next `,`, `]` or whitespace.
    fn element(&mut self) -> Result<(u64, usize, usize)> {
        let (line, column) = (self.line, self.column);
        self.element_column = column;
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut i = self.pos;
        let end = loop {
            if i == self.buf.len() {
                if self.buf.len() - self.pos > MAX_ELEMENT {
                    return Err(self.error_at(
                        line,
                        column,
                        format!(
                            "an element runs past {} MiB: an unclosed string?",
                            MAX_ELEMENT >> 20
                        ),
                    ));
                }
                let offset = i - self.pos;
                if !self.fill()? {
                    // Cut off: the parser of the element says what is missing, and where.
                    break self.pos + offset;
                }
                // `fill` moved the unconsumed bytes to the front.
                i = self.pos + offset;
                continue;
            }
            if in_string {
                if escaped {
                    escaped = false;
                    i += 1;
                    continue;
                }
                // Most of an export is inside strings: jump to the next quote or escape.
                let Some(k) = memchr::memchr2(b'"', b'\\', &self.buf[i..]) else {
                    i = self.buf.len();
                    continue;
                };
                i += k;
                if self.buf[i] == b'\\' {
                    escaped = true;
                } else {
                    in_string = false;
                    if depth == 0 {
                        break i + 1;
                    }
                }
                i += 1;
                continue;
            }
            match self.buf[i] {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => break i,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        break i + 1;
                    }
                }
                b',' if depth == 0 => break i,
                b if depth == 0 && b.is_ascii_whitespace() => break i,
                _ => {}
            }
            i += 1;
        };
        let start = self.pos;
        self.advance(end - start);
        self.at = At::Element;
        Ok((line, start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], format: InputFormat) -> Result<Vec<(u64, String)>> {
        // Tiny blocks are not possible (BLOCK is fixed), so the head carries a part
        // and the reader the rest: elements still cross the seam.
        let (head, rest) = text.split_at(text.len() / 2);
        let mut reader = rest;
        let mut e = Elements::new(&mut reader, head.to_vec(), 1, format, "t.json");
        let mut out = Vec::new();
        while let Some((line, _, bytes)) = e.next_element()? {
            out.push((line, String::from_utf8(bytes.to_vec()).unwrap()));
        }
        Ok(out)
    }

    /// Strings full of what the scan must not be fooled by inside a string.
    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        "([\\\\\"{}\\[\\],: \n]|\\PC){0,12}"
    }

    proptest::proptest! {
        #[test]
        fn array_elements_are_the_elements_written(
            objects in proptest::collection::vec(
                proptest::collection::vec((tricky(), tricky()), 0..4), 0..12),
            cut in 0usize..1_000,
        ) {
            let elements: Vec<String> = objects
                .iter()
                .map(|pairs| {
                    let map: serde_json::Map<String, serde_json::Value> = pairs
                        .iter()
                        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                        .collect();
                    serde_json::to_string(&map).unwrap()
                })
                .collect();
            let text = format!("[\n{}\n]\n", elements.join(" ,\n  "));
            // The head carries a part and the reader the rest: elements cross the seam.
            let (head, rest) = text.as_bytes().split_at(cut.min(text.len()));
            let mut reader = rest;
            let mut e = Elements::new(&mut reader, head.to_vec(), 1, InputFormat::Json, "t.json");
            let mut got = Vec::new();
            while let Some((_, _, bytes)) = e.next_element().unwrap() {
                got.push(String::from_utf8(bytes.to_vec()).unwrap());
            }
            proptest::prop_assert_eq!(got, elements);
        }
    }

    #[test]
    fn array_elements_come_with_their_lines() {
        let text = b"[\n {\"a\": \"x,]}\\\"\",\n  \"b\": [1, {\"c\": 2}]},\n 5 , \"s\",\n{}\n]\n";
        let got = all(text, InputFormat::Json).unwrap();
        let want = [
            (2, "{\"a\": \"x,]}\\\"\",\n  \"b\": [1, {\"c\": 2}]}"),
            (4, "5"),
            (4, "\"s\""),
            (5, "{}"),
        ];
        assert_eq!(got.len(), want.len());
        for ((gl, gs), (wl, ws)) in got.iter().zip(want) {
            assert_eq!((*gl, gs.as_str()), (wl, ws));
        }
        assert!(all(b"  []  ", InputFormat::Json).unwrap().is_empty());
        // A cut-off element is handed over whole, for its parser to place the fault.
        let mut empty: &[u8] = &[];
        let head = b"[{\"a\": \"open]".to_vec();
        let mut e = Elements::new(&mut empty, head, 1, InputFormat::Json, "t.json");
        let (line, column, bytes) = e.next_element().unwrap().unwrap();
        assert_eq!((line, column, bytes), (1, 2, &b"{\"a\": \"open]"[..]));
    }

    #[test]
    fn broken_arrays_are_positioned_errors() {
        for (text, line, what) in [
            (&b"{\"a\": 1}"[..], 1, "expected a JSON array"),
            (b"[{\"a\": 1},\n", 2, "EOF while parsing a list"),
            (b"[{\"a\": 1} {\"b\": 2}]", 1, "expected `,` or `]`"),
            (b"[1]\nx", 2, "trailing characters"),
        ] {
            match all(text, InputFormat::Json) {
                Err(Error::Syntax {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{message}");
                    assert!(message.contains(what), "{message}");
                }
                other => panic!("{:?}: {other:?}", String::from_utf8_lossy(text)),
            }
        }
    }

    #[test]
    fn ndjson_lines_skip_blanks_and_keep_numbers() {
        let got = all(b"{\"a\":1}\n\n  \n{\"b\":2}\r\n{\"c\"", InputFormat::Ndjson).unwrap();
        let lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 4, 5]);
        assert_eq!(got[1].1, "{\"b\":2}\r");
        assert_eq!(got[2].1, "{\"c\"");
    }
}
