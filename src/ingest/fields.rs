//! Cell parsers: money, decimals, counts, ratings, ratios and dates, each with an
//! "expected …" message for the rejection it produces.
//!
//! Local exports are the normal case: `1 234,50`, `1.234,50 Ft`, `$1,234.50`,
//! Persian digits `۱۲۳۴٫۵`, accounting negatives `(120.00)`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// Which character separates the integer and fraction parts of numbers in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalStyle {
    /// `1,234.50`
    Point,
    /// `1.234,50` or `1 234,50`
    Comma,
}

/// What one cell says about the file's decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// No separator: `1234`.
    None,
    /// Only a decimal point reading makes sense: `1234.5`, `1,234.50`.
    Point,
    /// Only a decimal comma reading makes sense: `12,5`, `1.234,50`.
    Comma,
    /// Either reading makes sense: `1,234` or `1.234`.
    Ambiguous,
}

/// The one decimal-separator detector, for summary and ledger files alike: what the
/// numeric cells of a file (all of them, or the first rows of a streamed ledger)
/// say, and the style and warnings that follow from it. One cell with only a
/// decimal-point reading settles it; without one, a cell with only a decimal-comma
/// reading makes it a comma; when every separator could be either, it is a point,
/// and a warning says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleEvidence {
    point: usize,
    comma: usize,
    ambiguous: usize,
    /// The first ambiguous value and its column.
    first_ambiguous: Option<(String, String)>,
}

impl StyleEvidence {
    /// Adds a numeric cell of `column`.
    pub fn add(&mut self, cell: &str, column: &str) {
        match evidence(cell.trim()) {
            Evidence::Point => self.point += 1,
            Evidence::Comma => self.comma += 1,
            Evidence::Ambiguous => {
                self.ambiguous += 1;
                self.first_ambiguous
                    .get_or_insert_with(|| (cell.trim().to_string(), column.to_string()));
            }
            Evidence::None => {}
        }
    }

    /// Whether the style is settled (a cell read only with a decimal point).
    pub fn settled(&self) -> bool {
        self.point > 0
    }

    /// The style to read `file` with, and what to say about it. `forced`
    /// (`--decimal-comma`, `--decimal-point`) wins. Else one cell that only a
    /// decimal point reads settles it; without one, a cell that only a decimal
    /// comma reads makes it a comma. When every separator reads both ways
    /// (`12.500`), the file's own field separator decides where it can: a
    /// `;`-separated file comes from a locale that writes `12,50`, a
    /// `,`-separated one from a locale that writes `12.50`; any other file stops
    /// the run, for a number is never read on a guess.
    pub fn decide(
        &self,
        file: &str,
        delimiter: Option<u8>,
        forced: Option<DecimalStyle>,
    ) -> crate::error::Result<(DecimalStyle, Option<String>)> {
        if let Some(style) = forced {
            return Ok((style, None));
        }
        if self.point > 0 {
            return Ok((DecimalStyle::Point, None));
        }
        if self.comma > 0 {
            let note =
                format!("{file}: numbers read with a decimal comma (detected from the numbers)");
            return Ok((DecimalStyle::Comma, Some(note)));
        }
        let Some((value, column)) = &self.first_ambiguous else {
            return Ok((DecimalStyle::Point, None));
        };
        let (style, writes) = match delimiter {
            Some(b';') => (DecimalStyle::Comma, "12,50"),
            Some(b',') => (DecimalStyle::Point, "12.50"),
            _ => {
                let read = |style| {
                    split_number(value, false)
                        .and_then(|(neg, core)| parse_core(&core, neg, style, false))
                        .map_or_else(
                            |_| "not a number".to_string(),
                            |d| d.normalize().to_string(),
                        )
                };
                return Err(crate::error::Error::AmbiguousDecimals {
                    source_name: file.to_string(),
                    value: value.clone(),
                    column: column.clone(),
                    point: read(DecimalStyle::Point),
                    comma: read(DecimalStyle::Comma),
                });
            }
        };
        let sep = char::from(delimiter.unwrap_or(b','));
        let name = if style == DecimalStyle::Comma {
            "comma"
        } else {
            "point"
        };
        Ok((
            style,
            Some(format!(
                "{file}: {} number(s) such as \"{value}\" in `{column}` read with either decimal separator; read with a decimal {name}, as `{sep}`-separated files are written where numbers look like {writes} (pass --decimal-point or --decimal-comma if that is wrong)",
                self.ambiguous
            )),
        ))
    }
}

/// Which comes first in a file's numeric dates (`09/01/2023`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `15/01/2023`: most of the world.
    DayFirst,
    /// `01/15/2023`: the United States.
    MonthFirst,
}

/// The one date-order detector, for summary and ledger files alike: what the date
/// cells of a file say about the order of day and month. A cell with a first
/// number above 12 is day-first, one with a second number above 12 month-first;
/// `09/01/2023` reads both ways and settles nothing. Dates with dots and a
/// four-digit year (`26.01.2015`) are day-first wherever they are written, and
/// ISO dates need no order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateEvidence {
    day_first: usize,
    month_first: usize,
    /// The first cell that reads both ways, and its column.
    first_ambiguous: Option<(String, String)>,
    /// The separator of the first numeric date.
    separator: Option<char>,
}

