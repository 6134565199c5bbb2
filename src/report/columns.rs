//! How a file's headers are read, for people.

use super::render::Tabled;
use super::text::printable;
use crate::ingest::describe::ColumnReport;
use std::fmt::Write as _;

impl Tabled for ColumnReport {
    fn text(&self) -> String {
        let mut s = format!(
            "{}: a {} file{}\n",
            printable(&self.file),
            self.kind,
            self.export
                .map(|e| format!(", read as {e}"))
                .unwrap_or_default()
        );
        let width = self
            .columns
            .iter()
            .map(|c| unicode_width::UnicodeWidthStr::width(c.header.as_str()))
            .max()
            .unwrap_or(0)
            .min(40);
        for c in &self.columns {
            let pad =
                width.saturating_sub(unicode_width::UnicodeWidthStr::width(c.header.as_str()));
            let _ = writeln!(
                s,
                "  {}{}  {}",
                printable(&c.header),
                " ".repeat(pad),
                c.column
                    .map_or("(not read)".to_string(), |col| format!("-> {col}"))
            );
        }
        for m in &self.missing {
            let _ = writeln!(
                s,
                "  missing {}{}",
                m.column,
                if m.required {
                    " (required: the file cannot be read)".to_string()
                } else {
                    m.consequence.map(|c| format!(": {c}")).unwrap_or_default()
                }
            );
        }
        s
    }
}
