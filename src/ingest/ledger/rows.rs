//! One CSV record -> one typed ledger record, or the reason it was rejected.

use super::ctx::{Ctx, Interner, PersonRates};
use crate::ingest::columns::{con, int, inv, time};
use crate::ingest::csv::Fields;
use crate::ingest::fields;
use crate::model::client::clean_name;
use crate::model::records::{Contract, Interaction, InteractionKind, Invoice, TimeEntry};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Why a row was rejected: the column (position in the row) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Position of the offending cell, if one cell is to blame.
    pub column: Option<usize>,
    /// What would have been accepted.
    pub expected: String,
    /// The row cannot be left out without a wrong report (a missing exchange rate
    /// would silently shrink revenue): the run stops on it.
    pub fatal: bool,
    /// Not a bad row: it is dated after the report date, outside any period.
    pub outside: bool,
}

impl RowError {
    /// A rejection of the cell at `column`.
    #[cold]
    pub fn new(column: Option<usize>, expected: impl Into<String>) -> RowError {
        RowError {
            column,
            expected: expected.into(),
            fatal: false,
            outside: false,
        }
    }

    /// A row dated after the report date: counted as outside the period.
    #[cold]
    pub fn outside() -> RowError {
        RowError {
            outside: true,
            ..RowError::new(None, "")
        }
    }

    /// A missing exchange rate for `code` on `day`, named in `source`: fatal.
    pub fn missing_rate(
        column: Option<usize>,
        code: &str,
        day: NaiveDate,
        source: &str,
    ) -> RowError {
        RowError {
            column,
            expected: format!(
                "an exchange rate for {code} on or before {day} (none in {source}: add a row `{day},{code},RATE`)"
            ),
            fatal: true,
            outside: false,
        }
    }
}

type Row<T> = Result<T, RowError>;

use crate::model::money::MONEY_MAX;
/// Hours in one time entry.
const DAY_HOURS: Decimal = Decimal::from_parts(24, 0, 0, false, 0);

/// The bytes of schema column `field`, trimmed; `None` when the column is absent or the cell empty.
#[inline(always)]
fn raw<'r>(ctx: &Ctx<'_>, rec: &Fields<'r>, field: usize) -> Option<&'r [u8]> {
    let bytes = rec.get(ctx.col(field)?)?;
    // Most cells have no space around them: two byte checks spare the trimming call.
    let bytes = match (bytes.first(), bytes.last()) {
        (Some(a), Some(z)) if !a.is_ascii_whitespace() && !z.is_ascii_whitespace() => bytes,
        _ => bytes.trim_ascii(),
    };
    (!bytes.is_empty()).then_some(bytes)
}

/// The text of schema column `field`, trimmed; `None` when the column is absent or the cell empty.
#[inline]
fn cell<'r>(ctx: &Ctx<'_>, rec: &Fields<'r>, field: usize) -> Row<Option<&'r str>> {
    let Some(bytes) = raw(ctx, rec, field) else {
        return Ok(None);
    };
    let text = std::str::from_utf8(bytes).map_err(|_| {
        RowError::new(
            ctx.col(field),
            "UTF-8 text (pass --encoding, e.g. windows-1250, or save the export as UTF-8)",
        )
    })?;
    // `raw` took off ASCII spaces: only a non-ASCII end can be a Unicode space (NBSP).
    let text = match (bytes.first(), bytes.last()) {
        (Some(a), Some(z)) if a.is_ascii() && z.is_ascii() => text,
        _ => text.trim(),
    };
    Ok((!text.is_empty()).then_some(text))
}

/// Numbers and dates are parsed from bytes; only an unusual one is checked as UTF-8 text.
fn as_text<'r>(ctx: &Ctx<'_>, field: usize, bytes: &'r [u8]) -> Row<&'r str> {
    std::str::from_utf8(bytes).map_err(|_| {
        RowError::new(
            ctx.col(field),
            "UTF-8 text (pass --encoding, e.g. windows-1250, or save the export as UTF-8)",
        )
    })
}

#[inline(always)]
fn required_raw<'r>(ctx: &Ctx<'_>, rec: &Fields<'r>, field: usize, what: &str) -> Row<&'r [u8]> {
    raw(ctx, rec, field).ok_or_else(|| RowError::new(ctx.col(field), what))
}

