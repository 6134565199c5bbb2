//! Ledger mode wiring: streams each ledger file through its fold (ingest ->
//! metrics::ledger), merges the optional clients file, and hands the pipeline the
//! same [`Ingested`] a summary file gives.

use crate::error::{Error, Result};
use crate::ingest::ledger::{self, FileReport, LedgerOptions};
use crate::ingest::{read_clients, Ingested, ReadOptions, RowCounts, Source};
use crate::metrics::ledger::{
    by_key, to_clients, ByClient, InteractionTotals, InvoiceTotals, LedgerTotals, PurchaseModel,
    TimeTotals, Window,
};

/// The files of one ledger run; any may be absent.
#[derive(Debug, Clone, Default)]
pub struct LedgerSources {
    /// Time entries.
    pub time: Option<Source>,
    /// Invoices.
    pub invoices: Option<Source>,
    /// Contracts.
    pub contracts: Option<Source>,
    /// Interactions.
    pub interactions: Option<Source>,
    /// Per-client facts (fit, red flags, source, ...), merged by client.
    pub clients: Option<Source>,
}

impl LedgerSources {
    /// Whether any ledger file was named (else this is a summary run).
    pub fn any(&self) -> bool {
        self.time.is_some()
            || self.invoices.is_some()
            || self.contracts.is_some()
            || self.interactions.is_some()
    }
}

/// Reads every ledger file and adds them up into clients for `window`.
pub fn read(
    sources: &LedgerSources,
    opts: &LedgerOptions,
    read_opts: &ReadOptions,
    window: &Window,
) -> Result<Ingested> {
    let mut reports: Vec<FileReport> = Vec::new();
    let mut totals = LedgerTotals::default();
    // The time file is the big one: it streams on its own thread while the others
    // are read here, so the cores stay busy when one file's reader waits.
    let read_time = || -> Result<_> {
        let Some(src) = &sources.time else {
            return Ok(None);
        };
        let (parts, report) =
            ledger::read_time(src, opts, ByClient::<TimeTotals>::default, |s, e| {
                s.entry_id(e.client_id, e.client).add(window, &e);
            })?;
        Ok(Some((by_key(parts, TimeTotals::merge), report)))
    };
    let (time, rest) = std::thread::scope(|scope| {
        let time = scope.spawn(read_time);
        let rest = read_others(sources, opts, window);
        let time = time.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (time, rest)
    });
    if let Some((time, report)) = time? {
        totals.time = Some(time);
        reports.push(report);
    }
    let (others, other_reports) = rest?;
    totals.invoices = others.invoices;
    totals.contracts = others.contracts;
    totals.interactions = others.interactions;
    totals.currency = others.currency;
    totals.purchases = others.purchases;
    reports.extend(other_reports);
    let listed = match &sources.clients {
        Some(src) => {
            let mut read_opts = read_opts.clone();
            read_opts.supplied = supplied(sources);
            Some(read_clients(src, &read_opts)?)
        }
        None => None,
    };
    let mut ingested = Ingested::default();
    let mut counts = RowCounts::default();
    let mut listed_clients = Vec::new();
    if let Some(l) = listed {
        counts = l.counts;
        ingested.rejected = l.rejected;
        ingested.warnings = l.warnings;
        ingested.rejected_clients = l.rejected_clients;
        ingested.currency = l.currency;
        listed_clients = l.clients;
    }
    for r in &reports {
        counts.read += r.read as usize;
        counts.used += r.used as usize;
        counts.rejected += r.rejected_rows as usize;
        ingested.rejected.extend(r.rejected.iter().cloned());
        ingested.warnings.extend(r.warnings.iter().cloned());
    }
    if ingested.decimal_style.is_none() {
        ingested.decimal_style = reports.first().and_then(|r| r.decimal_style);
    }
    // One currency across the clients file, --currency and the invoices (SPEC 2: mixing
    // needs exchange rates).
    let invoiced = reports.iter().find_map(|r| {
        r.currency
            .as_ref()
            .map(|(c, l)| (r.name.clone(), c.clone(), *l))
    });
    let stated = ingested
        .currency
        .clone()
        .or_else(|| read_opts.default_currency.clone());
    if let (Some(stated), Some((file, code, line))) = (&stated, &invoiced) {
        if stated != code {
            let first_at = if read_opts.default_currency.as_ref() == Some(stated) {
                "--currency".to_string()
            } else {
                "the clients file".to_string()
            };
            return Err(Error::MixedCurrencies {
                source_name: file.clone(),
                first: stated.clone(),
                first_at,
                other: code.clone(),
                line: *line,
            });
        }
    }
    let currency = totals.currency.clone();
    let assembly = to_clients(totals, listed_clients, window);
    ingested.warnings.extend(assembly.warnings);
    ingested.clients = assembly.clients;
    ingested.counts = counts;
    if ingested.currency.is_none() {
        ingested.currency = currency;
    }
    Ok(ingested)
}

/// Summary columns the named ledger files compute, so a clients file need not have them.
fn supplied(sources: &LedgerSources) -> Vec<&'static str> {
    let mut out = Vec::new();
    if sources.time.is_some() {
        out.extend(["cost", "hours"]);
    }
    if sources.invoices.is_some() {
        out.extend(["revenue", "avg_days_late", "overdue"]);
    }
    if sources.time.is_some() || sources.contracts.is_some() {
        out.push("revenue");
    }
    if sources.contracts.is_some() {
        out.extend(["contracted_hours", "contract_end"]);
    }
    if sources.interactions.is_some() {
        out.extend(["last_contact", "complaints", "nps"]);
    }
    out
}

/// Invoices, contracts and interactions, one after the other.
fn read_others(
    sources: &LedgerSources,
    opts: &LedgerOptions,
    window: &Window,
) -> Result<(LedgerTotals, Vec<FileReport>)> {
    let mut totals = LedgerTotals::default();
    let mut reports = Vec::new();
    if let Some(src) = &sources.invoices {
        let (part, report) =
            ledger::read_invoices(src, opts, ByClient::<InvoiceTotals>::default, |s, i| {
                s.entry_id(i.client_id, i.client).add(window, &i);
            })?;
        totals.invoices = Some(by_key(part, InvoiceTotals::merge));
        // Fitted now, on this thread, while the time file still streams on the others.
        totals.purchases = Some(PurchaseModel::fit(totals.invoices.as_ref(), window));
        totals.currency = report.currency.as_ref().map(|(c, _)| c.clone());
        reports.push(report);
    }
    if let Some(src) = &sources.contracts {
        let (contracts, report) = ledger::read_contracts(src, opts)?;
        totals.contracts = Some(contracts);
        reports.push(report);
    }
    if let Some(src) = &sources.interactions {
        let (part, report) = ledger::read_interactions(
            src,
            opts,
            ByClient::<InteractionTotals>::default,
            |s, i| {
                s.entry_id(i.client_id, i.client).add(window, &i);
            },
        )?;
        totals.interactions = Some(by_key(vec![part], InteractionTotals::merge));
        reports.push(report);
    }
    Ok((totals, reports))
}
