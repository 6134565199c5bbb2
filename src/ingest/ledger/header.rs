//! The columns of each ledger file (SPEC 2.2), their aliases, and header mapping.

use crate::error::{Error, Result};
use crate::ingest::columns::{inv, normalize, time};
use crate::model::records::FileKind;
use std::collections::BTreeMap;

/// A file's header mapped to its columns.
#[derive(Debug, Clone)]
pub struct Header {
    /// Header cells as written.
    pub names: Vec<String>,
    /// For each schema column, its position in the row.
    pub position: Vec<Option<usize>>,
    /// Positions of numeric columns.
    pub numeric: Vec<usize>,
    /// Header cells that match no column.
    pub unknown: Vec<String>,
    /// The file's name.
    pub file: String,
    /// The export the header was recognised as, if any.
    pub profile: Option<&'static crate::ingest::vendors::Profile>,
    /// A currency named in the header (`Billable Rate (EUR)`).
    pub currency: Option<String>,
    /// The kind of file.
    pub kind: FileKind,
    /// The file has projects and no client column: each project is read as a client.
    pub client_from_project: bool,
}

impl Header {
    /// Maps a header record (bytes of the first line) to the schema of `kind`.
    pub fn parse(
        kind: FileKind,
        line: &[u8],
        delimiter: u8,
        file: &str,
        user: Option<&BTreeMap<String, String>>,
    ) -> Result<Header> {
        let names = crate::ingest::csv::header(line, 1, delimiter, file)?;
        if names.is_empty() {
            return Err(Error::EmptyFile {
                source_name: file.to_string(),
            });
        }
        Header::from_names(kind, names, file, user)
    }

    /// Maps header names (CSV header cells or JSON keys) to the schema of `kind`.
    pub fn from_names(
        kind: FileKind,
        names: Vec<String>,
        file: &str,
        user: Option<&BTreeMap<String, String>>,
    ) -> Result<Header> {
        let spec = kind.columns();
        let mut position = vec![None; spec.len()];
        let mut unknown = Vec::new();
        // `[columns.<file>]` of the settings first: the owner's word wins.
        let mut taken = vec![false; names.len()];
        for (ours, theirs) in user.into_iter().flatten() {
            let wanted = normalize(theirs);
            let Some(at) = names.iter().position(|n| normalize(n) == wanted) else {
                return Err(Error::Usage(format!(
                    "{file}: [columns.{}] maps `{ours}` to {theirs:?}, which the header lacks (found: {})",
                    kind.table(),
                    names.join(", ")
                )));
            };
            if let Some(f) = spec.iter().position(|c| c.name == ours) {
                position[f] = Some(at);
                taken[at] = true;
            }
        }
        let normalized: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let mut currency = None;
        let bare: Vec<&str> = normalized
            .iter()
            .map(|n| {
                // Xero marks required columns `*ContactName`.
                let (base, code) =
                    crate::ingest::vendors::split_currency(n.trim_start_matches('*'));
                currency = currency.take().or(code);
                base
            })
            .collect();
        let profile = crate::ingest::vendors::detect(kind, &bare);
        match profile {
            // A known export: its own header names, and nothing guessed from aliases
            // (Kimai's `Rate` is an amount, not an hourly rate).
            Some(p) => {
                for (ours, theirs) in p.map {
                    let f = spec.iter().position(|c| c.name == *ours);
                    let at = bare.iter().position(|b| b == theirs);
                    if let (Some(f), Some(at)) = (f, at) {
                        if position[f].is_none() && !taken[at] {
                            position[f] = Some(at);
                        }
                    }
                }
            }
            None => {
                for (i, written) in names.iter().enumerate() {
                    if taken[i] {
                        continue;
                    }
                    let n = bare[i];
                    match spec.iter().position(|c| c.means(n)) {
                        // The first column of a meaning wins; a second one is reported as unused.
                        Some(f) if position[f].is_none() => position[f] = Some(i),
                        _ => unknown.push(written.clone()),
                    }
                }
            }
        }
        // An export of a workspace without clients (Clockify leaves the column out):
        // its projects are what the work is for.
        let client_from_project = kind == FileKind::Time
            && position[time::CLIENT].is_none()
            && position[time::PROJECT].is_some();
        if client_from_project {
            position[time::CLIENT] = position[time::PROJECT];
        }
        // Invoice lines without an amount (Xero's import template): quantity times
        // unit price is the line's amount.
        let priced_lines = kind == FileKind::Invoices
            && position[inv::AMOUNT].is_none()
            && position[inv::QUANTITY].is_some()
            && position[inv::UNIT_PRICE].is_some();
        if let Some(missing) = spec
            .iter()
            .zip(&position)
            .find(|(c, p)| c.required && p.is_none() && !(priced_lines && c.name == "amount"))
        {
            let mut found = names.join(", ");
            let close = (unknown.iter().take(100))
                .find(|u| crate::ingest::columns::near_miss(u, spec) == Some(missing.0.name));
            if let Some(u) = close {
                found.push_str(&format!(
                    "; `{u}` is close to `{}`: rename it",
                    missing.0.name
                ));
            }
            if kind == FileKind::Time {
                found.push_str(
                    "; or an unchanged export of Harvest, Toggl Track, Clockify or Kimai (English headers)",
                );
            }
            return Err(Error::MissingColumn {
                source_name: file.to_string(),
                column: missing.0.name,
                found,
            });
        }
        let numeric = spec
            .iter()
            .zip(&position)
            .filter_map(|(c, p)| p.filter(|_| c.numeric))
            .collect();
        Ok(Header {
            names,
            position,
            numeric,
            unknown,
            file: file.to_string(),
            profile,
            currency,
            kind,
            client_from_project,
        })
    }

