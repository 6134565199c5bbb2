//! The rows of a JSON array or NDJSON ledger file, read in order on one thread:
//! each element becomes a row for the same checks and parsers as a CSV row, or the
//! rejection of what it is instead. JSON ledgers are the rare kind; the CSV reader
//! is the one that streams on several cores.

use super::ctx::Ctx;
use super::rows::RowError;
use super::worker::{reject_row, FileCtx, Worker};
use crate::error::Result;
use crate::ingest::csv::split;
use crate::ingest::fields::DecimalStyle;
use crate::ingest::json;
use crate::ingest::json_stream::Elements;
use crate::ingest::raw::Kind;
use crate::ingest::source::InputFormat;

/// What reads a row into a worker's state: the `parse` of the ledger reader's `stream`.
pub(super) trait ParseRow<S>:
    for<'r> Fn(&mut Worker<S>, &Ctx<'_>, &split::Fields<'r>) -> std::result::Result<bool, RowError>
{
}

impl<S, F> ParseRow<S> for F where
    F: for<'r> Fn(
        &mut Worker<S>,
        &Ctx<'_>,
        &split::Fields<'r>,
    ) -> std::result::Result<bool, RowError>
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
    /// Reads every element of `elements` into `w`; a broken element of an array
    /// stops the run.
    pub fn read<S>(&self, elements: &mut Elements<'_>, mut w: Worker<S>) -> Result<Worker<S>>
    where
        P: ParseRow<S>,
    {
        let mut scratch = Scratch::default();
        while let Some((line, column, raw)) = elements.next_element()? {
            self.element(&mut w, &mut scratch, line, column, raw)?;
        }
        Ok(w)
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
                file.row(
                    w,
                    self.parse,
                    line,
                    Ok(split::Fields::new(bytes, ranges)),
                    None,
                );
            }
            json::Element::Rejected(rejected) => {
                w.report.read += 1;
                reject_row(w, rejected);
            }
        }
        Ok(())
    }
}
