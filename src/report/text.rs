//! Shared cell formatting for the human-readable renderers (table, markdown, csv).

use crate::model::money::Fixed;
use rust_decimal::Decimal;

/// One line of text safe for a terminal or a log: control characters (ESC
/// sequences that could clear the screen or recolour output, bells, backspaces,
/// and line breaks, which would forge a line of their own) are shown escaped, e.g.
/// `\u{1b}`. Text of several lines goes through it line by line.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    // Bidirectional overrides can make a name display as something else.
    let risky =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(risky) {
        return std::borrow::Cow::Borrowed(s);
    }
    let escape = |c: char| match risky(c) {
        true => c.escape_unicode().to_string(),
        false => c.to_string(),
    };
    s.chars().map(escape).collect::<String>().into()
}

/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`: CSV and Markdown
/// tables are pasted into spreadsheets.
pub fn defuse_formula(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A CSV cell of text from the data: printable (see [`printable`]) and defused
/// (see [`defuse_formula`]).
pub fn data_cell(s: &str) -> String {
    let shown = printable(s);
    defuse_formula(&shown).into_owned()
}

/// Placeholder for a figure that could not be computed.
pub const NONE: &str = "-";

/// Money for people: grouped thousands, cents only when present (`12,000`, `1,234.50`).
pub fn money(d: Option<Decimal>) -> String {
    let Some(d) = d else { return NONE.into() };
    let mut d = d.round_dp(2);
    if d.is_zero() {
        // No "-0".
        d = Decimal::ZERO;
    } else if d.fract().is_zero() {
        d = d.trunc();
    } else {
        d.rescale(2);
    }
    format!("{}", crate::model::money::Grouped(d))
}

/// A ratio as a percentage with one decimal.
pub fn pct(x: Option<f64>) -> String {
    x.map_or(NONE.into(), |x| format!("{}", crate::model::money::Pct(x)))
}

/// A score with one decimal.
pub fn score(x: Option<f64>) -> String {
    x.map_or(NONE.into(), |x| format!("{}", Fixed(x, 1)))
}

/// A ratio 0-1 with two decimals.
pub fn ratio2(x: Option<f64>) -> String {
    x.map_or(NONE.into(), |x| format!("{}", Fixed(x, 2)))
}

/// Hours without trailing zeros, or the placeholder.
pub fn hours(h: Option<Decimal>) -> String {
    opt(h.map(|h| h.normalize()))
}

/// Any displayable figure, or the placeholder.
pub fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or(NONE.into(), |x| x.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("Evil\u{1b}[2J\u{7}"), "Evil\\u{1b}[2J\\u{7}");
        assert_eq!(printable("Kovács\nKft.\r"), "Kovács\\u{a}Kft.\\u{d}");
        assert_eq!(printable("abc\u{202E}def"), "abc\\u{202e}def");
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(Some(dec("1234567.5"))), "1,234,567.50");
        assert_eq!(money(Some(dec("-1200.00"))), "-1,200");
        assert_eq!(money(Some(dec("999"))), "999");
        assert_eq!(money(None), "-");
    }
}
