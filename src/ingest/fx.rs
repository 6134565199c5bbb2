//! Several currencies in one portfolio: exchange rates (a `date,currency,rate` CSV
//! or `[rates]` of the settings) and the conversion of each client's amounts into
//! the report currency at the rate of their date (the nearest earlier rate).
//!
//! A rate says what one unit of `currency` is worth in the report currency
//! (`2026-10-31,HUF,0.00254`: 1 HUF = 0.00254 EUR).

use crate::error::{Error, Result};
use crate::model::money::{round_money, Conversion, RATE_MAX};
use crate::model::{Client, Extra};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Exchange rates by currency, each sorted by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    by_currency: BTreeMap<String, Vec<(NaiveDate, Decimal)>>,
    /// Where they came from, for messages.
    pub source: String,
}

impl Rates {
    /// Fixed rates from `[rates]` of the settings file (valid on any date).
    pub fn fixed(rates: &BTreeMap<String, Decimal>, source: &str) -> Rates {
        Rates {
            by_currency: rates
                .iter()
                .map(|(c, r)| (c.to_uppercase(), vec![(NaiveDate::MIN, *r)]))
                .collect(),
            source: source.to_string(),
        }
    }

    /// Reads a `date,currency,rate` CSV (any column order, header required); a row
    /// that cannot be read stops the run, named by its line.
    pub fn parse_csv(text: &str, name: &str) -> Result<Rates> {
        let table = super::csv::read(text.as_bytes(), name)?;
        if let Some(r) = table.rejections.first() {
            let why = format!(
                "column `{}`: {:?} is not valid (expected {})",
                r.column, r.value, r.expected
            );
            return Err(syntax(name, r.line as usize, &why));
        }
        let headers: Vec<String> = table.headers.iter().map(|h| h.to_lowercase()).collect();
        let col = |column: &'static str| {
            headers
                .iter()
                .position(|h| h == column)
                .ok_or_else(|| Error::MissingColumn {
                    source_name: name.to_string(),
                    column,
                    found: headers.join(", "),
                })
        };
        let (d, c, r) = (col("date")?, col("currency")?, col("rate")?);
        let delimiter = super::csv::sniff_delimiter(text.as_bytes());
        let mut by: BTreeMap<String, Vec<(NaiveDate, Decimal)>> = BTreeMap::new();
        for row in &table.rows {
            let line = row.line as usize;
            let cell = |k: usize| match row.cell(k) {
                super::Cell::Text(t) => t,
                _ => "",
            };
            let bad = |column: &str, value: &str, what: &str| {
                syntax(
                    name,
                    line,
                    &format!("column `{column}`: {value:?} is not {what}"),
                )
            };
            let date =
                super::fields::parse_date(cell(d), None).map_err(|e| bad("date", cell(d), &e.0))?;
            let currency = super::fields::parse_currency(cell(c))
                .map_err(|e| bad("currency", cell(c), &e.0))?;
            // A file not separated by commas may write its rates with a decimal comma
            // (`0,0025` in a Hungarian export): there a comma without a point is the
            // decimal separator, never a thousands one (`0,925` is not 925).
            use super::fields::DecimalStyle;
            let text = cell(r);
            let style = if delimiter != b',' && text.contains(',') && !text.contains('.') {
                DecimalStyle::Comma
            } else {
                DecimalStyle::Point
            };
            let rate = super::fields::parse_decimal(text, style)
                .ok()
                .filter(|r| *r > Decimal::ZERO && *r <= RATE_MAX)
                .ok_or_else(|| {
                    let what = format!("a rate above 0 and at most 1000000000 (what one {currency} is worth in the report currency)");
                    bad("rate", text, &what)
                })?;
            by.entry(currency).or_default().push((date, rate));
        }
        for v in by.values_mut() {
            v.sort_by_key(|(d, _)| *d);
        }
        Ok(Rates {
            by_currency: by,
            source: name.to_string(),
        })
    }

    /// The rate of `currency` on `date`: the latest one on or before it.
    pub fn on(&self, currency: &str, date: NaiveDate) -> Option<(NaiveDate, Decimal)> {
        // Sorted by date: the last one on or before `date`.
        let rates = self.by_currency.get(currency)?;
        let after = rates.partition_point(|(d, _)| *d <= date);
        after.checked_sub(1).map(|i| rates[i])
    }

    fn missing(&self, currency: &str, to: &str, date: NaiveDate) -> Error {
        let later = self
            .by_currency
            .get(currency)
            .and_then(|v| v.first())
            .map(|(d, _)| format!(" (its first rate there is of {d})"))
            .unwrap_or_default();
        Error::Usage(format!(
            "no exchange rate for {currency} on or before {date} in {}{later}: add a row such as `{date},{currency},RATE` (what one {currency} is worth in {to})",
            if self.source.is_empty() { "the rates" } else { &self.source }
        ))
    }
}