fn required<'r>(ctx: &Ctx<'_>, rec: &Fields<'r>, field: usize, what: &str) -> Row<&'r str> {
    cell(ctx, rec, field)?.ok_or_else(|| RowError::new(ctx.col(field), what))
}

#[inline(always)]
fn decimal(ctx: &Ctx<'_>, field: usize, bytes: &[u8], money: bool) -> Row<Decimal> {
    match plain_decimal(ctx, bytes) {
        Some(d) => Ok(d),
        None => decimal_slow(ctx, field, bytes, money),
    }
}

/// Plain digits within the cap, or `None` for the general parser to judge.
#[inline(always)]
fn plain_decimal(ctx: &Ctx<'_>, bytes: &[u8]) -> Option<Decimal> {
    // Sixteen digits before the point pass the plain parser; the cap needs no rescale.
    fields::plain_bytes(bytes, ctx.style)
        .filter(|d| d.mantissa().unsigned_abs() <= MONEY_MAX.mantissa().unsigned_abs())
}

/// [`decimal`] for anything but plain digits: symbols, groups, signs, errors.
#[cold]
#[inline(never)]
fn decimal_slow(ctx: &Ctx<'_>, field: usize, bytes: &[u8], money: bool) -> Row<Decimal> {
    let text = as_text(ctx, field, bytes)?;
    let parsed = if money {
        fields::parse_money(text, ctx.style)
    } else {
        fields::parse_decimal(text, ctx.style)
    };
    let d = parsed.map_err(|e| RowError::new(ctx.col(field), e.0))?;
    if d.mantissa().unsigned_abs() > MONEY_MAX.mantissa().unsigned_abs() && d.abs() > MONEY_MAX {
        return Err(RowError::new(ctx.col(field), "an amount of at most 10^15"));
    }
    Ok(d)
}

#[inline(always)]
fn non_negative(ctx: &Ctx<'_>, field: usize, bytes: &[u8], what: &str) -> Row<Decimal> {
    let d = decimal(ctx, field, bytes, true)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(RowError::new(ctx.col(field), what));
    }
    Ok(d)
}

fn date(ctx: &Ctx<'_>, field: usize, bytes: &[u8]) -> Row<NaiveDate> {
    let text = as_text(ctx, field, bytes)?;
    fields::parse_date(text, ctx.date_format).map_err(|e| RowError::new(ctx.col(field), e.0))
}

/// A date cell through the worker's cache of date texts.
#[inline]
fn cached_date(ctx: &Ctx<'_>, field: usize, bytes: &[u8], names: &mut Interner) -> Row<NaiveDate> {
    names.date(bytes, || date(ctx, field, bytes))
}

/// The date of a dated event (a required cell): it cannot lie after the report date.
fn past_date(
    ctx: &Ctx<'_>,
    rec: &Fields<'_>,
    field: usize,
    names: &mut Interner,
) -> Row<NaiveDate> {
    let bytes = required_raw(ctx, rec, field, "a date")?;
    let d = cached_date(ctx, field, bytes, names)?;
    if d > ctx.as_of {
        return Err(RowError::outside());
    }
    Ok(d)
}

/// `true`/`false` in the spellings exports use, English, Hungarian and Persian.
pub fn parse_bool(text: &str) -> Option<bool> {
    const YES: &[&str] = &[
        "true", "t", "yes", "y", "1", "x", "igen", "i", "بله", "آری", "billable",
    ];
    const NO: &[&str] = &[
        "false",
        "f",
        "no",
        "n",
        "0",
        "nem",
        "خیر",
        "نه",
        "non-billable",
        "nonbillable",
    ];
    let t = text.trim();
    let matches = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(t));
    if matches(YES) {
        Some(true)
    } else if matches(NO) {
        Some(false)
    } else {
        None
    }
}

const BOOL_EXPECTED: &str = "true or false (also yes/no, 1/0, igen/nem, بله/خیر)";

