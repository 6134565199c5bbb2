//! Day arithmetic on `NaiveDate`: month and quarter ends, months between dates.

use chrono::{Datelike, NaiveDate};

/// Last day of the month containing `d`.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    // At the end of the calendar there is no next month: the date itself is the end.
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(d)
}

/// Last day of the calendar quarter containing `d`.
pub fn quarter_end(d: NaiveDate) -> NaiveDate {
    let last_month = ((d.month() - 1) / 3 + 1) * 3;
    NaiveDate::from_ymd_opt(d.year(), last_month, 1).map_or(d, month_end)
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
        assert_eq!(
            month_end(NaiveDate::MAX),
            NaiveDate::MAX,
            "no panic at the end of time"
        );
    }

    #[test]
    fn whole_months_count_only_completed_months() {
        assert_eq!(whole_months_between(d("2025-10-31"), d("2026-10-31")), 12);
        assert_eq!(whole_months_between(d("2025-11-01"), d("2026-10-31")), 11);
        assert_eq!(whole_months_between(d("2026-10-31"), d("2026-10-01")), -1);
    }
}
