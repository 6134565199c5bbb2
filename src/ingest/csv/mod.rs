//! The one CSV reader, for summary and ledger files alike: the delimiter from the
//! header line ([`sniff_delimiter`]), records split by [`split::Splitter`] (in place
//! when unquoted, by the `csv` crate when quoted), big files streamed in
//! record-aligned chunks on several threads ([`stream`]), every record with its
//! physical line. A record with more or fewer fields than the header, or a quote
//! that is never closed, is a rejection ([`width_rejection`], [`unreadable`]).

pub mod split;
pub mod stream;

use super::raw::{Cell, RawRow, RawTable};
use crate::error::{Error, Result};
use crate::model::records::Rejection;
pub use split::{Fields, Splitter, Unreadable};

/// Picks the delimiter that occurs most often outside quotes on the header line
/// (the first line that is not blank).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in &bytes[blank_lines(bytes).0..] {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    // Ties go to the comma, the most common export, then the semicolon (the last
    // of equal counts is the maximum).
    [(b'\t', counts[2]), (b';', counts[1]), (b',', counts[0])]
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(b',', |(d, _)| d)
}

/// Bytes of blank lines before the first line that is not blank, and how many lines they are.
pub fn blank_lines(bytes: &[u8]) -> (usize, u64) {
    let (mut at, mut lines) = (0, 0);
    while let Some(end) = memchr::memchr(b'\n', &bytes[at..]) {
        if !bytes[at..at + end].iter().all(u8::is_ascii_whitespace) {
            break;
        }
        at += end + 1;
        lines += 1;
    }
    (at, lines)
}

/// The rejection of a record whose field count differs from the header's: the
/// first extra field (numbered from 1) and its value, or the first header with no
/// field and an empty value.
pub fn width_rejection(file: &str, line: u64, headers: &[String], rec: &Fields<'_>) -> Rejection {
    let width = headers.len();
    let (column, value) = if rec.len() > width {
        (
            format!("#{}", width + 1),
            String::from_utf8_lossy(rec.get(width).unwrap_or_default()).into_owned(),
        )
    } else {
        (
            headers.get(rec.len()).cloned().unwrap_or_default(),
            String::new(),
        )
    };
    Rejection {
        file: file.to_string(),
        line,
        column,
        value,
        expected: format!("{width} fields as in the header, found {}", rec.len()),
    }
}

/// The rejection of a record that could not be split: named by the field where it
/// went wrong.
pub fn unreadable(file: &str, line: u64, headers: &[String], why: Unreadable) -> Rejection {
    Rejection {
        file: file.to_string(),
        line,
        column: headers
            .get(why.field)
            .cloned()
            .unwrap_or_else(|| format!("#{}", why.field + 1)),
        value: String::new(),
        expected: why.expected,
    }
}

/// The cells of a header record (`bytes`, on `line`), trimmed; an error when they
/// are not UTF-8 or a quote in them is never closed.
pub fn header(bytes: &[u8], line: u64, delimiter: u8, source_name: &str) -> Result<Vec<String>> {
    let mut header = Ok(Vec::new());
    Splitter::new(delimiter).for_each(bytes, line, |_, fields| {
        header = match fields {
            Ok(rec) => (0..rec.len())
                .map(|i| {
                    std::str::from_utf8(rec.get(i).unwrap_or_default())
                        .map(|h| h.trim().to_string())
                        .map_err(|_| Error::HeaderEncoding {
                            source_name: source_name.to_string(),
                            line,
                        })
                })
                .collect(),
            Err(why) => Err(Error::Syntax {
                source_name: source_name.to_string(),
                line: line as usize,
                column: 1,
                message: format!("the header is not readable: expected {}", why.expected),
            }),
        };
    });
    header
}

/// Reads a whole CSV file (decoded, BOM gone) into a [`RawTable`]: the header, the
/// first line that is not blank, and every row after it; blank rows are counted,
/// ragged and unsplittable rows and cells that are not UTF-8 are rejected.
pub fn read(bytes: &[u8], source_name: &str) -> Result<RawTable> {
    let mut table = RawTable::of(bytes, source_name)?;
    let (skip, blank) = blank_lines(bytes);
    let bytes = &bytes[skip..];
    let header_line = 1 + blank;
    let delimiter = sniff_delimiter(bytes);
    table.delimiter = Some(delimiter);
    let header_end = stream::Boundaries::new(delimiter)
        .first_end(bytes)
        .unwrap_or(bytes.len());
    table.headers = header(&bytes[..header_end], header_line, delimiter, source_name)?;
    let first_line = header_line + memchr::memchr_iter(b'\n', &bytes[..header_end]).count() as u64;
    let name = source_name;
    let headers = &table.headers;
    let (mut rows, mut rejections) = (Vec::new(), Vec::new());
    let (mut rejected_rows, mut blank_rows) = (0, 0);
    Splitter::new(delimiter).for_each(&bytes[header_end..], first_line, |line, fields| {
        let rec = match fields {
            Ok(rec) => rec,
            Err(why) => {
                rejected_rows += 1;
                rejections.push(unreadable(name, line, headers, why));
                return;
            }
        };
        let cells = (0..rec.len()).map(|i| rec.get(i).unwrap_or_default());
        if cells.clone().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            blank_rows += 1;
            return;
        }
        if rec.len() != headers.len() {
            rejected_rows += 1;
            rejections.push(width_rejection(name, line, headers, &rec));
            return;
        }
        let mut row = RawRow::with_capacity(line, rec.len());
        let mut bad = false;
        for (i, cell) in cells.enumerate() {
            match std::str::from_utf8(cell).map(str::trim) {
                Ok("") => row.push(Cell::Empty),
                Ok(text) => row.push(Cell::Text(text)),
                Err(_) => {
                    bad = true;
                    rejections.push(Rejection {
                        file: name.to_string(),
                        line,
                        column: headers[i].clone(),
                        value: String::from_utf8_lossy(cell).into_owned(),
                        expected:
                            "UTF-8 text (the file has bytes of another encoding; save it as UTF-8)"
                                .into(),
                    });
                }
            }
        }
        if bad {
            rejected_rows += 1;
        } else {
            rows.push(row);
        }
    });
    table.rows = rows;
    table.rejections = rejections;
    table.rejected_rows = rejected_rows;
    table.blank_rows = blank_rows;
    Ok(table)
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
    fn cells_are_trimmed_and_a_quote_left_open_is_named_by_its_field() {
        let t = read(
            "client,revenue\n\u{a0}Kovács Kft.\u{a0},\u{3000}12 \nB,\"7\n".as_bytes(),
            "f.csv",
        )
        .unwrap();
        assert_eq!(t.rows[0].cell(0), Cell::Text("Kovács Kft."));
        assert_eq!(t.rows[0].cell(1), Cell::Text("12"));
        assert_eq!(t.rejected_rows, 1);
        assert_eq!(t.rejections[0].column, "revenue");
        assert!(t.rejections[0].expected.starts_with("a closing quote"));
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(matches!(
            read(b"  \n", "f.csv"),
            Err(Error::EmptyFile { .. })
        ));
    }
}