    /// Positions of the columns that hold dates.
    pub fn date_columns(&self) -> Vec<usize> {
        (self.kind.columns().iter().zip(&self.position))
            .filter_map(|(c, p)| p.filter(|_| crate::ingest::columns::holds_dates(c.name)))
            .collect()
    }

    /// One warning per unknown column list and per missing optional column.
    pub fn warnings(&self, kind: FileKind) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.profile {
            out.push(format!(
                "{}: read as {}{}",
                self.file,
                p.vendor.label(),
                self.currency
                    .as_deref()
                    .map(|c| format!(" (amounts in {c}, from the header)"))
                    .unwrap_or_default()
            ));
            if p.vendor == crate::ingest::vendors::Vendor::Xero {
                out.push(format!(
                    "{}: Xero exports no payment dates: invoice lines are merged into their invoices, and paid amounts count as paid on an unknown date (lateness of paid invoices is unknown; pass a file with a `paid` column for it)",
                    self.file
                ));
            }
        }
        let paid_from_status = kind == FileKind::Invoices
            && self.position[inv::PAID].is_none()
            && self.position[inv::PAID_AMOUNT].is_none()
            && self.position[inv::BALANCE].is_none()
            && self.position[inv::STATUS].is_some();
        if paid_from_status {
            out.push(format!(
                "{}: payments come from the status: a `Paid` invoice counts as paid on a day the file does not say (lateness of paid invoices is unknown); any other status as unpaid",
                self.file
            ));
        }
        if self.client_from_project {
            out.push(format!(
                "{}: no client column: each project is counted as a client",
                self.file
            ));
        }
        if !self.unknown.is_empty() {
            out.push(format!(
                "{}: unknown {} columns ignored: {}",
                self.file,
                kind.label(),
                self.unknown.join(", ")
            ));
        }
        // A rate is derived from the entry's amount when the export has that instead.
        // So are payments from a paid amount without a date (Xero).
        let derived = |name: &str| match (kind, name) {
            (FileKind::Time, "bill_rate") => self.position[time::BILL_AMOUNT].is_some(),
            (FileKind::Time, "cost_rate") => self.position[time::COST_AMOUNT].is_some(),
            (FileKind::Invoices, "paid") => {
                self.position[inv::PAID_AMOUNT].is_some()
                    || self.position[inv::BALANCE].is_some()
                    || self.position[inv::STATUS].is_some()
            }
            _ => false,
        };
        for (c, p) in kind.columns().iter().zip(&self.position) {
            if derived(c.name) {
                continue;
            }
            if let (None, Some(lost)) = (p, c.missing) {
                out.push(format!("{}: no `{}` column: {lost}", self.file, c.name));
            }
        }
        out
    }
}
