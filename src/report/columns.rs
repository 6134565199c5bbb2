//! How a file's headers are read, for people.

use super::render::Tabled;
use super::text::printable;
use crate::ingest::describe::ColumnReport;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

impl Tabled for ColumnReport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let export = self.export.map(|e| format!(", read as {e}"));
        let file = printable(&self.file);
        writeln!(
            out,
            "{file}: a {} file{}",
            self.kind,
            export.unwrap_or_default()
        )?;
        let widest = self.columns.iter().map(|c| c.header.width()).max();
        let width = widest.unwrap_or(0).min(40);
        for c in &self.columns {
            let pad = " ".repeat(width.saturating_sub(c.header.width()));
            let column = c
                .column
                .map_or("(not read)".into(), |col| format!("-> {col}"));
            writeln!(out, "  {}{pad}  {column}", printable(&c.header))?;
        }
        for m in &self.missing {
            let why = if m.required {
                " (required: the file cannot be read)".to_string()
            } else {
                m.consequence.map(|c| format!(": {c}")).unwrap_or_default()
            };
            writeln!(out, "  missing {}{why}", m.column)?;
        }
        Ok(())
    }
}
