//! Per-worker bookkeeping: counting rows, recording rejections, merging the
//! workers' reports of one file.

use super::ctx::{CostRates, Ctx, Interner, LedgerOptions, PersonRates};
use super::header::Header;
use super::rows::RowError;
use crate::error::{Error, Result};
use crate::ingest::csv::{self, split};
use crate::ingest::fields::DecimalStyle;
use crate::model::records::Rejection;
use chrono::NaiveDate;
use std::collections::HashSet;

/// At most this many rejections per file are listed; the rest are counted.
pub const MAX_LISTED_REJECTIONS: usize = 1000;

/// What reading one ledger file found besides its records.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// File name, or `<stdin>`.
    pub name: String,
    /// Data rows read.
    pub read: u64,
    /// Rows that became records.
    pub used: u64,
    /// Rows rejected (all of them, listed or not).
    pub rejected_rows: u64,
    /// Rows outside the period (history before it, rows after it): not bad, and
    /// not in its figures.
    pub outside: u64,
    /// Of those, the ones that are in no figure at all: dated after the report
    /// date, drafts and void invoices (said in a warning; history is not).
    pub left_out: u64,
    /// The export's totals row, skipped (not a row of data, and not counted).
    pub totals_line: Option<u64>,
    /// The first [`MAX_LISTED_REJECTIONS`] rejections, in line order.
    pub rejected: Vec<Rejection>,
    /// File-level warnings (unknown columns, missing optional columns, detected style).
    pub warnings: Vec<String>,
    /// The decimal style numbers were read with.
    pub decimal_style: Option<DecimalStyle>,
    /// The first currency named by a row, and its line.
    pub currency: Option<(String, u64)>,
    /// The first rejection that must stop the run (see [`RowError::fatal`]), listed or not.
    pub fatal: Option<Rejection>,
}

impl FileReport {
    /// Adds `other`'s row counts (read, used, rejected) to these.
    pub(super) fn add_counts(&mut self, other: &FileReport) {
        self.read += other.read;
        self.used += other.used;
        self.rejected_rows += other.rejected_rows;
        self.outside += other.outside;
        self.left_out += other.left_out;
    }
}

/// Per-worker bookkeeping around the caller's state.
pub(super) struct Worker<S> {
    pub(super) state: S,
    pub(super) names: Interner,
    pub(super) people: PersonRates,
    pub(super) report: FileReport,
    pub(super) seen_invoices: HashSet<u64, foldhash::fast::FixedState>,
    /// Each currency code this worker saw, with the first line that named it.
    pub(super) currencies: Vec<(String, u64)>,
    /// Rows held back until the end of the pass (see `Pass::Deferring`).
    pub(super) deferred: Vec<Deferred>,
}

/// A row held back until the end of a pass: its line and its cells.
#[derive(Debug)]
pub(super) struct Deferred {
    line: u64,
    bytes: Vec<u8>,
    ranges: Vec<(u32, u32)>,
}

impl Deferred {
    /// A copy of the row `rec` on `line`.
    pub(super) fn of(line: u64, rec: &split::Fields<'_>) -> Deferred {
        let (mut bytes, mut ranges) = (Vec::new(), Vec::with_capacity(rec.len()));
        for i in 0..rec.len() {
            let start = bytes.len() as u32;
            bytes.extend_from_slice(rec.get(i).unwrap_or_default());
            ranges.push((start, bytes.len() as u32));
        }
        Deferred {
            line,
            bytes,
            ranges,
        }
    }

    fn fields(&self) -> split::Fields<'_> {
        split::Fields::new(&self.bytes, &self.ranges)
    }
}

pub(super) fn note_currency(seen: &mut Vec<(String, u64)>, code: &str, line: u64) {
    // Rows held back are read after the others: the earliest line is kept, not the first seen.
    match seen.iter_mut().find(|(c, _)| c == code) {
        Some(at) => at.1 = at.1.min(line),
        None => seen.push((code.to_string(), line)),
    }
}

/// What every row of one file is read with.
pub(super) struct FileCtx<'a> {
    pub(super) header: &'a Header,
    pub(super) name: &'a str,
    pub(super) style: DecimalStyle,
    pub(super) date_format: Option<&'a str>,
    pub(super) as_of: NaiveDate,
    pub(super) cost_rates: Option<&'a CostRates>,
    pub(super) rates: Option<&'a (crate::ingest::fx::Rates, String)>,
    period: Option<&'a crate::model::period::Period>,
    /// The export may end in a totals row (Kimai).
    totals_row: bool,
}