/// `true`/`false` from bytes: the common spellings without a UTF-8 check.
#[inline(always)]
fn bool_bytes(ctx: &Ctx<'_>, field: usize, bytes: &[u8]) -> Row<bool> {
    match bytes {
        b"true" | b"TRUE" | b"True" | b"yes" | b"1" => Ok(true),
        b"false" | b"FALSE" | b"False" | b"no" | b"0" => Ok(false),
        _ => parse_bool(as_text(ctx, field, bytes)?)
            .ok_or_else(|| RowError::new(ctx.col(field), BOOL_EXPECTED)),
    }
}

#[inline(always)]
fn flag(ctx: &Ctx<'_>, rec: &Fields<'_>, field: usize, default: bool) -> Row<bool> {
    match raw(ctx, rec, field) {
        None => Ok(default),
        Some(b) => bool_bytes(ctx, field, b),
    }
}

/// A rate cell. An empty cost rate rejects the row (its cost would be missing from
/// the total); an empty bill rate is normal on internal, non-billable time.
#[inline(always)]
fn rate(ctx: &Ctx<'_>, rec: &Fields<'_>, field: usize, required: bool) -> Row<Option<Decimal>> {
    if ctx.col(field).is_none() {
        return Ok(None);
    }
    let t = match raw(ctx, rec, field) {
        Some(t) => t,
        None if required => {
            return Err(RowError::new(
                ctx.col(field),
                "an hourly rate such as 45.00",
            ))
        }
        None => return Ok(None),
    };
    non_negative(ctx, field, t, "an hourly rate of 0 or more").map(Some)
}

/// The client cell, interned: `(id, name)`.
#[inline(always)]
fn client<'i>(
    ctx: &Ctx<'_>,
    rec: &Fields<'_>,
    field: usize,
    names: &'i mut Interner,
) -> Row<(u32, &'i str)> {
    let id = client_id(ctx, rec, field, names)?;
    Ok((id, names.client_name(id)))
}

/// The client cell's id (see [`client`]).
#[inline(always)]
fn client_id(ctx: &Ctx<'_>, rec: &Fields<'_>, field: usize, names: &mut Interner) -> Row<u32> {
    let Some(bytes) = raw(ctx, rec, field) else {
        if ctx.col(field).is_none() {
            return Err(RowError::new(None, "a client name"));
        }
        names.unnamed += 1;
        return Ok(names
            .client_id(super::ctx::NO_CLIENT.as_bytes())
            .expect("the placeholder is UTF-8 and not blank"));
    };
    names
        .client_id(bytes)
        .ok_or_else(|| RowError::new(ctx.col(field), "a client name in UTF-8 text"))
}

