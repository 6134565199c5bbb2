//! Ledger mode (SPEC 2.2): time entries, invoices, contracts and interactions,
//! streamed row by row into typed records.
//!
//! The caller folds records into its own per-client state (see `metrics::ledger`);
//! nothing here keeps a row after it was parsed, so memory does not grow with the
//! file. Bad rows become [`Rejection`]s exactly as in summary mode.

mod ctx;
mod header;
mod json_rows;
mod rows;
mod worker;

use super::csv::{sniff_delimiter, split, stream};
use super::fields::{self, DecimalStyle};
use super::json_stream::Elements;
use super::source::{InputFormat, Source};
use crate::error::{Error, Result};
use crate::model::records::FileKind;
use crate::model::records::{Contract, Interaction, Invoice, TimeEntry};
pub use header::Header;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::io::Read;
use std::path::Path;

use ctx::Ctx;
pub use ctx::{CostRates, Interner, LedgerOptions, PersonRates, Progress};
pub use rows::RowError;
use worker::{merge_reports, note_currency, FileCtx, Worker};
pub use worker::{FileReport, MAX_LISTED_REJECTIONS};

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

    /// Summary columns the named ledger files compute, so a clients file need not have them.
    pub fn supplied(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.time.is_some() {
            out.extend(["cost", "hours"]);
        }
        if self.invoices.is_some() {
            out.extend(["revenue", "avg_days_late", "overdue"]);
        }
        if self.time.is_some() || self.contracts.is_some() {
            out.push("revenue");
        }
        if self.contracts.is_some() {
            out.extend(["contracted_hours", "contract_end"]);
        }
        if self.interactions.is_some() {
            out.extend(["last_contact", "complaints", "nps"]);
        }
        out
    }
}

/// Threads to read a big ledger file on: the machine's cores, at most 8.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// A reader that reports every read to a [`Progress`].
struct Counted(Box<dyn Read>, Progress);

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        (self.1 .0)(n as u64);
        Ok(n)
    }
}

/// Streams a time-entry file into `fold`, on several threads; one state per thread.
pub fn read_time<S, I, F>(
    source: &Source,
    opts: &LedgerOptions,
    init: I,
    fold: F,
) -> Result<(Vec<S>, FileReport)>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, TimeEntry<'_>) + Sync,
{
    stream(
        source,
        FileKind::Time,
        opts,
        opts.threads,
        Pass::Rows,
        init,
        |s, ctx, rec| {
            let entry = rows::time_entry(ctx, rec, &mut s.names, &mut s.people)?;
            let inside = opts.in_period(entry.date);
            fold(&mut s.state, entry);
            Ok(inside)
        },
    )
}

