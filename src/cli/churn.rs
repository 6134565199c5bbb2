//! `portfolio churn`: retention cohorts from contracts, with the sBG model (SPEC 7),
//! and the history of losses: per period, by reason and by acquisition source.

use super::resolve::AnalysisArgs;
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::ledger::{read_contracts, read_interactions, LedgerOptions};
use crate::ingest::{read_clients, ReadOptions, Source};
use crate::ledger::LedgerSources;
use crate::metrics::churn_history::{
    churn_history, Cancellation, ChurnHistory, ClientMoney, HistoryInput,
};
use crate::metrics::ledger::Window;
use crate::metrics::models::cohorts::{cohorts, relationships, Cohort, Renewal};
use crate::model::client::client_key;
use crate::model::period::Period;
use crate::model::records::InteractionKind;
use crate::report::text::{pct, printable};
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Who left, when and why: retention cohorts with the shifted-beta-geometric model,
/// and clients and recurring revenue lost per period.
///
/// Consecutive contracts of a client are one relationship; clients are grouped
/// by the period their relationship started (and --by a clients-file column),
/// and counted at each fully observed renewal. A relationship is lost when its
/// last contract ends without a following one, or when the client gives notice
/// (a `cancellation` interaction; its note, or `reason` column, is the reason).
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
    /// Numbers use a decimal comma.
    #[arg(long)]
    pub decimal_comma: bool,
    /// Date format besides ISO.
    #[arg(long, value_name = "FMT")]
    pub date_format: Option<String>,
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
    /// One sBG fit over every cohort at once (each for the renewals it has lived
    /// through), when they are too small on their own; `null` with fewer than 10
    /// clients or no cohort observed for two renewals.
    pub pooled: Option<Pooled>,
    /// Length of the history periods.
    pub every: Renewal,
    /// Losses per period, their reasons, and churn by source.
    #[serde(flatten)]
    pub history: ChurnHistory,
    /// Why a fit or a figure is missing.
    pub warnings: Vec<String>,
}

/// The pooled fit.
#[derive(Debug, Clone, Serialize)]
pub struct Pooled {
    /// Clients in all cohorts.
    pub clients: u64,
    /// Cohorts pooled.
    pub cohorts: usize,
    /// The fit.
    pub sbg: crate::metrics::models::sbg::Sbg,
    /// Share of a new cohort still a client after 1, 2, … 5 renewals.
    pub survival: Vec<f64>,
}

