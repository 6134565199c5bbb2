//! QuickBooks' A/R Aging Summary report as CSV: title rows (company, report name,
//! `As of` date), a header `,Current,1 - 30,31 - 60,61 - 90,91 and over,Total`, one
//! row per customer (a parent customer's own row is empty, its sub-customers are
//! indented and closed by a `Total for …` row) and a final `TOTAL` row.
//!
//! It is turned into the summary columns `client, aging_current, aging_1_30,
//! aging_31_60, aging_61_90, aging_90_plus` (overdue follows from the buckets), so
//! it can be read as a clients file, alone or beside ledgers.

use chrono::NaiveDate;

/// What the report holds, as summary CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// `client,aging_current,…` CSV text.
    pub csv: String,
    /// The report's `As of` date, if it has one.
    pub as_of: Option<NaiveDate>,
}

const BUCKETS: [&str; 6] = [
    "current",
    "1 - 30",
    "31 - 60",
    "61 - 90",
    "91 and over",
    "total",
];

/// The report converted, or `None` when the bytes are not an A/R Aging Summary.
pub fn convert(text: &str) -> Option<Converted> {
    let mut lines = text.lines();
    let mut as_of = None;
    // Skipped rows stay as blank lines, so line numbers in messages are the file's.
    let mut skipped = 0;
    // Title rows until the header row.
    loop {
        let line = lines.next()?;
        // The report has a handful of title rows: anything longer is not one.
        if skipped > 20 {
            return None;
        }
        if line.trim().is_empty() {
            skipped += 1;
            continue;
        }
        let cells = cells(line);
        let lower: Vec<String> = cells.iter().map(|c| c.trim().to_lowercase()).collect();
        if lower.first().is_some_and(String::is_empty)
            && lower.len() > BUCKETS.len()
            && lower[1..=BUCKETS.len()]
                .iter()
                .map(String::as_str)
                .eq(BUCKETS)
        {
            break;
        }
        let title = lower.join(" ");
        if let Some(date) = title.trim().strip_prefix("as of ") {
            as_of = parse_long_date(date.trim());
        }
        // Only a few title rows come before the header.
        if cells.iter().filter(|c| !c.trim().is_empty()).count() > 1 {
            return None;
        }
        skipped += 1;
    }
    let mut csv = "\n".repeat(skipped);
    csv.push_str("client,aging_current,aging_1_30,aging_31_60,aging_61_90,aging_90_plus\n");
    for line in lines {
        let cells = cells(line);
        let name = cells.first().map_or("", |c| c.trim());
        let lower = name.to_lowercase();
        let figures: Vec<&str> = cells.iter().skip(1).take(6).map(|c| c.trim()).collect();
        if name.is_empty()
            || lower == "total"
            || lower.starts_with("total for ")
            // A parent customer's heading row, or a note under the table.
            || figures.iter().all(|a| a.is_empty())
        {
            csv.push('\n');
            continue;
        }
        // Within a customer's row an empty bucket is nothing owed.
        let amounts = (0..5).map(|i| figures.get(i).copied().filter(|a| !a.is_empty()));
        let row: Vec<String> = std::iter::once(name)
            .chain(amounts.map(|a| a.unwrap_or("0")))
            .map(quote)
            .collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    Some(Converted { csv, as_of })
}

/// The cells of one line of the report, split by the one CSV reader.
fn cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    crate::ingest::csv::Splitter::new(b',').for_each(line.as_bytes(), 1, |_, fields| {
        if let Ok(f) = fields {
            cells = (0..f.len())
                .map(|i| String::from_utf8_lossy(f.get(i).unwrap_or_default()).into_owned())
                .collect();
        }
    });
    cells
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// `November 1, 2026` (the report's own format) or an ISO date.
fn parse_long_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%B %d, %Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Kovács Studio\n\
        A/R Aging Summary\n\
        \"As of November 1, 2026\"\n\
        \n\
        ,Current,1 - 30,31 - 60,61 - 90,91 and over,Total\n\
        Brightline Ltd,800.00,900.00,,,,\"1,700.00\"\n\
        Kovács Kft.,,,,,,0.00\n\
        Northwind Group,,,,,,\n\
        \"   Northwind Retail\",,\"1,250.50\",,,,\"1,250.50\"\n\
        \"   Northwind Online\",300.00,,,,450.00,750.00\n\
        Total for Northwind Group,300.00,\"1,250.50\",,,450.00,\"2,000.50\"\n\
        TOTAL,\"1,100.00\",\"2,150.50\",0.00,0.00,450.00,\"3,700.50\"\n\
        \n\
        \"Monday, Nov 2, 2026 09:14:07 AM GMT+1\"\n";

    #[test]
    fn customers_become_rows_and_totals_drop_out() {
        let c = convert(REPORT).unwrap();
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2026, 11, 1));
        let rows: String = c
            .csv
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        // Customers keep their line numbers: Brightline is on line 6 of the report.
        assert_eq!(
            c.csv.lines().nth(5),
            Some("Brightline Ltd,800.00,900.00,0,0,0")
        );
        assert_eq!(
            rows,
            "client,aging_current,aging_1_30,aging_31_60,aging_61_90,aging_90_plus\n\
             Brightline Ltd,800.00,900.00,0,0,0\n\
             Kovács Kft.,0,0,0,0,0\n\
             Northwind Retail,0,\"1,250.50\",0,0,0\n\
             Northwind Online,300.00,0,0,0,450.00\n"
        );
        assert_eq!(convert("client,revenue\nAcme,1\n"), None);
    }
}
