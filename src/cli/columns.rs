//! `portfolio columns FILE`: how a file's headers are understood, before a run
//! depends on it.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use crate::error::{Exit, Result};
use crate::ingest::describe::{describe, header_cells, kind_by_name};
use crate::ingest::Source;
use clap::Args;
use std::path::PathBuf;

/// `portfolio columns`: the file, its kind and encoding.
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
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio columns`.
pub fn run(args: ColumnsArgs, ctx: &Ctx) -> Result<Exit> {
    let settings = super::resolve::settings_file(args.config.clone(), ctx)?;
    let source = Source::from_arg(&args.file);
    let encoding = super::resolve::encoding(args.encoding.as_deref())?;
    let bytes = crate::ingest::encoding::decode(source.read_all()?, encoding, &source.name())?;
    let names = header_cells(&bytes, &source.name())?;
    // `--kind` is one of the names clap accepts, each a kind.
    let kind = args.kind.as_deref().and_then(kind_by_name);
    let report = describe(names, &source.name(), kind, &settings.columns)?;
    show(&report, &args.output, ctx)
}