/// Streams an invoice file into `fold`; one state per thread.
///
/// Invoice numbers must be unique. A file is scanned first for numbers that may
/// repeat (a Bloom filter); the real pass then runs on every core and holds back
/// only the rows with those numbers, which are settled exactly, in line order, at
/// its end. Memory stays flat. Standard input, which cannot be read twice, is
/// checked in one pass against the set of numbers seen.
pub fn read_invoices<S, I, F>(
    source: &Source,
    opts: &LedgerOptions,
    init: I,
    fold: F,
) -> Result<(Vec<S>, FileReport)>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, Invoice<'_>) + Sync,
{
    // Only a regular file can be read twice (not a pipe, nor process substitution).
    // JSON rows can share a line (a minified array), and the pre-scan finds rows by line.
    let candidates = match source {
        Source::Path(p) if rereadable(source) && !is_json(source, p) => {
            Some(maybe_repeated(source, opts, p)?)
        }
        _ => None,
    };
    let (threads, pass) = match &candidates {
        Some(c) => (
            opts.threads,
            Pass::Deferring(crate::ingest::columns::inv::INVOICE, c),
        ),
        None => (1, Pass::Rows),
    };
    stream(
        source,
        FileKind::Invoices,
        opts,
        threads,
        pass,
        &init,
        |s, ctx, rec| {
            let mut invoice = rows::invoice(ctx, rec, &mut s.names)?;
            if let (Some(fx), Some(code)) = (&opts.rates, invoice.currency) {
                let (rates, to) = (&fx.0, fx.1.as_str());
                if code != to {
                    let Some((_, rate)) = rates.on(code, invoice.issued) else {
                        return Err(RowError::missing_rate(
                            ctx.col(crate::ingest::columns::inv::CURRENCY),
                            code,
                            invoice.issued,
                            &rates.source,
                        ));
                    };
                    use crate::ingest::fx::convert_amount;
                    let too_large = || {
                        RowError::new(
                            ctx.col(crate::ingest::columns::inv::AMOUNT),
                            format!("an amount within 10^15 once converted at {rate} {to}/{code}"),
                        )
                    };
                    invoice.original = Some((code, invoice.amount));
                    invoice.amount = convert_amount(invoice.amount, rate).ok_or_else(too_large)?;
                    invoice.paid_amount = invoice
                        .paid_amount
                        .map(|a| convert_amount(a, rate).ok_or_else(too_large))
                        .transpose()?;
                    invoice.currency = Some(to);
                }
            }
            let first = match &candidates {
                Some(_) => ctx.repeat_of,
                None => {
                    let fp = fingerprint(invoice.invoice.as_bytes());
                    (!s.seen_invoices.insert(fp)).then_some(0)
                }
            };
            let profile = ctx.header.profile;
            let inside = opts.in_period(invoice.issued);
            if first.is_some() && profile.is_some_and(|p| p.rows_per_invoice_line) {
                return Ok(inside);
            }
            // Lines without the invoice's total (FreshBooks): each adds its amount.
            let summed = first.is_some() && profile.is_some_and(|p| p.lines_without_total);
            invoice.further_line = summed;
            let first = first.filter(|_| !summed);
            if let Some(first) = first {
                let earlier = if first > 0 {
                    format!(" (line {first} has it)")
                } else {
                    String::new()
                };
                return Err(RowError::new(
                ctx.col(crate::ingest::columns::inv::INVOICE),
                format!("an invoice number not used by an earlier row{earlier}: a duplicate invoice"),
            ));
            }
            if let Some(code) = invoice.currency {
                note_currency(&mut s.currencies, code, ctx.line);
            }
            fold(&mut s.state, invoice);
            Ok(inside)
        },
    )
}

/// Whether a ledger file is JSON or NDJSON, by its extension or its first character.
fn is_json(source: &Source, path: &Path) -> bool {
    let mut head = [0u8; 4096];
    let n = match source.format_from_extension() {
        Some(_) => 0,
        None => std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .unwrap_or(0),
    };
    source.format(&head[..n]) != InputFormat::Csv
}

/// A hash of an invoice number (already trimmed).
fn fingerprint(invoice: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(invoice)
}

/// Fingerprints of the invoice numbers that may repeat: one pass over the numbers,
/// on every core, through a Bloom filter (a few hundred false candidates in a
/// million rows, settled exactly by the real pass). Memory stays at a quarter bit
/// per byte of file plus the candidates.
fn maybe_repeated(source: &Source, opts: &LedgerOptions, path: &Path) -> Result<Candidates> {
    use std::sync::atomic::{AtomicU64, Ordering};
    let len = std::fs::metadata(path).map_or(0, |m| m.len());
    // A quarter bit per byte of file: an 84-byte invoice row gets 21 bits, so about one
    // number in 700 is a false candidate (held back, nothing worse).
    let words = ((len / 4).clamp(1 << 16, 1 << 34) as usize).div_ceil(64);
    // Three bits of one word per number: one atomic `fetch_or` sets them, so of two
    // rows with the same number on two threads, one always sees the other's bits.
    // In blocks of 64 KiB: freeing one large block makes glibc's allocator raise
    // its threshold for returning memory, and the time file's read, after this,
    // would then keep megabytes it no longer uses (peak 32.8 -> 27.8 MiB).
    const BLOCK: usize = 8192;
    let blocks = words.div_ceil(BLOCK);
    let words = blocks * BLOCK;
    let filter: Vec<Box<[AtomicU64]>> = (0..blocks)
        .map(|_| (0..BLOCK).map(|_| AtomicU64::new(0)).collect())
        .collect();
    let (passes, _) = stream(
        source,
        FileKind::Invoices,
        opts,
        opts.threads,
        Pass::Column(crate::ingest::columns::inv::INVOICE),
        Candidates::default,
        |w, _, rec| {
            if let Some(fp) = rec.get(0).and_then(key_print) {
                let mask =
                    (1u64 << (fp >> 58)) | (1 << ((fp >> 52) & 63)) | (1 << ((fp >> 46) & 63));
                let at = (fp % words as u64) as usize;
                let word = &filter[at / BLOCK][at % BLOCK];
                if word.fetch_or(mask, Ordering::Relaxed) & mask == mask {
                    w.state.insert(fp);
                }
            }
            Ok(true)
        },
    )?;
    // The first of two rows with one number set the bits before the second looked:
    // only the second is a candidate. The set of fingerprints has both.
    Ok(passes.into_iter().flatten().collect())
}

