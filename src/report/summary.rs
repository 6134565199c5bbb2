//! The summary file (SPEC 2.1 columns) that ledgers add up to: `portfolio aggregate`.
//!
//! Every amount is written exactly as computed, so scoring this file gives the same
//! figures and verdicts as scoring the ledgers.

use super::csv::opt;
use super::document::{Format, Style};
use super::render::Document;
use super::text::data_cell;
use crate::model::Client;
use std::io::{self, Write};

/// A summary column: its header and a client's cell.
type Column = (&'static str, fn(&Client) -> String);

/// The columns before the fit ratings.
const FIXED: &[Column] = &[
    ("client", |c| data_cell(&c.name)),
    ("revenue", |c| opt(c.revenue)),
    ("previous_revenue", |c| opt(c.previous_revenue)),
    ("cost", |c| opt(c.cost)),
    ("hours", |c| opt(c.hours)),
    ("bill_rate", |c| opt(c.bill_rate)),
    ("contracted_hours", |c| opt(c.contracted_hours)),
    ("out_of_scope_hours", |c| opt(c.out_of_scope_hours)),
    ("out_of_scope_value", |c| opt(c.out_of_scope_value)),
    ("out_of_scope_requests", |c| opt(c.out_of_scope_requests)),
    ("avg_days_late", |c| opt(c.avg_days_late)),
    ("late_invoice_ratio", |c| opt(c.late_invoice_ratio)),
    ("p_alive", |c| opt(c.p_alive)),
    ("overdue", |c| opt(c.overdue)),
    ("aging_current", |c| {
        opt(c.aging.as_ref().map(|a| a.current))
    }),
    ("aging_1_30", |c| opt(c.aging.as_ref().map(|a| a.d1_30))),
    ("aging_31_60", |c| opt(c.aging.as_ref().map(|a| a.d31_60))),
    ("aging_61_90", |c| opt(c.aging.as_ref().map(|a| a.d61_90))),
    ("aging_90_plus", |c| {
        opt(c.aging.as_ref().map(|a| a.d90_plus))
    }),
];

/// The columns after the fit ratings.
const TAIL: &[Column] = &[
    ("red_flag", |c| {
        data_cell(c.red_flag.as_deref().unwrap_or_default())
    }),
    ("last_contact", |c| opt(c.last_contact)),
    ("complaints", |c| opt(c.complaints)),
    ("nps", |c| opt(c.nps)),
    ("client_since", |c| opt(c.client_since)),
    ("contract_end", |c| opt(c.contract_end)),
    ("notice_given", |c| opt(c.notice_given)),
    ("last_rate_increase", |c| opt(c.last_rate_increase)),
    ("notice_days", |c| opt(c.notice_days)),
    ("source", |c| {
        data_cell(c.source.as_deref().unwrap_or_default())
    }),
    ("currency", |c| opt(c.currency.as_deref())),
];

/// The summary file of some clients (`portfolio aggregate`), written as CSV.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a>(pub &'a [Client]);

impl Document for Summary<'_> {
    fn formats(&self) -> &'static [Format] {
        &[Format::Csv]
    }

    fn write(&self, _: Format, _: Style, out: &mut (dyn Write + Send)) -> io::Result<()> {
        write_summary(self.0, out)
    }
}

/// Writes one CSV row per client; fit aspects become `fit` / `fit_<aspect>` columns.
pub fn write_summary(clients: &[Client], out: &mut (dyn Write + Send)) -> io::Result<()> {
    let mut aspects: Vec<&str> = Vec::new();
    for f in clients.iter().flat_map(|c| &c.fit) {
        if !aspects.contains(&f.aspect.as_str()) {
            aspects.push(&f.aspect);
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let fit_columns = aspects.iter().map(|a| match *a {
        "overall" => "fit".to_string(),
        a => format!("fit_{a}"),
    });
    let names = |list: &'static [Column]| list.iter().map(|(name, _)| name.to_string());
    w.write_record(names(FIXED).chain(fit_columns).chain(names(TAIL)))?;
    for c in clients {
        let cells = |list: &'static [Column]| list.iter().map(|(_, cell)| cell(c));
        let fit = aspects
            .iter()
            .map(|a| opt(c.fit.iter().find(|f| f.aspect == *a).map(|f| f.rating)));
        w.write_record(cells(FIXED).chain(fit).chain(cells(TAIL)))?;
    }
    w.flush()
}
