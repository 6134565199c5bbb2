//! How a file's header is understood: which of our columns each header cell feeds,
//! the export it was recognised as, and what is missing (`portfolio columns`).

use super::ledger::Header;
use crate::error::{Error, Result};
use crate::model::records::FileKind;
use serde::Serialize;

/// One header cell and the column it feeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeaderUse {
    /// The cell as written.
    pub header: String,
    /// Our column, or `null` when the cell is not read.
    pub column: Option<&'static str>,
}

/// One of our columns the file does not have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    /// Our column.
    pub column: &'static str,
    /// Whether the file cannot be read without it.
    pub required: bool,
    /// What is lost without it.
    pub consequence: Option<&'static str>,
}

/// The reading of one header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnReport {
    /// The file.
    pub file: String,
    /// `time`, `invoices`, `contracts`, `interactions` or `clients`.
    pub kind: &'static str,
    /// The export it was recognised as, if any.
    pub export: Option<&'static str>,
    /// Every header cell, in order.
    pub columns: Vec<HeaderUse>,
    /// Our columns it lacks.
    pub missing: Vec<Missing>,
}

/// The kind named on the command line.
pub fn kind_by_name(name: &str) -> Option<Option<FileKind>> {
    match name {
        "clients" => Some(None),
        other => FileKind::ALL
            .into_iter()
            .find(|k| k.table() == other)
            .map(Some),
    }
}

/// Reads the header cells of a CSV file (decoded, BOM and blank lines skipped).
pub fn header_cells(bytes: &[u8], file: &str) -> Result<Vec<String>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile {
            source_name: file.to_string(),
        });
    }
    let (skip, blank) = super::csv::blank_lines(bytes);
    let bytes = &bytes[skip..];
    let delimiter = super::csv::sniff_delimiter(bytes);
    let bounds = super::csv::stream::Boundaries::new(delimiter);
    // Title lines above the header (Invoice Ninja): the first of the first ten
    // records that some kind of file reads as its header, as the readers do.
    let mut start = 0;
    let mut first = None;
    for _ in 0..10 {
        let end = start
            + bounds
                .first_end(&bytes[start..])
                .unwrap_or(bytes.len() - start);
        let names = super::csv::header(&bytes[start..end], 1 + blank, delimiter, file)?;
        let reads = FileKind::ALL
            .into_iter()
            .any(|k| Header::from_names(k, names.clone(), file, None).is_ok())
            || names
                .iter()
                .any(|n| super::columns::field_of(n).is_some_and(|f| f.name == "client"));
        if reads {
            return Ok(names);
        }
        first.get_or_insert(names);
        if end >= bytes.len() {
            break;
        }
        start = end;
    }
    Ok(first.unwrap_or_default())
}

/// Describes a header as `kind` (a ledger file, or `None` for a clients or summary
/// file); without a kind, the ledger kind that reads the most columns, else clients.
pub fn describe(
    names: Vec<String>,
    file: &str,
    kind: Option<Option<FileKind>>,
    maps: &crate::model::settings::ColumnMaps,
) -> Result<ColumnReport> {
    let ledger = match kind {
        Some(Some(k)) => Some((k, Header::from_names(k, names.clone(), file, maps.get(k))?)),
        Some(None) => None,
        None => FileKind::ALL
            .into_iter()
            .filter_map(|k| {
                Some((
                    k,
                    Header::from_names(k, names.clone(), file, maps.get(k)).ok()?,
                ))
            })
            .max_by_key(|(_, h)| {
                let read = h.position.iter().filter(|p| p.is_some()).count();
                (h.profile.is_some(), read)
            }),
    };
    let Some((k, header)) = ledger else {
        return Ok(clients(names, file));
    };
    let spec = k.columns();
    let columns = names
        .iter()
        .enumerate()
        .map(|(i, n)| HeaderUse {
            header: n.clone(),
            column: spec
                .iter()
                .zip(&header.position)
                .find(|(_, p)| **p == Some(i))
                .map(|(c, _)| c.name),
        })
        .collect();
    let missing = spec
        .iter()
        .zip(&header.position)
        .filter(|(_, p)| p.is_none())
        .map(|(c, _)| Missing {
            column: c.name,
            required: c.required,
            consequence: c.missing,
        })
        .collect();
    Ok(ColumnReport {
        file: file.to_string(),
        kind: k.table(),
        export: header.profile.map(|p| p.vendor.label()),
        columns,
        missing,
    })
}

fn clients(names: Vec<String>, file: &str) -> ColumnReport {
    let columns: Vec<HeaderUse> = names
        .iter()
        .map(|n| HeaderUse {
            header: n.clone(),
            column: super::columns::field_of(n).map(|f| f.name),
        })
        .collect();
    let has = |c: &str| columns.iter().any(|u| u.column == Some(c));
    let missing = super::columns::CLIENTS
        .iter()
        .filter_map(|c| Some((c.name, c.missing?)))
        .filter(|(c, _)| !has(c))
        .map(|(column, consequence)| Missing {
            column,
            required: false,
            consequence: Some(consequence),
        })
        .chain((!has("client")).then_some(Missing {
            column: "client",
            required: true,
            consequence: None,
        }))
        .collect();
    ColumnReport {
        file: file.to_string(),
        kind: "clients",
        export: None,
        columns,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn the_kind_is_guessed_and_each_header_named() {
        let maps = Default::default();
        let r = describe(
            names("Date,Client,Project,Hours,Billable?,First Name,Last Name,Notes"),
            "h.csv",
            None,
            &maps,
        )
        .unwrap();
        assert_eq!(
            (r.kind, r.export),
            ("time", Some("a Harvest detailed time report"))
        );
        assert_eq!(r.columns[3].column, Some("hours"));
        assert_eq!(r.columns[7].column, None, "Notes is not read");
        assert!(r.missing.iter().any(|m| m.column == "cost_rate"));
        let inv = describe(names("invoice,client,issued,amount"), "i.csv", None, &maps).unwrap();
        assert_eq!(inv.kind, "invoices");
        let summary = describe(names("client,revenue,cost,nps"), "c.csv", None, &maps).unwrap();
        assert_eq!(summary.kind, "clients");
        assert_eq!(summary.columns[1].column, Some("revenue"));
    }

    #[test]
    fn the_settings_map_names_columns_otherwise() {
        let mut maps = crate::model::settings::ColumnMaps::default();
        maps.time.insert("date".into(), "Munkanap".into());
        maps.time.insert("hours".into(), "Időtartam".into());
        let r = describe(
            names("Munkanap,Ügyfél,Időtartam"),
            "t.csv",
            Some(Some(FileKind::Time)),
            &maps,
        )
        .unwrap();
        let read: Vec<_> = r.columns.iter().map(|c| c.column).collect();
        assert_eq!(read, [Some("date"), Some("client"), Some("hours")]);
        maps.time.insert("cost_rate".into(), "Önköltség".into());
        let e = describe(
            names("Munkanap,Ügyfél,Időtartam"),
            "t.csv",
            Some(Some(FileKind::Time)),
            &maps,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("[columns.time] maps `cost_rate` to \"Önköltség\", which the header lacks"),
            "{e}"
        );
    }
}