/// Fingerprints of keys (invoice numbers) that may repeat.
type Candidates = HashSet<u64, foldhash::fast::FixedState>;

/// The fingerprint of a key cell, trimmed; `None` when blank.
fn key_print(cell: &[u8]) -> Option<u64> {
    let key = cell.trim_ascii();
    (!key.is_empty()).then(|| fingerprint(key))
}

/// Reads a contract file (small: kept whole).
pub fn read_contracts(
    source: &Source,
    opts: &LedgerOptions,
) -> Result<(Vec<Contract>, FileReport)> {
    let (states, report) = stream(
        source,
        FileKind::Contracts,
        opts,
        1,
        Pass::Rows,
        Vec::new,
        |s, ctx, rec| {
            let c = rows::contract(ctx, rec)?;
            // A contract is in the period when it runs in some of it.
            let inside = opts
                .period
                .as_ref()
                .is_none_or(|p| c.start <= p.to && c.end.is_none_or(|e| e >= p.from));
            s.state.push(c);
            Ok(inside)
        },
    )?;
    Ok((states.into_iter().flatten().collect(), report))
}

/// Streams an interaction log into `fold`.
pub fn read_interactions<S, I, F>(
    source: &Source,
    opts: &LedgerOptions,
    init: I,
    fold: F,
) -> Result<(S, FileReport)>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, Interaction<'_>) + Sync,
{
    let (mut states, report) = stream(
        source,
        FileKind::Interactions,
        opts,
        1,
        Pass::Rows,
        &init,
        |s, ctx, rec| {
            let interaction = rows::interaction(ctx, rec, &mut s.names)?;
            let inside = opts.in_period(interaction.date);
            fold(&mut s.state, interaction);
            Ok(inside)
        },
    )?;
    Ok((states.pop().unwrap_or_else(init), report))
}

fn open(source: &Source, opts: &LedgerOptions) -> Result<Box<dyn Read>> {
    Ok(match source {
        Source::Stdin => Box::new(std::io::stdin().lock()),
        Source::Path(p) if crate::ingest::sheet::is_spreadsheet(p) => Box::new(
            std::io::Cursor::new(crate::ingest::sheet::to_csv(p, opts.sheet.as_deref())?),
        ),
        Source::Path(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::Io {
            path: p.clone(),
            source: e,
        })?),
    })
}

/// A reader that turns every CR into LF (for files whose lines end in a bare CR).
struct CrAsLf(Box<dyn Read>);

impl Read for CrAsLf {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        for b in buf[..n].iter_mut().filter(|b| **b == b'\r') {
            *b = b'\n';
        }
        Ok(n)
    }
}

/// Bytes read before streaming: the header, the decimal style and the format are
/// decided from them.
const HEAD_BYTES: usize = 1 << 18;

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_head(reader: &mut dyn Read, n: usize, name: &str) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader
        .take(n as u64)
        .read_to_end(&mut head)
        .map_err(|source| Error::Io {
            path: Path::new(name).to_path_buf(),
            source,
        })?;
    Ok(head)
}

/// A ledger file opened for reading: decoded to UTF-8, without a byte-order mark,
/// bare CRs read as line breaks, blank lines before the header skipped.
struct Prepared {
    name: String,
    reader: Box<dyn Read>,
    /// The first bytes, from the header (or the JSON document's start) on.
    head: Vec<u8>,
    /// The line `head` starts on.
    header_line: u64,
    format: InputFormat,
    /// What the file was converted from, for a warning (Wave's journal).
    note: Option<String>,
}

