//! The one place that wires the stages. A run, resolved from the command line by
//! `cli::resolve`, is read (ingest: a summary file, or the ledger files added up
//! for the period), scored (metrics), decided (verdict) and put into one report.
//! Every command that scores clients comes through [`analyze`]; `models`, `churn`
//! and `vet` have their own entry points below. Nothing here prints.

use crate::error::{Error, Result};
use crate::ingest::fx::{self, Rates};
use crate::ingest::ledger::{self, FileReport, LedgerOptions, LedgerSources};
use crate::ingest::{read_clients, Ingested, ReadOptions, Source};
use crate::metrics::churn_history::{churn_history, Cancellation, ClientMoney, HistoryInput};
use crate::metrics::ledger::{
    by_key, to_clients, ByClient, InteractionTotals, InvoiceTotals, LedgerTotals, TimeFold,
    TimeTotals, Window,
};
use crate::metrics::models::cohorts::{cohorts, relationships, Cohort, Renewal};
use crate::metrics::models::purchases::PurchaseModel;
use crate::metrics::models::{fit_models, Models, TimeUnit};
use crate::model::client::client_key;
use crate::model::period::Period;
use crate::model::records::{InteractionKind, Rejection};
use crate::model::Settings;
use crate::report::churn::{ChurnReport, Pooled};
use crate::report::document::order_for_report;
use crate::report::vet::VetReport;
use crate::report::{ClientReport, Report, SCHEMA_VERSION};
use crate::{metrics, verdict};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// A run, resolved: what to read, the settings in force and the report date.
#[derive(Debug, Clone)]
pub struct Run {
    /// The input files and how to read them.
    pub input: Input,
    /// The settings, every flag and the settings file applied.
    pub settings: Settings,
    /// The report date.
    pub as_of: NaiveDate,
    /// Any rejected row stops the run (`--strict`).
    pub strict: bool,
}

/// What a run reads.
// One per run: its size does not matter, and boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Input {
    /// One row per client.
    Summary {
        /// The file (or standard input).
        source: Source,
        /// How to read it.
        options: ReadOptions,
        /// Exchange rates into the report currency, when amounts are converted.
        rates: Option<RatesFrom>,
    },
    /// Raw exports, added up for a period.
    Ledger {
        /// The files.
        sources: LedgerSources,
        /// The period added up (cut at the report date).
        period: Period,
        /// How to read the ledger files (exchange rates are filled in when read).
        options: LedgerOptions,
        /// How to read the clients file.
        read: ReadOptions,
        /// Exchange rates into the report currency, when amounts are converted.
        rates: Option<RatesFrom>,
    },
}

/// Where exchange rates come from, and the currency they convert into.
#[derive(Debug, Clone)]
pub struct RatesFrom {
    /// `--rates FILE`, else `[rates]` of the settings file.
    pub file: Option<Source>,
    /// The report currency.
    pub to: String,
}

/// A scored run: what was read (for `explain`) and the report.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The input records, rejections and warnings.
    pub ingested: Ingested,
    /// The report.
    pub report: Report,
}

/// Reads, scores and decides a run.
pub fn analyze(run: &Run) -> Result<Analysis> {
    let (ingested, period) = ingest(run)?;
    // Every row was rejected: an empty report would read as "all fine" to cron.
    let all_rejected = ingested.clients.is_empty();
    if let Some(first) = ingested.rejected.first().filter(|_| all_rejected) {
        let listed: Vec<String> = (ingested.rejected.iter().skip(1).take(19))
            .map(|r| format!("\n  {r}"))
            .collect();
        return Err(Error::Usage(format!(
            "{first}\nno client could be scored: every row ({}) was rejected{}",
            ingested.counts.rejected,
            listed.concat()
        )));
    }
    let mut report = score(&ingested, &run.settings, run.as_of);
    report.period = period;
    Ok(Analysis { ingested, report })
}

