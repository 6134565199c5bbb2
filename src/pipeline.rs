//! The whole pipeline after ingest: metrics -> verdict -> report model. Pure.

use crate::ingest::Ingested;
use crate::model::Settings;
use crate::report::Report;
use crate::{metrics, verdict};
use chrono::NaiveDate;

/// Scores ingested clients into a report.
pub fn score(ingested: &Ingested, settings: &Settings, as_of: NaiveDate) -> Report {
    let rows = metrics::compute(&ingested.clients, settings, as_of);
    let assessments = verdict::decide(&rows, settings, as_of);
    let mut totals = metrics::portfolio::totals(&rows, settings);
    verdict::complete_totals(&mut totals, &rows, &assessments);
    let mut settings = settings.clone();
    if settings.currency.is_none() {
        settings.currency.clone_from(&ingested.currency);
    }
    Report::build(
        as_of,
        settings,
        ingested.currency.clone(),
        rows,
        assessments,
        totals,
        ingested.counts,
        ingested.rejected.clone(),
        ingested.warnings.clone(),
    )
}

/// The report for these clients with default settings on 2026-10-31; for renderer tests.
#[cfg(test)]
pub(crate) fn report_of(clients: Vec<crate::model::Client>) -> Report {
    let ingested = Ingested {
        clients,
        ..Ingested::default()
    };
    score(
        &ingested,
        &Settings::default(),
        "2026-10-31".parse().expect("test date"),
    )
}
