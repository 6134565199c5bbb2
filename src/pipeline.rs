//! The whole pipeline after ingest: metrics -> verdict -> report model. Pure.

use crate::ingest::Ingested;
use crate::model::Settings;
use crate::report::{ClientReport, Report};
use crate::{metrics, verdict};
use chrono::NaiveDate;

/// Scores ingested clients into a report.
pub fn score(ingested: &Ingested, settings: &Settings, as_of: NaiveDate) -> Report {
    let lines = lines_of(&ingested.clients, settings, as_of);
    finish(ingested, lines, Vec::new(), settings, as_of)
}

/// [`score`], freeing the input records as soon as their metrics are computed (the
/// returned `Ingested` has no clients), so that later stages can reuse their memory
/// (with the other changes of its commit, 14.8k to 12.7k page faults on 10,000 clients).
pub fn score_owned(
    mut ingested: Ingested,
    settings: &Settings,
    as_of: NaiveDate,
) -> (Ingested, Report) {
    let clients = std::mem::take(&mut ingested.clients);
    let lines = lines_of(&clients, settings, as_of);
    let report = finish(&ingested, lines, clients, settings, as_of);
    (ingested, report)
}

/// Each client's metrics, computed straight into its report line (no vector of
/// metrics to move them out of later).
fn lines_of(
    clients: &[crate::model::Client],
    settings: &Settings,
    as_of: NaiveDate,
) -> Vec<ClientReport> {
    metrics::compute_into(clients, settings, as_of, ClientReport::pending, |c| {
        &mut c.metrics
    })
}

/// Verdicts, totals and the report, from report lines that have their metrics;
/// `spent` (input records done with) is freed while the totals are added up
/// (10,000 clients: 1.2 ms that no longer wait on one core).
fn finish(
    ingested: &Ingested,
    mut clients: Vec<ClientReport>,
    spent: Vec<crate::model::Client>,
    settings: &Settings,
    as_of: NaiveDate,
) -> Report {
    let ((), mut totals) = crate::par::join(
        move || drop(spent),
        || metrics::portfolio::totals(clients.iter().map(|c| &*c.metrics), settings),
    );
    let mut settings = settings.clone();
    if settings.currency.is_none() {
        settings.currency.clone_from(&ingested.currency);
    }
    let mut warnings = ingested.warnings.clone();
    warnings.extend(override_warnings(
        clients.iter().map(|c| &*c.metrics),
        &settings,
        as_of,
    ));
    crate::par::map_mut(&mut clients, |c| {
        let assessment = verdict::decide_one(&c.metrics, &settings, as_of);
        c.settle(assessment);
    });
    verdict::complete_totals(
        &mut totals,
        clients
            .iter()
            .map(|c| (&*c.metrics, c.verdict, &c.next_step)),
    );
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