/// Opens a ledger file (counting the bytes read into `progress`, for a time file).
fn prepare(
    source: &Source,
    kind: FileKind,
    opts: &LedgerOptions,
    progress: Option<&Progress>,
) -> Result<Prepared> {
    let name = source.name();
    let mut reader = open(source, opts)?;
    if let (Some(p), FileKind::Time) = (progress, kind) {
        reader = Box::new(Counted(reader, p.clone()));
    }
    let mut head = read_head(&mut reader, HEAD_BYTES, &name)?;
    let utf16 = matches!(head.as_slice(), [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]);
    if opts.encoding.is_some() || utf16 {
        // Transcoded to UTF-8 as it streams: what was read so far goes first.
        let raw = std::io::Cursor::new(std::mem::take(&mut head)).chain(reader);
        reader = Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(opts.encoding)
                .bom_override(true)
                .build(raw),
        );
        head = read_head(&mut reader, HEAD_BYTES, &name)?;
    } else {
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            head.drain(..3);
        }
        crate::ingest::encoding::check_utf8(&head, &name)?;
    }
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile { source_name: name });
    }
    // Classic Mac exports end lines with a bare CR: read them as LF, so lines count.
    if !head.contains(&b'\n') && head.contains(&b'\r') {
        for b in head.iter_mut().filter(|b| **b == b'\r') {
            *b = b'\n';
        }
        reader = Box::new(CrAsLf(reader));
    }
    // Blank lines before the header are skipped, and still counted as lines.
    let mut header_line = 1;
    while let Some(end) = memchr::memchr(b'\n', &head) {
        if !head[..end].iter().all(u8::is_ascii_whitespace) {
            break;
        }
        head.drain(..=end);
        header_line += 1;
    }
    // Wave exports a journal: its receivables are the invoices.
    let mut note = None;
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if kind == FileKind::Invoices
        && crate::ingest::vendors::wave::is_wave(&String::from_utf8_lossy(first_line))
    {
        reader.read_to_end(&mut head).map_err(|e| Error::Io {
            path: Path::new(&name).to_path_buf(),
            source: e,
        })?;
        let text = String::from_utf8_lossy(&head).into_owned();
        if let Some(csv) = crate::ingest::vendors::wave::convert(&text) {
            head = csv.into_bytes();
            reader = Box::new(std::io::empty());
            note = Some(format!(
                "{name}: read as Wave accounting transactions: each Accounts Receivable row is an invoice, its Invoice Payment rows what was paid"
            ));
        }
    }
    let format = source.format(&head);
    Ok(Prepared {
        name,
        reader,
        head,
        header_line,
        format,
        note,
    })
}

/// What a streaming pass does with the rows.
#[derive(Debug, Clone, Copy)]
enum Pass<'a> {
    /// Parse, count and check every row.
    Rows,
    /// [`Pass::Rows`], but a row whose schema field `.0` has a fingerprint in the
    /// set waits: all of them are parsed at the end, in line order, each told the
    /// earlier line with the same key ([`Ctx::repeat_of`]).
    Deferring(usize, &'a Candidates),
    /// A look at the rows of the header's width (the dates, for their order),
    /// neither counted nor checked.
    Look,
    /// A look at one column (schema field `.0`: the invoice numbers, before the real
    /// pass): `parse` gets rows of the header's width with that cell as their only field.
    Column(usize),
}