impl<'a> FileCtx<'a> {
    /// What every row of a file with this header and decimal style is read with.
    pub(super) fn new(
        header: &'a Header,
        name: &'a str,
        style: DecimalStyle,
        date_format: Option<&'a str>,
        opts: &'a LedgerOptions,
    ) -> Self {
        FileCtx {
            header,
            name,
            style,
            date_format,
            as_of: opts.as_of,
            cost_rates: opts.cost_rates.as_deref(),
            rates: opts.rates.as_deref(),
            period: opts.period.as_ref(),
            totals_row: header.profile.is_some_and(|p| p.seconds_and_totals),
        }
    }

    /// Parses the rows the workers held back, in line order, on the first worker:
    /// each is told the earliest line with the same key (cell `at`, trimmed), if
    /// that is not its own.
    pub(super) fn settle<S, P>(&self, workers: &mut [Worker<S>], parse: &P, at: usize)
    where
        P: for<'r> Fn(
            &mut Worker<S>,
            &Ctx<'_>,
            &split::Fields<'r>,
        ) -> std::result::Result<bool, RowError>,
    {
        let mut rows: Vec<Deferred> = workers
            .iter_mut()
            .flat_map(|w| std::mem::take(&mut w.deferred))
            .collect();
        let Some(w) = workers.first_mut() else {
            return;
        };
        rows.sort_by_key(|r| r.line);
        let mut first: std::collections::HashMap<Vec<u8>, u64> = Default::default();
        for row in &rows {
            let fields = row.fields();
            let key = fields.get(at).unwrap_or_default().trim_ascii();
            let earliest = *first.entry(key.to_vec()).or_insert(row.line);
            let repeat_of = (earliest != row.line).then_some(earliest);
            self.row(w, parse, row.line, Ok(fields), repeat_of);
        }
    }

    /// The context the row parsers see for the record on `line`.
    pub(super) fn ctx(&self, line: u64) -> Ctx<'_> {
        Ctx {
            header: self.header,
            style: self.style,
            date_format: self.date_format,
            as_of: self.as_of,
            cost_rates: self.cost_rates,
            rates: self.rates,
            line,
            period: self.period,
            repeat_of: None,
        }
    }

    /// Counts a row, checks its width, parses it, or records why not; `repeat_of`
    /// is the earlier line with the same key, for a row held back (see [`Ctx::repeat_of`]).
    pub(super) fn row<S, P>(
        &self,
        w: &mut Worker<S>,
        parse: &P,
        line: u64,
        fields: std::result::Result<split::Fields<'_>, split::Unreadable>,
        repeat_of: Option<u64>,
    ) where
        P: for<'r> Fn(
            &mut Worker<S>,
            &Ctx<'_>,
            &split::Fields<'r>,
        ) -> std::result::Result<bool, RowError>,
    {
        // The export's own totals row: no date and no client, at the end.
        if let (true, Ok(rec)) = (self.totals_row, &fields) {
            use crate::ingest::columns::time;
            let empty = |i: usize| {
                (self.header.position[i])
                    .and_then(|at| rec.get(at))
                    .is_none_or(|c| c.trim_ascii().is_empty())
            };
            if empty(time::DATE) && empty(time::CLIENT) {
                w.report.totals_line = Some(line);
                return;
            }
        }
        w.report.read += 1;
        let rec = match fields {
            Ok(rec) => rec,
            Err(why) => {
                let rejection = csv::unreadable(self.name, line, &self.header.names, why);
                return reject_row(w, vec![rejection]);
            }
        };
        if rec.len() != self.header.names.len() {
            let rejection = csv::width_rejection(self.name, line, &self.header.names, &rec);
            return reject_row(w, vec![rejection]);
        }
        let ctx = Ctx {
            repeat_of,
            ..self.ctx(line)
        };
        match parse(w, &ctx, &rec) {
            Ok(true) => w.report.used += 1,
            Ok(false) => w.report.outside += 1,
            Err(e) if e.outside => {
                w.report.outside += 1;
                w.report.left_out += 1;
            }
            Err(e) => {
                let (column, value) = match e.column {
                    Some(i) => (
                        self.header.names[i].as_str(),
                        String::from_utf8_lossy(rec.get(i).unwrap_or_default()).into_owned(),
                    ),
                    None => ("(row)", String::new()),
                };
                if e.fatal && w.report.fatal.as_ref().is_none_or(|f| f.line > line) {
                    w.report.fatal = Some(Rejection {
                        file: self.name.to_string(),
                        line,
                        column: column.to_string(),
                        value: value.clone(),
                        expected: e.expected.clone(),
                    });
                }
                reject(w, self.name, line, column, &value, &e.expected);
            }
        }
    }
}