/// `0 <= hours <= 24`, compared on the mantissa (a `Decimal` comparison rescales).
#[inline]
fn within_a_day(hours: Decimal) -> bool {
    if hours.is_sign_negative() && !hours.is_zero() {
        return false;
    }
    // 24 x 10^scale from a table (an i128 power is a loop).
    const DAY: [i128; 19] = {
        let mut t = [24i128; 19];
        let mut i = 1;
        while i < 19 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    match DAY.get(hours.scale() as usize) {
        Some(&limit) => hours.mantissa() <= limit,
        None => hours <= DAY_HOURS,
    }
}

/// Parses a time entry.
#[inline]
pub fn time_entry<'r, 'i: 'r>(
    ctx: &Ctx<'_>,
    rec: &Fields<'r>,
    names: &'i mut Interner,
    people: &mut PersonRates,
) -> Row<TimeEntry<'r>> {
    let d = past_date(ctx, rec, time::DATE, names)?;
    let client_id = client_id(ctx, rec, time::CLIENT, names)?;
    let h = required_raw(ctx, rec, time::HOURS, "hours such as 1.5 or 1:30")?;
    // Most files write hours as plain numbers: anything else is looked at for a colon
    // (a duration) before the general number parser.
    let seconds = ctx.header.profile.is_some_and(|p| p.seconds_and_totals);
    let hours = match plain_decimal(ctx, h) {
        Some(s) if seconds => s / Decimal::from(3600),
        Some(d) => d,
        None if h.contains(&b':') => duration_hours(h).ok_or_else(|| {
            RowError::new(
                ctx.col(time::HOURS),
                "a duration as h:mm or h:mm:ss (minutes and seconds below 60)",
            )
        })?,
        None => decimal_slow(ctx, time::HOURS, h, false)?,
    };
    if !within_a_day(hours) {
        return Err(RowError::new(
            ctx.col(time::HOURS),
            "hours from 0 to 24 in one entry",
        ));
    }
    // Each rate with the column it came from; `None` for `[people]` and
    // `--default-cost-rate`, which are in the report currency already.
    let cost = match rate(ctx, rec, time::COST_RATE, true)? {
        Some(r) => (Some(r), Some(time::COST_RATE)),
        None => cost_elsewhere(ctx, rec, hours, people)?,
    };
    let bill = match rate(ctx, rec, time::BILL_RATE, false)? {
        Some(r) => (Some(r), Some(time::BILL_RATE)),
        None => (
            per_hour(ctx, rec, time::BILL_AMOUNT, hours)?,
            Some(time::BILL_AMOUNT),
        ),
    };
    // The row's rates in another currency: at the rate of the entry's day. Only read
    // when exchange rates are given, so the usual file pays nothing for it.
    let (cost_rate, bill_rate) = if ctx.rates.is_some() {
        let fx = exchange_rate(ctx, rec, time::CURRENCY, d)?;
        (
            at_rate(ctx, cost, fx, "a rate")?,
            at_rate(ctx, bill, fx, "a rate")?,
        )
    } else {
        (cost.0, bill.0)
    };
    // Only the period's entries count hours by person.
    let person = match ctx.period.is_none_or(|p| p.contains(d)) {
        true => names.person_id(
            raw(ctx, rec, time::PERSON),
            raw(ctx, rec, time::PERSON_LAST),
        ),
        false => None,
    };
    let names: &'i Interner = names;
    Ok(TimeEntry {
        date: d,
        client_id,
        client: names.client_name(client_id),
        hours,
        cost_rate,
        bill_rate,
        billable: match raw(ctx, rec, time::BILLABLE) {
            // Kimai writes `1` or nothing.
            None if ctx.header.profile.is_some_and(|p| p.blank_is_unbillable) => false,
            None if ctx.col(time::BILLABLE).is_some() => {
                return Err(RowError::new(ctx.col(time::BILLABLE), BOOL_EXPECTED))
            }
            None => true,
            Some(b) => bool_bytes(ctx, time::BILLABLE, b)?,
        },
        person: person.map(|id| (id, names.person_name(id))),
        in_scope: match ctx.col(time::IN_SCOPE) {
            Some(_) => Some(flag(ctx, rec, time::IN_SCOPE, true)?),
            None => None,
        },
    })
}

