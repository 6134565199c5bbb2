//! `portfolio churn`: retention cohorts from contracts, with the sBG model (SPEC 7),
//! and the history of losses: per period, by reason and by acquisition source.

use super::ctx::Ctx;
use super::output::{print_rejected, show, OutputArgs};
use super::resolve::{AnalysisArgs, NotationArgs};
use crate::error::{Error, Exit, Result};
use crate::ingest::Source;
use crate::metrics::models::cohorts::Renewal;
use crate::pipeline::ChurnRun;
use clap::Args;

/// `portfolio churn`: the contracts and what segments and prices the losses.
#[derive(Debug, Clone, Args)]
pub struct ChurnArgs {
    /// Contracts (client, start, end; monthly_fee or hourly_rate x hours_per_month for revenue churn).
    #[arg(long, value_name = "FILE")]
    pub contracts: String,
    /// Interactions: `cancellation` rows date the notice and give the reason.
    #[arg(long, value_name = "FILE")]
    pub interactions: Option<String>,
    /// Clients file, for --by.
    #[arg(long, value_name = "FILE")]
    pub clients: Option<String>,
    /// Time entries, for the margin of each --by group over the history.
    #[arg(long, value_name = "FILE")]
    pub time: Option<String>,
    /// Invoices, for the revenue of each --by group over the history.
    #[arg(long, value_name = "FILE")]
    pub invoices: Option<String>,
    /// Length of the history periods.
    #[arg(long, value_enum, default_value = "quarter")]
    pub every: Renewal,
    /// How many history periods, the last one running to --as-of.
    #[arg(long, value_name = "N", default_value = "8", value_parser = clap::value_parser!(u32).range(1..=240))]
    pub periods: u32,
    /// How numbers and dates are written.
    #[command(flatten)]
    pub notation: NotationArgs,
    /// Segment cohorts by this clients-file column: source.
    #[arg(long, value_name = "COLUMN", value_parser = ["source"])]
    pub by: Option<String>,
    /// Renewal period.
    #[arg(long, value_enum, default_value = "year")]
    pub renewal: Renewal,
    /// Report date and settings.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio churn`.
pub fn run(args: ChurnArgs, ctx: &Ctx) -> Result<Exit> {
    let as_of = args.analysis.as_of.unwrap_or(ctx.today);
    // Resolved in full so a bad flag or --as-of is refused here as in `score`.
    let settings = args.analysis.settings(ctx, None)?;
    if args.by.is_some() && args.clients.is_none() {
        return Err(Error::Usage("--by source needs --clients FILE".into()));
    }
    let source = |file: &Option<String>| file.as_deref().map(Source::from_arg);
    let run = ChurnRun {
        contracts: Source::from_arg(&args.contracts),
        interactions: source(&args.interactions),
        clients: source(&args.clients),
        time: source(&args.time),
        invoices: source(&args.invoices),
        every: args.every,
        periods: args.periods,
        renewal: args.renewal,
        by_source: args.by.is_some(),
        options: args.notation.ledger_options(as_of, 1, settings.columns)?,
        read: args.notation.read_options()?,
    };
    let (report, rejected) = crate::pipeline::churn(&run)?;
    print_rejected(&rejected);
    show(&report, &args.output, ctx)
}
