//! The rows of a JSON array or NDJSON ledger file, on several threads.
//!
//! This thread finds the elements (`Elements`, a byte scan) and hands them out in
//! numbered batches; each worker parses its batches' elements (`serde_json`, most
//! of the time) into rows of a state of its own, as the CSV reader's workers do
//! with chunks. What is said about the rows (rejections, the currencies named,
//! a row that stops the run: only what could come first) is kept per batch and
//! put together in batch order, so the report is the one a single reader makes,
//! whichever thread read which batch: in a minified array every element is on
//! line 1, and the line alone could not order them. With one thread, the
//! elements are read in order on this one.

use super::{
    reject_row, split, Ctx, DecimalStyle, FileCtx, FileReport, RowError, Worker,
    MAX_LISTED_REJECTIONS,
};
use crate::error::{Error, Result};
use crate::ingest::json_stream::Elements;
use crate::ingest::{json, InputFormat, Kind};
use std::sync::{mpsc, Mutex};

/// Elements handed to a worker at a time: about this many bytes of them.
const BATCH_BYTES: usize = 256 * 1024;

/// Elements as found: their bytes one after another, and each one's line,
/// column and range in them; `seq` numbers the batches in file order.
#[derive(Default)]
struct Batch {
    seq: u64,
    bytes: Vec<u8>,
    items: Vec<(u64, usize, usize, usize)>,
}

/// What one batch's rows said: its number, its report and the currencies it named.
type Said = (u64, FileReport, Vec<(String, u64)>);

/// A worker's result: its state, what each of its batches said, and the first
/// failure it met (batch number, element in it, error).
type Done<S> = (Worker<S>, Vec<Said>, Option<((u64, usize), Error)>);

/// What reads a row into a worker's state: the `parse` of `super::stream`.
pub(super) trait ParseRow<S>:
    for<'r> Fn(&mut Worker<S>, &Ctx<'_>, &split::Fields<'r>) -> std::result::Result<(), RowError>
{
}

impl<S, F> ParseRow<S> for F where
    F: for<'r> Fn(
        &mut Worker<S>,
        &Ctx<'_>,
        &split::Fields<'r>,
    ) -> std::result::Result<(), RowError>
{
}

/// What every element of the file is read with.
pub(super) struct Rows<'a, P> {
    pub file: &'a FileCtx<'a>,
    pub parse: &'a P,
    pub format: InputFormat,
}

/// One worker's buffers for the row it is reading.
#[derive(Default)]
struct Scratch {
    ranges: Vec<(u32, u32)>,
    text: Vec<u8>,
}

