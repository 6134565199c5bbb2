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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut table = RawTable {
        source_name: source_name.to_string(),
        ..RawTable::default()
    };
    let mut record = csv::ByteRecord::new();
    let mut header_seen = false;
    let mut lines = PhysicalLines::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(Error::Syntax {
                    source_name: source_name.to_string(),
                    line: line as usize,
                    column: 1,
                    message: format!("unreadable CSV ({e})"),
                });
            }
        }
        let line = lines.of(bytes, record.position().map_or(0, |p| p.byte()));
        if !header_seen {
            header_seen = true;
            table.headers = header(&record, source_name, line)?;
            continue;
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            table.blank_rows += 1;
            continue;
        }
        if let Some(row) = row(&record, line, &mut table) {
            table.rows.push(row);
        } else {
            table.rejected_rows += 1;
        }
    }
    Ok(table)
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

fn row(record: &csv::ByteRecord, line: u64, table: &mut RawTable) -> Option<RawRow> {
    let width = table.headers.len();
    if record.len() != width {
        let (column, value) = if record.len() > width {
            let extra = record.get(width).unwrap_or_default();
            (
                format!("#{}", width + 1),
                String::from_utf8_lossy(extra).into_owned(),
            )
        } else {
            let missing = table.headers.get(record.len()).cloned().unwrap_or_default();
            (missing, String::new())
        };
        table.rejections.push(Rejection {
            file: table.source_name.clone(),
            line,
            column,
            value,
            expected: format!(
                "{width} fields as in the header, found {}{}",
                record.len(),
                if record.iter().any(|f| f.contains(&b'\n')) {
                    " (a quote opened on this line is not closed, so the lines after it became one field)"
                } else {
                    ""
                }
            ),
        });
        return None;
    }
    // Fields split at ASCII bytes: a record that is UTF-8 as a whole is so in every
    // field. Such a record (nearly every one) is copied whole, and each cell is a
    // range of it: copying cell by cell was a third of the time to split a file.
    if let Ok(whole) = std::str::from_utf8(record.as_slice()) {
        let mut row = RawRow::of_text(line, whole, width);
        for i in 0..record.len() {
            let cell = record.range(i).and_then(|r| whole.get(r)).map_or("", trim);
            // `cell` lies within `whole`: its offset is the distance between them.
            let start = cell.as_ptr() as usize - whole.as_ptr() as usize;
            row.push_range(start, start + cell.len());
        }
        return Some(row);
    }
    let mut row = RawRow::with_capacity(line, record.as_slice().len(), width);
    let mut bad = false;
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field).map(trim) {
            Ok("") => row.push(Cell::Empty),
            Ok(s) => row.push(Cell::Text(s)),
            Err(_) => {
                bad = true;
                table.rejections.push(Rejection {
                    file: table.source_name.clone(),
                    line,
                    column: table.headers[i].clone(),
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
