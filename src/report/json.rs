//! JSON (the whole report, SPEC 5) and NDJSON (one client object per line).
//!
//! Clients are serialized on every core and streamed out in order
//! (`par::stream`): compact by [`super::json_client`], field by field, indented
//! by [`super::json_out`]; both write serde_json's bytes, faster. They are
//! spliced into the document at the `"clients": []` of a client-less copy of
//! the report; the bytes are the same as serializing the report in one go (the
//! golden test checks this).

use super::{ClientReport, Render, Report};
use std::io::{self, Write};

/// Clients rendered at a time by one thread: about 90 KB of compact JSON, so each
/// thread's buffer stays in its core's cache while the report streams out.
const PART: usize = 32;

/// Bytes to reserve for a part's buffer.
fn part_bytes(pretty: bool) -> usize {
    PART * if pretty { 4096 } else { 3072 }
}

/// Keeps the I/O kind of a write failure, so a closed pipe stays a closed pipe.
fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

/// The JSON document: indented for people, compact for programs.
pub struct Json {
    /// Indent (on a terminal, in a file, or with `--pretty`); compact when piped.
    pub pretty: bool,
}

/// One compact client object per line.
pub struct Ndjson;

/// The report without its clients (every other field listed, so a new field cannot be forgotten).
fn shell(r: &Report) -> Report {
    Report {
        schema_version: r.schema_version,
        as_of: r.as_of,
        period: r.period,
        settings: r.settings.clone(),
        currency: r.currency.clone(),
        clients: Vec::new(),
        portfolio: r.portfolio.clone(),
        rows: r.rows,
        rejected: r.rejected.clone(),
        warnings: r.warnings.clone(),
        calendar: r.calendar,
    }
}

/// Appends clients `offset..` to `out` as array elements, exactly as serde_json
/// would write them inside the report.
fn elements(
    clients: &[ClientReport],
    offset: usize,
    pretty: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    for (i, c) in clients.iter().enumerate() {
        super::warm::ahead(clients, i);
        let first = offset + i == 0;
        if pretty {
            out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
            // The element sits two levels deep in the report.
            super::json_out::write_pretty(c, out, 2).map_err(io_error)?;
        } else {
            if !first {
                out.push(b',');
            }
            super::json_client::write(c, out).map_err(io_error)?;
        }
    }
    Ok(())
}

impl Render for Json {
    fn render(&self, report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
        let head = if self.pretty {
            serde_json::to_vec_pretty(&shell(report))
        } else {
            serde_json::to_vec(&shell(report))
        }
        .map_err(io_error)?;
        let marker: &[u8] = if self.pretty {
            b"\"clients\": []"
        } else {
            b"\"clients\":[]"
        };
        // The first match is the top-level key: it comes before any client-supplied text,
        // and quotes inside strings are escaped, so a string cannot contain the marker.
        let at = head
            .windows(marker.len())
            .position(|w| w == marker)
            .ok_or_else(|| io::Error::other("report shell lacks the clients array"))?;
        let close = at + marker.len() - 1;
        out.write_all(&head[..close])?;
        crate::par::stream(
            &report.clients,
            PART,
            part_bytes(self.pretty),
            |offset, part, buf| elements(part, offset, self.pretty, buf),
            |bytes| out.write_all(bytes),
        )?;
        if self.pretty && !report.clients.is_empty() {
            out.write_all(b"\n  ")?;
        }
        out.write_all(&head[close..])?;
        writeln!(out)
    }
}

impl Render for Ndjson {
    fn render(&self, report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
        crate::par::stream(
            &report.clients,
            PART,
            part_bytes(false),
            |_, part, buf| {
                for c in part {
                    super::json_client::write(c, buf).map_err(io_error)?;
                    buf.push(b'\n');
                }
                Ok(())
            },
            |bytes| out.write_all(bytes),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::Client;

    fn report(n: usize) -> Report {
        let clients = (0..n)
            .map(|i| Client {
                name: format!("Client \"{i}\" ügyfél"),
                revenue: Some(dec("1000") + rust_decimal::Decimal::from(i)),
                cost: Some(dec("400")),
                ..Client::default()
            })
            .collect();
        crate::pipeline::report_of(clients)
    }

    fn render(r: &Report, pretty: bool) -> Vec<u8> {
        let mut out = Vec::new();
        Json { pretty }.render(r, &mut out).unwrap();
        out
    }

    #[test]
    fn spliced_output_equals_serde_output() {
        for n in [0, 1, 3, 3000] {
            let r = report(n);
            let mut compact = serde_json::to_vec(&r).unwrap();
            compact.push(b'\n');
            assert!(render(&r, false) == compact, "compact, {n} clients");
            let mut pretty = serde_json::to_vec_pretty(&r).unwrap();
            pretty.push(b'\n');
            assert!(render(&r, true) == pretty, "pretty, {n} clients");
        }
    }
}