impl<P> Rows<'_, P> {
    /// Reads every element of `elements` into workers made by `new_worker`, on
    /// `threads` threads; the first broken element (in file order) stops the run.
    pub fn read<S, N>(
        &self,
        elements: &mut Elements<'_>,
        threads: usize,
        new_worker: N,
    ) -> Result<Vec<Worker<S>>>
    where
        S: Send,
        N: Fn() -> Worker<S> + Sync,
        P: ParseRow<S> + Sync,
    {
        if threads <= 1 {
            let mut w = new_worker();
            let mut scratch = Scratch::default();
            while let Some((line, column, raw)) = elements.next_element()? {
                self.element(&mut w, &mut scratch, line, column, raw)?;
            }
            return Ok(vec![w]);
        }
        let (to_workers, from_reader) = mpsc::sync_channel::<Batch>(threads * 2);
        let from_reader = Mutex::new(from_reader);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| scope.spawn(|| self.work(new_worker(), &from_reader)))
                .collect();
            let fed = feed(elements, &to_workers);
            drop(to_workers);
            let mut workers = Vec::with_capacity(threads);
            let mut said: Vec<Said> = Vec::new();
            let mut first_failure: Option<((u64, usize), Error)> = None;
            for h in handles {
                let (w, batches, failure) =
                    h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                workers.push(w);
                said.extend(batches);
                if let Some((at, e)) = failure {
                    if first_failure.as_ref().is_none_or(|(first, _)| at < *first) {
                        first_failure = Some((at, e));
                    }
                }
            }
            // A broken element comes before the place the scan stopped at, if it did.
            if let Some((_, e)) = first_failure {
                return Err(e);
            }
            fed?;
            in_file_order(&mut workers, said);
            Ok(workers)
        })
    }

    /// A worker: batches until there are no more.
    fn work<S>(&self, mut w: Worker<S>, from_reader: &Mutex<mpsc::Receiver<Batch>>) -> Done<S>
    where
        P: ParseRow<S>,
    {
        let mut scratch = Scratch::default();
        let mut said = Vec::new();
        // A worker's batches come in file order, so only its first rejections, its
        // first stopping row and the first line of each currency it meets can be
        // the report's first: later ones are dropped, and what is kept stays small
        // however long the file (SPEC 2.2).
        let (mut listed, mut stopped) = (0, false);
        let mut codes: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut failure = None;
        loop {
            // A poisoned lock means another worker panicked; its join re-raises that.
            let next = match from_reader.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => break,
            };
            let Ok(batch) = next else { break };
            // After a failure the batches are only drained, so the reader never waits.
            if failure.is_some() {
                continue;
            }
            // The batch's rows are reported on their own, to be put in order later.
            let outer = std::mem::take(&mut w.report);
            let outer_codes = std::mem::take(&mut w.currencies);
            for (i, &(line, column, start, end)) in batch.items.iter().enumerate() {
                let raw = &batch.bytes[start..end];
                if let Err(e) = self.element(&mut w, &mut scratch, line, column, raw) {
                    failure = Some(((batch.seq, i), e));
                    break;
                }
            }
            let mut report = std::mem::replace(&mut w.report, outer);
            let mut currencies = std::mem::replace(&mut w.currencies, outer_codes);
            report.rejected.truncate(MAX_LISTED_REJECTIONS - listed);
            listed += report.rejected.len();
            if stopped {
                report.fatal = None;
            }
            stopped |= report.fatal.is_some();
            currencies.retain(|(code, _)| codes.insert(code.clone()));
            if report.rejected.is_empty() && report.fatal.is_none() && currencies.is_empty() {
                // Only counts, which add up in any order.
                w.report.add_counts(&report);
            } else {
                said.push((batch.seq, report, currencies));
            }
        }
        (w, said, failure)
    }

    /// One element: a row for `parse`, or the rejection of what it is instead.
    fn element<S>(
        &self,
        w: &mut Worker<S>,
        scratch: &mut Scratch,
        line: u64,
        column: usize,
        raw: &[u8],
    ) -> Result<()>
    where
        P: ParseRow<S>,
    {
        let file = self.file;
        match json::element(raw, line, column, self.format, file.name)? {
            json::Element::Row(entries) => {
                let row = json::row_of(&file.header.names, line, entries);
                let Scratch { ranges, text } = scratch;
                ranges.clear();
                ranges.extend(row.cells.iter().map(|&(_, s, e)| (s, e)));
                ranges.resize(file.header.names.len().max(ranges.len()), (0, 0));
                // The row's own text, copied only when its numbers need a comma:
                // --decimal-comma is for text cells; a JSON number always has a point.
                let bytes: &[u8] = if file.style == DecimalStyle::Comma {
                    text.clear();
                    text.extend_from_slice(row.text.as_bytes());
                    for &(kind, s, e) in &row.cells {
                        if kind == Kind::Number {
                            for b in &mut text[s as usize..e as usize] {
                                if *b == b'.' {
                                    *b = b',';
                                }
                            }
                        }
                    }
                    text
                } else {
                    row.text.as_bytes()
                };
                file.row(w, self.parse, line, Ok(split::Fields::new(bytes, ranges)));
            }
            json::Element::Rejected(rejected) => {
                w.report.read += 1;
                reject_row(w, rejected);
            }
        }
        Ok(())
    }
}

/// What the batches said, in batch order, given to the first worker (the others
/// keep their states and say nothing), so that merging the workers' reports
/// lists rejections, currencies and a row that stops the run as one reader would.
fn in_file_order<S>(workers: &mut [Worker<S>], mut said: Vec<Said>) {
    let Some((first, _)) = workers.split_first_mut() else {
        return;
    };
    said.sort_unstable_by_key(|(seq, ..)| *seq);
    for (_, batch, currencies) in said {
        let r = &mut first.report;
        r.add_counts(&batch);
        r.rejected.extend(batch.rejected);
        if r.fatal.is_none() {
            r.fatal = batch.fatal;
        }
        first.currencies.extend(currencies);
    }
}

/// The scan: elements in batches to the workers, until the end or a broken document.
fn feed(elements: &mut Elements<'_>, to_workers: &mpsc::SyncSender<Batch>) -> Result<()> {
    let mut batch = Batch::default();
    while let Some((line, column, raw)) = elements.next_element()? {
        let start = batch.bytes.len();
        batch.bytes.extend_from_slice(raw);
        batch.items.push((line, column, start, batch.bytes.len()));
        if batch.bytes.len() >= BATCH_BYTES {
            let seq = batch.seq + 1;
            let full = std::mem::replace(
                &mut batch,
                Batch {
                    seq,
                    ..Batch::default()
                },
            );
            if to_workers.send(full).is_err() {
                // Every worker has stopped: only a panic does that, which its join re-raises.
                return Ok(());
            }
        }
    }
    if !batch.items.is_empty() {
        let _ = to_workers.send(batch);
    }
    Ok(())
}