/// Dates of a file that read both ways, and nothing in the file tells which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousDates {
    /// The first such cell, as written.
    pub value: String,
    /// Its column.
    pub column: String,
    /// The format for each reading, day-first then month-first.
    pub formats: [String; 2],
}

impl DateEvidence {
    /// Adds a date cell of `column`.
    pub fn add(&mut self, cell: &str, column: &str) {
        let text = normalize_digits(cell.trim());
        let Some((first, second, sep, long_year)) = numeric_date(date_part(&text)) else {
            return;
        };
        if sep == '.' && long_year {
            return;
        }
        self.separator.get_or_insert(sep);
        match (first > 12, second > 12) {
            (true, false) => self.day_first += 1,
            (false, true) => self.month_first += 1,
            // The same day either way (05/05), or no date either way (13/13).
            _ if first == second || first > 12 => {}
            _ => {
                self.first_ambiguous
                    .get_or_insert_with(|| (cell.trim().to_string(), column.to_string()));
            }
        }
    }

    /// The order the cells call for: `None` when no cell needs one; the order of
    /// more cells when a file has both (the others are then rejected, one by one).
    pub fn order(&self) -> Result<Option<DateOrder>, AmbiguousDates> {
        if self.day_first + self.month_first > 0 {
            return Ok(Some(if self.day_first >= self.month_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            }));
        }
        match &self.first_ambiguous {
            Some((value, column)) => Err(AmbiguousDates {
                value: value.clone(),
                column: column.clone(),
                formats: [DateOrder::DayFirst, DateOrder::MonthFirst].map(|o| self.format(o)),
            }),
            None => Ok(None),
        }
    }

    /// The chrono format of `order` with this file's separator.
    pub fn format(&self, order: DateOrder) -> String {
        let sep = self.separator.unwrap_or('/');
        match order {
            DateOrder::DayFirst => format!("%d{sep}%m{sep}%Y"),
            DateOrder::MonthFirst => format!("%m{sep}%d{sep}%Y"),
        }
    }

    /// What was detected, said once for `file`.
    pub fn note(&self, file: &str) -> Option<String> {
        let order = self.order().ok()??;
        let (n, which) = match order {
            DateOrder::DayFirst => (self.day_first, "day-first (31/12)"),
            DateOrder::MonthFirst => (self.month_first, "month-first (12/31)"),
        };
        Some(format!(
            "{file}: dates read {which}: {n} date(s) can only be read that way"
        ))
    }
}

/// The date of a cell that may end in a time of day (`2026-10-31T09:00:00`,
/// `7/27/22 10:15 AM`); the whole cell when what follows is not a time.
fn date_part(s: &str) -> &str {
    match s.find([' ', 'T']) {
        Some(i) if is_time_of_day(s[i + 1..].trim()) => &s[..i],
        _ => s,
    }
}

/// `H:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, with an optional `AM`/`PM`, `Z` or
/// `±HH:MM` offset: a real time of day, so `2026-10-31 junk` is no date.
fn is_time_of_day(t: &str) -> bool {
    let (t, twelve) = match t
        .strip_suffix("AM")
        .or_else(|| t.strip_suffix("PM"))
        .or_else(|| t.strip_suffix("am"))
        .or_else(|| t.strip_suffix("pm"))
    {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let t = t.strip_suffix('Z').unwrap_or(t);
    // An offset after the seconds: `+01:00`, `-0500`.
    let t = match t.rfind(['+', '-']) {
        Some(i) if i >= 4 => {
            let off = &t[i + 1..];
            let ok = matches!(off.len(), 2 | 4 | 5)
                && off.bytes().all(|b| b.is_ascii_digit() || b == b':');
            if !ok {
                return false;
            }
            &t[..i]
        }
        _ => t,
    };
    let mut parts = t.split(':');
    let number = |p: Option<&str>, max: u32| -> Option<u32> {
        let p = p?;
        let whole = p.split_once('.').map_or(p, |(w, frac)| {
            if frac.bytes().all(|b| b.is_ascii_digit()) {
                w
            } else {
                "x"
            }
        });
        let ok = (1..=2).contains(&whole.len()) && whole.bytes().all(|b| b.is_ascii_digit());
        whole.parse().ok().filter(|v| ok && *v <= max)
    };
    let hour_max = if twelve { 12 } else { 23 };
    number(parts.next(), hour_max).is_some()
        && number(parts.next(), 59).is_some()
        && parts
            .next()
            .is_none_or(|sec| number(Some(sec), 59).is_some())
        && parts.next().is_none()
}

/// `a/b/yyyy`, `a-b-yy`, `a.b.yyyy`: the two leading numbers, the separator and
/// whether the year has four digits.
fn numeric_date(s: &str) -> Option<(u32, u32, char, bool)> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let mut parts = s.split(sep);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let y = y.strip_suffix('.').unwrap_or(y);
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let year = matches!(y.len(), 2 | 4) && y.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !short(a) || !short(b) || !year {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, sep, y.len() == 4))
}

