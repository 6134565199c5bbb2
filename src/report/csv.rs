//! CSV: one row per client, safe to open in a spreadsheet (text cells that start
//! with `= + - @`, tab or carriage return are prefixed with `'`).

use super::{ClientReport, Render, Report};
use std::io::{self, Write};

/// The CSV renderer.
pub struct Csv;

/// Column order of the CSV output.
pub const COLUMNS: &[&str] = &[
    "client",
    "verdict",
    "health",
    "rule",
    "revenue",
    "cost",
    "profit",
    "hours",
    "margin_ratio",
    "effective_rate",
    "scope_overrun_ratio",
    "out_of_scope_hours",
    "out_of_scope_value",
    "out_of_scope_requests",
    "avg_days_late",
    "late_invoice_ratio",
    "overdue",
    "fit_score",
    "churn_risk",
    "p_alive",
    "value_tier",
    "revenue_share",
    "clv",
    "action",
    "new_rate",
    "rate_rise_ratio",
    "new_monthly_fee",
    "change_order_rate",
    "exit_date",
    "notice_date",
    "freed_hours_per_month",
    "reasons",
];

/// Keeps the I/O error of a write failure, so a closed pipe stays a closed pipe.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Neutralizes a text cell that a spreadsheet would run as a formula.
pub fn escape_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn o<T: ToString>(x: Option<T>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// An optional amount (the fast way to write a `Decimal`).
fn d(x: Option<rust_decimal::Decimal>) -> String {
    o(x.map(crate::model::money::Plain))
}

/// Writes the rows of `clients` (no header) into a buffer.
fn rows(clients: &[ClientReport]) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(clients.len() * 600));
    for c in clients {
        let m = &c.metrics;
        let n = &c.next_step;
        let reasons: Vec<&str> = c.reasons.iter().map(|r| r.text.as_str()).collect();
        let row = [
            escape_formula(&c.client),
            c.verdict.to_string(),
            o(c.health),
            c.rule.to_string(),
            d(m.revenue),
            d(m.cost),
            d(m.profit),
            d(m.hours),
            o(m.margin_ratio),
            d(m.effective_rate),
            o(m.scope_overrun_ratio),
            d(m.out_of_scope_hours),
            d(m.out_of_scope_value),
            o(m.out_of_scope_requests),
            d(m.avg_days_late),
            o(m.late_invoice_ratio),
            d(m.overdue),
            o(m.fit_score),
            o(m.churn_risk),
            o(m.p_alive),
            o(m.value_tier.map(|t| format!("{t:?}"))),
            o(m.revenue_share),
            d(m.clv),
            escape_formula(&n.action),
            d(n.new_rate),
            o(n.rate_rise_ratio),
            d(n.new_monthly_fee),
            d(n.change_order_rate),
            o(n.exit_date),
            o(n.notice_date),
            d(n.freed_hours_per_month),
            escape_formula(&reasons.join("; ")),
        ];
        w.write_record(&row).map_err(io_error)?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

impl Render for Csv {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(COLUMNS).map_err(io_error)?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        // Rows are formatted on every core in batches, then written in order.
        for batch in report.clients.chunks(2048) {
            for part in crate::par::chunks(batch, |_, part| rows(part)) {
                out.write_all(&part?)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("+1"), "'+1");
        assert_eq!(escape_formula("-2+3"), "'-2+3");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("Acme"), "Acme");
    }
}
