//! Summary mode (SPEC 2.1): one row per client. Maps headers (with aliases) to
//! fields, detects the decimal style, parses every cell and accounts for every row.

use super::columns::{field_of, kind_of, Field, CLIENTS};
use super::fields::{self, DecimalStyle, FieldError};
use super::merge::merge;
use super::raw::{Cell, RawRow, RawTable};
use super::source::{InputFormat, Source};
use super::{csv, json};
use crate::error::{Error, Result};
use crate::model::money::with_cents;
use crate::model::records::{Rejection, RowCounts};
use crate::model::{Aging, Client, Extra, FitRating, Quote};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// How to read the input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Forced input format; otherwise from the extension, else CSV.
    pub format: Option<InputFormat>,
    /// The decimal separator given on the command line (otherwise detected).
    pub decimal: Option<DecimalStyle>,
    /// A chrono date format accepted besides ISO.
    pub date_format: Option<String>,
    /// Add up rows of the same client instead of failing.
    pub merge_duplicates: bool,
    /// Currency assumed for rows without one.
    pub default_currency: Option<String>,
    /// Columns other files supply (ledger mode): no "missing column" warning for them.
    pub supplied: Vec<&'static str>,
    /// The text encoding when not UTF-8 (`--encoding`); a BOM overrides it.
    pub encoding: Option<&'static super::encoding::Encoding>,
    /// Rows may be in different currencies (exchange rates will convert them).
    pub convert: bool,
    /// The sheet of a spreadsheet to read (`--sheet`), else the first.
    pub sheet: Option<String>,
}

/// What ingest hands to the metrics stage.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    /// Valid clients, in input order.
    pub clients: Vec<Client>,
    /// What else each client's row carries or was derived (index for index with
    /// `clients`; empty when nothing was).
    pub extras: Vec<Extra>,
    /// Every rejected cell, in input order.
    pub rejected: Vec<Rejection>,
    /// Every bad optional cell left empty (its client kept), in input order.
    pub blanked: Vec<Rejection>,
    /// File-level warnings (missing or unknown columns, ambiguous separators).
    pub warnings: Vec<String>,
    /// Row accounting.
    pub counts: RowCounts,
    /// The decimal style used for text cells.
    pub decimal_style: Option<DecimalStyle>,
    /// The one currency of the input, if any row or the settings name it.
    pub currency: Option<String>,
    /// Names of clients whose row was rejected, with the row's line (for `explain`).
    pub rejected_clients: Vec<(String, u64)>,
}

/// Notice periods above ten years are typing errors, and would push exits off the calendar.
pub const MAX_NOTICE_DAYS: u32 = 3650;
/// Hours or days above this are refused for the same reason.
const QUANTITY_MAX: i64 = 10_000_000;

/// Reads and validates a summary file.
pub fn read_clients(source: &Source, opts: &ReadOptions) -> Result<Ingested> {
    let raw = match source {
        Source::Path(p) if super::sheet::is_spreadsheet(p) => {
            super::sheet::to_csv(p, opts.sheet.as_deref())?
        }
        _ => source.read_all()?,
    };
    let mut bytes = super::encoding::decode(raw, opts.encoding, &source.name())?;
    // Classic Mac exports end lines with a bare CR: make them lines, so line numbers count.
    if !bytes.contains(&b'\n') && bytes.contains(&b'\r') {
        for b in bytes.iter_mut().filter(|b| **b == b'\r') {
            *b = b'\n';
        }
    }
    let name = source.name();
    // QuickBooks' A/R Aging Summary: title rows, then customers and their aging.
    let quickbooks = std::str::from_utf8(&bytes)
        .ok()
        .filter(|_| opts.format.is_none_or(|f| f == InputFormat::Csv))
        .and_then(super::vendors::quickbooks::convert);
    if let Some(qb) = quickbooks {
        let table = csv::read(qb.csv.as_bytes(), &name)?;
        let mut ingested = from_table(table, opts)?;
        // It only ever has the aging columns: the others are not missing from it.
        let missing = format!("{name}: column `");
        ingested.warnings.retain(|w| !w.starts_with(&missing));
        ingested.warnings.insert(
            0,
            format!(
                "{name}: read as a QuickBooks A/R Aging Summary{} (receivables by age per customer)",
                qb.as_of.map(|d| format!(" as of {d}")).unwrap_or_default()
            ),
        );
        return Ok(ingested);
    }
    let format = opts.format.unwrap_or_else(|| source.format(&bytes));
    let table = match format {
        InputFormat::Csv => csv::read(&bytes, &name)?,
        InputFormat::Json => json::read_array(&bytes, &name)?,
        InputFormat::Ndjson => json::read_lines(&bytes, &name)?,
    };
    from_table(table, opts)
}

