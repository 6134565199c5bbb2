//! ingest: the only door in. Files or stdin become typed records plus every rejected row.
//!
//! Reading happens in two steps: a format reader (`csv`, `json`) turns bytes into a
//! [`RawTable`] of text cells with line numbers, then [`summary`] maps headers to
//! fields and parses each cell, recording a [`Rejection`] for every bad one.

pub mod columns;
pub mod config;
pub mod csv;
pub mod describe;
pub mod encoding;
pub mod fields;
pub mod fx;
pub mod json;
pub mod json_stream;
pub mod ledger;
mod merge;
pub mod summary;
pub mod vendors;

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use crate::model::records::{Rejection, RowCounts};
pub use fields::DecimalStyle;
pub use summary::{read_clients, Ingested, ReadOptions};

/// Input file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Comma-, semicolon- or tab-separated values (detected from the header).
    Csv,
    /// A JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Where input comes from: a path, or standard input for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Source {
    /// `-` means standard input; anything else is a path.
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::Path(p) => p.display().to_string(),
        }
    }

    /// The format implied by the extension, if any.
    pub fn format_from_extension(&self) -> Option<InputFormat> {
        let Source::Path(p) = self else { return None };
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(InputFormat::Csv),
            "json" => Some(InputFormat::Json),
            "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
            _ => None,
        }
    }

    /// Reads all bytes.
    pub fn read_all(&self) -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        match self {
            Source::Stdin => std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map(|_| ())
                .map_err(|source| Error::Io {
                    path: Path::new("<stdin>").to_path_buf(),
                    source,
                })?,
            Source::Path(p) => {
                buf = std::fs::read(p).map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })?
            }
        }
        Ok(buf)
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
    text: String,
    cells: Vec<(Kind, u32, u32)>,
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

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True when the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
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
        (0..self.len()).map(|i| self.cell(i))
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
}
