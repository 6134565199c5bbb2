//! `portfolio history [CLIENT]` and `portfolio diff A B`: read the report history.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use crate::error::{Error, Exit, Result};
use crate::history::{changes, History, Snapshot};
use crate::report::history::{ClientHistory, PortfolioHistory};
use clap::Args;
use std::path::PathBuf;

/// Where the history is.
#[derive(Debug, Clone, Args)]
pub struct HistoryFile {
    /// History database written by `portfolio report`.
    #[arg(long, value_name = "FILE", default_value = "reports/history.sqlite")]
    pub history: PathBuf,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

impl HistoryFile {
    /// Opens it; a missing file is an error here (reading must not create one).
    fn open(&self) -> Result<History> {
        if !self.history.exists() {
            return Err(Error::Usage(format!(
                "{}: no history yet (run `portfolio report` first, or pass --history FILE)",
                self.history.display()
            )));
        }
        History::open(&self.history)
    }
}

/// Health, margin and verdict by period: of the portfolio, or of one client.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// A client (any case); without one, the portfolio.
    pub client: Option<String>,
    /// The database, the output format and file.
    #[command(flatten)]
    pub file: HistoryFile,
}

/// What changed between two stored periods: verdict transitions, clients new, gone
/// and newly at risk, and the biggest margin moves.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The earlier period, as stored (e.g. 2026-09).
    pub from: String,
    /// The later period.
    pub to: String,
    /// The database, the output format and file.
    #[command(flatten)]
    pub file: HistoryFile,
}

/// Runs `portfolio history`.
pub fn run_history(args: HistoryArgs, ctx: &Ctx) -> Result<Exit> {
    let snapshots = args.file.open()?.all()?;
    let Some(name) = &args.client else {
        return show(&PortfolioHistory::of(&snapshots), &args.file.output, ctx);
    };
    let rows = ClientHistory::of(&snapshots, name);
    if rows.0.is_empty() {
        return Err(Error::UnknownClient {
            name: name.clone(),
            hint: format!(" in any stored period ({} stored)", snapshots.len()),
        });
    }
    show(&rows, &args.file.output, ctx)
}

/// Runs `portfolio diff`.
pub fn run_diff(args: DiffArgs, ctx: &Ctx) -> Result<Exit> {
    let history = args.file.open()?;
    let get = |period: &str| -> Result<Snapshot> {
        history.snapshot(period)?.ok_or_else(|| {
            let stored = history.periods().unwrap_or_default().join(", ");
            Error::Usage(format!(
                "no stored period {period:?} (stored: {})",
                if stored.is_empty() { "none" } else { &stored }
            ))
        })
    };
    let (a, b) = (get(&args.from)?, get(&args.to)?);
    show(&changes(&a, &b), &args.file.output, ctx)
}
