//! One render path for every command: each output is a [`Document`] written in one
//! of its formats.

use super::document::{Format, Render, Report, Style};
use super::{csv, json, markdown, table};
use serde::Serialize;
use std::io::{self, Write};

/// The renderer of the score report for a format; none for HTML (the monthly
/// report's, which needs the history).
fn renderer(format: Format, style: Style) -> Option<Box<dyn Render>> {
    Some(match format {
        Format::Table => Box::new(table::Table {
            color: style.color,
            terminal_width: style.terminal_width,
        }),
        Format::Json => Box::new(json::Json {
            pretty: style.pretty,
        }),
        Format::Ndjson => Box::new(json::Ndjson),
        Format::Csv => Box::new(csv::Csv),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Html => return None,
    })
}

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
    /// The text for people.
    fn text(&self) -> String;
}

impl<T: Tabled> Document for T {
    fn formats(&self) -> &'static [Format] {
        &[Format::Table, Format::Json]
    }

    fn write(&self, format: Format, style: Style, out: &mut (dyn Write + Send)) -> io::Result<()> {
        match format {
            Format::Json => json::write(self, style.pretty, out),
            _ => out.write_all(self.text().as_bytes()),
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
        match renderer(format, style) {
            Some(r) => r.render(self, out),
            None => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("the score report is not written as {format}"),
            )),
        }
    }

    fn compact_when_piped(&self) -> bool {
        true
    }
}
