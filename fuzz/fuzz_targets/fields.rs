//! Money, number, ratio, rating, count and date parsing: never a panic, and what
//! parses as money reads back as the same amount.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio::ingest::fields::{self, DecimalStyle};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let style = if pick % 2 == 0 {
        DecimalStyle::Point
    } else {
        DecimalStyle::Comma
    };
    if let Ok(d) = fields::parse_money(text, style) {
        let shown = match style {
            DecimalStyle::Point => d.to_string(),
            DecimalStyle::Comma => d.to_string().replace('.', ","),
        };
        assert_eq!(
            fields::parse_money(&shown, style).ok(),
            Some(d),
            "{text:?} read back from {shown:?}"
        );
    }
    let _ = fields::parse_decimal(text, style);
    let _ = fields::parse_ratio(text, style);
    let _ = fields::parse_count(text);
    let _ = fields::parse_rating(text, style, 0, 10);
    let _ = fields::parse_currency(text);
    let _ = fields::evidence(text);
    let _ = fields::plain_bytes(rest, style);
    let _ = fields::normalize_digits(text);
    let _ = fields::parse_date(text, None);
    let _ = fields::parse_date(text, Some("%d/%m/%Y"));
    // A date format is user input too (--date-format).
    let _ = fields::parse_date("2026.10.31", Some(text));
    let _ = portfolio::model::period::Period::parse(
        text,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    );
});