/// Types a [`RawTable`] into clients.
pub fn from_table(table: RawTable, opts: &ReadOptions) -> Result<Ingested> {
    let src = table.source_name.clone();
    if table.rows.is_empty() && table.rejected_rows == 0 {
        if table.headers.is_empty() {
            return Err(Error::EmptyFile { source_name: src });
        }
        if table
            .headers
            .iter()
            .any(|h| field_of(h).is_some_and(|f| f.name == "client"))
        {
            return Err(Error::NoRows { source_name: src });
        }
    }
    let mut out = Ingested::default();
    if table.headers.is_empty() {
        // Every row was rejected before a column could be named (bad NDJSON lines,
        // non-object JSON elements): report them rather than a missing header.
        let read = table.rejected_rows;
        out.counts = RowCounts {
            read,
            rejected: read,
            ..RowCounts::default()
        };
        out.rejected = table.rejections;
        return Ok(out);
    }

    // Map the header.
    let mut mapping: Vec<Option<Field>> = Vec::with_capacity(table.headers.len());
    let mut seen: HashMap<Field, String> = HashMap::new();
    let mut present: BTreeSet<&'static str> = BTreeSet::new();
    let mut unknown = Vec::new();
    let mut unknown_seen = std::collections::HashSet::new();
    // Misspelt headers, by the column they are close to.
    let mut near: Vec<(&'static str, &str)> = Vec::new();
    // A currency named after a column's name (`Revenue (EUR)`), with that header.
    let mut header_currency: Option<(String, &str)> = None;
    for h in &table.headers {
        // `Revenue (EUR)`, `Hours (h)`: the name before the unit says the column.
        let field = field_of(h).or_else(|| {
            let (name, unit) = super::columns::split_unit(h)?;
            let f = field_of(name)?;
            if unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_alphabetic()) {
                header_currency.get_or_insert((unit.to_ascii_uppercase(), h.as_str()));
            }
            Some(f)
        });
        match field {
            Some(f) => {
                if let Some(first) = seen.get(&f) {
                    return Err(Error::AmbiguousColumn {
                        source_name: src,
                        field: f.name,
                        first: first.clone(),
                        second: h.clone(),
                    });
                }
                seen.insert(f.clone(), h.clone());
                present.insert(f.name);
                mapping.push(Some(f));
            }
            None => {
                let i = mapping.len();
                if h.is_empty() {
                    // A column without a name is only worth a word if it holds data.
                    if table.rows.iter().any(|r| r.cell(i) != Cell::Empty) {
                        unknown.push(format!("(unnamed column {})", i + 1));
                    }
                } else if unknown_seen.insert(h.as_str()) {
                    // A real export has a few unknown columns; a hostile one can
                    // have thousands, and each guess costs a pass over the aliases.
                    let guess =
                        (unknown.len() < 100).then(|| super::columns::near_miss(h, CLIENTS));
                    match guess.flatten() {
                        Some(column) => {
                            near.push((column, h.as_str()));
                            unknown.push(format!("{h} (did you mean `{column}`?)"));
                        }
                        None => unknown.push(h.clone()),
                    }
                }
                mapping.push(None);
            }
        }
    }
    if !present.contains("client") {
        return Err(Error::MissingColumn {
            source_name: src,
            column: "client",
            found: table.headers.join(", "),
        });
    }
    // A column the margin is made of, missing beside a misspelling of it: the
    // verdicts would change without a word.
    if let Some((column, written)) = near
        .iter()
        .find(|(c, _)| matches!(*c, "revenue" | "cost" | "hours") && !present.contains(c))
    {
        return Err(Error::NearMissColumn {
            source_name: src,
            column,
            written: written.to_string(),
        });
    }
    if let Some((code, header)) = &header_currency {
        if opts.default_currency.is_none() && !present.contains("currency") {
            out.warnings.push(format!(
                "{src}: amounts in {code}, from the header `{header}`"
            ));
        }
    }
    if !unknown.is_empty() {
        out.warnings.push(format!(
            "{src}: unknown column(s) ignored: {} (see docs/reference.md for the column names and aliases)",
            unknown.join(", ")
        ));
    }
    for (column, consequence) in CLIENTS.iter().filter_map(|c| Some((c.name, c.missing?))) {
        let absent = match column {
            "cost" => {
                !(present.contains("cost")
                    || (present.contains("hours") && present.contains("cost_rate")))
            }
            c => !present.contains(c),
        };
        if absent && !opts.supplied.contains(&column) {
            out.warnings.push(format!(
                "{src}: column `{column}` is missing: {consequence}"
            ));
        }
    }

    let (style, date_format) = notation(&table, &mapping, opts, &mut out.warnings)?;
    out.decimal_style = Some(style);

    let mut rejected_rows = table.rejected_rows;
    out.rejected = table.rejections;
    let parser = RowParser {
        src: &src,
        style,
        date_format: date_format.as_deref(),
        headers: &table.headers,
        mapping: &mapping,
        present: &present,
        // Present, and once: checked above.
        client_column: (seen.iter())
            .find_map(|(f, h)| (f.name == "client").then_some(h.as_str()))
            .unwrap_or("client"),
    };
    // Each kept client's first line and index in `clients`, by key.
    let mut index: HashMap<String, (u64, usize)> = HashMap::new();
    // Where the currency was first named: a line, or 0 for --currency or the header.
    let header_code = header_currency
        .filter(|_| !present.contains("currency"))
        .map(|(code, _)| code);
    let mut currency: Option<(String, u64)> =
        (opts.default_currency.clone().or(header_code)).map(|c| (c, 0));
    let (mut clients, mut quotes) = (Vec::new(), Vec::new());
    for row in &table.rows {
        let (mut client, quote, mut errors, rejects) = parser.parse(row);
        if rejects {
            rejected_rows += 1;
            out.rejected.append(&mut errors);
            if !client.name.is_empty() {
                out.rejected_clients.push((client.name, row.line));
            }
            continue;
        }
        for cell in errors {
            out.warnings.push(format!(
                "{cell}; the cell is left empty and the client kept"
            ));
            out.blanked.push(cell);
        }
        client.origin = format!("{src}:{}", row.line);
        if let Some(cur) = &client.currency {
            match &currency {
                Some((first, at)) if first != cur && !opts.convert => {
                    return Err(Error::MixedCurrencies {
                        source_name: src,
                        first: first.clone(),
                        first_at: if *at == 0 && opts.default_currency.is_some() {
                            "--currency".to_string()
                        } else if *at == 0 {
                            "the header".to_string()
                        } else {
                            format!("line {at}")
                        },
                        other: cur.clone(),
                        line: row.line,
                    });
                }
                None => currency = Some((cur.clone(), row.line)),
                _ => {}
            }
        }
        let key = crate::model::client::client_key(&client.name);
        match index.get(&key) {
            Some(&(first_line, _)) if !opts.merge_duplicates => {
                return Err(Error::Duplicate {
                    source_name: src,
                    client: client.name,
                    first_line,
                    line: row.line,
                });
            }
            Some(&(_, first)) => merge(&mut clients[first], client),
            None => {
                index.insert(key, (row.line, clients.len()));
                clients.push(client);
                quotes.push(quote);
            }
        }
    }
    if let Some((cur, _)) = &currency {
        for c in &mut clients {
            c.currency.get_or_insert_with(|| cur.clone());
        }
    }
    let read = table.rows.len() + table.rejected_rows;
    out.counts = RowCounts {
        read,
        used: read - rejected_rows,
        rejected: rejected_rows,
        ..RowCounts::default()
    };
    if table.blank_rows > 0 {
        out.warnings
            .push(format!("{src}: {} blank row(s) skipped", table.blank_rows));
    }
    out.currency = currency.map(|(c, _)| c);
    // A prospects file's quotes; a client file has none.
    if quotes.iter().any(|q| *q != Quote::default()) {
        out.extras = quotes
            .into_iter()
            .map(|quote| Extra {
                quote,
                ..Extra::default()
            })
            .collect();
    }
    out.clients = clients;
    // Reader-level and cell-level rejections were collected in two passes; report them in file order.
    out.rejected.sort_by_key(|r| r.line);
    Ok(out)
}

