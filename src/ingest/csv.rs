//! CSV reader: detects the delimiter (`,` `;` or tab) from the header, keeps line
//! numbers, and turns ragged or non-UTF-8 rows into rejections instead of errors.

use super::{Cell, RawRow, RawTable, Rejection};
use crate::error::{Error, Result};

/// Picks the delimiter that occurs most often outside quotes on the header line
/// (the first line that is not blank).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let blank_lines = bytes
        .split_inclusive(|&b| b == b'\n')
        .take_while(|line| line.iter().all(u8::is_ascii_whitespace))
        .map(<[u8]>::len)
        .sum::<usize>();
    for &b in &bytes[blank_lines..] {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    // Ties go to the comma, the most common export.
    let mut best = (b',', counts[0]);
    for (d, n) in [(b';', counts[1]), (b'\t', counts[2])] {
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// Physical line numbers of records. The csv crate's own count leaves out blank
/// lines before a record, and its byte position points at them: skip them, then
/// count line breaks up to the record's first byte.
#[derive(Debug, Default)]
pub(crate) struct PhysicalLines {
    counted_to: usize,
    breaks: u64,
}

impl PhysicalLines {
    /// The line of the record whose position (as the csv crate reports it) is `position`;
    /// positions must come in file order.
    pub(crate) fn of(&mut self, bytes: &[u8], position: u64) -> u64 {
        let mut start = (position as usize).min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.counted_to {
            self.breaks +=
                memchr::memchr_iter(b'\n', &bytes[self.counted_to..start]).count() as u64;
            self.counted_to = start;
        }
        self.breaks + 1
    }
}

/// Reads CSV bytes (BOM already handled) into a [`RawTable`].
pub fn read(bytes: &[u8], source_name: &str) -> Result<RawTable> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile {
            source_name: source_name.to_string(),
        });
    }
    let delimiter = sniff_delimiter(bytes);
    let mut table = RawTable {
        source_name: source_name.to_string(),
        ..RawTable::default()
    };
    let mut reader = reader_of(bytes, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut lines = PhysicalLines::default();
    if !next_record(&mut reader, &mut record, bytes, 0, &mut lines, source_name)? {
        return Ok(table);
    }
    let line = lines.of(bytes, record.position().map_or(0, |p| p.byte()));
    table.headers = header(&record, source_name, line)?;
    let ctx = Rows {
        bytes,
        headers: &table.headers,
        source_name,
    };
    let part = ctx.read(reader, lines)?;
    table.rows = part.rows;
    table.rejections = part.rejections;
    table.rejected_rows = part.rejected_rows;
    table.blank_rows = part.blank_rows;
    Ok(table)
}

fn reader_of(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// Reads the next record of a reader over `bytes[start..]`; false at the end.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
    bytes: &[u8],
    start: usize,
    lines: &mut PhysicalLines,
    source_name: &str,
) -> Result<bool> {
    reader.read_byte_record(record).map_err(|e| {
        let at = start + e.position().map_or(0, |p| p.byte() as usize);
        Error::Syntax {
            source_name: source_name.to_string(),
            line: lines.of(bytes, at as u64) as usize,
            column: 1,
            message: format!("unreadable CSV ({e})"),
        }
    })
}

/// What reading the data rows needs to know.
struct Rows<'a> {
    bytes: &'a [u8],
    headers: &'a [String],
    source_name: &'a str,
}

/// The rows of a stretch of a file, with their rejections and counts.
#[derive(Default)]
struct Part {
    rows: Vec<RawRow>,
    rejections: Vec<Rejection>,
    rejected_rows: usize,
    blank_rows: usize,
}

