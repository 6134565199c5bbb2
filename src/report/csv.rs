//! CSV: one row per client, safe to open in a spreadsheet (text cells that start
//! with `= + - @`, tab or carriage return are prefixed with `'`).

use super::document::{ClientReport, Report};
use super::text::data_cell;
use super::wording;
use crate::model::calendar::Calendar;
use std::io::{self, Write};

/// Scripts read CSV: dates stay ISO whatever the calendar.
const ISO: Calendar = Calendar::Gregorian;

/// A CSV column: its header and a client's cell.
type Column = (&'static str, fn(&ClientReport) -> String);

/// The columns of the CSV output, in order.
const COLUMNS: &[Column] = &[
    ("client", |c| data_cell(&c.client)),
    ("verdict", |c| c.verdict.to_string()),
    ("health", |c| opt(c.health)),
    ("rule", |c| c.rule.to_string()),
    ("revenue", |c| opt(c.metrics.revenue)),
    ("cost", |c| opt(c.metrics.cost)),
    ("profit", |c| opt(c.metrics.profit)),
    ("hours", |c| opt(c.metrics.hours)),
    ("margin_ratio", |c| opt(c.metrics.margin_ratio)),
    ("effective_rate", |c| opt(c.metrics.effective_rate)),
    ("scope_overrun_ratio", |c| {
        opt(c.metrics.scope_overrun_ratio)
    }),
    ("out_of_scope_hours", |c| opt(c.metrics.out_of_scope_hours)),
    ("out_of_scope_value", |c| opt(c.metrics.out_of_scope_value)),
    ("out_of_scope_requests", |c| {
        opt(c.metrics.out_of_scope_requests)
    }),
    ("avg_days_late", |c| opt(c.metrics.avg_days_late)),
    ("late_invoice_ratio", |c| opt(c.metrics.late_invoice_ratio)),
    ("overdue", |c| opt(c.metrics.overdue)),
    ("fit_score", |c| opt(c.metrics.fit_score)),
    ("churn_risk", |c| opt(c.metrics.churn_risk)),
    ("p_alive", |c| opt(c.metrics.p_alive)),
    ("value_tier", |c| {
        opt(c.metrics.value_tier.map(|t| format!("{t:?}")))
    }),
    ("revenue_share", |c| opt(c.metrics.revenue_share)),
    ("clv", |c| opt(c.metrics.clv)),
    ("action", |c| data_cell(&wording::action(&c.next_step, ISO))),
    ("new_rate", |c| opt(c.next_step.new_rate)),
    ("rate_rise_ratio", |c| opt(c.next_step.rate_rise_ratio)),
    ("new_monthly_fee", |c| opt(c.next_step.new_monthly_fee)),
    ("change_order_rate", |c| opt(c.next_step.change_order_rate)),
    ("exit_date", |c| opt(c.next_step.exit_date)),
    ("notice_date", |c| opt(c.next_step.notice_date)),
    ("freed_hours_per_month", |c| {
        opt(c.next_step.freed_hours_per_month)
    }),
    ("reasons", |c| {
        let reasons: Vec<String> = c.reasons.iter().map(|r| wording::reason(r, ISO)).collect();
        data_cell(&reasons.join("; "))
    }),
];

/// A figure as `{}` writes it (an amount's trailing zeros included: `6.00` reads
/// back as `6.00`), or an empty cell.
pub(super) fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or_else(String::new, |x| x.to_string())
}

/// Writes the report as CSV, one row per client.
pub fn write(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().map(|(name, _)| name))?;
    for c in &report.clients {
        w.write_record(COLUMNS.iter().map(|(_, cell)| cell(c)))?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(data_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(data_cell("+1"), "'+1");
        assert_eq!(data_cell("-2+3"), "'-2+3");
        assert_eq!(data_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(data_cell("Acme"), "Acme");
        // Shown, not obeyed: no escape sequence or line of its own reaches a reader.
        assert_eq!(data_cell("Evil\u{1b}[2J\nx"), "Evil\\u{1b}[2J\\u{a}x");
    }
}
