//! CSV: one row per client, safe to open in a spreadsheet (text cells that start
//! with `= + - @`, tab or carriage return are prefixed with `'`).

use super::document::{ClientReport, Report};
use super::wording;
use std::io::{self, Write};

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

/// Neutralizes a text cell that a spreadsheet would run as a formula.
pub fn escape_formula(s: &str) -> String {
    if matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A figure as `{}` writes it, or an empty cell.
fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or_else(String::new, |x| x.to_string())
}

/// One client's row, in the order of [`COLUMNS`].
fn row(c: &ClientReport) -> [String; COLUMNS.len()] {
    let (m, n) = (&c.metrics, &c.next_step);
    // Scripts read CSV: dates stay ISO whatever the calendar.
    let iso = crate::model::calendar::Calendar::Gregorian;
    let reasons: Vec<String> = c.reasons.iter().map(|r| wording::reason(r, iso)).collect();
    [
        escape_formula(&c.client),
        c.verdict.to_string(),
        opt(c.health),
        c.rule.to_string(),
        opt(m.revenue),
        opt(m.cost),
        opt(m.profit),
        opt(m.hours),
        opt(m.margin_ratio),
        opt(m.effective_rate),
        opt(m.scope_overrun_ratio),
        opt(m.out_of_scope_hours),
        opt(m.out_of_scope_value),
        opt(m.out_of_scope_requests),
        opt(m.avg_days_late),
        opt(m.late_invoice_ratio),
        opt(m.overdue),
        opt(m.fit_score),
        opt(m.churn_risk),
        opt(m.p_alive),
        opt(m.value_tier.map(|t| format!("{t:?}"))),
        opt(m.revenue_share),
        opt(m.clv),
        escape_formula(&wording::action(n, iso)),
        opt(n.new_rate),
        opt(n.rate_rise_ratio),
        opt(n.new_monthly_fee),
        opt(n.change_order_rate),
        opt(n.exit_date),
        opt(n.notice_date),
        opt(n.freed_hours_per_month),
        escape_formula(&reasons.join("; ")),
    ]
}

/// Writes the report as CSV, one row per client.
pub fn write(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for c in &report.clients {
        w.write_record(row(c))?;
    }
    w.flush()
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
