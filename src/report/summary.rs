//! The summary file (SPEC 2.1 columns) that ledgers add up to: `portfolio aggregate`.
//!
//! Every amount is written exactly as computed, so scoring this file gives the same
//! figures and verdicts as scoring the ledgers.

use crate::model::Client;
use std::io::{self, Write};

const FIXED: &[&str] = &[
    "client",
    "revenue",
    "previous_revenue",
    "cost",
    "hours",
    "bill_rate",
    "contracted_hours",
    "out_of_scope_hours",
    "out_of_scope_value",
    "out_of_scope_requests",
    "avg_days_late",
    "late_invoice_ratio",
    "p_alive",
    "overdue",
    "aging_current",
    "aging_1_30",
    "aging_31_60",
    "aging_61_90",
    "aging_90_plus",
];

const TAIL: &[&str] = &[
    "red_flag",
    "last_contact",
    "complaints",
    "nps",
    "client_since",
    "contract_end",
    "notice_given",
    "last_rate_increase",
    "notice_days",
    "source",
    "currency",
];

/// As held (an amount's trailing zeros included: `6.00` reads back as `6.00`), or empty.
fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The summary file of some clients (`portfolio aggregate`), written as CSV.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a>(pub &'a [Client]);

impl super::Document for Summary<'_> {
    fn formats(&self) -> &'static [super::Format] {
        &[super::Format::Csv]
    }

    fn write(
        &self,
        _: super::Format,
        _: super::Style,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        write_summary(self.0, out)
    }
}

/// Writes one CSV row per client; fit aspects become `fit` / `fit_<aspect>` columns.
pub fn write_summary(clients: &[Client], out: &mut (dyn Write + Send)) -> io::Result<()> {
    let mut aspects: Vec<&str> = Vec::new();
    for c in clients {
        for f in &c.fit {
            if !aspects.contains(&f.aspect.as_str()) {
                aspects.push(&f.aspect);
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let fit_columns = aspects.iter().map(|a| {
        if *a == "overall" {
            "fit".to_string()
        } else {
            format!("fit_{a}")
        }
    });
    let header: Vec<String> = FIXED
        .iter()
        .map(|s| s.to_string())
        .chain(fit_columns)
        .chain(TAIL.iter().map(|s| s.to_string()))
        .collect();
    w.write_record(&header)?;
    for c in clients {
        let aging = c.aging.as_ref();
        let mut row = vec![
            super::csv::escape_formula(&c.name),
            text(c.revenue),
            text(c.previous_revenue),
            text(c.cost),
            text(c.hours),
            text(c.bill_rate),
            text(c.contracted_hours),
            text(c.out_of_scope_hours),
            text(c.out_of_scope_value),
            text(c.out_of_scope_requests),
            text(c.avg_days_late),
            text(c.late_invoice_ratio),
            text(c.p_alive),
            text(c.overdue),
            text(aging.map(|a| a.current)),
            text(aging.map(|a| a.d1_30)),
            text(aging.map(|a| a.d31_60)),
            text(aging.map(|a| a.d61_90)),
            text(aging.map(|a| a.d90_plus)),
        ];
        for a in &aspects {
            let rating = c.fit.iter().find(|f| f.aspect == *a).map(|f| f.rating);
            row.push(text(rating));
        }
        row.extend([
            super::csv::escape_formula(c.red_flag.as_deref().unwrap_or_default()),
            text(c.last_contact),
            text(c.complaints),
            text(c.nps),
            text(c.client_since),
            text(c.contract_end),
            text(c.notice_given),
            text(c.last_rate_increase),
            text(c.notice_days),
            super::csv::escape_formula(c.source.as_deref().unwrap_or_default()),
            text(c.currency.as_deref()),
        ]);
        w.write_record(&row)?;
    }
    w.flush()
}
