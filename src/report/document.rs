//! The score report: one line per client, the totals, and how it is ordered; the
//! formats it is written in and how they look.

use super::wording;
use crate::history::Snapshot;
use crate::metrics::{ClientMetrics, PortfolioTotals};
use crate::model::records::{Rejection, RowCounts};
use crate::model::Settings;
use crate::verdict::{Assessment, NextStep, Reason, Verdict};
use chrono::NaiveDate;
use serde::Serialize;

/// Version of the JSON document; bumped only when a key changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned table for a terminal, with a totals footer.
    Table,
    /// One JSON document (SPEC 5).
    Json,
    /// One JSON object per client per line.
    Ndjson,
    /// One row per client, spreadsheet-safe.
    Csv,
    /// Markdown tables for chat tools and wikis.
    Markdown,
    /// A self-contained web page.
    Html,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use clap::ValueEnum;
        let value = self.to_possible_value().expect("no format is skipped");
        f.write_str(value.get_name())
    }
}

impl Format {
    /// The format implied by an output file's extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// One client's line in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientReport {
    /// Client name.
    pub client: String,
    /// fire, reprice or retain.
    pub verdict: Verdict,
    /// Health 0-100 (100 = healthy).
    pub health: Option<f64>,
    /// healthy, watch or at_risk (`null` without a health score).
    pub health_band: Option<crate::metrics::health::Band>,
    /// Id of the rule that decided the verdict.
    pub rule: crate::model::verdict::RuleId,
    /// Every figure.
    pub metrics: ClientMetrics,
    /// Why, the deciding rule first.
    #[serde(serialize_with = "wording::serialize_reasons")]
    pub reasons: Vec<Reason>,
    /// What to do now.
    #[serde(serialize_with = "wording::serialize_next_step")]
    pub next_step: NextStep,
    /// Set when the settings file decided the verdict by hand (`null` otherwise).
    #[serde(rename = "override")]
    pub overridden: Option<crate::verdict::OverrideNote>,
    /// Figures that could not be computed, and why.
    pub warnings: Vec<String>,
}

impl ClientReport {
    /// A client's line from its metrics and its assessment.
    pub fn new(mut metrics: ClientMetrics, a: Assessment) -> ClientReport {
        ClientReport {
            // The name and warnings move to the report line; the metrics do not serialize them.
            client: std::mem::take(&mut metrics.client),
            warnings: std::mem::take(&mut metrics.warnings),
            verdict: a.verdict,
            health: metrics.health,
            health_band: metrics.health_band,
            rule: a.rule,
            metrics,
            reasons: a.reasons,
            next_step: a.next_step,
            overridden: a.overridden,
        }
    }
}

/// The whole report: what every renderer formats.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The report date.
    pub as_of: NaiveDate,
    /// The ledger period added up (`null` for a summary file, whose figures carry their own period).
    pub period: Option<crate::model::period::Period>,
    /// The settings used.
    pub settings: Settings,
    /// Currency of every amount, when known.
    pub currency: Option<String>,
    /// Clients: fire, then reprice, then retain; the least healthy first within each.
    pub clients: Vec<ClientReport>,
    /// Portfolio totals and the what-if after actions.
    pub portfolio: PortfolioTotals,
    /// Rows read, used and rejected.
    pub rows: RowCounts,
    /// Every rejected cell.
    pub rejected: Vec<Rejection>,
    /// Every bad optional cell that was left empty, its client kept (also in `warnings`).
    pub blanked: Vec<Rejection>,
    /// File-level warnings.
    pub warnings: Vec<String>,
    /// The calendar dates are shown in to people (see [`Report::in_calendar`]).
    #[serde(skip)]
    pub calendar: crate::model::calendar::Calendar,
}

impl Report {
    /// This report for people who read dates in `calendar` (table, Markdown, HTML;
    /// JSON and CSV stay ISO for scripts): the renderers word its reasons and steps,
    /// and show its dates, in it.
    pub fn in_calendar(mut self, calendar: crate::model::calendar::Calendar) -> Report {
        self.calendar = calendar;
        self
    }

