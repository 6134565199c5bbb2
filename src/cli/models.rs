//! `portfolio models`: BG/NBD and Gamma-Gamma fitted on invoice histories (SPEC 7).

use super::ctx::Ctx;
use super::output::{print_rejected, show, OutputArgs};
use super::resolve::{AnalysisArgs, NotationArgs};
use crate::error::{Error, Exit, Result};
use crate::ingest::Source;
use crate::metrics::models::TimeUnit;
use crate::report::models::ModelsView;
use clap::Args;

/// `portfolio models`: the invoices, the time unit, the horizon and the margin.
#[derive(Debug, Clone, Args)]
pub struct ModelsArgs {
    /// Invoices (invoice, client, issued, amount; due and paid may be absent).
    #[arg(long, value_name = "FILE")]
    pub invoices: String,
    /// Time unit of frequency, recency, T and the horizon.
    #[arg(long, value_enum, default_value = "week")]
    pub time_unit: TimeUnit,
    /// How far ahead to project, in time units.
    #[arg(long, value_name = "N", default_value = "52")]
    pub horizon: f64,
    /// Profit per purchase as a share of its value (invoices carry no cost); default: the target margin.
    #[arg(long, value_name = "RATIO")]
    pub margin: Option<f64>,
    /// Report date and thresholds (the settings file's CLV discount applies).
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// How numbers and dates are written.
    #[command(flatten)]
    pub notation: NotationArgs,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio models`.
pub fn run(args: ModelsArgs, ctx: &Ctx) -> Result<Exit> {
    if !(args.horizon.is_finite() && args.horizon > 0.0 && args.horizon <= 10_000.0) {
        return Err(Error::Usage(format!(
            "--horizon {}: expected a number of time units above 0 (e.g. 52 weeks)",
            args.horizon
        )));
    }
    let settings = args.analysis.settings(ctx, None)?;
    let margin = args.margin.unwrap_or(settings.target_margin_ratio);
    if !(0.0..=1.0).contains(&margin) {
        return Err(Error::Usage(format!(
            "--margin {margin}: expected a ratio from 0 to 1"
        )));
    }
    let as_of = args.analysis.as_of.unwrap_or(ctx.today);
    let run = crate::pipeline::ModelsRun {
        invoices: Source::from_arg(&args.invoices),
        options: args.notation.ledger_options(
            as_of,
            crate::ingest::ledger::threads(),
            settings.columns.clone(),
        )?,
        time_unit: args.time_unit,
        horizon: args.horizon,
        monthly_discount: settings.clv_monthly_discount_ratio,
        margin,
    };
    let (models, rejected) = crate::pipeline::models(&run)?;
    print_rejected(&rejected);
    let view = ModelsView {
        models: &models,
        horizon: args.horizon,
        unit: args.time_unit,
    };
    show(&view, &args.output, ctx)
}
