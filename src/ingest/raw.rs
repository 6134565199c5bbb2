//! A file read into text cells with line numbers, before any typing.

use crate::error::{Error, Result};
use crate::model::records::Rejection;

/// One cell before typing, borrowed from its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Nothing there (empty CSV cell, JSON null or absent key).
    Empty,
    /// Text, to be parsed with the file's decimal style.
    Text(&'a str),
    /// A JSON number, exact as written (always a decimal point).
    Number(&'a str),
    /// A JSON value of a type no column accepts (true, an object …), rendered.
    Invalid(&'a str),
}

/// What a cell of a [`RawRow`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Empty,
    Text,
    Number,
    Invalid,
}

/// A data row with its 1-based line in the file. The cells share one buffer:
/// two allocations a row instead of one per cell.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Line where the row starts.
    pub line: u64,
    pub(crate) text: String,
    pub(crate) cells: Vec<(Kind, u32, u32)>,
}

impl RawRow {
    /// An empty row on `line` expecting `cells` cells.
    pub fn with_capacity(line: u64, cells: usize) -> RawRow {
        RawRow {
            line,
            text: String::new(),
            cells: Vec::with_capacity(cells),
        }
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: Cell<'_>) {
        let (kind, s) = match cell {
            Cell::Empty => (Kind::Empty, ""),
            Cell::Text(s) => (Kind::Text, s),
            Cell::Number(s) => (Kind::Number, s),
            Cell::Invalid(s) => (Kind::Invalid, s),
        };
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.cells.push((kind, start, self.text.len() as u32));
    }

    /// The `i`-th cell (`Empty` past the end).
    pub fn cell(&self, i: usize) -> Cell<'_> {
        let Some(&(kind, start, end)) = self.cells.get(i) else {
            return Cell::Empty;
        };
        let s = &self.text[start as usize..end as usize];
        match kind {
            Kind::Empty => Cell::Empty,
            Kind::Text => Cell::Text(s),
            Kind::Number => Cell::Number(s),
            Kind::Invalid => Cell::Invalid(s),
        }
    }

    /// The cells in order.
    pub fn cells(&self) -> impl Iterator<Item = Cell<'_>> + '_ {
        (0..self.cells.len()).map(|i| self.cell(i))
    }
}

/// A file read into header + rows, before any typing.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// File name for messages.
    pub source_name: String,
    /// Header cells as written.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<RawRow>,
    /// Rows the reader could not split into cells at all (ragged, bad UTF-8, bad JSON line).
    pub rejections: Vec<Rejection>,
    /// Rows that had a reader-level rejection (for the counts).
    pub rejected_rows: usize,
    /// Blank rows skipped.
    pub blank_rows: usize,
    /// The field separator of a CSV file (`None` for JSON).
    pub delimiter: Option<u8>,
}

impl RawTable {
    /// An empty table for the file's rows; an error when `bytes` hold nothing but white space.
    pub fn of(bytes: &[u8], source_name: &str) -> Result<RawTable> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::EmptyFile {
                source_name: source_name.to_string(),
            });
        }
        Ok(RawTable {
            source_name: source_name.to_string(),
            ..RawTable::default()
        })
    }
}