    /// A period label the tool wrote (`2026-10`, `2026-10-05..2026-11-04`), its
    /// whole dates in the report's calendar.
    pub fn shown<'a>(&self, label: &'a str) -> std::borrow::Cow<'a, str> {
        wording::period_label(label, self.calendar)
    }

    /// A reason in a sentence, in the report's calendar.
    pub fn reason_text(&self, r: &Reason) -> String {
        wording::reason(r, self.calendar)
    }

    /// A client's next step in one sentence, in the report's calendar.
    pub fn action_text(&self, n: &NextStep) -> String {
        wording::action(n, self.calendar)
    }

    /// A date as people read it: ISO, or in the report's calendar.
    pub fn date(&self, d: NaiveDate) -> String {
        crate::model::calendar::show_date(d, self.calendar)
    }

    /// The report's snapshot for the history, under a period label.
    pub fn snapshot(&self, period: &crate::model::period::Period) -> Snapshot {
        Snapshot {
            period: period.to_string(),
            from: Some(period.from),
            to: Some(period.to),
            as_of: self.as_of,
            currency: self.currency.clone(),
            clients: self
                .clients
                .iter()
                .map(|c| crate::history::ClientSnapshot {
                    client: c.client.clone(),
                    verdict: c.verdict.to_string(),
                    health: c.health,
                    health_band: c
                        .health_band
                        .and_then(|b| serde_json::to_value(b).ok())
                        .and_then(|v| v.as_str().map(str::to_string)),
                    margin_ratio: c.metrics.margin_ratio,
                    revenue: c.metrics.revenue,
                    profit: c.metrics.profit,
                    churn_risk: c.metrics.churn_risk,
                    fit_score: c.metrics.fit_score,
                    overdue: c.metrics.overdue,
                })
                .collect(),
        }
    }

    /// The client with this name, compared case-insensitively.
    pub fn find(&self, name: &str) -> Option<&ClientReport> {
        let wanted = crate::model::client::client_key(name);
        self.clients
            .iter()
            .find(|c| crate::model::client::client_key(&c.client) == wanted)
    }
}

/// Sorts report lines: fire, reprice, retain; then by health, lowest first (none
/// last); then by name; equal lines keep their input order (the sort is stable).
pub fn order_for_report(clients: &mut [ClientReport]) {
    // Health has one decimal, so ×10 is exact.
    let key = |c: &ClientReport| {
        let health = c.health.map(|h| (h * 10.0).round() as i64);
        (c.verdict, health.is_none(), health)
    };
    clients.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.client.cmp(&b.client)));
}

/// How a renderer should look: colour for the table, indentation for JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Colour verdicts in the table.
    pub color: bool,
    /// Indent JSON.
    pub pretty: bool,
    /// The terminal's width, when the output goes to one (the table fits it).
    pub terminal_width: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::Client;

    #[test]
    fn lines_go_fire_reprice_retain_then_by_health_then_by_name() {
        // Margins from 80% down to -18% give all three verdicts and many equal health scores.
        let clients = (0..3_000)
            .map(|i| Client {
                name: format!("c{:04}", (i * 7_919) % 3_000),
                revenue: Some(dec("1000")),
                cost: (i % 11 != 0).then(|| rust_decimal::Decimal::from(200 + (i % 50) * 20)),
                ..Client::default()
            })
            .collect();
        let mut lines = crate::pipeline::report_of(clients).clients;
        lines.reverse();
        order_for_report(&mut lines);
        let key = |c: &ClientReport| {
            let health = c.health.map(|h| (h * 10.0).round() as i64);
            (c.verdict, health.is_none(), health, c.client.clone())
        };
        assert_eq!(lines.len(), 3_000);
        assert!(lines.windows(2).all(|w| key(&w[0]) < key(&w[1])));
        let verdicts: std::collections::BTreeSet<Verdict> =
            lines.iter().map(|c| c.verdict).collect();
        assert_eq!(verdicts.len(), 3, "all three verdicts are there");
        assert!(lines.iter().any(|c| c.health.is_none()));
        assert!(lines
            .windows(2)
            .any(|w| w[0].health == w[1].health && w[0].verdict == w[1].verdict));
    }
}
