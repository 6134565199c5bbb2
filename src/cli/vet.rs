//! `portfolio vet prospects.csv`: take, take at a price, or decline, before signing.

use super::resolve::AnalysisArgs;
use super::Ctx;
use crate::error::{Exit, Result};
use crate::ingest::{read_clients, ReadOptions, Source};
use crate::report::text::{money, pct, printable, score};
use crate::verdict::vet::{baseline, vet, Baseline, VetVerdict, Vetting};
use clap::Args;
use serde::Serialize;
use std::fmt::Write as _;

/// Vet prospects: the margin a quote really earns once the scope creeps as it does
/// for your clients from the same channel, the price that reaches the target
/// margin, fit and red flags: take, take at a price, or decline.
///
/// The prospects file has the summary columns (fit, red_flag, source, cost_rate)
/// plus quoted_rate, estimated_hours and budget. --portfolio (your clients, a
/// summary file) gives the cost of an hour and the overrun by source. Prospects
/// never enter the history or the portfolio totals.
///
/// Exit codes: 0 ok, 1 bad input or usage.
#[derive(Debug, Clone, Args)]
pub struct VetArgs {
    /// The prospects (CSV, JSON or NDJSON).
    pub prospects: String,
    /// Your existing clients (a summary file with hours, contracted_hours, cost, source).
    #[arg(long, value_name = "FILE")]
    pub portfolio: Option<String>,
    /// Numbers use a decimal comma.
    #[arg(long)]
    pub decimal_comma: bool,
    /// Target margin, settings and report date.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

/// What `portfolio vet` prints.
#[derive(Debug, Clone, Serialize)]
pub struct VetReport {
    /// The target margin used.
    pub target_margin_ratio: f64,
    /// What the portfolio says (cost of an hour, overrun by source).
    pub baseline: Baseline,
    /// One per prospect, in file order.
    pub prospects: Vec<Vetting>,
    /// Rejected rows and file warnings.
    pub warnings: Vec<String>,
}

/// Runs `portfolio vet`.
pub fn run(args: VetArgs, ctx: &Ctx) -> Result<Exit> {
    let base = args.analysis.base_settings(ctx)?;
    let settings = args.analysis.settings(base, None)?;
    let opts = ReadOptions {
        decimal_comma: args.decimal_comma,
        ..ReadOptions::default()
    };
    let mut warnings = Vec::new();
    let learned = match &args.portfolio {
        Some(file) => {
            let existing = read_clients(&Source::from_arg(file), &opts)?;
            warnings.extend(existing.rejected.iter().map(|r| format!("rejected: {r}")));
            baseline(&existing.clients)
        }
        None => {
            warnings.push(
                "no --portfolio: no overrun history, and costs only from the prospects' own cost_rate".into(),
            );
            Baseline::default()
        }
    };
    let prospects = read_clients(&Source::from_arg(&args.prospects), &opts)?;
    warnings.extend(prospects.rejected.iter().map(|r| format!("rejected: {r}")));
    let out = VetReport {
        target_margin_ratio: settings.target_margin_ratio,
        prospects: prospects
            .clients
            .iter()
            .map(|p| vet(p, &learned, &settings))
            .collect(),
        baseline: learned,
        warnings,
    };
    super::print_json_or_table(&out, args.format.as_deref(), ctx, table)
}

fn table(r: &VetReport) -> String {
    let mut s = String::new();
    for v in &r.prospects {
        let verdict = match v.verdict {
            Some(VetVerdict::Take) => "TAKE".to_string(),
            Some(VetVerdict::TakeAtPrice) => format!(
                "TAKE AT {} an hour ({} in all)",
                money(v.price_rate),
                money(v.price_total)
            ),
            Some(VetVerdict::Decline) => "DECLINE".to_string(),
            None => "no verdict".to_string(),
        };
        let _ = writeln!(s, "{}: {verdict}", printable(&v.prospect));
        let _ = writeln!(
            s,
            "  quote {} x {} h = {} · expected {} h ({} overrun, {}) at {} = {} · margin {} · fit {}",
            money(v.quoted_rate),
            money(v.estimated_hours),
            money(v.expected_revenue),
            money(v.expected_hours),
            pct(v.overrun_ratio),
            printable(&v.overrun_basis),
            money(v.cost_rate),
            money(v.expected_cost),
            pct(v.expected_margin_ratio),
            score(v.fit_score)
        );
        for reason in &v.reasons {
            let _ = writeln!(s, "  - {}", printable(reason));
        }
    }
    for w in &r.warnings {
        let _ = writeln!(s, "note: {}", printable(w));
    }
    s
}
