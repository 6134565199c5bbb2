//! `portfolio vet prospects.csv`: take, take at a price, or decline, before signing.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use super::resolve::{AnalysisArgs, NotationArgs};
use crate::error::{Exit, Result};
use crate::ingest::Source;
use clap::Args;

/// `portfolio vet`: the prospects and the portfolio they are vetted against.
#[derive(Debug, Clone, Args)]
pub struct VetArgs {
    /// The prospects (CSV, JSON or NDJSON).
    pub prospects: String,
    /// Your existing clients (a summary file with hours, contracted_hours, cost, source).
    #[arg(long, value_name = "FILE")]
    pub portfolio: Option<String>,
    /// How numbers and dates are written.
    #[command(flatten)]
    pub notation: NotationArgs,
    /// Target margin, settings and report date.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio vet`.
pub fn run(args: VetArgs, ctx: &Ctx) -> Result<Exit> {
    let run = crate::pipeline::VetRun {
        prospects: Source::from_arg(&args.prospects),
        portfolio: args.portfolio.as_deref().map(Source::from_arg),
        options: args.notation.read_options()?,
        settings: args.analysis.settings(ctx, None)?,
    };
    show(&crate::pipeline::vet(&run)?, &args.output, ctx)
}