/// `1:30` or `01:30:00` as hours (1.5); `None` for anything else.
#[cold]
#[inline(never)]
fn duration_hours(b: &[u8]) -> Option<Decimal> {
    let mut parts = b.split(|&c| c == b':');
    let num = |p: &[u8]| -> Option<u32> {
        (!p.is_empty() && p.len() <= 6 && p.iter().all(u8::is_ascii_digit))
            .then(|| p.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')))
    };
    let h = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let s = match parts.next() {
        Some(p) => num(p)?,
        None => 0,
    };
    if parts.next().is_some() || m >= 60 || s >= 60 {
        return None;
    }
    let seconds = Decimal::from(h * 3600 + m * 60 + s);
    // Full precision (28 digits): the sums round once, to 8 decimals.
    Some((seconds / Decimal::from(3600)).normalize())
}

/// The cost rate of an entry whose file has no `cost_rate` column: from its cost
/// amount (with that column), else `[people]`, else `--default-cost-rate` (with
/// none: they are not the row's). Kept out of the hot path.
#[cold]
#[inline(never)]
fn cost_elsewhere(
    ctx: &Ctx<'_>,
    rec: &Fields<'_>,
    hours: Decimal,
    people: &mut PersonRates,
) -> Row<(Option<Decimal>, Option<usize>)> {
    if let Some(r) = per_hour(ctx, rec, time::COST_AMOUNT, hours)? {
        return Ok((Some(r), Some(time::COST_AMOUNT)));
    }
    let settings = ctx.cost_rates.and_then(|c| {
        people.get(
            c,
            raw(ctx, rec, time::PERSON),
            raw(ctx, rec, time::PERSON_LAST),
        )
    });
    Ok((settings, None))
}

/// An hourly rate from an amount for the entry (`Billable Amount`, Kimai's `Rate`):
/// amount ÷ hours; `None` without the column, an empty cell, or zero hours.
#[inline(never)]
fn per_hour(ctx: &Ctx<'_>, rec: &Fields<'_>, field: usize, hours: Decimal) -> Row<Option<Decimal>> {
    let Some(t) = raw(ctx, rec, field) else {
        return Ok(None);
    };
    let amount = non_negative(ctx, field, t, "an amount of 0 or more")?;
    if hours.is_zero() {
        return Ok(None);
    }
    // A few cents over a sliver of an hour would be an absurd rate, or past Decimal.
    amount
        .checked_div(hours)
        .filter(|r| *r <= MONEY_MAX)
        .map(Some)
        .ok_or_else(|| {
            RowError::new(
                ctx.col(field),
                "an amount that gives an hourly rate of at most 10^15 for the entry's hours",
            )
        })
}

/// An amount read from the row's `field` at the row's exchange `rate`; refused (as
/// `what`) in that column when it would pass 10^15 once converted. An amount from
/// the settings (no field) is in the report currency and stays as it is.
fn at_rate(
    ctx: &Ctx<'_>,
    (v, field): (Option<Decimal>, Option<usize>),
    rate: Decimal,
    what: &str,
) -> Row<Option<Decimal>> {
    match (v, field) {
        (Some(a), Some(field)) if rate != Decimal::ONE => {
            crate::ingest::fx::convert_amount(a, rate)
                .map(Some)
                .ok_or_else(|| {
                    RowError::new(
                        ctx.col(field),
                        format!("{what} within 10^15 once converted at {rate}"),
                    )
                })
        }
        (v, _) => Ok(v),
    }
}

/// Statuses of rows that are not (or no longer) an amount owed: drafts, unsent
/// documents, void and deleted invoices.
fn is_not_an_invoice(status: &str) -> bool {
    const NOT: &[&str] = &[
        "draft",
        "unsent",
        "void",
        "voided",
        "deleted",
        "cancelled",
        "canceled",
    ];
    NOT.iter().any(|s| status.eq_ignore_ascii_case(s))
}

/// Parses an invoice and checks its dates against each other.
pub fn invoice<'r, 'i: 'r>(
    ctx: &Ctx<'_>,
    rec: &Fields<'r>,
    names: &'i mut Interner,
) -> Row<Invoice<'r>> {
    // A draft was never sent and a void invoice was cancelled: neither is owed.
    let status = cell(ctx, rec, inv::STATUS)?;
    if status.is_some_and(is_not_an_invoice) {
        return Err(RowError::outside());
    }
    let number = required(ctx, rec, inv::INVOICE, "an invoice number")?;
    // The dates come before the client: its name borrows the interner, whose date
    // cache they use. (A client cell is still checked before the amount.)
    let issued = past_date(ctx, rec, inv::ISSUED, names)?;
    let due = raw(ctx, rec, inv::DUE)
        .map(|t| cached_date(ctx, inv::DUE, t, names))
        .transpose()?;
    if due.is_some_and(|d| d < issued) {
        return Err(RowError::new(
            ctx.col(inv::DUE),
            format!("a due date on or after the issue date {issued}"),
        ));
    }
    let paid = raw(ctx, rec, inv::PAID)
        .map(|t| cached_date(ctx, inv::PAID, t, names))
        .transpose()?;
    if paid.is_some_and(|d| d < issued) {
        return Err(RowError::new(
            ctx.col(inv::PAID),
            format!("a payment date on or after the issue date {issued}"),
        ));
    }
    let (client_id, client) = client(ctx, rec, inv::CLIENT, names)?;
    let amount = match ctx.col(inv::AMOUNT) {
        Some(_) => decimal(
            ctx,
            inv::AMOUNT,
            required_raw(ctx, rec, inv::AMOUNT, "an amount")?,
            true,
        )?,
        // A line without an amount: quantity times unit price.
        None => {
            let q = required_raw(ctx, rec, inv::QUANTITY, "a quantity")?;
            let p = required_raw(ctx, rec, inv::UNIT_PRICE, "a unit price")?;
            let (q, p) = (
                decimal(ctx, inv::QUANTITY, q, false)?,
                decimal(ctx, inv::UNIT_PRICE, p, true)?,
            );
            (q * p).round_dp(2)
        }
    };
    let paid_amount = match raw(ctx, rec, inv::PAID_AMOUNT) {
        Some(t) => Some(decimal(ctx, inv::PAID_AMOUNT, t, true)?),
        // What is still owed says what was paid.
        None => match raw(ctx, rec, inv::BALANCE) {
            Some(t) => Some(amount - decimal(ctx, inv::BALANCE, t, true)?),
            // A `Paid` status without a payment date (Invoicely): paid, on a day
            // the file does not say.
            None if paid.is_none() && status.is_some_and(|s| s.eq_ignore_ascii_case("paid")) => {
                Some(amount)
            }
            None => None,
        },
    };
    if let Some(p) = paid_amount {
        let within = if amount.is_sign_negative() {
            p <= Decimal::ZERO && p >= amount
        } else {
            p >= Decimal::ZERO && p <= amount
        };
        if !within {
            return Err(RowError::new(
                ctx.col(inv::PAID_AMOUNT),
                format!("a paid amount between 0 and the invoice amount {amount}"),
            ));
        }
    }
    let currency = cell(ctx, rec, inv::CURRENCY)?;
    if let Some(c) = currency {
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(RowError::new(
                ctx.col(inv::CURRENCY),
                fields::CURRENCY_EXPECTED,
            ));
        }
    }
    Ok(Invoice {
        invoice: number,
        client_id,
        client,
        issued,
        due,
        paid,
        amount,
        paid_amount,
        currency,
        original: None,
        further_line: false,
    })
}