/// Reads the input: one summary file, or the ledger files added up for their period.
pub fn ingest(run: &Run) -> Result<(Ingested, Option<Period>)> {
    match &run.input {
        Input::Summary {
            source,
            options,
            rates,
        } => {
            let rates = read_rates(rates.as_ref(), &run.settings)?;
            let mut options = options.clone();
            options.convert = rates.is_some();
            let mut ingested = read_clients(source, &options)?;
            strict_check(run, &ingested)?;
            if let Some((rates, to)) = rates {
                let notes = fx::convert(
                    &mut ingested.clients,
                    &mut ingested.extras,
                    &rates,
                    &to,
                    run.as_of,
                )?;
                ingested.warnings.extend(notes);
                ingested.currency = Some(to);
            }
            Ok((ingested, None))
        }
        Input::Ledger {
            sources,
            period,
            options,
            read,
            rates,
        } => {
            let mut options = options.clone();
            options.rates = read_rates(rates.as_ref(), &run.settings)?.map(Arc::new);
            let window = Window::new(*period, run.as_of).with_clv(&run.settings);
            let mut ingested = read_ledgers(sources, &options, read, &window)?;
            if ingested.counts.read == 0 {
                // An empty report would read as "all fine" to cron.
                return Err(Error::Usage(
                    "the ledger files have no data rows (only headers?): nothing to score".into(),
                ));
            }
            strict_check(run, &ingested)?;
            if ingested.currency.is_none() {
                ingested.currency.clone_from(&read.default_currency);
            }
            if let Some(fx) = &options.rates {
                ingested.currency = Some(fx.1.clone());
                ingested.warnings.push(format!(
                    "rows in other currencies were converted into {} at the latest rate on or before each row's date ({}); metrics.conversion keeps a client's invoices in their own currency",
                    fx.1, fx.0.source
                ));
            }
            Ok((ingested, Some(*period)))
        }
    }
}

/// The exchange rates of a run: `--rates FILE`, else `[rates]` of the settings.
fn read_rates(from: Option<&RatesFrom>, settings: &Settings) -> Result<Option<(Rates, String)>> {
    let Some(from) = from else { return Ok(None) };
    let rates = match &from.file {
        Some(source) => {
            let bytes = crate::ingest::encoding::decode(source.read_all()?, None, &source.name())?;
            Rates::parse_csv(&String::from_utf8_lossy(&bytes), &source.name())?
        }
        None => Rates::fixed(&settings.rates, "[rates] of the settings file"),
    };
    Ok(Some((rates, from.to.clone())))
}

