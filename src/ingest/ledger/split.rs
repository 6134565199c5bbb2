//! Splits a chunk of CSV into records and fields.
//!
//! Ledger exports rarely quote: a line without a quote is split on the delimiter
//! in place (no copy, no state machine); a line with one goes through the `csv`
//! crate, so quoted fields, escaped quotes and line breaks inside quotes read as
//! any CSV reader reads them.

use super::stream::Boundaries;

/// One record's fields: byte ranges into a line or into an unescaped copy.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    bytes: &'a [u8],
    ranges: &'a [(u32, u32)],
}

impl<'a> Fields<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Field `i`, unescaped.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(s, e) = self.ranges.get(i)?;
        self.bytes.get(s as usize..e as usize)
    }

    /// The fields joined by commas, for a rejection's `value`.
    pub fn joined(&self) -> String {
        let parts: Vec<String> = (0..self.len())
            .map(|i| String::from_utf8_lossy(self.get(i).unwrap_or_default()).into_owned())
            .collect();
        parts.join(",")
    }
}

/// Reusable buffers for splitting.
pub struct Splitter {
    delimiter: u8,
    ranges: Vec<(u32, u32)>,
    owned: Vec<u8>,
    record: csv::ByteRecord,
}

impl Splitter {
    /// A splitter for files with this delimiter.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            ranges: Vec::with_capacity(32),
            owned: Vec::new(),
            record: csv::ByteRecord::new(),
        }
    }

    /// Calls `f(line, fields)` for every non-blank record of `chunk`, whose first byte
    /// is on line `first_line`; `Err` carries why a record is unreadable.
    pub fn for_each<F>(&mut self, chunk: &[u8], first_line: u64, mut f: F)
    where
        F: FnMut(u64, Result<Fields<'_>, String>),
    {
        let mut pos = 0;
        let mut line = first_line;
        while pos < chunk.len() {
            // One pass over the line finds its fields, its end, or a quote.
            let base = pos;
            let mut field_start = pos;
            let mut line_end = None;
            let mut quoted = false;
            self.ranges.clear();
            for i in memchr::memchr3_iter(self.delimiter, b'\n', b'"', &chunk[pos..]) {
                let at = pos + i;
                match chunk[at] {
                    b'\n' => {
                        line_end = Some(at);
                        break;
                    }
                    b'"' => {
                        quoted = true;
                        break;
                    }
                    _ => {
                        self.ranges
                            .push(((field_start - base) as u32, (at - base) as u32));
                        field_start = at + 1;
                    }
                }
            }
            if !quoted {
                let end = line_end.unwrap_or(chunk.len());
                let mut text_end = end;
                if text_end > field_start && chunk[text_end - 1] == b'\r' {
                    text_end -= 1;
                }
                let text_end = text_end.max(field_start);
                // Blank lines are not records (as in any CSV reader).
                if text_end > base {
                    self.ranges
                        .push(((field_start - base) as u32, (text_end - base) as u32));
                    let bytes = &chunk[base..text_end];
                    f(
                        line,
                        Ok(Fields {
                            bytes,
                            ranges: &self.ranges,
                        }),
                    );
                }
                pos = end + 1;
                line += 1;
                continue;
            }
            let rest = &chunk[pos..];
            // A quote: the record may run over several lines.
            let end = Boundaries::new(self.delimiter)
                .first_end(rest)
                .unwrap_or(rest.len());
            let slice = &rest[..end];
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(self.delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(slice);
            match reader.read_byte_record(&mut self.record) {
                Ok(true) => {
                    self.owned.clear();
                    self.ranges.clear();
                    for field in self.record.iter() {
                        let s = self.owned.len() as u32;
                        self.owned.extend_from_slice(field);
                        self.ranges.push((s, self.owned.len() as u32));
                    }
                    f(
                        line,
                        Ok(Fields {
                            bytes: &self.owned,
                            ranges: &self.ranges,
                        }),
                    );
                }
                Ok(false) => {}
                Err(e) => f(line, Err(format!("readable CSV ({e})"))),
            }
            line += memchr::memchr_iter(b'\n', slice).count().max(1) as u64;
            pos += end.max(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        Splitter::new(b',').for_each(text.as_bytes(), 2, |line, fields| {
            let fields = fields.unwrap();
            let cells = (0..fields.len())
                .map(|i| String::from_utf8(fields.get(i).unwrap().to_vec()).unwrap())
                .collect();
            out.push((line, cells));
        });
        out
    }

    #[test]
    fn plain_and_quoted_records_split_like_a_csv_reader() {
        let text = "a,b,,c\r\n\n\"x, y\",\"say \"\"hi\"\"\nthere\",3\nlast,row";
        assert_eq!(
            split(text),
            vec![
                (2, vec!["a".into(), "b".into(), "".into(), "c".into()]),
                (
                    4,
                    vec!["x, y".into(), "say \"hi\"\nthere".into(), "3".into()]
                ),
                (6, vec!["last".into(), "row".into()]),
            ]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_text() {
        assert_eq!(
            split("5\" monitor,2\nnext,1\n"),
            vec![
                (2, vec!["5\" monitor".into(), "2".into()]),
                (3, vec!["next".into(), "1".into()]),
            ]
        );
    }
}
