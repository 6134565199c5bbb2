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
pub mod raw;
pub mod sheet;
pub mod source;
pub mod summary;
pub mod vendors;

pub use crate::model::records::{Rejection, RowCounts};
pub use fields::DecimalStyle;
pub use raw::{Cell, RawRow, RawTable};
pub use source::{InputFormat, Source};
pub use summary::{read_clients, Ingested, ReadOptions};