/// Parses a contract.
pub fn contract(ctx: &Ctx<'_>, rec: &Fields<'_>) -> Row<Contract> {
    let client = clean_name(required(ctx, rec, con::CLIENT, "a client name")?);
    let start = date(
        ctx,
        con::START,
        required_raw(ctx, rec, con::START, "a start date")?,
    )?;
    let end = raw(ctx, rec, con::END)
        .map(|t| date(ctx, con::END, t))
        .transpose()?;
    if end.is_some_and(|e| e < start) {
        return Err(RowError::new(
            ctx.col(con::END),
            format!("an end date on or after the start {start}"),
        ));
    }
    let amount = |field: usize, what: &str| -> Row<Option<Decimal>> {
        raw(ctx, rec, field)
            .map(|t| non_negative(ctx, field, t, what))
            .transpose()
    };
    let hours_per_month = amount(con::HOURS_PER_MONTH, "hours per month of 0 or more")?;
    if hours_per_month.is_some_and(|h| h > Decimal::from(744)) {
        return Err(RowError::new(
            ctx.col(con::HOURS_PER_MONTH),
            "hours per month from 0 to 744",
        ));
    }
    let notice_days = cell(ctx, rec, con::NOTICE_DAYS)?
        .map(|t| {
            fields::parse_count(t)
                .ok()
                .filter(|&n| n <= crate::ingest::summary::MAX_NOTICE_DAYS)
                .ok_or_else(|| {
                    RowError::new(ctx.col(con::NOTICE_DAYS), "whole days from 0 to 3650")
                })
        })
        .transpose()?;
    // A fee in another currency: at the rate of the contract's start.
    let rate = exchange_rate(ctx, rec, con::CURRENCY, start)?;
    let fee =
        |field, what, converted| at_rate(ctx, (amount(field, what)?, Some(field)), rate, converted);
    Ok(Contract {
        client,
        start,
        end,
        hours_per_month,
        monthly_fee: fee(
            con::MONTHLY_FEE,
            "a monthly fee of 0 or more",
            "a monthly fee",
        )?,
        hourly_rate: fee(
            con::HOURLY_RATE,
            "an hourly rate of 0 or more",
            "an hourly rate",
        )?,
        notice_days,
    })
}

/// What one unit of the row's currency is worth in the report currency on `day`:
/// 1 without exchange rates, without a currency cell, or in the report currency.
fn exchange_rate(ctx: &Ctx<'_>, rec: &Fields<'_>, field: usize, day: NaiveDate) -> Row<Decimal> {
    let Some((rates, to)) = ctx.rates else {
        return Ok(Decimal::ONE);
    };
    let Some(text) = cell(ctx, rec, field)? else {
        return Ok(Decimal::ONE);
    };
    let code = fields::parse_currency(text).map_err(|e| RowError::new(ctx.col(field), e.0))?;
    if code == *to {
        return Ok(Decimal::ONE);
    }
    rates
        .on(&code, day)
        .map(|(_, r)| r)
        .ok_or_else(|| RowError::missing_rate(ctx.col(field), &code, day, &rates.source))
}