/// The shared streaming loop: header, decimal style, chunks, rejections.
/// A [`Pass::Look`] or [`Pass::Column`] neither counts nor checks rows.
fn stream<S, I, P>(
    source: &Source,
    kind: FileKind,
    opts: &LedgerOptions,
    threads: usize,
    pass: Pass<'_>,
    init: I,
    parse: P,
) -> Result<(Vec<S>, FileReport)>
where
    S: Send,
    I: Fn() -> S + Sync,
    P: for<'r> Fn(
            &mut Worker<S>,
            &Ctx<'_>,
            &split::Fields<'r>,
        ) -> std::result::Result<bool, RowError>
        + Sync,
{
    let file = prepare(source, kind, opts, opts.progress.as_ref())?;
    if file.format != InputFormat::Csv {
        return read_json(source, file, kind, opts, init, &parse);
    }
    let Prepared {
        name,
        mut reader,
        mut head,
        header_line,
        note: converted,
        ..
    } = file;
    let delimiter = sniff_delimiter(&head);
    // Title rows above the header (Invoice Ninja writes three): the first of the
    // first ten records that reads as this kind of file's header is the header.
    let bounds = stream::Boundaries::new(delimiter);
    let (mut start, mut titles, mut first_error) = (0, 0u64, None);
    let (header, header_end) = loop {
        let end = start
            + bounds
                .first_end(&head[start..])
                .unwrap_or(head.len() - start);
        let record = &head[start..end];
        match Header::parse(kind, record, delimiter, &name, opts.column_map(kind)) {
            Ok(h) => break (h, end),
            Err(e @ Error::MissingColumn { .. }) if titles < 10 && end < head.len() => {
                first_error.get_or_insert(e);
                titles += 1 + memchr::memchr_iter(b'\n', record.trim_ascii_end()).count() as u64;
                start = end;
            }
            Err(e) => return Err(first_error.unwrap_or(e)),
        }
    };
    let header_line = header_line + titles;
    // Whole records only: a head cut off mid-record could show half a number.
    let sample = &head[header_end..];
    let sample = match memchr::memrchr(b'\n', sample) {
        Some(end) if head.len() >= HEAD_BYTES => &sample[..=end],
        _ => sample,
    };
    let (numbers, dates) = evidence(&header, sample, delimiter);
    let (style, note) = numbers.decide(&name, Some(delimiter), opts.decimal)?;
    let mut warnings = header.warnings(kind);
    if titles > 0 {
        warnings.insert(
            0,
            format!("{name}: {titles} title line(s) above the header skipped"),
        );
    }
    warnings.splice(0..0, converted);
    cost_source(&header, kind, opts, &mut warnings);
    warnings.extend(note);
    let date_format = match &opts.date_format {
        Some(f) => Some(f.clone()),
        // A look at one column reads no date.
        None if matches!(pass, Pass::Look | Pass::Column(_)) => None,
        None => {
            let dates = match dates.order() {
                // The first rows can all read both ways (the first days of a month):
                // the rest of a file that can be read again may still tell.
                Err(_) if rereadable(source) => all_dates(source, kind, opts, &header)?,
                _ => dates,
            };
            let order = dates
                .order()
                .map_err(|a| crate::ingest::summary::ambiguous_dates(&name, a))?;
            warnings.extend(dates.note(&name));
            order.map(|o| dates.format(o))
        }
    };
    let rest = head.split_off(header_end);
    let base = FileReport {
        name: name.clone(),
        decimal_style: Some(style),
        ..FileReport::default()
    };
    let file = FileCtx::new(&header, &name, style, date_format.as_deref(), opts);
    let states = stream::for_each_chunk(
        &mut reader,
        rest,
        header_line + 1,
        delimiter,
        threads,
        // A splitter per worker: building its quoted-record reader costs more than a chunk.
        || {
            (
                Worker::new(init(), base.clone()),
                split::Splitter::new(delimiter),
            )
        },
        |(w, splitter), chunk| {
            // Rows the real pass rejects for their width are not looked at either;
            // other errors are the real pass's to report.
            let width = file.header.names.len();
            match pass {
                Pass::Rows => splitter.for_each(&chunk.bytes, chunk.first_line, |line, fields| {
                    file.row(w, &parse, line, fields, None);
                }),
                Pass::Deferring(field, candidates) => {
                    let at = file.header.position[field];
                    splitter.for_each(&chunk.bytes, chunk.first_line, |line, fields| {
                        if let (Ok(rec), Some(at)) = (&fields, at) {
                            let print = rec.get(at).and_then(key_print);
                            if rec.len() == width && print.is_some_and(|p| candidates.contains(&p))
                            {
                                w.deferred.push(worker::Deferred::of(line, rec));
                                return;
                            }
                        }
                        file.row(w, &parse, line, fields, None);
                    })
                }
                Pass::Look => {
                    splitter.for_each(
                        &chunk.bytes,
                        chunk.first_line,
                        |line, fields| match fields {
                            Ok(rec) if rec.len() == width => {
                                let _ = parse(w, &file.ctx(line), &rec);
                            }
                            _ => {}
                        },
                    )
                }
                Pass::Column(field) => {
                    let Some(at) = file.header.position[field] else {
                        return;
                    };
                    splitter.for_each_key(
                        &chunk.bytes,
                        chunk.first_line,
                        (at, width),
                        |line, key| {
                            let range = [(0, key.len() as u32)];
                            let _ = parse(w, &file.ctx(line), &split::Fields::new(key, &range));
                        },
                    );
                }
            }
        },
    )
    .map_err(|e| Error::Syntax {
        source_name: name.clone(),
        line: 0,
        column: 1,
        message: e.to_string(),
    })?;
    let mut workers: Vec<Worker<S>> = states.into_iter().map(|(w, _)| w).collect();
    if let Pass::Deferring(field, _) = pass {
        if let Some(at) = file.header.position[field] {
            file.settle(&mut workers, &parse, at);
        }
    }
    merge_reports(workers, base, warnings)
}