/// The decimal style and the date format the file's cells call for (the flags win),
/// each from its one detector, with what was detected said in `warnings`.
fn notation(
    table: &RawTable,
    mapping: &[Option<Field>],
    opts: &ReadOptions,
    warnings: &mut Vec<String>,
) -> Result<(DecimalStyle, Option<String>)> {
    let numeric: Vec<bool> = (mapping.iter())
        .map(|f| {
            f.as_ref()
                .is_some_and(|f| CLIENTS.iter().any(|c| c.name == f.name && c.numeric))
        })
        .collect();
    let (mut numbers, mut dates) = (
        fields::StyleEvidence::default(),
        fields::DateEvidence::default(),
    );
    for row in &table.rows {
        for (i, cell) in row.cells().enumerate() {
            let (Cell::Text(s), Some(f)) = (cell, &mapping[i]) else {
                continue;
            };
            if kind_of(f.name) == "a date" {
                dates.add(s, &table.headers[i]);
            } else if numeric[i] && !numbers.settled() {
                numbers.add(s, &table.headers[i]);
            }
        }
    }
    let (style, note) = numbers.decide(&table.source_name, table.delimiter, opts.decimal)?;
    warnings.extend(note);
    if let Some(f) = &opts.date_format {
        return Ok((style, Some(f.clone())));
    }
    let order = (dates.order()).map_err(|a| ambiguous_dates(&table.source_name, a))?;
    warnings.extend(dates.note(&table.source_name));
    Ok((style, order.map(|o| dates.format(o))))
}

/// The error for a file whose dates read both ways.
pub(crate) fn ambiguous_dates(file: &str, a: fields::AmbiguousDates) -> Error {
    let [day_first, month_first] = a.formats;
    Error::AmbiguousDates {
        source_name: file.to_string(),
        value: a.value,
        column: a.column,
        day_first,
        month_first,
    }
}

struct RowParser<'a> {
    src: &'a str,
    style: DecimalStyle,
    date_format: Option<&'a str>,
    headers: &'a [String],
    mapping: &'a [Option<Field>],
    present: &'a BTreeSet<&'static str>,
    /// The header of the client column.
    client_column: &'a str,
}