/// A cell that did not parse: what was expected instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError(pub String);

impl FieldError {
    fn new(s: impl Into<String>) -> Self {
        FieldError(s.into())
    }
}

const AMOUNT_EXPECTED: &str = "a decimal amount such as 1234.50, 1,234.50 or 1 234,50";
const NUMBER_EXPECTED: &str = "a decimal number such as 12.5 or 12,5";

/// Maps Persian and Arabic-Indic digits and separators to ASCII, so `۱۲۳٫۵` reads as `123.5`.
pub fn normalize_digits(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
                // The Arabic decimal and thousands separators (U+066B, U+066C) stay:
                // `split_number` reads them whatever the file's style.
                '\u{2212}' => '-',
                other => other,
            })
            .collect(),
    )
}

fn is_group_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\'' | '\u{2019}'
    )
}

/// Strips sign, currency marks and grouping spaces, leaving digits and `.`/`,`.
/// Returns (negative, core) or an error message.
fn split_number(raw: &str, money: bool) -> Result<(bool, String), FieldError> {
    let expected = if money {
        AMOUNT_EXPECTED
    } else {
        NUMBER_EXPECTED
    };
    let s = normalize_digits(raw.trim());
    let mut s: &str = s.trim();
    let unsigned = s.trim_start_matches(['+', '-']);
    if ["nan", "inf", "infinity"]
        .iter()
        .any(|w| unsigned.eq_ignore_ascii_case(w))
    {
        return Err(FieldError::new(format!(
            "a finite number ({expected}), not {s}"
        )));
    }
    // Accounting negatives: `(120.00)`.
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    let mut core = String::with_capacity(s.len());
    let mut seen_digit = false;
    let mut sign_seen = false;
    for (at, c) in s.char_indices() {
        match c {
            '0'..='9' => {
                seen_digit = true;
                core.push(c);
            }
            '.' | ',' => core.push(c),
            '\u{066B}' => core.push('D'),
            '\u{066C}' => core.push('T'),
            '-' | '+' if !seen_digit && !sign_seen && core.is_empty() => {
                sign_seen = true;
                // `(-5)`: brackets and a minus both say negative; they do not cancel.
                negative |= c == '-';
            }
            c if is_group_space(c) => {}
            // Currency symbols and codes around an amount: $, €, Ft, HUF, ریال, تومان …
            c if money && !seen_digit && is_currency_char(c) && leading_is_currency(s, at) => {}
            c if money && seen_digit && is_currency_char(c) && trailing_is_currency(s, at) => {}
            _ => return Err(FieldError::new(expected)),
        }
    }
    if !seen_digit {
        return Err(FieldError::new(expected));
    }
    Ok((negative, core))
}

// Letters before a number must be a currency code or word: `USD 1,200`, `HUF1200`
// (three capitals), `Ft 1 200`; `bad7` and `x1` are not amounts.
fn leading_is_currency(s: &str, at: usize) -> bool {
    let c = s[at..].chars().next().unwrap_or(' ');
    if !c.is_alphabetic() {
        return true;
    }
    let start = s[..at].trim_end_matches(char::is_alphabetic).len();
    let end = at
        + s[at..]
            .find(|ch: char| !ch.is_alphabetic())
            .unwrap_or(s.len() - at);
    let word = &s[start..end];
    let followed_by_space = s[end..].starts_with(is_group_space);
    followed_by_space || (word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()))
}

fn is_currency_char(c: char) -> bool {
    c.is_alphabetic() || "$€£¥₹₽₺₪₩₫₴₦﷼¢.".contains(c)
}

// A trailing currency mark must be the only non-space thing after the number,
// so `12a3` stays an error while `1 234 Ft` reads.
fn trailing_is_currency(s: &str, at: usize) -> bool {
    let tail = &s[at..];
    if !tail
        .chars()
        .all(|ch| is_currency_char(ch) || is_group_space(ch))
    {
        return false;
    }
    // Letters after a number must be a word of their own ("1 234 Ft"), so "12x" is not money.
    let word_start = s[..at].trim_end_matches(char::is_alphabetic).len();
    let before = &s[..word_start];
    let word = s[word_start..]
        .chars()
        .chain(tail.chars().skip(1))
        .take_while(|c| c.is_alphabetic())
        .count();
    !tail.starts_with(char::is_alphabetic) || (before.ends_with(is_group_space) && word >= 2)
}

/// What a numeric cell says about the decimal separator.
pub fn evidence(raw: &str) -> Evidence {
    let Ok((_, core)) = split_number(raw, true) else {
        return Evidence::None;
    };
    classify(&core)
}

fn classify(core: &str) -> Evidence {
    if core.contains('D') {
        return Evidence::None;
    }
    let last_dot = core.rfind('.');
    let last_comma = core.rfind(',');
    match (last_dot, last_comma) {
        (None, None) => Evidence::None,
        (Some(d), Some(c)) => {
            if d > c {
                Evidence::Point
            } else {
                Evidence::Comma
            }
        }
        (Some(d), None) => one_kind(core, '.', d, Evidence::Point, Evidence::Comma),
        (None, Some(c)) => one_kind(core, ',', c, Evidence::Comma, Evidence::Point),
    }
}

