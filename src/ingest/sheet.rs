//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine and handed on
//! as CSV text, so that summary and ledger files take the one CSV path with its
//! checks. Cells keep their types: a date cell becomes an ISO date (never a text
//! to guess the order of), a number the shortest decimal that is exactly the
//! spreadsheet's value, text as written.

use crate::error::{Error, Result};
use calamine::{Data, Reader};
use std::path::Path;

/// Whether a file is a spreadsheet, by its extension.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
        )
    })
}

/// The sheet `sheet` (else the first) of a workbook as CSV bytes; blank rows
/// above the header are dropped, as in a CSV file.
pub fn to_csv(path: &Path, sheet: Option<&str>) -> Result<Vec<u8>> {
    let file = path.display().to_string();
    let fail = |message: String| Error::Syntax {
        source_name: file.clone(),
        line: 0,
        column: 1,
        message,
    };
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| fail(format!("not a readable spreadsheet ({e})")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| *n == s).cloned().ok_or_else(|| {
            Error::Usage(format!(
                "{file}: no sheet named {s:?} (the workbook has: {})",
                names.join(", ")
            ))
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| fail("the workbook has no sheet".into()))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| fail(format!("sheet {name:?} cannot be read ({e})")))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut started = false;
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if !started && cells.iter().all(String::is_empty) {
            continue;
        }
        started = true;
        // Every row has the sheet's width, as a CSV export's rows have the header's.
        out.write_record(&cells).map_err(|e| fail(e.to_string()))?;
    }
    out.into_inner().map_err(|e| fail(e.to_string()))
}

/// One cell as CSV text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // `Display` of an f64 is the shortest decimal that reads back as the same
        // value, without an exponent: 1234.5, 0.1, 12500.
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_duration() => match dt.as_duration() {
            Some(d) => {
                let s = d.num_seconds();
                format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
            }
            None => dt.as_f64().to_string(),
        },
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}