/// A JSON array or NDJSON ledger file, streamed twice: once for the keys (the
/// columns, in order of first use, which the header needs before any row), then
/// for the rows, which go through the same checks as CSV rows. Standard input,
/// which cannot be read twice, is held in memory as bytes.
fn read_json<S, I, P>(
    source: &Source,
    file: Prepared,
    kind: FileKind,
    opts: &LedgerOptions,
    init: I,
    parse: &P,
) -> Result<(Vec<S>, FileReport)>
where
    S: Send,
    I: Fn() -> S + Sync,
    P: for<'r> Fn(
            &mut Worker<S>,
            &Ctx<'_>,
            &split::Fields<'r>,
        ) -> std::result::Result<bool, RowError>
        + Sync,
{
    use crate::ingest::json;
    let Prepared {
        name,
        mut reader,
        mut head,
        header_line,
        format,
        ..
    } = file;
    // Standard input cannot be read twice: its bytes are held (and `head` is in them).
    let held = match source {
        Source::Stdin => {
            let mut all = std::mem::take(&mut head);
            reader.read_to_end(&mut all).map_err(|e| Error::Io {
                path: Path::new(&name).to_path_buf(),
                source: e,
            })?;
            Some(all)
        }
        Source::Path(_) => None,
    };
    let mut held_bytes: &[u8] = held.as_deref().unwrap_or_default();
    let first: &mut dyn Read = match held {
        Some(_) => &mut held_bytes,
        None => &mut reader,
    };
    let keys = json::columns(
        &mut Elements::new(first, head, header_line, format, &name),
        format,
        &name,
    )?;
    let header = Header::from_names(kind, keys, &name, opts.column_map(kind))?;
    // JSON numbers always have a decimal point; only text cells could differ.
    let style = opts.decimal.unwrap_or(DecimalStyle::Point);
    let base = FileReport {
        name: name.clone(),
        decimal_style: Some(style),
        ..FileReport::default()
    };
    let file = FileCtx::new(&header, &name, style, opts.date_format.as_deref(), opts);
    // The second reading: the file opened again (the progress bar counted the first).
    let mut again = match held {
        Some(_) => None,
        None => Some(prepare(source, kind, opts, None)?),
    };
    let mut held_bytes: &[u8] = held.as_deref().unwrap_or_default();
    let mut elements = match again.as_mut() {
        Some(p) => Elements::new(
            &mut p.reader,
            std::mem::take(&mut p.head),
            p.header_line,
            format,
            &name,
        ),
        None => Elements::new(&mut held_bytes, Vec::new(), header_line, format, &name),
    };
    let rows = json_rows::Rows {
        file: &file,
        parse,
        format,
    };
    let worker = rows.read(&mut elements, Worker::new(init(), base.clone()))?;
    let mut warnings = header.warnings(kind);
    cost_source(&header, kind, opts, &mut warnings);
    merge_reports(vec![worker], base, warnings)
}

/// For a time file without costs, says where costs come from instead (`[people]`,
/// `--default-cost-rate`), or how to give them.
fn cost_source(header: &Header, kind: FileKind, opts: &LedgerOptions, warnings: &mut [String]) {
    use crate::ingest::columns::time;
    if kind != FileKind::Time
        || header.position[time::COST_RATE].is_some()
        || header.position[time::COST_AMOUNT].is_some()
    {
        return;
    }
    let missing = format!("{}: no `cost_rate` column", header.file);
    let Some(i) = warnings.iter().position(|w| w.starts_with(&missing)) else {
        return;
    };
    warnings[i] = match opts.cost_rates.as_deref() {
        Some(c) => {
            let mut from = Vec::new();
            if !c.by_person.is_empty() {
                from.push(format!(
                    "[people] cost rates ({} people)",
                    c.by_person.len()
                ));
            }
            if let Some(d) = c.default {
                from.push(format!("--default-cost-rate {d} for everyone else"));
            }
            format!(
                "{}: the export has no cost rates: costs come from {}{}",
                header.file,
                from.join(" and "),
                if c.default.is_none() {
                    "; entries of other people have no cost"
                } else {
                    ""
                }
            )
        }
        None => format!(
            "{} (give them in [people] of portfolio.toml, or with --default-cost-rate)",
            warnings[i]
        ),
    };
}

