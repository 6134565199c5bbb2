//! Day arithmetic on `NaiveDate`: month and quarter ends, months between dates.

use chrono::{Datelike, Duration, NaiveDate};

/// Last day of the month containing `d`.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    first_of(y, m) - Duration::days(1)
}

/// Last day of the calendar quarter containing `d`.
pub fn quarter_end(d: NaiveDate) -> NaiveDate {
    let last_month = ((d.month() - 1) / 3 + 1) * 3;
    month_end(first_of(d.year(), last_month))
}

fn first_of(year: i32, month: u32) -> NaiveDate {
    // Every (year, month) we build is in range: month is 1-12 and years come from parsed dates.
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Whole months from `from` to `to`, counting a month only once its day is reached.
pub fn whole_months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_and_quarter_ends() {
        assert_eq!(month_end(d("2026-02-10")), d("2026-02-28"));
        assert_eq!(month_end(d("2024-02-29")), d("2024-02-29"));
        assert_eq!(month_end(d("2026-12-31")), d("2026-12-31"));
        assert_eq!(quarter_end(d("2026-11-01")), d("2026-12-31"));
        assert_eq!(quarter_end(d("2026-04-01")), d("2026-06-30"));
    }

    #[test]
    fn whole_months_count_only_completed_months() {
        assert_eq!(whole_months_between(d("2025-10-31"), d("2026-10-31")), 12);
        assert_eq!(whole_months_between(d("2025-11-01"), d("2026-10-31")), 11);
        assert_eq!(whole_months_between(d("2026-10-31"), d("2026-10-01")), -1);
    }
}
