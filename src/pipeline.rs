//! The whole pipeline after ingest: metrics -> verdict -> report model. Pure.

use crate::ingest::Ingested;
use crate::model::Settings;
use crate::report::{ClientReport, Report};
use crate::{metrics, verdict};
use chrono::NaiveDate;

/// Scores ingested clients into a report.
pub fn score(ingested: &Ingested, settings: &Settings, as_of: NaiveDate) -> Report {
    let metrics = metrics::compute(&ingested.clients, settings, as_of);
    let mut totals = metrics::portfolio::totals(metrics.iter(), settings);
    let mut settings = settings.clone();
    if settings.currency.is_none() {
        settings.currency.clone_from(&ingested.currency);
    }
    let mut warnings = ingested.warnings.clone();
    warnings.extend(override_warnings(metrics.iter(), &settings, as_of));
    let assessments = verdict::decide(&metrics, &settings, as_of);
    verdict::complete_totals(
        &mut totals,
        metrics
            .iter()
            .zip(&assessments)
            .map(|(m, a)| (m, a.verdict, &a.next_step)),
    );
    let clients = metrics
        .into_iter()
        .zip(assessments)
        .map(|(m, a)| ClientReport::new(m, a))
        .collect();
    Report::build(
        as_of,
        settings,
        ingested.currency.clone(),
        clients,
        totals,
        ingested.counts,
        ingested.rejected.clone(),
        warnings,
    )
}

/// Overrides that no longer hold, or name no client: said once each, never silent.
fn override_warnings<'a>(
    rows: impl Iterator<Item = &'a crate::metrics::ClientMetrics>,
    settings: &Settings,
    as_of: NaiveDate,
) -> Vec<String> {
    use crate::model::client::client_key;
    let mut out = Vec::new();
    if settings.overrides.is_empty() {
        return out;
    }
    let names: std::collections::HashSet<String> = rows.map(|m| client_key(&m.client)).collect();
    for o in &settings.overrides {
        if !names.contains(&client_key(&o.client)) {
            out.push(format!(
                "settings: the override for {:?} matches no client in the input",
                o.client
            ));
        } else if let Some(until) = o.until.filter(|u| *u < as_of) {
            out.push(format!(
                "settings: the override of {:?} to {} expired on {until}: the rules decide again",
                o.client, o.verdict
            ));
        }
    }
    out
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
