//! `portfolio churn`: retention cohorts from contracts, with the sBG model (SPEC 7).

use super::resolve::AnalysisArgs;
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::ledger::{read_contracts, LedgerOptions};
use crate::ingest::{read_clients, ReadOptions, Source};
use crate::metrics::models::cohorts::{cohorts, relationships, Cohort, Renewal};
use crate::model::client::client_key;
use crate::report::text::printable;
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Retention cohorts from contracts, with the shifted-beta-geometric model.
///
/// Consecutive contracts of a client are one relationship; clients are grouped
/// by the period their relationship started (and --by a clients-file column),
/// and counted at each fully observed renewal.
#[derive(Debug, Clone, Args)]
pub struct ChurnArgs {
    /// Contracts (client, start, end; monthly_fee for revenue churn).
    #[arg(long, value_name = "FILE")]
    pub contracts: String,
    /// Clients file, for --by.
    #[arg(long, value_name = "FILE")]
    pub clients: Option<String>,
    /// Segment cohorts by this clients-file column: source.
    #[arg(long, value_name = "COLUMN", value_parser = ["source"])]
    pub by: Option<String>,
    /// Renewal period.
    #[arg(long, value_enum, default_value = "year")]
    pub renewal: Renewal,
    /// Report date and settings.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

/// What `portfolio churn` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ChurnReport {
    /// One per start period and segment.
    pub cohorts: Vec<Cohort>,
    /// Why a fit is missing.
    pub warnings: Vec<String>,
}

/// Runs `portfolio churn`.
pub fn run(args: ChurnArgs, ctx: &Ctx) -> Result<Exit> {
    let as_of = args.analysis.as_of.unwrap_or(ctx.today);
    let opts = LedgerOptions {
        decimal_comma: false,
        date_format: None,
        as_of,
        threads: 1,
    };
    let (contracts, report) = read_contracts(&Source::from_arg(&args.contracts), &opts)?;
    for r in &report.rejected {
        eprintln!("portfolio: rejected: {}", printable(&r.to_string()));
    }
    let sources: HashMap<String, String> = match (&args.by, &args.clients) {
        (Some(_), Some(file)) => read_clients(&Source::from_arg(file), &ReadOptions::default())?
            .clients
            .into_iter()
            .filter_map(|c| Some((client_key(&c.name), c.source?)))
            .collect(),
        (Some(_), None) => {
            return Err(Error::Usage("--by source needs --clients FILE".into()));
        }
        _ => HashMap::new(),
    };
    let by = args.by.is_some();
    let rel = relationships(&contracts);
    let segment =
        |key: &str| by.then(|| sources.get(key).cloned().unwrap_or_else(|| "(none)".into()));
    let cohorts = cohorts(&rel, segment, args.renewal, as_of);
    let warnings = cohorts
        .iter()
        .filter(|c| c.sbg.is_none())
        .map(|c| {
            format!(
                "cohort {}{}: no sBG fit ({} clients, {} observed renewals; at least 10 clients and 2 renewals needed)",
                c.cohort,
                c.segment.as_deref().map(|s| format!(" / {s}")).unwrap_or_default(),
                c.clients,
                c.survivors.len().saturating_sub(1)
            )
        })
        .collect();
    let out = ChurnReport { cohorts, warnings };
    super::print_json_or_table(&out, args.format.as_deref(), ctx, table)
}

fn table(r: &ChurnReport) -> String {
    let mut s = String::new();
    for c in &r.cohorts {
        let seg = c
            .segment
            .as_deref()
            .map(|x| format!(" / {x}"))
            .unwrap_or_default();
        let fit = c.sbg.map_or_else(
            || "no fit".to_string(),
            |f| format!("gamma {:.3} delta {:.3}", f.gamma, f.delta),
        );
        let _ = writeln!(
            s,
            "{}{}: {} clients, survivors {:?}, {fit}, churn {}",
            c.cohort,
            printable(&seg),
            c.clients,
            c.survivors,
            crate::report::text::pct(c.churn_rate)
        );
    }
    for w in &r.warnings {
        let _ = writeln!(s, "note: {}", printable(w));
    }
    s
}
