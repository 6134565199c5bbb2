//! `portfolio plan`: every exit and the team hours it frees, month by month.

use super::resolve::{AnalysisArgs, InputArgs};
use super::score::analyze;
use super::Ctx;
use crate::error::{Exit, Result};
use crate::report::text::{opt, printable};
use crate::verdict::plan::{plan, Plan};
use clap::Args;
use std::fmt::Write as _;

/// The fire plan: exit and notice dates, and the hours freed month by month.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Report date and thresholds.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

/// Runs `portfolio plan`.
pub fn run(args: PlanArgs, ctx: &Ctx) -> Result<Exit> {
    let (_, report) = analyze(&args.input, &args.analysis, ctx)?;
    let plan = plan(
        report.as_of,
        report
            .clients
            .iter()
            .map(|c| (c.client.as_str(), c.verdict, &c.next_step)),
    );
    super::print_json_or_table(&plan, args.format.as_deref(), ctx, table)
}

fn table(p: &Plan) -> String {
    let mut s = String::new();
    if p.exits.is_empty() {
        let _ = writeln!(s, "No client to fire as of {}.", p.as_of);
        return s;
    }
    let _ = writeln!(s, "Exits as of {} (earliest notice first)", p.as_of);
    for e in &p.exits {
        let _ = writeln!(
            s,
            "  {}: notice by {}, ends {}, frees {} h/month",
            printable(&e.client),
            opt(e.notice_date),
            opt(e.exit_date),
            opt(e.freed_hours_per_month.map(|h| h.normalize()))
        );
        for person in &e.freed_hours_by_person {
            let _ = writeln!(
                s,
                "      {} {} h/month",
                printable(&person.person),
                person.hours_per_month.normalize()
            );
        }
    }
    let _ = writeln!(
        s,
        "\nHours freed by month (move people before they free up)"
    );
    for m in &p.capacity {
        let people: Vec<String> = m
            .by_person
            .iter()
            .map(|x| format!("{} {}", printable(&x.person), x.hours.normalize()))
            .collect();
        let _ = writeln!(
            s,
            "  {}  {:>8} h  {}",
            m.month,
            m.freed_hours.normalize(),
            people.join(", ")
        );
    }
    s
}
