//! `portfolio models`: BG/NBD and Gamma-Gamma fitted on invoice histories (SPEC 7).

use super::resolve::AnalysisArgs;
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::ledger::{read_invoices, LedgerOptions};
use crate::ingest::Source;
use crate::metrics::ledger::{by_key, ByClient};
use crate::metrics::models::optimize::Uncertainty;
use crate::metrics::models::{bgnbd, fit_models, gamma_gamma, Models, TimeUnit};
use crate::report::text::{opt, printable};
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Fit purchase (BG/NBD) and value (Gamma-Gamma) models on invoice histories.
///
/// Each client's invoices, counted per distinct issue day, up to --as-of: how often
/// it buys, when it last did, and how much. Prints the fitted parameters and per
/// client P(alive), expected purchases over the horizon, expected profit per
/// purchase and CLV. With too little history the models are null, with a warning.
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
    /// Numbers use a decimal comma.
    #[arg(long)]
    pub decimal_comma: bool,
    /// Date format besides ISO.
    #[arg(long, value_name = "FMT")]
    pub date_format: Option<String>,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

/// Runs `portfolio models`.
pub fn run(args: ModelsArgs, ctx: &Ctx) -> Result<Exit> {
    if !(args.horizon.is_finite() && args.horizon > 0.0 && args.horizon <= 10_000.0) {
        return Err(Error::Usage(format!(
            "--horizon {}: expected a number of time units above 0 (e.g. 52 weeks)",
            args.horizon
        )));
    }
    let base = args.analysis.base_settings(ctx)?;
    let settings = args.analysis.settings(base, None)?;
    let margin = args.margin.unwrap_or(settings.target_margin_ratio);
    if !(0.0..=1.0).contains(&margin) {
        return Err(Error::Usage(format!(
            "--margin {margin}: expected a ratio from 0 to 1"
        )));
    }
    let as_of = args.analysis.as_of.unwrap_or(ctx.today);
    let opts = LedgerOptions {
        decimal_comma: args.decimal_comma,
        date_format: args.date_format.clone(),
        as_of,
        threads: crate::ingest::ledger::threads(),
        progress: None,
        cost_rates: None,
        encoding: None,
        rates: None,
        columns: Some(std::sync::Arc::new(settings.columns.clone())),
    };
    type Purchases = Vec<(NaiveDate, Decimal)>;
    let (parts, report) = read_invoices(
        &Source::from_arg(&args.invoices),
        &opts,
        ByClient::<Purchases>::default,
        |s, i| s.entry_id(i.client_id, i.client).push((i.issued, i.amount)),
    )?;
    let mut purchases: Vec<(String, Purchases)> =
        by_key(parts, |a, b| a.extend(b)).into_values().collect();
    purchases.sort_by(|a, b| a.0.cmp(&b.0));
    let mut models = fit_models(
        purchases,
        as_of,
        args.time_unit,
        args.horizon,
        settings.clv_monthly_discount_ratio,
        margin,
    );
    models.warnings.extend(report.warnings);
    super::print_rejected(&report.rejected);
    super::print_json_or_table(&models, args.format.as_deref(), ctx, |m| {
        table(m, args.horizon, args.time_unit)
    })
}

/// `standard errors: r 0.0126 (95% 0.2192-0.2685), ...`, or why there are none.
pub fn spread<const N: usize>(u: &Uncertainty<N>, names: &[&str; N]) -> String {
    let Some(se) = u.standard_errors() else {
        return "standard errors: none (the likelihood is too flat to tell)".into();
    };
    let parts: Vec<String> = (0..N)
        .map(|i| {
            let (lo, hi) = u.interval(i).unwrap_or((f64::NAN, f64::NAN));
            format!("{} {:.4} (95% {:.4}-{:.4})", names[i], se[i], lo, hi)
        })
        .collect();
    format!("standard errors: {}", parts.join(", "))
}

fn table(m: &Models, horizon: f64, unit: TimeUnit) -> String {
    let mut s = String::new();
    match &m.bgnbd {
        Some(b) => {
            let f = &b.fit;
            let _ = writeln!(
                s,
                "BG/NBD: r {:.4} alpha {:.4} a {:.4} b {:.4} (log-likelihood {:.1}, time in {:?}s)",
                f.r, f.alpha, f.a, f.b, f.log_likelihood, unit
            );
            let _ = writeln!(s, "  {}", spread(&f.uncertainty, &bgnbd::NAMES));
        }
        None => {
            let _ = writeln!(s, "BG/NBD: not fitted");
        }
    }
    if let Some(g) = &m.gamma_gamma {
        let _ = writeln!(
            s,
            "Gamma-Gamma: p {:.4} q {:.4} v {:.4} (log-likelihood {:.1})",
            g.p, g.q, g.v, g.log_likelihood
        );
        let _ = writeln!(s, "  {}", spread(&g.uncertainty, &gamma_gamma::NAMES));
    }
    for w in &m.warnings {
        let _ = writeln!(s, "note: {}", printable(w));
    }
    let _ = writeln!(
        s,
        "\n{:<32} {:>5} {:>9} {:>9} {:>8} {:>10} {:>12}",
        "client",
        "x",
        "recency",
        "T",
        "P(alive)",
        format!("E[{horizon}]"),
        "CLV"
    );
    for c in &m.clients {
        let _ = writeln!(
            s,
            "{:<32} {:>5} {:>9.2} {:>9.2} {:>8} {:>10} {:>12}",
            printable(&c.client),
            c.frequency,
            c.recency,
            c.age,
            opt(c.p_alive),
            opt(c.expected_purchases),
            opt(c.clv)
        );
    }
    s
}