// A single kind of separator: once with other than three digits after it, it is the
// decimal separator; repeated, it groups thousands; once with three digits, either.
fn one_kind(
    core: &str,
    sep: char,
    last: usize,
    as_decimal: Evidence,
    as_group: Evidence,
) -> Evidence {
    if core.matches(sep).count() > 1 {
        return as_group;
    }
    let after = core[last + 1..]
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    let before = core[..last].chars().filter(char::is_ascii_digit).count();
    if after == 3 && (1..=3).contains(&before) {
        Evidence::Ambiguous
    } else {
        as_decimal
    }
}

fn parse_core(
    core: &str,
    negative: bool,
    style: DecimalStyle,
    money: bool,
) -> Result<Decimal, FieldError> {
    let (decimal, group) = match style {
        DecimalStyle::Point => ('.', ','),
        DecimalStyle::Comma => (',', '.'),
    };
    let core = core
        .replace('T', &group.to_string())
        .replace('D', &decimal.to_string());
    let mut parts = core.splitn(2, decimal);
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if let Some(f) = frac_part {
        if !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(wrong_separator(&core, style));
        }
    }
    let groups: Vec<&str> = int_part.split(group).collect();
    if groups.len() > 1 {
        // Thousands groups: the last has three digits, earlier ones two or three
        // (Indian lakh grouping), the first one to three.
        let last = groups.len() - 1;
        let ok = groups.iter().enumerate().all(|(i, g)| {
            let n = g.len();
            g.chars().all(|c| c.is_ascii_digit())
                && if i == 0 {
                    (1..=3).contains(&n)
                } else if i == last {
                    n == 3
                } else {
                    n == 2 || n == 3
                }
        });
        if !ok {
            return Err(wrong_separator(&core, style));
        }
    }
    let digits: String = groups.concat();
    let sign = if negative { "-" } else { "" };
    let text = match frac_part {
        // `.5` has no integer digits: `0.5`.
        Some(f) if !f.is_empty() => format!("{sign}{digits:0>1}.{f}"),
        _ => format!("{sign}{digits}"),
    };
    if digits.is_empty() && frac_part.is_none_or(str::is_empty) {
        return Err(FieldError::new(if money {
            AMOUNT_EXPECTED
        } else {
            "a decimal number"
        }));
    }
    // The text is digits and one point by now, so a failure is size or precision.
    Decimal::from_str_exact(&text).map_err(|_| {
        FieldError::new(
            "a number below 79,228,162,514,264,337,593,543,950,335 with at most 28 decimal places",
        )
    })
}

fn wrong_separator(core: &str, style: DecimalStyle) -> FieldError {
    FieldError::new(match style {
        DecimalStyle::Point => format!(
            "a decimal amount with a decimal point, such as 1,234.50 (\"{core}\" looks like a decimal comma: pass --decimal-comma)"
        ),
        DecimalStyle::Comma => format!(
            "a decimal amount with a decimal comma, such as 1.234,50 or 1 234,50 (\"{core}\" does not read that way)"
        ),
    })
}

/// `1234` or `1234.56` (with the style's decimal separator) built straight from the
/// digits: no string, no float. `None` for anything else (signs, groups, symbols).
#[inline(always)]
pub fn plain_bytes(b: &[u8], style: DecimalStyle) -> Option<Decimal> {
    let sep = match style {
        DecimalStyle::Point => b'.',
        DecimalStyle::Comma => b',',
    };
    // Up to 19 characters, so at most 19 digits: they always fit a u64 and the
    // loop needs no overflow checks. Longer or oddly shaped values take the general path.
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut sep_at = usize::MAX;
    for (i, &c) in b.iter().enumerate() {
        let digit = c.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if c == sep && sep_at == usize::MAX {
            sep_at = i;
        } else {
            return None;
        }
    }
    let scale = match sep_at {
        usize::MAX => 0,
        // `.5` and `5.` are not plain: the general path says what it makes of them.
        0 => return None,
        i if i == b.len() - 1 => return None,
        i => (b.len() - 1 - i) as u32,
    };
    // Nineteen digits fit 64 bits, and the scale is below 19: the parts are valid.
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        false,
        scale,
    ))
}

/// Parses a money amount (currency marks allowed).
pub fn parse_money(raw: &str, style: DecimalStyle) -> Result<Decimal, FieldError> {
    let (neg, core) = split_number(raw, true)?;
    parse_core(&core, neg, style, true)
}

/// Parses a plain decimal quantity (hours, days).
pub fn parse_decimal(raw: &str, style: DecimalStyle) -> Result<Decimal, FieldError> {
    let (neg, core) = split_number(raw, false)?;
    parse_core(&core, neg, style, false)
}

/// Parses a non-negative whole number (counts).
pub fn parse_count(raw: &str) -> Result<u32, FieldError> {
    let s = normalize_digits(raw.trim());
    let s = s.trim();
    s.strip_suffix(".0")
        .unwrap_or(s)
        .parse()
        .map_err(|_| FieldError::new("a whole number of 0 or more, such as 3"))
}