/// What the numeric and date cells of the first rows (`sample`, after the header)
/// say about the decimal separator and the order of day and month.
fn evidence(
    header: &Header,
    sample: &[u8],
    delimiter: u8,
) -> (fields::StyleEvidence, fields::DateEvidence) {
    let mut numbers = fields::StyleEvidence::default();
    let mut dates = fields::DateEvidence::default();
    let date_columns = header.date_columns();
    let mut rows = 0;
    split::Splitter::new(delimiter).for_each(sample, 1, |_, fields| {
        rows += 1;
        // Rows the reading rejects for their width say nothing, as in a summary file.
        let Some(rec) = fields.ok().filter(|r| r.len() == header.names.len()) else {
            return;
        };
        if rows > 2000 {
            return;
        }
        let text = |i: usize| rec.get(i).and_then(|b| std::str::from_utf8(b).ok());
        for &i in &header.numeric {
            if let Some(t) = text(i) {
                numbers.add(t, &header.names[i]);
            }
        }
        for &i in &date_columns {
            if let Some(t) = text(i) {
                dates.add(t, &header.names[i]);
            }
        }
    });
    (numbers, dates)
}

/// Whether a source can be read a second time (a regular file, not a pipe).
fn rereadable(source: &Source) -> bool {
    matches!(source, Source::Path(p) if std::fs::metadata(p).is_ok_and(|m| m.is_file()))
}

/// What every date cell of a file says about the order of day and month: a look
/// at the date columns alone, before the real pass.
fn all_dates(
    source: &Source,
    kind: FileKind,
    opts: &LedgerOptions,
    header: &Header,
) -> Result<fields::DateEvidence> {
    let columns = header.date_columns();
    let opts = LedgerOptions {
        progress: None,
        ..opts.clone()
    };
    let (parts, _) = stream(
        source,
        kind,
        &opts,
        1,
        Pass::Look,
        fields::DateEvidence::default,
        |w, _, rec| {
            for &i in &columns {
                if let Some(t) = rec.get(i).and_then(|b| std::str::from_utf8(b).ok()) {
                    w.state.add(t, &header.names[i]);
                }
            }
            Ok(true)
        },
    )?;
    Ok(parts.into_iter().next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_invoice_numbers_are_found_across_chunks_and_threads() {
        // About 450 KB: two chunks, read by two workers in each pass.
        let mut text = String::from("invoice,client,issued,amount\n");
        for i in 0..12_000 {
            // Lines 2.., numbered as the file's line numbers.
            let number = match i {
                9_000 => "N-00000".to_string(),
                11_000 | 11_500 => "N-00100".to_string(),
                _ => format!("N-{i:05}"),
            };
            text.push_str(&format!("{number},Client {:03},2026-10-01,1\n", i % 7));
        }
        // More than one chunk of the stream (256 KiB), so both workers get rows.
        assert!(text.len() > 1 << 18);
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &text).unwrap();
        let source = Source::Path(file.path().to_path_buf());
        let opts = LedgerOptions {
            decimal: None,
            date_format: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            threads: 2,
            progress: None,
            cost_rates: None,
            encoding: None,
            columns: None,
            rates: None,
            sheet: None,
            period: None,
        };
        let candidates = maybe_repeated(&source, &opts, file.path()).unwrap();
        // Every repeated number is a candidate; false ones are few.
        for n in ["N-00000", "N-00100"] {
            assert!(candidates.contains(&fingerprint(n.as_bytes())), "{n}");
        }
        assert!(candidates.len() < 100, "{}", candidates.len());
        // Row i is on line i + 2.
        let (_, report) = read_invoices(&source, &opts, || 0u32, |n, _| *n += 1).unwrap();
        let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [9_002, 11_002, 11_502]);
        assert!(report.rejected[0].expected.contains("(line 2 has it)"));
        assert_eq!((report.read, report.used), (12_000, 11_997));
    }
}
