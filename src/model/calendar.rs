//! The Solar Hijri (Persian) calendar, by ICU4X's `icu_calendar`: Iranian exports
//! date rows as `1405/08/02`; `--calendar persian` reads them as such.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::{Iso, Persian};
use icu_calendar::Date;

/// The calendar dates are read (and shown to people) in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Calendar {
    /// Gregorian (ISO, dotted, or --date-format).
    #[default]
    Gregorian,
    /// Solar Hijri, as Iranian exports write it.
    Persian,
}

/// A date as people read it in `calendar`: `2026-10-24` or `1405/08/02`.
pub fn show_date(d: NaiveDate, calendar: Calendar) -> String {
    match calendar {
        Calendar::Gregorian => d.to_string(),
        Calendar::Persian => to_persian(d).unwrap_or_else(|| d.to_string()),
    }
}

/// The internal `--date-format` value `--calendar persian` stands for.
pub const PERSIAN_FORMAT: &str = "%persian";

/// A Solar Hijri date (`1405/08/02`, `1405-08-02`, `1405.08.02`; any digits
/// already made ASCII) as a Gregorian one; `None` when it is no such day.
pub fn parse_persian(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let year: i32 = y.trim().parse().ok()?;
    let month: u8 = m.trim().parse().ok()?;
    let day: u8 = d.trim().parse().ok()?;
    if y.trim().len() != 4 {
        return None;
    }
    let iso = Date::try_new_persian(year, month, day)
        .ok()?
        .to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// A Gregorian date as Solar Hijri `YYYY/MM/DD`.
pub fn to_persian(d: NaiveDate) -> Option<String> {
    let iso = Date::try_new_iso(d.year(), d.month() as u8, d.day() as u8).ok()?;
    let p = iso.to_calendar(Persian::new());
    Some(format!(
        "{:04}/{:02}/{:02}",
        p.year().extended_year(),
        p.month().ordinal,
        p.day_of_month().0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::date as d;

    #[test]
    fn nowruz_and_known_days_convert_both_ways() {
        // 1 Farvardin 1405 is Nowruz, 21 March 2026; 1 Farvardin 1403 was 20 March 2024.
        assert_eq!(parse_persian("1405/01/01"), Some(d("2026-03-21")));
        assert_eq!(parse_persian("1403-01-01"), Some(d("2024-03-20")));
        // 2 Aban 1405 = 24 October 2026; the last day of 1404 (a 29-day Esfand).
        assert_eq!(parse_persian("1405.08.02"), Some(d("2026-10-24")));
        assert_eq!(parse_persian("1404/12/29"), Some(d("2026-03-20")));
        assert_eq!(to_persian(d("2026-10-24")).as_deref(), Some("1405/08/02"));
        assert_eq!(to_persian(d("2026-03-21")).as_deref(), Some("1405/01/01"));
        for bad in ["1405/13/01", "1405/07/31", "05/08/02", "1405/08", "abc"] {
            assert_eq!(parse_persian(bad), None, "{bad}");
        }
    }
}