/// Parses a rating within `[min, max]`.
pub fn parse_rating(
    raw: &str,
    style: DecimalStyle,
    min: u32,
    max: u32,
) -> Result<Decimal, FieldError> {
    let expected = || FieldError::new(format!("a rating from {min} to {max}"));
    let (neg, core) = split_number(raw, false).map_err(|_| expected())?;
    let v = parse_core(&core, neg, style, false).map_err(|_| expected())?;
    if v < Decimal::from(min) || v > Decimal::from(max) {
        return Err(expected());
    }
    Ok(v)
}

/// What a currency cell or flag must look like.
pub const CURRENCY_EXPECTED: &str =
    "a three-letter ISO 4217 currency code such as USD, EUR, HUF or IRR";

/// Parses an ISO 4217 code, any case: `eur` -> `EUR`.
pub fn parse_currency(raw: &str) -> Result<String, FieldError> {
    // A bare code, nearly every cell: no substring search (its setup alone cost
    // more than the rest of the cell's parsing).
    if let [a, b, c] = *raw.as_bytes() {
        if [a, b, c].iter().all(u8::is_ascii_alphabetic) {
            let code = [a, b, c].map(|x| char::from(x.to_ascii_uppercase()));
            return Ok(code.iter().collect());
        }
    }
    currency_code(raw)
}

/// [`parse_currency`] for any cell.
fn currency_code(raw: &str) -> Result<String, FieldError> {
    // Harvest writes `Euro - EUR`: the code after the name.
    let raw = raw.rsplit_once(" - ").map_or(raw, |(_, code)| code);
    let code = raw.trim().to_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(FieldError::new(CURRENCY_EXPECTED))
    }
}

/// Parses a ratio: `0.25`, or a percentage `25%`.
pub fn parse_ratio(raw: &str, style: DecimalStyle) -> Result<f64, FieldError> {
    let expected =
        || FieldError::new("a ratio from 0 to 1 such as 0.25, or a percentage such as 25%");
    let t = raw.trim();
    let pct = t.strip_suffix('%');
    let v = parse_decimal(pct.unwrap_or(t), style).map_err(|_| expected())?;
    let v = if pct.is_some() {
        v / Decimal::from(100)
    } else {
        v
    };
    let f = crate::model::money::to_f64(v);
    if !(0.0..=1.0).contains(&f) {
        return Err(expected());
    }
    Ok(f)
}

/// A date in a chrono format; a two-digit year (`7/27/22`) where the format has
/// four (`%Y`) is read as `%y` would (2000-2068, 1969-1999).
fn with_format(s: &str, fmt: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s, fmt).ok();
    match d {
        Some(d) if chrono::Datelike::year(&d) >= 100 => Some(d),
        _ if fmt.contains("%Y") => NaiveDate::parse_from_str(s, &fmt.replace("%Y", "%y")).ok(),
        _ => d,
    }
}

