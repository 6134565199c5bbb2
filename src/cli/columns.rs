//! `portfolio columns FILE`: how a file's headers are understood, before a run
//! depends on it.

use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::describe::{describe, header_cells, kind_by_name, ColumnReport};
use crate::ingest::Source;
use crate::report::text::printable;
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Show how a file's headers are read: the column each header feeds, the export it
/// was recognised as (Harvest, Toggl, Clockify, Kimai, Xero), and what is missing.
///
/// Without --kind, the kind of ledger file that reads the most columns is taken,
/// else a clients (summary) file. `[columns.<file>]` of the settings file apply.
#[derive(Debug, Clone, Args)]
pub struct ColumnsArgs {
    /// The file (CSV; `-` for standard input).
    pub file: String,
    /// What the file is: time, invoices, contracts, interactions or clients.
    #[arg(long, value_parser = ["time", "invoices", "contracts", "interactions", "clients"])]
    pub kind: Option<String>,
    /// Text encoding when not UTF-8 (windows-1250, …).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Settings file (its `[columns]` header names); default: PORTFOLIO_CONFIG, else ./portfolio.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

/// Runs `portfolio columns`.
pub fn run(args: ColumnsArgs, ctx: &Ctx) -> Result<Exit> {
    let settings = super::resolve::settings_file(args.config.clone(), ctx)?;
    let source = Source::from_arg(&args.file);
    let encoding = args
        .encoding
        .as_deref()
        .map(crate::ingest::encoding::by_label)
        .transpose()?
        .filter(|e| *e != encoding_rs::UTF_8);
    let bytes = crate::ingest::encoding::decode(source.read_all()?, encoding, &source.name())?;
    let names = header_cells(&bytes, &source.name())?;
    let kind = args.kind.as_deref().map(|k| {
        kind_by_name(k).ok_or_else(|| Error::Usage(format!("--kind {k}: unknown file kind")))
    });
    let report = describe(names, &source.name(), kind.transpose()?, &settings.columns)?;
    super::print_json_or_table(&report, args.format.as_deref(), ctx, table)
}

fn table(r: &ColumnReport) -> String {
    let mut s = format!(
        "{}: a {} file{}\n",
        printable(&r.file),
        r.kind,
        r.export
            .map(|e| format!(", read as {e}"))
            .unwrap_or_default()
    );
    let width = r
        .columns
        .iter()
        .map(|c| unicode_width::UnicodeWidthStr::width(c.header.as_str()))
        .max()
        .unwrap_or(0)
        .min(40);
    for c in &r.columns {
        let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(c.header.as_str()));
        let _ = writeln!(
            s,
            "  {}{}  {}",
            printable(&c.header),
            " ".repeat(pad),
            c.column
                .map_or("(not read)".to_string(), |col| format!("-> {col}"))
        );
    }
    for m in &r.missing {
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