const KIND_EXPECTED: &str = "contact, complaint, request, cancellation or nps";

/// Reads an interaction kind, with the synonyms CRMs use.
pub fn parse_kind(text: &str) -> Option<InteractionKind> {
    let t = text.trim().to_lowercase();
    Some(match t.as_str() {
        "contact" | "call" | "meeting" | "email" | "e-mail" | "mail" | "kapcsolat" | "hívás"
        | "تماس" => InteractionKind::Contact,
        "complaint" | "panasz" | "شکایت" => InteractionKind::Complaint,
        "request" | "out_of_scope_request" | "change_request" | "kérés" | "درخواست" => {
            InteractionKind::Request
        }
        "cancellation" | "cancel" | "churn" | "notice" | "felmondás" | "لغو" => {
            InteractionKind::Cancellation
        }
        "nps" => InteractionKind::Nps,
        _ => return None,
    })
}

/// Parses an interaction; `nps` rows need a value from 0 to 10.
pub fn interaction<'r, 'i: 'r>(
    ctx: &Ctx<'_>,
    rec: &Fields<'r>,
    names: &'i mut Interner,
) -> Row<Interaction<'r>> {
    let d = past_date(ctx, rec, int::DATE, names)?;
    let (client_id, client) = client(ctx, rec, int::CLIENT, names)?;
    let kind = parse_kind(required(ctx, rec, int::KIND, KIND_EXPECTED)?)
        .ok_or_else(|| RowError::new(ctx.col(int::KIND), KIND_EXPECTED))?;
    let nps = if kind == InteractionKind::Nps {
        let expected = "an NPS answer from 0 to 10";
        let t = cell(ctx, rec, int::VALUE)?
            .ok_or_else(|| RowError::new(ctx.col(int::VALUE).or(ctx.col(int::KIND)), expected))?;
        let v = fields::parse_count(t)
            .ok()
            .filter(|&v| v <= 10)
            .ok_or_else(|| RowError::new(ctx.col(int::VALUE), expected))?;
        Some(v as u8)
    } else {
        None
    };
    // Only a cancellation's text is ever read: other notes may be long and are not used.
    let reason = if kind == InteractionKind::Cancellation {
        match cell(ctx, rec, int::REASON)? {
            Some(r) => Some(r),
            None => cell(ctx, rec, int::NOTE)?,
        }
    } else {
        None
    };
    Ok(Interaction {
        date: d,
        client_id,
        client,
        kind,
        nps,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn a_day_holds_up_to_24_hours_at_any_scale() {
        for ok in ["0", "-0.00", "24", "24.00", "23.999999999999999999", "0.25"] {
            assert!(within_a_day(dec(ok)), "{ok}");
        }
        for bad in [
            "24.01",
            "-0.25",
            "25",
            "24.000000000000000001",
            "24.0000000000000000001",
        ] {
            assert!(!within_a_day(dec(bad)), "{bad}");
        }
    }

    #[test]
    fn the_date_cache_answers_only_for_the_same_text() {
        let mut names = Interner::default();
        let mut calls = 0;
        // Every day of two years, twice: the second round comes from the cache.
        let days: Vec<String> = (0..730)
            .map(|i| {
                (NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i)).to_string()
            })
            .collect();
        for round in 0..2 {
            for t in &days {
                let d = names.date(t.as_bytes(), || {
                    calls += 1;
                    t.parse::<NaiveDate>().map_err(|_| ())
                });
                assert_eq!(d.unwrap().to_string(), *t, "round {round}");
            }
        }
        // 730 distinct texts in 1024 slots: collisions re-parse, nothing comes back wrong.
        assert!((730..1460).contains(&calls), "{calls}");
        assert!(names
            .date(b"2026-1-5", || Err::<NaiveDate, ()>(()))
            .is_err());
        assert!(names
            .date(b"2026-13-01", || Err::<NaiveDate, ()>(()))
            .is_err());
    }
}
