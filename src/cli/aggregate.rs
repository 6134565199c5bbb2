//! `portfolio aggregate`: the per-client summary file the ledgers add up to.

use super::ctx::Ctx;
use super::output::{emit, print_rejected, print_warnings, OutputArgs};
use super::resolve::InputArgs;
use crate::error::{Error, Exit, Result};
use crate::report::summary::Summary;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// `portfolio aggregate`: the ledgers, the report date and where the summary goes.
#[derive(Debug, Clone, Args)]
pub struct AggregateArgs {
    /// Ledger files and the period (as for `score`).
    #[command(flatten)]
    pub input: InputArgs,
    /// Report date (YYYY-MM-DD): ages, lateness and aging are measured from it; default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Write the summary (CSV) to FILE, atomically, instead of standard output.
    #[command(flatten)]
    pub output: OutputArgs,
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
    let (run, bar) = super::resolve::run(&args.input, settings, as_of, false, ctx)?;
    let ingested = crate::pipeline::ingest(&run);
    drop(bar);
    let (ingested, period) = ingested?;
    emit(&Summary(&ingested.clients), &args.output, false, ctx)?;
    if !args.quiet {
        print_warnings(&ingested.warnings);
        print_rejected(&ingested.rejected);
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
