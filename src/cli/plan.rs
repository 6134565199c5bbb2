//! `portfolio plan`: every exit and the team hours it frees, month by month.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use super::resolve::{analyze, RunArgs};
use crate::error::{Exit, Result};
use crate::verdict::plan::plan;
use clap::Args;

/// The fire plan: exit and notice dates, and the hours freed month by month.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio plan`.
pub fn run(args: PlanArgs, ctx: &Ctx) -> Result<Exit> {
    let report = analyze(&args.run, ctx)?.report;
    let plan = plan(
        report.as_of,
        report
            .clients
            .iter()
            .map(|c| (c.client.as_str(), c.verdict, &c.next_step)),
    );
    show(&plan, &args.output, ctx)
}
