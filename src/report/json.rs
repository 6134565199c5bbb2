//! JSON (the whole report, SPEC 5) and NDJSON (one client object per line).

use super::{Render, Report};
use std::io::{self, Write};

/// Pretty-printed JSON document.
pub struct Json;

/// One compact client object per line.
pub struct Ndjson;

impl Render for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
        writeln!(out)
    }
}

impl Render for Ndjson {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for c in &report.clients {
            serde_json::to_writer(&mut *out, c).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
