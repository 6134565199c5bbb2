//! One render path for every command: each output is a [`Document`] written in one
//! of its formats.

use super::document::{Format, Report, Style};
use super::{csv, json, markdown, table};
use serde::Serialize;
use std::io::{self, Write};

/// What a command prints, in one of the formats it offers. Every command's output
/// goes through this one path (`cli::output::emit`).
pub trait Document {
    /// The formats it can be written in.
    fn formats(&self) -> &'static [Format];
    /// Writes it in `format` (one of [`Document::formats`]).
    fn write(&self, format: Format, style: Style, out: &mut (dyn Write + Send)) -> io::Result<()>;
    /// Whether its JSON is compact when piped (else always indented).
    fn compact_when_piped(&self) -> bool {
        false
    }
}

/// The usual document: its data as JSON for scripts, a text table for people.
pub trait Tabled: Serialize {
    /// Writes the text for people.
    fn text(&self, out: &mut dyn Write) -> io::Result<()>;
}

/// The warnings under a text table, one `note:` line each.
pub fn notes(warnings: &[String], out: &mut dyn Write) -> io::Result<()> {
    for w in warnings {
        writeln!(out, "note: {}", super::text::printable(w))?;
    }
    Ok(())
}

impl<T: Tabled> Document for T {
    fn formats(&self) -> &'static [Format] {
        &[Format::Table, Format::Json]
    }

    fn write(&self, format: Format, style: Style, out: &mut (dyn Write + Send)) -> io::Result<()> {
        match format {
            Format::Json => json::write(self, style.pretty, out),
            _ => self.text(out),
        }
    }
}

impl Document for Report {
    fn formats(&self) -> &'static [Format] {
        &[
            Format::Table,
            Format::Json,
            Format::Ndjson,
            Format::Csv,
            Format::Markdown,
        ]
    }

    fn write(&self, format: Format, style: Style, out: &mut (dyn Write + Send)) -> io::Result<()> {
        match format {
            Format::Table => table::write(self, style, out),
            Format::Json => json::write(self, style.pretty, out),
            Format::Ndjson => json::ndjson(self, out),
            Format::Csv => csv::write(self, out),
            Format::Markdown => markdown::write(self, out),
            // The monthly report's, which needs the history.
            Format::Html => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("the score report is not written as {format}"),
            )),
        }
    }

    fn compact_when_piped(&self) -> bool {
        true
    }
}