impl RowParser<'_> {
    /// The row's client and quote, its bad cells in file order, and whether one of
    /// them rejects the row; otherwise they are optional cells left empty (the
    /// client is kept without them).
    fn parse(&self, row: &RawRow) -> (Client, Quote, Vec<Rejection>, bool) {
        let mut c = Client::default();
        let mut quote = Quote::default();
        let mut errors = Vec::new();
        let mut rejects = false;
        let mut aging: [Option<Decimal>; 5] = [None; 5];
        for (i, (cell, field)) in row.cells().zip(self.mapping).enumerate() {
            let Some(field) = field else { continue };
            let reject = |value: &str, expected: String| Rejection {
                file: self.src.to_string(),
                line: row.line,
                column: self.headers[i].clone(),
                value: value.to_string(),
                expected,
            };
            // Only the client and the figures the margin is made of reject a row:
            // any other bad cell is left empty, said, and the client kept in every total.
            let mut bad = |r: Rejection| {
                rejects |= !keeps_the_row(field.name);
                errors.push(r);
            };
            let (text, style) = match cell {
                Cell::Empty => continue,
                Cell::Text(s) => (s, self.style),
                Cell::Number(s) => (s, DecimalStyle::Point),
                Cell::Invalid(v) => {
                    bad(reject(
                        v,
                        format!("{} (a JSON string or number)", kind_of(field.name)),
                    ));
                    continue;
                }
            };
            if let Err(FieldError(mut expected)) =
                self.apply(field, text, style, &mut c, &mut quote, &mut aging)
            {
                if text.contains('\n') {
                    expected.push_str(" (this cell spans several lines: a quote opened in it is probably not closed)");
                }
                bad(reject(text, expected));
            }
        }
        if c.name.is_empty() && errors.iter().all(|e| e.column != self.client_column) {
            rejects = true;
            errors.push(Rejection {
                file: self.src.to_string(),
                line: row.line,
                column: self.client_column.to_string(),
                value: String::new(),
                expected: "a client name (the key of every row)".into(),
            });
        }
        if aging.iter().any(Option::is_some) {
            let [current, d1_30, d31_60, d61_90, d90_plus] = aging.map(Option::unwrap_or_default);
            let a = Aging {
                current,
                d1_30,
                d31_60,
                d61_90,
                d90_plus,
            };
            if c.overdue.is_none() {
                c.overdue = Some(a.overdue());
            }
            c.aging = Some(a);
        }
        if c.cost.is_none() {
            if let (Some(h), Some(r)) = (c.hours, c.cost_rate) {
                c.cost = Some(h * r);
                c.cost_derived = true;
            }
        }
        if !c.name.is_empty() {
            for (column, missing) in [
                ("revenue", c.revenue.is_none()),
                ("hours", c.hours.is_none()),
                ("contracted_hours", c.contracted_hours.is_none()),
                ("last_contact", c.last_contact.is_none()),
                ("nps", c.nps.is_none()),
            ] {
                // The set lookup only for an empty cell (five per row showed in profiles).
                if missing && self.present.contains(column) {
                    c.warnings
                        .push(format!("`{column}` is empty for this client"));
                }
            }
            if c.cost.is_none()
                && (self.present.contains("cost") || self.present.contains("cost_rate"))
            {
                c.warnings.push(
                    "`cost` is empty and hours x cost_rate is not available: margin is null".into(),
                );
            }
        }
        (c, quote, errors, rejects)
    }

    fn apply(
        &self,
        field: &Field,
        text: &str,
        style: DecimalStyle,
        c: &mut Client,
        quote: &mut Quote,
        aging: &mut [Option<Decimal>; 5],
    ) -> Result<(), FieldError> {
        let date = |s: &str| fields::parse_date(s, self.date_format);
        let hours = |s: &str| quantity(s, style, "hours");
        match field.name {
            "client" => c.name = crate::model::client::clean_name(text),
            // A period's credit notes can outweigh its billing.
            "revenue" => c.revenue = Some(signed_money(text, style)?),
            "previous_revenue" => c.previous_revenue = Some(signed_money(text, style)?),
            "cost" => c.cost = Some(money(text, style)?),
            "cost_rate" => c.cost_rate = Some(money(text, style)?),
            "bill_rate" => c.bill_rate = Some(money(text, style)?),
            "overdue" => c.overdue = Some(money(text, style)?),
            "quoted_rate" => quote.quoted_rate = Some(money(text, style)?),
            "budget" => quote.budget = Some(money(text, style)?),
            "estimated_hours" => quote.estimated_hours = Some(hours(text)?),
            "aging_current" => aging[0] = Some(money(text, style)?),
            "aging_1_30" => aging[1] = Some(money(text, style)?),
            "aging_31_60" => aging[2] = Some(money(text, style)?),
            "aging_61_90" => aging[3] = Some(money(text, style)?),
            "aging_90_plus" => aging[4] = Some(money(text, style)?),
            "hours" => c.hours = Some(hours(text)?),
            "contracted_hours" => c.contracted_hours = Some(hours(text)?),
            "out_of_scope_hours" => c.out_of_scope_hours = Some(hours(text)?),
            "out_of_scope_value" => c.out_of_scope_value = Some(money(text, style)?),
            "avg_days_late" => {
                let d = fields::parse_decimal(text, style)?;
                if d.abs() > Decimal::from(QUANTITY_MAX) {
                    return Err(FieldError(
                        "a number of days between -10,000,000 and 10,000,000".into(),
                    ));
                }
                c.avg_days_late = Some(d);
            }
            "late_invoice_ratio" => c.late_invoice_ratio = Some(fields::parse_ratio(text, style)?),
            "p_alive" => c.p_alive = Some(fields::parse_ratio(text, style)?),
            "out_of_scope_requests" => c.out_of_scope_requests = Some(fields::parse_count(text)?),
            "complaints" => c.complaints = Some(fields::parse_count(text)?),
            "notice_days" => {
                let days = fields::parse_count(text)?;
                if days > MAX_NOTICE_DAYS {
                    return Err(FieldError(format!(
                        "a notice period of 0 to {MAX_NOTICE_DAYS} days"
                    )));
                }
                c.notice_days = Some(days);
            }
            "fit" => c.fit.push(FitRating {
                aspect: field.aspect.clone().unwrap_or_default(),
                rating: fields::parse_rating(text, style, 1, 5)?,
            }),
            "nps" => {
                let v = fields::parse_rating(text, style, 0, 10).ok();
                let v = v
                    .filter(|v| v.fract().is_zero())
                    .ok_or_else(|| FieldError("a whole number from 0 to 10".into()))?;
                c.nps = Some(rust_decimal::prelude::ToPrimitive::to_u8(&v).unwrap_or(0));
            }
            "red_flag" => c.red_flag = Some(text.trim().to_string()),
            "source" => c.source = Some(text.trim().to_string()),
            "currency" => c.currency = Some(fields::parse_currency(text)?),
            "last_contact" => c.last_contact = Some(date(text)?),
            "client_since" => c.client_since = Some(date(text)?),
            "contract_end" => c.contract_end = Some(date(text)?),
            "notice_given" => c.notice_given = Some(date(text)?),
            "last_rate_increase" => c.last_rate_increase = Some(date(text)?),
            // Every column of the table has an arm (a test holds it to that).
            other => return Err(FieldError(format!("a column `{other}` can hold"))),
        }
        Ok(())
    }
}