/// `YYYY-MM-DD` by hand: chrono's general parser is the slowest step of reading a file.
fn iso_date(s: &str) -> Result<NaiveDate, ()> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Result<u32, ()> {
        b[r].iter().try_fold(0u32, |n, &c| {
            if c.is_ascii_digit() {
                Ok(n * 10 + u32::from(c - b'0'))
            } else {
                Err(())
            }
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::from_str(s).map_err(|_| ());
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(())
}

/// A date: ISO `YYYY-MM-DD`, or `format` (a chrono format such as `%d.%m.%Y`) when given.
/// Years a date may have: anything else is a typing error, and would put exit
/// dates off the `YYYY-MM-DD` calendar.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Parses a date (see [`parse_date_any_year`]) and checks it lies in [`YEARS`].
pub fn parse_date(raw: &str, format: Option<&str>) -> Result<NaiveDate, FieldError> {
    let d = parse_date_any_year(raw, format)?;
    if !YEARS.contains(&chrono::Datelike::year(&d)) {
        return Err(FieldError::new(format!(
            "a date between {}-01-01 and {}-12-31",
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(d)
}

fn parse_date_any_year(raw: &str, format: Option<&str>) -> Result<NaiveDate, FieldError> {
    let s = normalize_digits(raw.trim());
    let s = s.trim();
    if format == Some(crate::model::calendar::PERSIAN_FORMAT) {
        // Solar Hijri years are in the 1300s and 1400s: a Gregorian date (an ISO
        // timestamp beside them) still reads as one.
        let year: Option<i32> = s.get(..4).and_then(|y| y.parse().ok());
        if year.is_some_and(|y| y < 1700) {
            return crate::model::calendar::parse_persian(s).ok_or_else(|| {
                FieldError::new(
                    "a Solar Hijri date as YYYY/MM/DD, e.g. 1405/08/02 (--calendar persian)",
                )
            });
        }
        return parse_date_any_year(s, None);
    }
    let s = date_part(s);
    if let Some(fmt) = format {
        if let Some(d) = with_format(s, fmt) {
            return Ok(d);
        }
    }
    // ISO also reads `2026-10-31T09:00:00` exports by their date part.
    let iso = s.get(..10).filter(|_| s.len() == 10);
    // Day-first with dots (26.01.2015, European exports) and year-first with dots
    // (2026. 11. 23., Hungarian) cannot be mistaken for anything else.
    const DOTTED: [&str; 3] = ["%d.%m.%Y", "%Y. %m. %d.", "%Y. %m. %d"];
    let dotted = s
        .contains('.')
        .then(|| {
            DOTTED
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        })
        .flatten();
    // Month names cannot be mistaken either: `Feb 13 2023`, `13 Feb 2023`, `February 13, 2023`.
    const NAMED: [&str; 4] = ["%b %d %Y", "%d %b %Y", "%B %d %Y", "%d %B %Y"];
    let named = s.bytes().any(|b| b.is_ascii_alphabetic()).then(|| {
        let s = s.replace(',', "");
        NAMED
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&s, f).ok())
    });
    match (iso.map(iso_date), dotted.or(named.flatten())) {
        (Some(Ok(d)), _) | (_, Some(d)) => Ok(d),
        _ => {
            let looks_iso = s.len() >= 10
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[7] == b'-'
                && s[..4].bytes().all(|b| b.is_ascii_digit());
            Err(FieldError::new(match (format, looks_iso) {
                (_, true) if s.len() > 10 => {
                    "a date as YYYY-MM-DD, with at most a time of day after it (T09:30:00)"
                        .to_string()
                }
                (_, true) => "a real calendar date (YYYY-MM-DD; no such day exists)".to_string(),
                (Some(f), false) => format!("a date as YYYY-MM-DD or {f}"),
                (None, false) => {
                    "a date as YYYY-MM-DD (or pass --date-format, e.g. %d.%m.%Y)".to_string()
                }
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use DecimalStyle::{Comma, Point};

    #[test]
    fn one_point_settles_the_style_and_ambiguity_follows_the_field_separator() {
        let mut e = StyleEvidence::default();
        e.add("1.234", "revenue");
        e.add("12.500", "revenue");
        // Every number reads both ways: a `;` file is a decimal-comma locale's,
        // a `,` file a decimal-point locale's, and anything else stops the run.
        let (style, note) = e.decide("f.csv", Some(b';'), None).unwrap();
        assert_eq!(style, Comma);
        assert_eq!(note.unwrap(), "f.csv: 2 number(s) such as \"1.234\" in `revenue` read with either decimal separator; read with a decimal comma, as `;`-separated files are written where numbers look like 12,50 (pass --decimal-point or --decimal-comma if that is wrong)");
        assert_eq!(e.decide("f.csv", Some(b','), None).unwrap().0, Point);
        match e.decide("f.tsv", Some(b'\t'), None) {
            Err(crate::error::Error::AmbiguousDecimals {
                value,
                point,
                comma,
                ..
            }) => {
                assert_eq!(
                    (value.as_str(), point.as_str(), comma.as_str()),
                    ("1.234", "1.234", "1234")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.decide("f.tsv", None, Some(Point)).unwrap(), (Point, None));
        e.add("12,5", "cost");
        let (style, note) = e.decide("f.csv", Some(b','), None).unwrap();
        assert_eq!(style, Comma);
        assert_eq!(
            note.unwrap(),
            "f.csv: numbers read with a decimal comma (detected from the numbers)"
        );
        e.add("1,234.50", "cost");
        assert!(e.settled());
        assert_eq!(e.decide("f.csv", Some(b';'), None).unwrap(), (Point, None));
    }

    #[test]
    fn date_order_comes_from_a_day_or_month_above_twelve() {
        let order = |cells: &[&str]| {
            let mut e = DateEvidence::default();
            for c in cells {
                e.add(c, "Start Date");
            }
            e.order().map(|o| o.map(|o| e.format(o)))
        };
        // The Clockify file of 9-15 January 2023: the 13th settles it.
        assert_eq!(
            order(&["09/01/2023", "10/01/2023", "13/01/2023"]),
            Ok(Some("%d/%m/%Y".into()))
        );
        assert_eq!(order(&["7/27/22", "7/2/22"]), Ok(Some("%m/%d/%Y".into())));
        assert_eq!(
            order(&["01-12-2023", "25-12-2023"]),
            Ok(Some("%d-%m-%Y".into()))
        );
        // ISO, dotted European dates and dates the same both ways need no order.
        assert_eq!(order(&["2023-01-09", "26.01.2015", "05/05/2023"]), Ok(None));
        let e = order(&["09/01/2023", "10/01/2023"]).unwrap_err();
        assert_eq!(e.value, "09/01/2023");
        assert_eq!(e.formats, ["%d/%m/%Y".to_string(), "%m/%d/%Y".to_string()]);
        // A time of day after the date is looked past.
        assert_eq!(order(&["13/01/2023 09:30"]), Ok(Some("%d/%m/%Y".into())));
    }

    #[test]
    fn two_digit_years_times_of_day_and_junk_after_a_date() {
        let d = |s: &str, f: Option<&str>| parse_date(s, f).map(|d| d.to_string());
        assert_eq!(d("7/27/22", Some("%m/%d/%Y")).unwrap(), "2022-07-27");
        assert_eq!(d("27/07/2022", Some("%d/%m/%Y")).unwrap(), "2022-07-27");
        assert_eq!(
            d("7/27/22 10:15 AM", Some("%m/%d/%Y")).unwrap(),
            "2022-07-27"
        );
        assert_eq!(d("2026-10-31T09:00:00", None).unwrap(), "2026-10-31");
        assert_eq!(
            d("2026-10-31 23:59:59.123+01:00", None).unwrap(),
            "2026-10-31"
        );
        assert_eq!(d("2026-10-31T09:00:00Z", None).unwrap(), "2026-10-31");
        // Month names read one way only.
        assert_eq!(d("Feb 13 2023", None).unwrap(), "2023-02-13");
        assert_eq!(d("13 Feb 2023", None).unwrap(), "2023-02-13");
        assert_eq!(d("February 3, 2023", None).unwrap(), "2023-02-03");
        for junk in [
            "2026-10-31 junk",
            "2026-10-31T25:61:00",
            "2026-10-31T09:60",
            "2026-10-3100",
        ] {
            let e = d(junk, None).unwrap_err();
            assert!(e.0.contains("YYYY-MM-DD"), "{junk}: {}", e.0);
        }
    }

    #[test]
    fn currency_codes_in_any_case_and_harvest_style() {
        for (cell, code) in [
            ("eur", "EUR"),
            ("Huf", "HUF"),
            (" usd ", "USD"),
            ("Euro - EUR", "EUR"),
        ] {
            assert_eq!(
                parse_currency(cell).map_err(|e| e.0),
                Ok(code.to_string()),
                "{cell:?}"
            );
        }
        for bad in ["e1r", "EU", "EURO", "€", "ÉUR"] {
            assert!(parse_currency(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn plain_numbers_are_built_from_their_digits() {
        assert_eq!(plain_bytes(b"0.5", Point), Some(dec("0.5")));
        assert_eq!(plain_bytes(b"12,25", Comma), Some(dec("12.25")));
        assert_eq!(
            plain_bytes(b"1234567890123456789", Point),
            Some(dec("1234567890123456789"))
        );
        for not_plain in ["", ".5", "5.", "1.2.3", "1,5", "-1", "12345678901234567890"] {
            assert_eq!(
                plain_bytes(not_plain.as_bytes(), Point),
                None,
                "{not_plain:?}"
            );
        }
        // What the fast path leaves out, the general parser still reads.
        assert_eq!(
            parse_decimal("12345678901234567890", Point).unwrap(),
            dec("12345678901234567890")
        );
    }

    #[test]
    fn money_in_every_documented_shape() {
        for (text, style, want) in [
            ("1234.5", Point, "1234.5"),
            ("1,234.50", Point, "1234.50"),
            ("$1,234.50", Point, "1234.50"),
            ("1 234,50", Comma, "1234.50"),
            ("1.234,50", Comma, "1234.50"),
            ("1\u{a0}234,50 Ft", Comma, "1234.50"),
            ("€ 12.000,00", Comma, "12000.00"),
            ("HUF 450 000", Point, "450000"),
            ("(120.00)", Point, "-120.00"),
            ("(-5)", Point, "-5"),
            ("($60.00)", Point, "-60.00"),
            ("-1,000", Point, "-1000"),
            ("12,34,567.00", Point, "1234567.00"),
        ] {
            assert_eq!(parse_money(text, style).unwrap(), dec(want), "{text}");
        }
    }

    #[test]
    fn persian_digits_and_separators() {
        assert_eq!(parse_money("۱۲۳۴٫۵", Point).unwrap(), dec("1234.5"));
        assert_eq!(
            parse_money("۱٬۲۳۴٫۵۰ تومان", Point).unwrap(),
            dec("1234.50")
        );
        assert_eq!(parse_money("١٢٣", Comma).unwrap(), dec("123"));
        assert_eq!(
            parse_date("۲۰۲۶-۱۰-۳۱", None).unwrap().to_string(),
            "2026-10-31"
        );
    }

    #[test]
    fn dotted_dates_day_first_and_hungarian_year_first() {
        for (text, want) in [
            ("26.01.2015", "2015-01-26"),
            ("6.1.2015", "2015-01-06"),
            ("2026. 11. 23.", "2026-11-23"),
            ("2026.11.23.", "2026-11-23"),
            ("2026. 11. 23", "2026-11-23"),
            ("۲۶.۰۱.۲۰۱۵", "2015-01-26"),
        ] {
            assert_eq!(parse_date(text, None).unwrap().to_string(), want, "{text}");
        }
        // US slashes stay ambiguous without a format.
        assert!(parse_date("01/07/2021", None).is_err());
        assert_eq!(
            parse_date("01/07/2021", Some("%m/%d/%Y"))
                .unwrap()
                .to_string(),
            "2021-01-07"
        );
        assert!(parse_date("31.02.2026", None).is_err());
    }

    #[test]
    fn wrong_separator_names_the_fix() {
        let e = parse_money("12,5", Point).unwrap_err();
        assert!(e.0.contains("--decimal-comma"), "{}", e.0);
        assert!(parse_money("1,23,4", Point).is_err());
        assert!(parse_money("1.2.3,4", Comma).is_err());
    }

    #[test]
    fn garbage_nan_inf_and_overflow_are_rejected() {
        for bad in ["abc", "12a3", "12x", "bad7", "x1"] {
            assert!(parse_money(bad, Point).is_err(), "{bad}");
        }
        assert_eq!(parse_money("HUF1200", Point).unwrap(), dec("1200"));
        assert_eq!(parse_money("Ft 1 200", Point).unwrap(), dec("1200"));
        assert_eq!(parse_money("12 Ft", Point).unwrap(), dec("12"));
        assert_eq!(parse_money("12€", Point).unwrap(), dec("12"));
        assert!(parse_money("NaN", Point).unwrap_err().0.contains("finite"));
        assert!(parse_money("-inf", Point).unwrap_err().0.contains("finite"));
        let e = parse_money("999999999999999999999999999999999", Point).unwrap_err();
        assert!(e.0.contains("below"), "{}", e.0);
        assert!(parse_decimal("12 h", Point).is_err());
    }

    #[test]
    fn evidence_reads_unambiguous_cells_only() {
        assert_eq!(evidence("12,5"), Evidence::Comma);
        assert_eq!(evidence("1.234,50"), Evidence::Comma);
        assert_eq!(evidence("1 234,50"), Evidence::Comma);
        assert_eq!(evidence("1,234.50"), Evidence::Point);
        assert_eq!(evidence("1234.5"), Evidence::Point);
        assert_eq!(evidence("1,234"), Evidence::Ambiguous);
        assert_eq!(evidence("1.234"), Evidence::Ambiguous);
        assert_eq!(evidence("1.234.567"), Evidence::Comma);
        assert_eq!(evidence("1234"), Evidence::None);
    }

    #[test]
    fn counts_ratings_ratios() {
        assert_eq!(parse_count("3").unwrap(), 3);
        assert_eq!(parse_count("۳").unwrap(), 3);
        assert!(parse_count("-1").is_err());
        assert!(parse_count("2.5").is_err());
        assert_eq!(parse_rating("4,5", Comma, 1, 5).unwrap(), dec("4.5"));
        assert!(parse_rating("6", Point, 1, 5).is_err());
        assert!(parse_rating("0", Point, 1, 5).is_err());
        assert_eq!(parse_ratio("25%", Point).unwrap(), 0.25);
        assert_eq!(parse_ratio("0.4", Point).unwrap(), 0.4);
        assert!(parse_ratio("140%", Point).is_err());
    }

    #[test]
    fn dates_iso_custom_and_impossible() {
        for (text, format) in [
            ("2026-10-31", None),
            ("2026-10-31T12:00:00Z", None),
            ("31.10.2026", Some("%d.%m.%Y")),
            ("2026. 10. 31.", Some("%Y. %m. %d.")),
        ] {
            let got = parse_date(text, format).unwrap().to_string();
            assert_eq!(got, "2026-10-31", "{text}");
        }
        assert!(parse_date("2026-02-30", None)
            .unwrap_err()
            .0
            .contains("no such day"));
        assert!(parse_date("31/10/2026", None)
            .unwrap_err()
            .0
            .contains("--date-format"));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn grouped(int: &str, sep: char) -> String {
            let mut out = String::new();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(sep);
                }
                out.push(ch);
            }
            out
        }

        proptest! {
            #[test]
            fn bare_currency_codes_read_as_any_cell_reads(code in "[ -~]{3}") {
                let fast = parse_currency(&code).map_err(|e| e.0);
                prop_assert_eq!(fast, currency_code(&code).map_err(|e| e.0));
            }

            #[test]
            fn parsers_never_panic(s in "\\PC{0,30}") {
                let _ = parse_money(&s, Point);
                let _ = parse_money(&s, Comma);
                let _ = parse_decimal(&s, Point);
                let _ = parse_count(&s);
                let _ = parse_rating(&s, Comma, 1, 5);
                let _ = parse_ratio(&s, Point);
                let _ = parse_date(&s, Some("%d.%m.%Y"));
                let _ = evidence(&s);
            }

            #[test]
            fn money_round_trips_in_every_local_style(cents in 0i64..1_000_000_000_000i64) {
                let d = Decimal::new(cents, 2);
                let text = d.to_string();
                let (int, frac) = text.split_once('.').unwrap();
                prop_assert_eq!(parse_money(&format!("${}.{frac}", grouped(int, ',')), Point).unwrap(), d);
                prop_assert_eq!(parse_money(&format!("{},{frac} €", grouped(int, '.')), Comma).unwrap(), d);
                prop_assert_eq!(parse_money(&format!("{},{frac}", grouped(int, '\u{a0}')), Comma).unwrap(), d);
                prop_assert_eq!(parse_money(&format!("{int}.{frac}"), Point).unwrap(), d);
            }
        }
    }
}
