//! `portfolio history [CLIENT]` and `portfolio diff A B`: read the report history.

use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::history::{changes, Changes, History, Snapshot};
use crate::report::text::{money, pct, printable, score};
use clap::Args;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Where the history is.
#[derive(Debug, Clone, Args)]
pub struct HistoryFile {
    /// History database written by `portfolio report`.
    #[arg(long, value_name = "FILE", default_value = "reports/history.sqlite")]
    pub history: PathBuf,
    /// Output: table (default on a terminal) or json (default when piped).
    #[arg(long, short = 'f', value_parser = ["table", "json"])]
    pub format: Option<String>,
}

impl HistoryFile {
    /// Opens it; a missing file is an error here (reading must not create one).
    fn open(&self) -> Result<History> {
        if !self.history.exists() {
            return Err(Error::Usage(format!(
                "{}: no history yet (run `portfolio report` first, or pass --history FILE)",
                self.history.display()
            )));
        }
        History::open(&self.history)
    }
}

/// Health, margin and verdict by period: of the portfolio, or of one client.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// A client (any case); without one, the portfolio.
    pub client: Option<String>,
    /// The database and output format.
    #[command(flatten)]
    pub file: HistoryFile,
}

/// What changed between two stored periods: verdict transitions, clients new, gone
/// and newly at risk, and the biggest margin moves.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The earlier period, as stored (e.g. 2026-09).
    pub from: String,
    /// The later period.
    pub to: String,
    /// The database and output format.
    #[command(flatten)]
    pub file: HistoryFile,
}

/// One period of the portfolio.
#[derive(Debug, Clone, Serialize)]
struct PortfolioRow {
    period: String,
    clients: usize,
    fire: usize,
    reprice: usize,
    retain: usize,
    mean_health: Option<f64>,
    margin_ratio: Option<f64>,
}

/// One period of a client.
#[derive(Debug, Clone, Serialize)]
struct ClientRow {
    period: String,
    #[serde(flatten)]
    figures: crate::history::ClientSnapshot,
}

/// Runs `portfolio history`.
pub fn run_history(args: HistoryArgs, ctx: &Ctx) -> Result<Exit> {
    let snapshots = args.file.open()?.all()?;
    let format = args.file.format.as_deref();
    match &args.client {
        None => {
            let rows: Vec<PortfolioRow> = snapshots.iter().map(portfolio_row).collect();
            super::print_json_or_table(&rows, format, ctx, |rows| {
                let mut s = format!(
                    "{:<12} {:>7} {:>5} {:>7} {:>6} {:>7} {:>7}\n",
                    "period", "clients", "fire", "reprice", "retain", "health", "margin"
                );
                for r in rows {
                    let _ = writeln!(
                        s,
                        "{:<12} {:>7} {:>5} {:>7} {:>6} {:>7} {:>7}",
                        printable(&r.period),
                        r.clients,
                        r.fire,
                        r.reprice,
                        r.retain,
                        score(r.mean_health),
                        pct(r.margin_ratio)
                    );
                }
                s
            })
        }
        Some(name) => {
            let rows: Vec<ClientRow> = snapshots
                .iter()
                .filter_map(|s| {
                    Some(ClientRow {
                        period: s.period.clone(),
                        figures: s.find(name)?.clone(),
                    })
                })
                .collect();
            if rows.is_empty() {
                return Err(Error::UnknownClient {
                    name: name.clone(),
                    hint: format!(" in any stored period ({} stored)", snapshots.len()),
                });
            }
            super::print_json_or_table(&rows, format, ctx, |rows| {
                let mut s = format!(
                    "{:<12} {:<8} {:>7} {:>7} {:>12} {:>6}\n",
                    "period", "verdict", "health", "margin", "revenue", "churn"
                );
                for r in rows {
                    let f = &r.figures;
                    let _ = writeln!(
                        s,
                        "{:<12} {:<8} {:>7} {:>7} {:>12} {:>6}",
                        printable(&r.period),
                        f.verdict,
                        score(f.health),
                        pct(f.margin_ratio),
                        money(f.revenue),
                        pct(f.churn_risk)
                    );
                }
                s
            })
        }
    }
}

fn portfolio_row(s: &Snapshot) -> PortfolioRow {
    PortfolioRow {
        period: s.period.clone(),
        clients: s.clients.len(),
        fire: s.count("fire"),
        reprice: s.count("reprice"),
        retain: s.count("retain"),
        mean_health: s.mean_health(),
        margin_ratio: s.margin_ratio(),
    }
}

/// Runs `portfolio diff`.
pub fn run_diff(args: DiffArgs, ctx: &Ctx) -> Result<Exit> {
    let history = args.file.open()?;
    let get = |period: &str| -> Result<Snapshot> {
        history.snapshot(period)?.ok_or_else(|| {
            let stored = history.periods().unwrap_or_default().join(", ");
            Error::Usage(format!(
                "no stored period {period:?} (stored: {})",
                if stored.is_empty() { "none" } else { &stored }
            ))
        })
    };
    let (a, b) = (get(&args.from)?, get(&args.to)?);
    let diff = changes(&a, &b);
    super::print_json_or_table(&diff, args.file.format.as_deref(), ctx, table)
}

fn table(c: &Changes) -> String {
    let mut s = format!(
        "{} -> {}\n",
        printable(&c.from_period),
        printable(&c.to_period)
    );
    if c.is_empty() {
        s.push_str("nothing changed\n");
        return s;
    }
    for t in &c.transitions {
        let _ = writeln!(
            s,
            "  verdict  {}: {} -> {}",
            printable(&t.client),
            t.from,
            t.to
        );
    }
    for a in &c.new_at_risk {
        let _ = writeln!(
            s,
            "  at risk  {} (health {}, churn risk {})",
            printable(&a.client),
            score(a.health),
            pct(a.churn_risk)
        );
    }
    for m in &c.margin_moves {
        let _ = writeln!(
            s,
            "  margin   {}: {} -> {} ({:+.1} points)",
            printable(&m.client),
            pct(Some(m.from)),
            pct(Some(m.to)),
            m.change * 100.0
        );
    }
    for n in &c.new_clients {
        let _ = writeln!(s, "  new      {}", printable(n));
    }
    for n in &c.gone_clients {
        let _ = writeln!(s, "  gone     {}", printable(n));
    }
    s
}