/// Whether a bad cell of this column leaves the row in, blank in that column:
/// every column but the client, the currency and what the margin is made of.
fn keeps_the_row(column: &str) -> bool {
    !matches!(
        column,
        "client" | "revenue" | "cost" | "hours" | "cost_rate" | "currency"
    )
}

/// An amount that may be negative (revenue net of credit notes).
fn signed_money(text: &str, style: DecimalStyle) -> Result<Decimal, FieldError> {
    let v = fields::parse_money(text, style)?;
    if v.abs() > crate::model::money::MONEY_MAX {
        return Err(FieldError(
            "an amount between -1,000,000,000,000,000 and 1,000,000,000,000,000".into(),
        ));
    }
    Ok(with_cents(v))
}

fn money(text: &str, style: DecimalStyle) -> Result<Decimal, FieldError> {
    let v = fields::parse_money(text, style)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(FieldError(
            "an amount of 0 or more (credit notes belong in the revenue total)".into(),
        ));
    }
    if v > crate::model::money::MONEY_MAX {
        return Err(FieldError("an amount up to 1,000,000,000,000,000".into()));
    }
    Ok(with_cents(v))
}

fn quantity(text: &str, style: DecimalStyle, unit: &str) -> Result<Decimal, FieldError> {
    let v = fields::parse_decimal(text, style)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(FieldError(format!("0 or more {unit}")));
    }
    if v > Decimal::from(QUANTITY_MAX) {
        return Err(FieldError(format!("at most 10,000,000 {unit}")));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn merged(csv_text: &str) -> Ingested {
        ingest_with(
            csv_text,
            &ReadOptions {
                merge_duplicates: true,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn ingest(csv_text: &str) -> Result<Ingested> {
        ingest_with(csv_text, &ReadOptions::default())
    }

    fn ingest_with(csv_text: &str, opts: &ReadOptions) -> Result<Ingested> {
        let table = csv::read(csv_text.as_bytes(), "t.csv")?;
        from_table(table, opts)
    }

    /// Whether a file warning says `text`.
    fn warned(got: &Ingested, text: &str) -> bool {
        got.warnings.iter().any(|w| w.contains(text))
    }

    #[test]
    fn every_column_of_the_table_has_a_reader() {
        use crate::ingest::columns::CLIENTS;
        let header: Vec<&str> = CLIENTS.iter().map(|c| c.name).collect();
        let cells = vec!["1"; header.len()];
        let got = ingest(&format!("{}\n{}\n", header.join(","), cells.join(","))).unwrap();
        let unread: Vec<&str> = got
            .rejected
            .iter()
            .filter(|r| r.expected.starts_with("a column"))
            .map(|r| r.column.as_str())
            .collect();
        assert!(unread.is_empty(), "columns without a reader: {unread:?}");
        // Dates and the currency reject "1": proof the cells reached their readers.
        assert!(got.rejected.iter().any(|r| r.column == "last_contact"));
    }

    #[test]
    fn headers_match_case_space_dash_underscore_and_aliases() {
        let got = ingest(
            "Customer Name;Revenue;COST;Contracted-Hours;fit_Respect\nAcme;1 200,50;600;10;4\n",
        )
        .unwrap();
        let c = &got.clients[0];
        assert_eq!(c.name, "Acme");
        assert_eq!(c.revenue, Some(dec("1200.50")));
        assert_eq!(c.contracted_hours, Some(dec("10")));
        assert_eq!(
            c.fit,
            vec![FitRating {
                aspect: "respect".into(),
                rating: dec("4")
            }]
        );
        assert_eq!(got.decimal_style, Some(DecimalStyle::Comma));
    }

    #[test]
    fn only_fit_underscore_aspect_columns_are_ratings() {
        let got = ingest("client,fit_respect,Fit-Strategic Value,fit notes,Fitout Cost,fit_overall\nA,3,4,nice people,5,2\n")
        .unwrap();
        let aspects: Vec<&str> = got.clients[0]
            .fit
            .iter()
            .map(|f| f.aspect.as_str())
            .collect();
        assert_eq!(aspects, ["respect", "strategic_value", "overall"]);
        assert!(warned(
            &got,
            "unknown column(s) ignored: fit notes, Fitout Cost"
        ));
    }

    #[test]
    fn names_are_compared_in_nfc_and_invisible_names_are_rejected() {
        let text = "client,revenue\nKova\u{301}cs,1\nKov\u{e1}cs,2\n\u{200B},3\n";
        let err = ingest(text).unwrap_err();
        assert!(matches!(err, Error::Duplicate { line: 3, .. }), "{err}");
        let got = merged(text);
        assert_eq!(got.clients.len(), 1);
        assert_eq!(got.clients[0].name, "Kov\u{e1}cs");
        assert_eq!(
            got.rejected[0].expected,
            "a client name (the key of every row)"
        );
    }

    #[test]
    fn cost_is_derived_from_hours_and_cost_rate() {
        let got = ingest("client,revenue,hours,cost_rate\nA,1000,10,40\n").unwrap();
        assert_eq!(got.clients[0].cost, Some(dec("400")));
        assert!(got.clients[0].cost_derived);
    }

    #[test]
    fn a_bad_margin_cell_rejects_the_row_and_a_bad_optional_cell_is_blanked() {
        let got = ingest(
            "client,revenue,fit,last_contact\nA,12x,3,2026-10-01\nB,42000,7,2026-10-01\nC,5,2,31/02/2026\n",
        )
        .unwrap();
        // B and C stay: their bad fit and date are left empty. A has no revenue.
        let names: Vec<&str> = got.clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
        assert_eq!(got.clients[0].revenue, Some(dec("42000")));
        assert!(got.clients[0].fit.is_empty());
        assert_eq!(got.clients[1].last_contact, None);
        assert_eq!(
            got.counts,
            RowCounts {
                read: 3,
                used: 2,
                rejected: 1,
                outside_period: 0
            }
        );
        assert_eq!(
            (
                got.rejected[0].line,
                got.rejected[0].column.as_str(),
                got.rejected[0].value.as_str()
            ),
            (2, "revenue", "12x")
        );
        let blanked: Vec<&String> = (got.warnings.iter())
            .filter(|w| w.ends_with("the cell is left empty and the client kept"))
            .collect();
        assert_eq!(blanked.len(), 2, "{:?}", got.warnings);
        assert!(
            blanked[0].starts_with(
                "t.csv:3: column `fit`: \"7\" is not valid (expected a rating from 1 to 5)"
            ),
            "{}",
            blanked[0]
        );
        assert!(
            blanked[1].starts_with("t.csv:4: column `last_contact`: \"31/02/2026\""),
            "{}",
            blanked[1]
        );
    }

    #[test]
    fn duplicates_fail_unless_merged() {
        let text = "client,revenue,avg_days_late\nA,100,10\na,300,30\n";
        let err = ingest(text).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Duplicate {
                    first_line: 2,
                    line: 3,
                    ..
                }
            ),
            "{err}"
        );
        let got = merged(text);
        assert_eq!(got.clients[0].revenue, Some(dec("400")));
        // (10*100 + 30*300) / 400 = 25
        assert_eq!(got.clients[0].avg_days_late, Some(dec("25")));
        // Without revenue, each row weighs once: (10 + 10 + 40) / 3 = 20, (0.1 + 0.1 + 1) / 3 = 0.4.
        let text = "client,avg_days_late,late_invoice_ratio\nB,10,0.1\nB,10,0.1\nB,40,1\n";
        let got = merged(text);
        assert_eq!(got.clients[0].avg_days_late, Some(dec("20")));
        assert_eq!(got.clients[0].late_invoice_ratio, Some(0.4));
        // A row with revenue and no cost leaves the merged cost unknown.
        let text = "client,revenue,cost\nA,100,50\nA,100,\n";
        let got = merged(text);
        assert_eq!(
            (got.clients[0].revenue, got.clients[0].cost),
            (Some(dec("200")), None)
        );
    }

    #[test]
    fn mixed_currencies_are_an_error() {
        let err = ingest("client,revenue,currency\nA,1,USD\nB,2,eur\n").unwrap_err();
        assert!(
            matches!(err, Error::MixedCurrencies { ref first, ref other, line: 3, .. } if first == "USD" && other == "EUR"),
            "{err}"
        );
    }

    #[test]
    fn missing_columns_warn_once_and_unknown_are_listed() {
        let got = ingest("client,revenue,colour\nA,1,red\nB,2,blue\n").unwrap();
        assert_eq!(
            got.warnings
                .iter()
                .filter(|w| w.contains("`nps` is missing"))
                .count(),
            1
        );
        assert!(warned(&got, "unknown column(s) ignored: colour"));
    }

    #[test]
    fn ambiguous_separators_follow_the_delimiter_or_stop() {
        let got = ingest("client,revenue\nA,1.234\n").unwrap();
        assert_eq!(got.clients[0].revenue, Some(dec("1.234")));
        assert!(warned(&got, "--decimal-comma"));
        // `12.500` in a `;` file is twelve and a half thousand, never 12.50.
        let got = ingest("client;revenue\nA;12.500\n").unwrap();
        assert_eq!(got.clients[0].revenue, Some(dec("12500")));
        assert!(matches!(
            ingest("client\trevenue\nA\t12.500\n"),
            Err(Error::AmbiguousDecimals { .. })
        ));
        let comma = ReadOptions {
            decimal: Some(fields::DecimalStyle::Comma),
            ..Default::default()
        };
        let got = ingest_with("client,revenue\nA,1.234\n", &comma).unwrap();
        assert_eq!(got.clients[0].revenue, Some(dec("1234")));
    }

    #[test]
    fn misspelt_and_unit_suffixed_headers() {
        // `Revenue (EUR)` is revenue, in euros.
        let got = ingest("Client,Revenue (EUR),Hours (h)\nA,1200,10\n").unwrap();
        assert_eq!(got.clients[0].revenue, Some(dec("1200")));
        assert_eq!(got.clients[0].hours, Some(dec("10")));
        assert_eq!(got.currency.as_deref(), Some("EUR"));
        assert!(got
            .warnings
            .iter()
            .any(|w| w == "t.csv: amounts in EUR, from the header `Revenue (EUR)`"));
        // A misspelt margin column stops the run before any figure.
        let e = ingest("client,reveune,cost\nA,1200,600\n").unwrap_err();
        assert_eq!(e.to_string(), "t.csv: no `revenue` column, but `reveune` is close to it (rename the header to `revenue`; margins would be wrong without it)");
        // Another misspelling is named with its likely meaning.
        let got = ingest("client,revenue,nps_scor\nA,1200,7\n").unwrap();
        assert!(
            warned(&got, "nps_scor (did you mean `nps`?)"),
            "{:?}",
            got.warnings
        );
    }

    #[test]
    fn slashed_dates_are_read_in_the_order_the_file_shows_or_stop() {
        let got = ingest("client,last_contact\nA,09/01/2023\nB,13/01/2023\n").unwrap();
        assert_eq!(got.clients[0].last_contact, "2023-01-09".parse().ok());
        assert!(warned(&got, "day-first"));
        let got = ingest("client,last_contact\nA,7/27/22\n").unwrap();
        assert_eq!(got.clients[0].last_contact, "2022-07-27".parse().ok());
        match ingest("client,last_contact\nA,09/01/2023\nB,10/02/2023\n") {
            Err(Error::AmbiguousDates {
                value,
                day_first,
                month_first,
                ..
            }) => {
                assert_eq!(value, "09/01/2023");
                assert_eq!(
                    (day_first.as_str(), month_first.as_str()),
                    ("%d/%m/%Y", "%m/%d/%Y")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn header_only_and_no_client_column_are_errors() {
        assert!(matches!(
            ingest("client,revenue\n"),
            Err(Error::NoRows { .. })
        ));
        assert!(matches!(
            ingest("name,revenue\nA,1\n"),
            Err(Error::MissingColumn { .. })
        ));
    }

    #[test]
    fn negative_hours_reject_and_out_of_range_ratings_are_blanked() {
        let got = ingest("client,hours,nps,fit\nA,-3,5,3\nB,3,11,3\nC,3,5,0\n").unwrap();
        let expected: Vec<&str> = got.rejected.iter().map(|r| r.expected.as_str()).collect();
        assert_eq!(expected, ["0 or more hours"]);
        let names: Vec<&str> = got.clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
        assert_eq!((got.clients[0].nps, got.clients[1].fit.len()), (None, 0));
        assert!(warned(
            &got,
            "(expected a whole number from 0 to 10); the cell is left empty"
        ));
        assert!(warned(
            &got,
            "(expected a rating from 1 to 5); the cell is left empty"
        ));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            // Every row is used or rejected, whatever the bytes; nothing panics.
            #[test]
            fn every_row_is_used_or_rejected(body in proptest::collection::vec(
                prop_oneof![Just(b','), Just(b'\n'), Just(b'"'), Just(b';'), Just(b'-'), Just(b'.'), 0x30u8..0x3a, 0x41u8..0x5b, any::<u8>()],
                0..300,
            )) {
                let mut bytes = b"client,revenue,cost,hours,fit,nps,last_contact\n".to_vec();
                bytes.extend(body);
                if let Ok(table) = csv::read(&bytes, "p.csv") {
                    if let Ok(got) = from_table(table, &ReadOptions { merge_duplicates: true, ..Default::default() }) {
                        prop_assert_eq!(got.counts.read, got.counts.used + got.counts.rejected);
                        prop_assert!(got.clients.len() <= got.counts.used);
                    }
                }
            }

            // A file whose every date reads both day-first and month-first never
            // scores: whatever the dates, the separator and the year's width.
            #[test]
            fn dates_that_read_both_ways_never_score(
                dates in proptest::collection::vec((1u32..=12, 1u32..=12), 1..20),
                first in (1u32..=12, 1u32..=12).prop_filter("read two ways", |(a, b)| a != b),
                sep in prop_oneof![Just('/'), Just('-'), Just('.')],
                short_year in any::<bool>(),
            ) {
                let year = if short_year { "23" } else { "2023" };
                // Dotted dates with four-digit years are day-first everywhere: not ambiguous.
                prop_assume!(sep != '.' || short_year);
                let mut text = String::from("client,revenue,last_contact\n");
                for (i, (a, b)) in std::iter::once(first).chain(dates).enumerate() {
                    text.push_str(&format!("C{i},100,{a:02}{sep}{b:02}{sep}{year}\n"));
                }
                let got = ingest(&text);
                prop_assert!(matches!(got, Err(Error::AmbiguousDates { .. })), "{:?}", got.map(|g| g.counts));
            }

            // A tab-separated file whose every number reads with either separator
            // (`12.500`) never scores either.
            #[test]
            fn numbers_that_read_both_ways_never_score(
                values in proptest::collection::vec((1u32..=999, 0u32..=999), 1..20),
                comma in any::<bool>(),
            ) {
                let sep = if comma { ',' } else { '.' };
                let mut text = String::from("client\trevenue\n");
                for (i, (a, b)) in values.iter().enumerate() {
                    text.push_str(&format!("C{i}\t{a}{sep}{b:03}\n"));
                }
                let got = ingest(&text);
                prop_assert!(matches!(got, Err(Error::AmbiguousDecimals { .. })), "{:?}", got.map(|g| g.counts));
            }

            // The same clients as CSV, a JSON array and NDJSON read the same.
            #[test]
            fn csv_json_and_ndjson_read_the_same(rows in proptest::collection::vec(
                (0usize..6, 0i64..100_000_000, proptest::option::of(0i64..100_000_000), proptest::option::of(0u8..=10)),
                1..20,
            )) {
                const NAMES: [&str; 6] = ["Acme", "Kovács és Társa Kft.", "آسمان تجارت", "Őrs Bt.", "Smith, Jones & Co", "Zoë \"Z\" Ltd"];
                let mut seen = std::collections::HashSet::new();
                let rows: Vec<_> = rows.into_iter().filter(|r| seen.insert(r.0)).collect();
                let money = |cents: i64| Decimal::new(cents, 2).to_string();
                let mut csv_text = String::from("client,revenue,cost,nps\n");
                let mut objects = Vec::new();
                for (n, rev, cost, nps) in &rows {
                    let name = NAMES[*n];
                    csv_text.push_str(&format!(
                        "\"{}\",{},{},{}\n",
                        name.replace('"', "\"\""),
                        money(*rev),
                        cost.map(money).unwrap_or_default(),
                        nps.map(|v| v.to_string()).unwrap_or_default()
                    ));
                    let mut o = serde_json::Map::new();
                    o.insert("client".into(), name.into());
                    o.insert("revenue".into(), serde_json::Value::String(money(*rev)));
                    if let Some(c) = cost { o.insert("cost".into(), serde_json::Value::String(money(*c))); }
                    if let Some(v) = nps { o.insert("nps".into(), (*v).into()); }
                    objects.push(serde_json::Value::Object(o));
                }
                let array = serde_json::to_string(&objects).unwrap();
                let lines: String = objects.iter().map(|o| format!("{o}\n")).collect();
                let key = |c: &Client| (c.name.clone(), c.revenue, c.cost, c.nps);
                let read = |t: RawTable| -> Vec<_> {
                    from_table(t, &ReadOptions::default()).unwrap().clients.iter().map(key).collect()
                };
                let from_csv = read(csv::read(csv_text.as_bytes(), "c.csv").unwrap());
                let from_json = read(super::super::json::read_array(array.as_bytes(), "c.json").unwrap());
                let from_ndjson = read(super::super::json::read_lines(lines.as_bytes(), "c.ndjson").unwrap());
                prop_assert_eq!(from_csv.len(), rows.len());
                prop_assert_eq!(&from_csv, &from_json);
                prop_assert_eq!(&from_csv, &from_ndjson);
            }
        }
    }
}
