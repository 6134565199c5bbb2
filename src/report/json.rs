//! JSON (the whole report, SPEC 5) and NDJSON (one client object per line), both
//! written by serde_json from the report's own `Serialize`.

use super::document::Report;
use std::io::{self, Write};

/// Keeps the I/O kind of a write failure, so a closed pipe stays a closed pipe.
fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

/// Writes any value as one JSON document and a line break: indented, or compact.
pub fn write<T: serde::Serialize + ?Sized>(
    value: &T,
    pretty: bool,
    out: &mut (dyn Write + Send),
) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)
    } else {
        serde_json::to_writer(&mut *out, value)
    }
    .map_err(io_error)?;
    writeln!(out)
}

/// One compact client object per line.
pub fn ndjson(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
    for c in &report.clients {
        serde_json::to_writer(&mut *out, c).map_err(io_error)?;
        writeln!(out)?;
    }
    Ok(())
}