impl Rows<'_> {
    /// The rows `reader` reads, to the end; the reader is at a record's start.
    fn read(&self, mut reader: csv::Reader<&[u8]>, mut lines: PhysicalLines) -> Result<Part> {
        let bytes = self.bytes;
        let mut record = csv::ByteRecord::new();
        let mut part = Part::default();
        loop {
            if !next_record(
                &mut reader,
                &mut record,
                bytes,
                0,
                &mut lines,
                self.source_name,
            )? {
                return Ok(part);
            }
            let line = lines.of(bytes, record.position().map_or(0, |p| p.byte()));
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                part.blank_rows += 1;
                continue;
            }
            if let Some(row) = self.row(&record, line, &mut part.rejections) {
                part.rows.push(row);
            } else {
                part.rejected_rows += 1;
            }
        }
    }

    /// A data record as a row, or `None` with its rejections recorded (ragged, or
    /// a cell that is not UTF-8).
    fn row(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        rejections: &mut Vec<Rejection>,
    ) -> Option<RawRow> {
        let width = self.headers.len();
        if record.len() != width {
            let (column, value) = if record.len() > width {
                let extra = record.get(width).unwrap_or_default();
                (
                    format!("#{}", width + 1),
                    String::from_utf8_lossy(extra).into_owned(),
                )
            } else {
                let missing = self.headers.get(record.len()).cloned().unwrap_or_default();
                (missing, String::new())
            };
            const UNCLOSED: &str = " (a quote opened on this line is not closed, so the lines after it became one field)";
            let unclosed = record.iter().any(|f| f.contains(&b'\n'));
            rejections.push(Rejection {
                file: self.source_name.to_string(),
                line,
                column,
                value,
                expected: format!(
                    "{width} fields as in the header, found {}{}",
                    record.len(),
                    if unclosed { UNCLOSED } else { "" }
                ),
            });
            return None;
        }
        // A record that is UTF-8 as a whole (nearly every one) is copied whole, and each
        // cell kept as a range of it: copying cell by cell was a third of the time to
        // split a file. The record holds its fields without the delimiters between them,
        // so a field can still end inside a character (`\xC3,\xA9` reads as `é`): then
        // the cells are checked one by one below.
        if let Ok(whole) = std::str::from_utf8(record.as_slice()) {
            let mut row = RawRow::of_text(line, whole, width);
            let every_cell_is_text = (0..record.len()).all(|i| {
                let Some(cell) = record.range(i).and_then(|r| whole.get(r)).map(trim) else {
                    return false;
                };
                // `cell` lies within `whole`: its offset is the distance between them.
                let start = cell.as_ptr() as usize - whole.as_ptr() as usize;
                row.push_range(start, start + cell.len());
                true
            });
            if every_cell_is_text {
                return Some(row);
            }
        }
        let mut row = RawRow::with_capacity(line, record.as_slice().len(), width);
        let mut bad = false;
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field).map(trim) {
                Ok("") => row.push(Cell::Empty),
                Ok(s) => row.push(Cell::Text(s)),
                Err(_) => {
                    bad = true;
                    rejections.push(Rejection {
                        file: self.source_name.to_string(),
                        line,
                        column: self.headers[i].clone(),
                        value: String::from_utf8_lossy(field).into_owned(),
                        expected:
                            "UTF-8 text (the file has bytes of another encoding; save it as UTF-8)"
                                .into(),
                    });
                }
            }
        }
        (!bad).then_some(row)
    }
}

fn header(record: &csv::ByteRecord, source_name: &str, line: u64) -> Result<Vec<String>> {
    record
        .iter()
        .map(|f| {
            std::str::from_utf8(f)
                .map(|s| s.trim().to_string())
                .map_err(|_| Error::HeaderEncoding {
                    source_name: source_name.to_string(),
                    line,
                })
        })
        .collect()
}

/// `str::trim`, answering at once for a cell that starts and ends with a visible
/// ASCII character (nearly all of them; the general trim looks at Unicode spaces).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_numbers_count_the_lines_inside_quoted_fields() {
        let notes: String = (0..60).map(|i| format!("note {i}\n")).collect();
        let quoted = format!("client,notes\nA,1\nB,\"{notes}\"\nC,\"x\"\"y\"\n");
        let table = read(quoted.as_bytes(), "t.csv").unwrap();
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[2].line, 64);
    }

    proptest! {
        #[test]
        fn any_bytes_read_without_panic_and_every_row_is_counted(
            body in proptest::collection::vec(
                prop::sample::select(vec![b'a', b'1', b',', b';', b'"', b'\n', b'\r', b' ', 0xC3, 0xA9]),
                0..300,
            )
        ) {
            let mut bytes = b"client,revenue,notes\n".to_vec();
            bytes.extend_from_slice(&body);
            if let Ok(t) = read(&bytes, "t.csv") {
                // Line numbers never go back (a bare CR ends a record but not a line).
                prop_assert!(t.rows.windows(2).all(|w| w[0].line <= w[1].line));
                prop_assert!(t.rejections.len() >= t.rejected_rows);
            }
        }
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"client,revenue\n"), b',');
        assert_eq!(sniff_delimiter(b"client;revenue;cost\n1,2;3\n"), b';');
        assert_eq!(sniff_delimiter(b"client\trevenue\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",x\n"), b',');
        // Blank lines before the header are skipped (they made every file a comma file).
        assert_eq!(sniff_delimiter(b"\n \r\nclient;revenue\n"), b';');
    }

    #[test]
    fn ragged_and_non_utf8_rows_become_rejections() {
        let t = read(b"client,revenue\nA,1\nB,2,3\nC\xff,4\n\n,\n", "f.csv").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rejected_rows, 2);
        assert_eq!(t.rejections[0].line, 3);
        assert_eq!(t.rejections[0].column, "#3");
        assert_eq!(t.rejections[1].line, 4);
        assert_eq!(t.rejections[1].column, "client");
        assert_eq!(t.blank_rows, 1);
        // Two fields that split a character between them: the row as a whole is UTF-8.
        let t = read(b"client,revenue\n\xC3,\xA9\n", "f.csv").unwrap();
        assert_eq!((t.rows.len(), t.rejected_rows), (0, 1));
        assert_eq!(t.rejections[0].column, "client");
    }

    #[test]
    fn blank_lines_count_toward_line_numbers() {
        let t = read(b"client,revenue\nA,1\n\n\r\nAcme,abc\r\n\nB,2\n", "f.csv").unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 7]);
    }

    #[test]
    fn quoted_newlines_keep_line_numbers() {
        let t = read(b"client,note\n\"A\",\"two\nlines\"\nB,x\n", "f.csv").unwrap();
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn cells_trim_as_str_trim_does() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}Kft.\u{a0}",
            "x\t",
            "\u{3000}گروه",
            "1 234,50",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(matches!(
            read(b"  \n", "f.csv"),
            Err(Error::EmptyFile { .. })
        ));
    }
}