/// `--strict`: any rejected row is an error (exit 1), named by the first one.
fn strict_check(run: &Run, ingested: &Ingested) -> Result<()> {
    match ingested.rejected.first() {
        Some(first) if run.strict => Err(Error::Strict {
            rejected: ingested.counts.rejected,
            first: first.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Scores ingested clients into a report: metrics, verdicts, totals.
pub fn score(ingested: &Ingested, settings: &Settings, as_of: NaiveDate) -> Report {
    let metrics = metrics::compute(&ingested.clients, &ingested.extras, settings, as_of);
    let mut totals = metrics::portfolio::totals(metrics.iter(), settings);
    let mut settings = settings.clone();
    if settings.currency.is_none() {
        settings.currency.clone_from(&ingested.currency);
    }
    let mut warnings = metrics::client::implausible(&metrics);
    warnings.extend(ingested.warnings.iter().cloned());
    warnings.extend(override_warnings(metrics.iter(), &settings, as_of));
    let assessments = verdict::decide(&metrics, &settings, as_of);
    verdict::complete_totals(
        &mut totals,
        metrics
            .iter()
            .zip(&assessments)
            .map(|(m, a)| (m, a.verdict, &a.next_step)),
    );
    let mut clients: Vec<ClientReport> = (metrics.into_iter().zip(assessments))
        .map(|(m, a)| ClientReport::new(m, a))
        .collect();
    order_for_report(&mut clients);
    Report {
        schema_version: SCHEMA_VERSION,
        as_of,
        period: None,
        settings,
        currency: ingested.currency.clone(),
        clients,
        portfolio: totals,
        rows: ingested.counts,
        rejected: ingested.rejected.clone(),
        blanked: ingested.blanked.clone(),
        warnings,
        calendar: Default::default(),
    }
}

/// Overrides that no longer hold, or name no client: said once each, never silent.
fn override_warnings<'a>(
    rows: impl Iterator<Item = &'a crate::metrics::ClientMetrics>,
    settings: &Settings,
    as_of: NaiveDate,
) -> Vec<String> {
    let names: std::collections::HashSet<String> = rows.map(|m| client_key(&m.client)).collect();
    let warning = |o: &crate::model::settings::Override| match o.until {
        _ if !names.contains(&client_key(&o.client)) => Some(format!(
            "settings: the override for {:?} matches no client in the input",
            o.client
        )),
        Some(until) if until < as_of => Some(format!(
            "settings: the override of {:?} to {} expired on {until}: the rules decide again",
            o.client, o.verdict
        )),
        _ => None,
    };
    settings.overrides.iter().filter_map(warning).collect()
}

/// Reads every ledger file and adds them up into clients for `window`.
fn read_ledgers(
    sources: &LedgerSources,
    opts: &LedgerOptions,
    read_opts: &ReadOptions,
    window: &Window,
) -> Result<Ingested> {
    // The other files first, then the time file (reading both at once costs memory,
    // not time: each file's reader runs on every core).
    let read_time = || -> Result<_> {
        let Some(src) = &sources.time else {
            return Ok(None);
        };
        let (parts, report) =
            ledger::read_time(src, opts, TimeFold::default, |s, e| s.add(window, &e))?;
        let parts = parts.into_iter().map(TimeFold::finish).collect();
        Ok(Some((by_key(parts, TimeTotals::merge), report)))
    };
    let (mut totals, mut reports) = read_other_ledgers(sources, opts, window)?;
    // The purchase models are fitted while the time file streams: the fit is one
    // thread's work, and the time file's reader leaves some of a core idle.
    let (time, purchases) = std::thread::scope(|scope| {
        let fit = totals
            .invoices
            .as_ref()
            .map(|invoices| scope.spawn(|| PurchaseModel::fit(Some(invoices), window)));
        let time = read_time();
        let fitted = fit.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (time, fitted)
    });
    totals.purchases = purchases;
    if let Some((time, report)) = time? {
        totals.time = Some(time);
        reports.insert(0, report);
    }
    let listed = match &sources.clients {
        Some(src) => {
            let mut read_opts = read_opts.clone();
            read_opts.supplied = sources.supplied();
            read_clients(src, &read_opts)?
        }
        None => Ingested::default(),
    };
    // The clients file's rejections, warnings and currency; the ledgers' decimal style.
    let mut ingested = Ingested {
        clients: Vec::new(),
        decimal_style: reports.first().and_then(|r| r.decimal_style),
        ..listed
    };
    let mut counts = ingested.counts;
    for r in &reports {
        counts.read += r.read as usize;
        counts.used += r.used as usize;
        counts.rejected += r.rejected_rows as usize;
        counts.outside_period += r.outside as usize;
        ingested.rejected.extend(r.rejected.iter().cloned());
        ingested.warnings.extend(r.warnings.iter().cloned());
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
    let assembly = to_clients(totals, listed.clients, window);
    ingested.warnings.extend(assembly.warnings);
    ingested.clients = assembly.clients;
    ingested.extras = assembly.extras;
    ingested.counts = counts;
    if ingested.currency.is_none() {
        ingested.currency = currency;
    }
    Ok(ingested)
}

/// Invoices, contracts and interactions, one after the other.
fn read_other_ledgers(
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

/// A `churn` run, resolved.
#[derive(Debug, Clone)]
pub struct ChurnRun {
    /// Contracts: the relationships and their renewals.
    pub contracts: Source,
    /// Interactions: cancellations date the notice and give the reason.
    pub interactions: Option<Source>,
    /// The clients file, for the source of each client.
    pub clients: Option<Source>,
    /// Time entries, for the cost of each source over the history.
    pub time: Option<Source>,
    /// Invoices, for the revenue of each source over the history.
    pub invoices: Option<Source>,
    /// Length of the history periods.
    pub every: Renewal,
    /// How many history periods, the last one running to the report date.
    pub periods: u32,
    /// The renewal period of the cohorts.
    pub renewal: Renewal,
    /// Segment the cohorts and losses by the clients' source.
    pub by_source: bool,
    /// How to read the ledger files.
    pub options: LedgerOptions,
    /// How to read the clients file in the ledger reading.
    pub read: ReadOptions,
}

/// Retention cohorts with their sBG fits, and the losses per period, by reason and
/// by source; with every row the files rejected.
pub fn churn(run: &ChurnRun) -> Result<(ChurnReport, Vec<Rejection>)> {
    let as_of = run.options.as_of;
    let (contracts, report) = ledger::read_contracts(&run.contracts, &run.options)?;
    let mut warnings = report.warnings;
    let mut rejected = report.rejected;
    let cancellations = match &run.interactions {
        Some(source) => {
            let (found, report) = ledger::read_interactions(
                source,
                &run.options,
                Vec::new,
                |v: &mut Vec<Cancellation>, i| {
                    if i.kind == InteractionKind::Cancellation {
                        v.push(Cancellation {
                            client: i.client.to_string(),
                            date: i.date,
                            reason: i.reason.map(str::to_string),
                        });
                    }
                },
            )?;
            warnings.extend(report.warnings);
            rejected.extend(report.rejected);
            found
        }
        None => Vec::new(),
    };
    let sources: HashMap<String, String> = match (run.by_source, &run.clients) {
        (true, Some(source)) => read_clients(source, &ReadOptions::default())?
            .clients
            .into_iter()
            .filter_map(|c| Some((client_key(&c.name), c.source?)))
            .collect(),
        _ => HashMap::new(),
    };
    let by = run.by_source;
    let rel = relationships(&contracts);
    let segment =
        |key: &str| by.then(|| sources.get(key).cloned().unwrap_or_else(|| "(none)".into()));
    let cohorts = cohorts(&rel, segment, run.renewal, as_of);
    let unfitted: Vec<&Cohort> = cohorts.iter().filter(|c| c.sbg.is_none()).collect();
    if let Some(largest) = unfitted
        .iter()
        .max_by_key(|c| (c.clients, c.survivors.len()))
    {
        warnings.push(format!(
            "{} of {} cohorts have no sBG fit: each needs at least 10 clients and 2 fully observed renewals (the largest unfitted, {}{}, has {} clients and {} renewals)",
            unfitted.len(),
            cohorts.len(),
            largest.cohort,
            largest.segment.as_deref().map(|s| format!(" / {s}")).unwrap_or_default(),
            largest.clients,
            largest.survivors.len().saturating_sub(1)
        ));
    }
    let names: HashMap<String, String> = (cancellations.iter().map(|c| &c.client))
        .chain(contracts.iter().map(|c| &c.client))
        .map(|name| (client_key(name), name.clone()))
        .collect();
    let input = HistoryInput {
        relationships: &rel,
        contracts: &contracts,
        cancellations: &cancellations,
        names: &names,
        every: run.every,
        periods: run.periods,
        as_of,
    };
    let span_from = crate::metrics::churn_history::period_start(run.every, as_of)
        .checked_sub_months(chrono::Months::new(run.every.months() * (run.periods - 1)))
        .unwrap_or(as_of);
    let money = if by {
        history_money(run, span_from, &mut warnings, &mut rejected)?
    } else {
        HashMap::new()
    };
    let history = churn_history(&input, segment, &money);
    let loose = history.losses.iter().filter(|l| l.since.is_none()).count();
    if loose > 0 {
        warnings.push(format!(
            "{loose} cancellation(s) that no contract explains (clients without one, or before their first) are counted among the reasons but not in the period rates"
        ));
    }
    if run.interactions.is_none() {
        warnings.push(
            "no --interactions: losses are contracts not renewed, without notice dates or reasons"
                .into(),
        );
    }
    let all: Vec<&[u64]> = cohorts.iter().map(|c| c.survivors.as_slice()).collect();
    let pooled = crate::metrics::models::sbg::fit_pooled(&all).map(|sbg| Pooled {
        clients: cohorts.iter().map(|c| c.clients as u64).sum(),
        cohorts: cohorts.len(),
        survival: crate::metrics::models::sbg::survival(sbg.gamma, sbg.delta, 5)
            .into_iter()
            .skip(1)
            .map(crate::model::money::round_ratio)
            .collect(),
        sbg,
    });
    let report = ChurnReport {
        pooled,
        cohorts,
        every: run.every,
        history,
        warnings,
    };
    Ok((report, rejected))
}

/// Revenue and cost of every client from the first history period to the report
/// date, for the margin by source; empty (with a warning) without time or invoices.
fn history_money(
    run: &ChurnRun,
    from: NaiveDate,
    warnings: &mut Vec<String>,
    rejected: &mut Vec<Rejection>,
) -> Result<HashMap<String, ClientMoney>> {
    if run.time.is_none() && run.invoices.is_none() {
        warnings.push(
            "margin by source needs --time (cost) and --invoices (revenue): left null".into(),
        );
        return Ok(HashMap::new());
    }
    let contracts = &run.contracts;
    let sources = LedgerSources {
        time: run.time.clone(),
        invoices: run.invoices.clone(),
        // Revenue as in `score`: invoices when given (a client without any then has
        // none), else contract fees, else billable time. Standard input cannot be
        // read twice.
        contracts: (*contracts != Source::Stdin).then(|| contracts.clone()),
        interactions: None,
        clients: None,
    };
    let as_of = run.options.as_of;
    let window = Window::new(Period::between(from, as_of).map_err(Error::Usage)?, as_of);
    let options = LedgerOptions {
        threads: ledger::threads(),
        ..run.options.clone()
    };
    let ingested = read_ledgers(&sources, &options, &run.read, &window)?;
    // The contracts' rejections are listed once.
    let contracts_file = contracts.name();
    rejected.extend(
        ingested
            .rejected
            .into_iter()
            .filter(|r| r.file != contracts_file),
    );
    if run.time.is_none() {
        warnings.push("margin by source needs --time for cost: left null".into());
    }
    let money = |c: crate::model::Client| {
        let (revenue, cost) = (c.revenue, c.cost);
        (client_key(&c.name), ClientMoney { revenue, cost })
    };
    Ok(ingested.clients.into_iter().map(money).collect())
}

/// A `models` run, resolved.
#[derive(Debug, Clone)]
pub struct ModelsRun {
    /// The invoices: each client's purchase history.
    pub invoices: Source,
    /// How to read them.
    pub options: LedgerOptions,
    /// Time unit of frequency, recency, T and the horizon.
    pub time_unit: TimeUnit,
    /// How far ahead to project, in time units.
    pub horizon: f64,
    /// The monthly discount rate of CLV.
    pub monthly_discount: f64,
    /// Profit per purchase as a share of its value.
    pub margin: f64,
}

/// BG/NBD and Gamma-Gamma fitted on the invoice histories up to the report date;
/// with the rows the file rejected.
pub fn models(run: &ModelsRun) -> Result<(Models, Vec<Rejection>)> {
    type Purchases = Vec<(NaiveDate, rust_decimal::Decimal)>;
    let (parts, report) = ledger::read_invoices(
        &run.invoices,
        &run.options,
        ByClient::<Purchases>::default,
        |s, i| s.entry_id(i.client_id, i.client).push((i.issued, i.amount)),
    )?;
    let mut purchases: Vec<(String, Purchases)> =
        by_key(parts, |a, b| a.extend(b)).into_values().collect();
    purchases.sort_by(|a, b| a.0.cmp(&b.0));
    let mut models = fit_models(
        purchases,
        run.options.as_of,
        run.time_unit,
        run.horizon,
        run.monthly_discount,
        run.margin,
    );
    models.warnings.extend(report.warnings);
    Ok((models, report.rejected))
}

/// A `vet` run, resolved.
#[derive(Debug, Clone)]
pub struct VetRun {
    /// The prospects (summary columns plus the quote).
    pub prospects: Source,
    /// The agency's clients, for the cost of an hour and the overrun by source.
    pub portfolio: Option<Source>,
    /// How to read both.
    pub options: ReadOptions,
    /// The settings (the target margin).
    pub settings: Settings,
}

/// Every prospect vetted against what the portfolio says.
pub fn vet(run: &VetRun) -> Result<VetReport> {
    let mut warnings = Vec::new();
    let learned = match &run.portfolio {
        Some(source) => {
            let existing = read_clients(source, &run.options)?;
            warnings.extend(existing.rejected.iter().map(|r| format!("rejected: {r}")));
            verdict::vet::baseline(&existing.clients)
        }
        None => {
            warnings.push(
                "no --portfolio: no overrun history, and costs only from the prospects' own cost_rate".into(),
            );
            verdict::vet::Baseline::default()
        }
    };
    let prospects = read_clients(&run.prospects, &run.options)?;
    warnings.extend(prospects.rejected.iter().map(|r| format!("rejected: {r}")));
    Ok(VetReport {
        target_margin_ratio: run.settings.target_margin_ratio,
        prospects: prospects
            .clients
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let quote = prospects.extras.get(i).map(|e| &e.quote);
                let quote = quote.cloned().unwrap_or_default();
                verdict::vet::vet(p, &quote, &learned, &run.settings)
            })
            .collect(),
        baseline: learned,
        warnings,
    })
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