/// `amount` at `rate`, to the cent; `None` when it would pass 10^15.
pub fn convert_amount(amount: Decimal, rate: Decimal) -> Option<Decimal> {
    amount
        .checked_mul(rate)
        .map(round_money)
        .filter(|v| v.abs() <= crate::model::money::MONEY_MAX)
}

fn syntax(name: &str, line: usize, message: &str) -> Error {
    Error::Syntax {
        source_name: name.to_string(),
        line,
        column: 1,
        message: message.to_string(),
    }
}

/// Converts every client in another currency into `to`, at the rate of `date`,
/// keeping each conversion in the client's extra (`extras` is filled to match
/// `clients`); a missing rate is an error naming the currency and the date.
pub fn convert(
    clients: &mut [Client],
    extras: &mut Vec<Extra>,
    rates: &Rates,
    to: &str,
    date: NaiveDate,
) -> Result<Vec<String>> {
    extras.resize_with(clients.len(), Extra::default);
    let mut used: BTreeMap<String, (Option<NaiveDate>, Decimal, usize)> = BTreeMap::new();
    for (c, extra) in clients.iter_mut().zip(extras.iter_mut()) {
        let Some(currency) = c.currency.clone().filter(|cur| cur != to) else {
            c.currency = Some(to.to_string());
            continue;
        };
        let (rate_date, rate) = rates
            .on(&currency, date)
            .ok_or_else(|| rates.missing(&currency, to, date))?;
        let fixed = rate_date == NaiveDate::MIN;
        extra.conversion = Some(Box::new(Conversion {
            currency: currency.clone(),
            rate,
            rate_date: (!fixed).then_some(rate_date),
            revenue: c.revenue,
            cost: c.cost,
        }));
        let aging = c.aging.iter_mut().flat_map(|a| {
            [
                &mut a.current,
                &mut a.d1_30,
                &mut a.d31_60,
                &mut a.d61_90,
                &mut a.d90_plus,
            ]
        });
        let amounts = [
            &mut c.revenue,
            &mut c.previous_revenue,
            &mut c.cost,
            &mut c.cost_rate,
            &mut c.bill_rate,
            &mut c.out_of_scope_value,
            &mut c.overdue,
            &mut extra.quote.quoted_rate,
            &mut extra.quote.budget,
        ];
        for a in amounts.into_iter().flatten().chain(aging) {
            let Some(b) = convert_amount(*a, rate) else {
                return Err(Error::Usage(format!(
                    "{}: an amount in {currency} passes 10^15 {to} at the rate {rate}: check the rate or the amounts",
                    c.name
                )));
            };
            *a = b;
        }
        c.currency = Some(to.to_string());
        let e = used
            .entry(currency)
            .or_insert(((!fixed).then_some(rate_date), rate, 0));
        e.2 += 1;
    }
    Ok(used
        .into_iter()
        .map(|(cur, (d, rate, n))| {
            format!(
                "{n} client(s) converted from {cur} to {to} at {rate}{}",
                d.map(|d| format!(" (rate of {d})"))
                    .unwrap_or_else(|| " (fixed rate)".into())
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn an_unreadable_record_is_named_by_its_own_line() {
        let line_of = |text: &str| match Rates::parse_csv(text, "r.csv") {
            Err(Error::Syntax { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        // A ragged record after two blank lines sits on line 5, not line 3.
        let text = "date,currency,rate\n2026-10-01,HUF,0.0025\n\n\n2026-10-02,HUF\n";
        assert_eq!(line_of(text), 5);
        assert_eq!(line_of("date,currency,rate\n2026-10-01,HUF\n"), 2);
        // And a bad value still names its line, blank lines included.
        assert_eq!(line_of("date,currency,rate\n\n2026-13-01,HUF,1\n"), 3);
    }

    #[test]
    fn the_nearest_earlier_rate_applies() {
        let r = Rates::parse_csv(
            "date,currency,rate\n2026-10-01,HUF,0.00250\n2026-10-31,HUF,0.00254\n2026-11-15,HUF,0.00260\n",
            "r.csv",
        )
        .unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            r.on("HUF", d("2026-10-31")),
            Some((d("2026-10-31"), dec("0.00254")))
        );
        assert_eq!(
            r.on("HUF", d("2026-11-10")),
            Some((d("2026-10-31"), dec("0.00254")))
        );
        assert_eq!(r.on("HUF", d("2026-09-30")), None);
        assert_eq!(r.on("USD", d("2026-10-31")), None);
        let e = r.missing("HUF", "EUR", d("2026-09-30")).to_string();
        assert!(e.contains("no exchange rate for HUF on or before 2026-09-30 in r.csv (its first rate there is of 2026-10-01)"), "{e}");
        let e = Rates::parse_csv("date,currency,rate\n2026-10-01,HUF,-1\n", "r.csv").unwrap_err();
        assert!(e.to_string().contains("r.csv:2:1: column `rate`"), "{e}");
    }
}