/// Runs `portfolio churn`.
pub fn run(args: ChurnArgs, ctx: &Ctx) -> Result<Exit> {
    let as_of = args.analysis.as_of.unwrap_or(ctx.today);
    // Resolved in full so a bad flag or --as-of is refused here as in `score`.
    let settings = args
        .analysis
        .settings(args.analysis.base_settings(ctx)?, None)?;
    let opts = LedgerOptions {
        decimal_comma: args.decimal_comma,
        date_format: args.date_format.clone(),
        as_of,
        threads: 1,
        progress: None,
        cost_rates: None,
        encoding: None,
        rates: None,
        columns: Some(std::sync::Arc::new(settings.columns)),
    };
    let (contracts, report) = read_contracts(&Source::from_arg(&args.contracts), &opts)?;
    let mut warnings = report.warnings;
    let mut rejected = report.rejected;
    let cancellations = match &args.interactions {
        Some(file) => {
            let (found, report) = read_interactions(
                &Source::from_arg(file),
                &opts,
                Vec::new,
                |v: &mut Vec<Cancellation>, i| {
                    if i.kind == InteractionKind::Cancellation {
                        v.push(Cancellation {
                            client: i.client.to_string(),
                            date: i.date,
                            reason: i.reason.map(str::to_string),
                        });
                    }
                },
            )?;
            warnings.extend(report.warnings);
            rejected.extend(report.rejected);
            found
        }
        None => Vec::new(),
    };
    super::print_rejected(&rejected);
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
    let unfitted: Vec<&Cohort> = cohorts.iter().filter(|c| c.sbg.is_none()).collect();
    if let Some(largest) = unfitted
        .iter()
        .max_by_key(|c| (c.clients, c.survivors.len()))
    {
        warnings.push(format!(
            "{} of {} cohorts have no sBG fit: each needs at least 10 clients and 2 fully observed renewals (the largest unfitted, {}{}, has {} clients and {} renewals)",
            unfitted.len(),
            cohorts.len(),
            largest.cohort,
            largest.segment.as_deref().map(|s| format!(" / {s}")).unwrap_or_default(),
            largest.clients,
            largest.survivors.len().saturating_sub(1)
        ));
    }
    let mut names: HashMap<String, String> = HashMap::new();
    for name in cancellations
        .iter()
        .map(|c| &c.client)
        .chain(contracts.iter().map(|c| &c.client))
    {
        names.insert(client_key(name), name.clone());
    }
    let input = HistoryInput {
        relationships: &rel,
        contracts: &contracts,
        cancellations: &cancellations,
        names: &names,
        every: args.every,
        periods: args.periods,
        as_of,
    };
    let span_from = crate::metrics::churn_history::period_start(args.every, as_of)
        .checked_sub_months(chrono::Months::new(
            args.every.months() * (args.periods - 1),
        ))
        .unwrap_or(as_of);
    let money = if by {
        history_money(&args, &opts, span_from, as_of, &mut warnings)?
    } else {
        HashMap::new()
    };
    let history = churn_history(&input, segment, &money);
    let loose = history.losses.iter().filter(|l| l.since.is_none()).count();
    if loose > 0 {
        warnings.push(format!(
            "{loose} cancellation(s) that no contract explains (clients without one, or before their first) are counted among the reasons but not in the period rates"
        ));
    }
    if args.interactions.is_none() {
        warnings.push(
            "no --interactions: losses are contracts not renewed, without notice dates or reasons"
                .into(),
        );
    }
    let all: Vec<&[u64]> = cohorts.iter().map(|c| c.survivors.as_slice()).collect();
    let pooled = crate::metrics::models::sbg::fit_pooled(&all).map(|sbg| Pooled {
        clients: cohorts.iter().map(|c| c.clients as u64).sum(),
        cohorts: cohorts.len(),
        survival: crate::metrics::models::sbg::survival(sbg.gamma, sbg.delta, 5)
            .into_iter()
            .skip(1)
            .map(crate::model::money::round_ratio)
            .collect(),
        sbg,
    });
    let out = ChurnReport {
        pooled,
        cohorts,
        every: args.every,
        history,
        warnings,
    };
    super::print_json_or_table(&out, args.format.as_deref(), ctx, table)
}

/// Revenue and cost of every client from the first history period to the report
/// date, for the margin by source; empty (with a warning) without time or invoices.
fn history_money(
    args: &ChurnArgs,
    opts: &LedgerOptions,
    from: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
    warnings: &mut Vec<String>,
) -> Result<HashMap<String, ClientMoney>> {
    if args.time.is_none() && args.invoices.is_none() {
        warnings.push(
            "margin by source needs --time (cost) and --invoices (revenue): left null".into(),
        );
        return Ok(HashMap::new());
    }
    let contracts = Source::from_arg(&args.contracts);
    let sources = LedgerSources {
        time: args.time.as_deref().map(Source::from_arg),
        invoices: args.invoices.as_deref().map(Source::from_arg),
        // Revenue as in `score`: invoices when given (a client without any then has
        // none), else contract fees, else billable time. Standard input cannot be
        // read twice.
        contracts: (contracts != Source::Stdin).then(|| contracts.clone()),
        interactions: None,
        clients: None,
    };
    let period = Period::between(from, as_of).map_err(Error::Usage)?;
    let opts = LedgerOptions {
        threads: crate::ingest::ledger::threads(),
        ..opts.clone()
    };
    let read_opts = ReadOptions {
        decimal_comma: args.decimal_comma,
        ..ReadOptions::default()
    };
    let ingested = crate::ledger::read(&sources, &opts, &read_opts, &Window::new(period, as_of))?;
    // The contracts' rejections were reported above already.
    super::print_rejected(
        ingested
            .rejected
            .iter()
            .filter(|r| r.file != contracts.name()),
    );
    if args.time.is_none() {
        warnings.push("margin by source needs --time for cost: left null".into());
    }
    Ok(ingested
        .clients
        .into_iter()
        .map(|c| {
            (
                client_key(&c.name),
                ClientMoney {
                    revenue: c.revenue,
                    cost: c.cost,
                },
            )
        })
        .collect())
}

