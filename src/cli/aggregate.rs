//! `portfolio aggregate`: the per-client summary file the ledgers add up to.

use super::resolve::InputArgs;
use super::score::ingest_input;
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::report::{sink, text::printable};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Add ledgers up into a summary file (SPEC 2.1 columns, one row per client).
///
/// Scoring the written file with `portfolio score FILE --period-months N` (N = the
/// period's months) gives the same figures and verdicts as scoring the ledgers.
#[derive(Debug, Clone, Args)]
pub struct AggregateArgs {
    /// Ledger files and the period (as for `score`).
    #[command(flatten)]
    pub input: InputArgs,
    /// Report date (YYYY-MM-DD): ages, lateness and aging are measured from it; default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Write the summary to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print nothing to standard error but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Settings file (`[people]` cost rates, `[columns]` header names); default:
    /// PORTFOLIO_CONFIG, else ./portfolio.toml when present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Runs `portfolio aggregate`.
pub fn run(args: AggregateArgs, ctx: &Ctx) -> Result<Exit> {
    if !args.input.ledger_sources()?.any() {
        return Err(Error::Usage(
            "aggregate adds up ledgers: name --time, --invoices, --contracts or --interactions"
                .into(),
        ));
    }
    let as_of = args.as_of.unwrap_or(ctx.today);
    // The settings' cost rates and header names shape what the ledgers add up to.
    let settings = super::resolve::settings_file(args.config.clone(), ctx)?;
    let (ingested, period) = ingest_input(&args.input, as_of, Some(&settings), ctx)?;
    let mut sink = match &args.output {
        Some(path) => sink::Sink::file(path)?,
        None => sink::Sink::stdout(),
    };
    let written = crate::report::summary::write_summary(&ingested.clients, sink.writer());
    written.map_err(|e| sink.error(e))?;
    sink.finish()?;
    if !args.quiet {
        for w in &ingested.warnings {
            eprintln!("portfolio: warning: {}", printable(w));
        }
        super::print_rejected(&ingested.rejected);
        let months = period.map_or(1, |p| p.whole_months());
        eprintln!(
            "portfolio: {}; {} clients for {}; score it with --period-months {months}",
            ingested.counts,
            ingested.clients.len(),
            period.map_or_else(String::new, |p| p.to_string()),
        );
    }
    Ok(Exit::Ok)
}