impl<S> Worker<S> {
    pub(super) fn new(state: S, report: FileReport) -> Worker<S> {
        Worker {
            state,
            report,
            seen_invoices: HashSet::default(),
            currencies: Vec::new(),
            deferred: Vec::new(),
            names: Interner::default(),
            people: PersonRates::default(),
        }
    }
}

pub(super) fn reject<S>(
    w: &mut Worker<S>,
    file: &str,
    line: u64,
    column: &str,
    value: &str,
    expected: &str,
) {
    let rejection = Rejection {
        file: file.to_string(),
        line,
        column: column.to_string(),
        value: value.chars().take(200).collect(),
        expected: expected.to_string(),
    };
    reject_row(w, vec![rejection]);
}

/// One rejected row, with its rejections (listed while fewer than the limit are).
pub(super) fn reject_row<S>(w: &mut Worker<S>, rejections: Vec<Rejection>) {
    w.report.rejected_rows += 1;
    let room = MAX_LISTED_REJECTIONS.saturating_sub(w.report.rejected.len());
    w.report.rejected.extend(rejections.into_iter().take(room));
}

pub(super) fn merge_reports<S>(
    workers: Vec<Worker<S>>,
    base: FileReport,
    mut warnings: Vec<String>,
) -> Result<(Vec<S>, FileReport)> {
    let mut report = base;
    let mut states = Vec::with_capacity(workers.len());
    let mut currencies: Vec<(String, u64)> = Vec::new();
    let unnamed: u64 = workers.iter().map(|w| w.names.unnamed).sum();
    if let Some(line) = workers.iter().find_map(|w| w.report.totals_line) {
        warnings.push(format!(
            "{}: the totals row on line {line} is skipped",
            report.name
        ));
    }
    if unnamed > 0 {
        warnings.push(format!(
            "{}: {unnamed} row(s) name no client: counted as one client `{}`",
            report.name,
            super::ctx::NO_CLIENT
        ));
    }
    for w in workers {
        report.add_counts(&w.report);
        report.rejected.extend(w.report.rejected);
        if let Some(f) = w.report.fatal {
            if report.fatal.as_ref().is_none_or(|g| g.line > f.line) {
                report.fatal = Some(f);
            }
        }
        for (code, line) in w.currencies {
            match currencies.iter_mut().find(|(c, _)| *c == code) {
                Some(seen) => seen.1 = seen.1.min(line),
                None => currencies.push((code, line)),
            }
        }
        states.push(w.state);
    }
    // A row that cannot be left out stops the run, wherever it was in the file.
    if let Some(fatal) = &report.fatal {
        return Err(Error::Usage(fatal.to_string()));
    }
    // In file order, whatever thread read which chunk.
    currencies.sort_by_key(|(_, line)| *line);
    let mut codes = currencies.into_iter();
    report.currency = codes.next();
    if let (Some((first, first_line)), Some((other, line))) = (&report.currency, codes.next()) {
        return Err(Error::MixedCurrencies {
            source_name: report.name.clone(),
            first: first.clone(),
            first_at: format!("line {first_line}"),
            other,
            line,
        });
    }
    if report.left_out > 0 {
        warnings.push(format!(
            "{}: {} row(s) dated after the report date, or drafts and void invoices, are outside the period (left out)",
            report.name, report.left_out
        ));
    }
    report.rejected.sort_by_key(|r| r.line);
    report.rejected.truncate(MAX_LISTED_REJECTIONS);
    if report.rejected_rows > report.rejected.len() as u64 {
        warnings.push(format!(
            "{}: {} rejected rows; the first {} are listed",
            report.name,
            report.rejected_rows,
            report.rejected.len()
        ));
    }
    report.warnings = warnings;
    Ok((states, report))
}