fn table(r: &ChurnReport) -> String {
    use crate::report::text::money;
    let mut s = String::new();
    let h = &r.history;
    let _ = writeln!(
        s,
        "{:<10} {:>7} {:>5} {:>5} {:>7} {:>12} {:>12} {:>9} {:>7}",
        "period", "clients", "new", "lost", "churn", "MRR", "MRR lost", "rev churn", "NRR"
    );
    for p in &h.periods {
        let _ = writeln!(
            s,
            "{:<10} {:>7} {:>5} {:>5} {:>7} {:>12} {:>12} {:>9} {:>7}",
            p.period,
            p.clients_at_start,
            p.new_clients,
            p.lost,
            pct(p.churn_rate),
            money(Some(p.mrr_at_start)),
            money(Some(p.mrr_lost)),
            pct(p.revenue_churn),
            pct(p.net_revenue_retention)
        );
    }
    if !h.reasons.is_empty() {
        let _ = writeln!(s, "\nwhy clients left:");
        for x in &h.reasons {
            let _ = writeln!(
                s,
                "  {:>3} {:>6}  {}",
                x.clients,
                pct(Some(x.share)),
                printable(&x.reason)
            );
        }
    }
    if !h.segments.is_empty() {
        let _ = writeln!(
            s,
            "\n{:<20} {:>7} {:>5} {:>7} {:>14} {:>7}",
            "source", "clients", "lost", "churn", "revenue", "margin"
        );
        for g in &h.segments {
            let _ = writeln!(
                s,
                "{:<20} {:>7} {:>5} {:>7} {:>14} {:>7}",
                printable(&g.source),
                g.clients,
                g.lost,
                pct(g.churn_rate),
                money(g.revenue),
                pct(g.margin_ratio)
            );
        }
    }
    if !h.losses.is_empty() {
        let _ = writeln!(s, "\nlost:");
        for l in &h.losses {
            let how = match l.how {
                crate::metrics::churn_history::LossKind::Cancelled => "cancelled",
                crate::metrics::churn_history::LossKind::NotRenewed => "not renewed",
            };
            let _ = writeln!(
                s,
                "  {} {} ({how}{}){}",
                l.lost_on,
                printable(&l.client),
                l.monthly_revenue
                    .map(|m| format!(", {} a month", money(Some(m))))
                    .unwrap_or_default(),
                l.reason
                    .as_deref()
                    .map(|x| format!(": {}", printable(x)))
                    .unwrap_or_default()
            );
        }
    }
    if let Some(p) = &r.pooled {
        let survival: Vec<String> = p.survival.iter().map(|x| pct(Some(*x))).collect();
        let _ = writeln!(
            s,
            "\nall {} cohorts pooled ({} clients): gamma {:.3} delta {:.3}; a new client is still one after 1-5 renewals: {}",
            p.cohorts,
            p.clients,
            p.sbg.gamma,
            p.sbg.delta,
            survival.join(", ")
        );
    }
    if !r.cohorts.is_empty() {
        let _ = writeln!(s, "\ncohorts:");
    }
    for c in &r.cohorts {
        let seg = c
            .segment
            .as_deref()
            .map(|x| format!(" / {x}"))
            .unwrap_or_default();
        let fit = c.sbg.map_or_else(
            || "no fit".to_string(),
            |f| {
                format!(
                    "gamma {:.3} delta {:.3}, {}",
                    f.gamma,
                    f.delta,
                    super::models::spread(&f.uncertainty, &["gamma", "delta"])
                )
            },
        );
        let _ = writeln!(
            s,
            "  {}{}: {} clients, survivors {:?}, {fit}, churn {}, revenue churn {}",
            c.cohort,
            printable(&seg),
            c.clients,
            c.survivors,
            pct(c.churn_rate),
            pct(c.revenue_churn)
        );
    }
    for w in &r.warnings {
        let _ = writeln!(s, "note: {}", printable(w));
    }
    s
}
