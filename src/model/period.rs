//! Day arithmetic on `NaiveDate` (month and quarter ends, months between dates) and the
//! reporting periods a ledger run adds up.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Last day of the month containing `d`.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    calendar(PeriodKind::Month, d).to
}

/// Last day of the calendar quarter containing `d`.
pub fn quarter_end(d: NaiveDate) -> NaiveDate {
    calendar(PeriodKind::Quarter, d).to
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

/// What `Period::parse` accepts, quoted in every parse error so the user can retype it.
const EXPECTED: &str = "a period such as 2026-10, 2026-Q3, 2026, last-month or last-quarter";

/// A closed range of report days: the period whose figures a ledger run adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    /// First day in the period.
    pub from: NaiveDate,
    /// Last day in the period (inclusive).
    pub to: NaiveDate,
    /// The calendar unit the range is, if any.
    #[serde(skip)]
    pub kind: PeriodKind,
}

/// The calendar unit a `Period` spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// A whole calendar month.
    Month,
    /// A whole calendar quarter.
    Quarter,
    /// A whole calendar year.
    Year,
    /// Any other run of days.
    Days,
}

impl Period {
    /// Reads `2026-10`, `2026-Q3`, `2026`, or `this-`/`last-` `month`/`quarter`/`year` relative to `as_of`.
    pub fn parse(text: &str, as_of: NaiveDate) -> Result<Period, String> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let relative = match lower.as_str() {
            "this-month" => Some((PeriodKind::Month, false)),
            "this-quarter" => Some((PeriodKind::Quarter, false)),
            "this-year" => Some((PeriodKind::Year, false)),
            "last-month" => Some((PeriodKind::Month, true)),
            "last-quarter" => Some((PeriodKind::Quarter, true)),
            "last-year" => Some((PeriodKind::Year, true)),
            _ => None,
        };
        if let Some((kind, last)) = relative {
            let this = calendar(kind, as_of);
            return if last {
                calendar_before(kind, this.from).ok_or_else(|| {
                    format!("{t:?} has no period before {as_of}: expected {EXPECTED}")
                })
            } else {
                Ok(this)
            };
        }

        let not_a_period = || format!("{t:?} is not a period: expected {EXPECTED}");
        let (year_text, rest) = match lower.split_once('-') {
            Some((y, rest)) => (y, Some(rest)),
            None => (lower.as_str(), None),
        };
        if year_text.len() != 4 {
            return Err(not_a_period());
        }
        let year = digits(year_text).ok_or_else(not_a_period)?;
        if !(1900..=2999).contains(&year) {
            return Err(format!(
                "{t:?} has year {year}, not 1900-2999: expected {EXPECTED}"
            ));
        }
        // The year is in range, so every month and quarter below exists in the calendar.
        let year = year as i32;
        let (kind, first_month) = match rest {
            None => (PeriodKind::Year, 1),
            Some(rest) => {
                // `Q3` (one digit) or `10` (one or two).
                let (kind, number, unit, last, max_digits) = match rest.strip_prefix('q') {
                    Some(q) => (PeriodKind::Quarter, q, "quarter", 4, 1),
                    None => (PeriodKind::Month, rest, "month", 12, 2),
                };
                let n = (number.len() <= max_digits)
                    .then(|| digits(number))
                    .flatten()
                    .ok_or_else(not_a_period)?;
                if !(1..=last).contains(&n) {
                    return Err(format!(
                        "{t:?} has {unit} {n}, not 1-{last}: expected {EXPECTED}"
                    ));
                }
                let months = if kind == PeriodKind::Quarter { 3 } else { 1 };
                (kind, (n - 1) * months + 1)
            }
        };
        NaiveDate::from_ymd_opt(year, first_month, 1)
            .map(|first| calendar(kind, first))
            .ok_or_else(not_a_period)
    }

    /// The days `from..=to`, recognised as a month, quarter or year when it is exactly one.
    pub fn between(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(format!(
                "the period ends on {to}, before it starts on {from}: expected a start on or before the end"
            ));
        }
        Ok(Period {
            from,
            to,
            kind: kind_of(from, to),
        })
    }

    /// Whether `d` is one of the period's days.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Number of days in the period, both ends included (0 if `to` is before `from`).
    pub fn days(&self) -> i64 {
        (days_between(self.from, self.to) + 1).max(0)
    }

    /// The months the period's figures cover, for per-month figures: 1, 3, 12, or the
    /// days over an average month (30.4375 days), at least 1.
    pub fn whole_months(&self) -> u32 {
        match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
            PeriodKind::Days => ((self.days() as f64 / 30.4375).round() as u32).clamp(1, 120),
        }
    }

    /// The comparable period just before: the previous month, quarter or year, else as many days.
    ///
    /// At the start of the calendar there is nothing earlier, so the result shrinks towards
    /// `NaiveDate::MIN` instead of failing.
    pub fn previous(&self) -> Period {
        let floor = Period {
            from: NaiveDate::MIN,
            to: NaiveDate::MIN,
            kind: PeriodKind::Days,
        };
        match self.kind {
            PeriodKind::Days => {
                let Some(to) = self.from.pred_opt() else {
                    return floor;
                };
                let back = u64::try_from(self.days() - 1).unwrap_or(0);
                let from = to
                    .checked_sub_days(chrono::Days::new(back))
                    .unwrap_or(NaiveDate::MIN);
                Period {
                    from,
                    to,
                    kind: kind_of(from, to),
                }
            }
            kind => calendar_before(kind, self.from).unwrap_or(floor),
        }
    }

    /// Each calendar month the period touches (its first day) with the share of its days inside.
    pub fn months(&self) -> Vec<(NaiveDate, f64)> {
        month_days(self.from, self.to)
            .into_iter()
            .map(|(first, covered, days)| (first, covered as f64 / days as f64))
            .collect()
    }

    /// The same as an exact decimal (16 of 31 days = 16/31), for money: contracted
    /// hours and fees are prorated with it.
    pub fn months_covered(
        &self,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> rust_decimal::Decimal {
        let from = self.from.max(start);
        let to = end.map_or(self.to, |end| end.min(self.to));
        month_days(from, to)
            .into_iter()
            .map(|(_, covered, days)| {
                rust_decimal::Decimal::from(covered) / rust_decimal::Decimal::from(days)
            })
            .sum()
    }

    /// First days of the `n` months ending with the one containing `end`, oldest first.
    ///
    /// Fewer than `n` when the calendar starts first.
    pub fn last_months(end: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let first_of = |day| calendar(PeriodKind::Month, day).from;
        let mut firsts: Vec<NaiveDate> =
            std::iter::successors(Some(first_of(end)), |month| month.pred_opt().map(first_of))
                .take(n)
                .collect();
        firsts.reverse();
        firsts
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `kind` is a public field; a hand-built period whose days do not match it is
        // shown as its days rather than under a label that would misstate them.
        let kind = if kind_of(self.from, self.to) == self.kind {
            self.kind
        } else {
            PeriodKind::Days
        };
        match kind {
            PeriodKind::Month => write!(f, "{}", self.from.format("%Y-%m")),
            PeriodKind::Quarter => write!(
                f,
                "{}-Q{}",
                self.from.format("%Y"),
                (self.from.month() - 1) / 3 + 1
            ),
            PeriodKind::Year => write!(f, "{}", self.from.format("%Y")),
            PeriodKind::Days => write!(f, "{}..{}", self.from, self.to),
        }
    }
}

/// ASCII digits only: `str::parse` would also take a sign (`+1`).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The whole month, quarter or year containing `d` (just `d` for `Days`).
fn calendar(kind: PeriodKind, d: NaiveDate) -> Period {
    let (first_month, last_month) = match kind {
        PeriodKind::Month => (d.month(), d.month()),
        PeriodKind::Quarter => {
            let first = (d.month() - 1) / 3 * 3 + 1;
            (first, first + 2)
        }
        PeriodKind::Year => (1, 12),
        PeriodKind::Days => {
            return Period {
                from: d,
                to: d,
                kind,
            }
        }
    };
    let from = NaiveDate::from_ymd_opt(d.year(), first_month, 1);
    // Counted, not found from the next month's first day: the calendar's last month has none.
    let last = NaiveDate::from_ymd_opt(d.year(), last_month, 1);
    let to = last.and_then(|l| l.with_day(l.num_days_in_month().into()));
    // Always both: every day of a year that holds `d` is representable.
    from.zip(to)
        .map_or(calendar(PeriodKind::Days, d), |(from, to)| Period {
            from,
            to,
            kind,
        })
}

/// The whole unit before the one containing `d`, if the calendar reaches back that far.
fn calendar_before(kind: PeriodKind, d: NaiveDate) -> Option<Period> {
    calendar(kind, d)
        .from
        .pred_opt()
        .map(|day| calendar(kind, day))
}

/// The calendar unit `from..=to` is exactly, else `Days`.
fn kind_of(from: NaiveDate, to: NaiveDate) -> PeriodKind {
    [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year]
        .into_iter()
        .find(|&kind| {
            let unit = calendar(kind, from);
            unit.from == from && unit.to == to
        })
        .unwrap_or(PeriodKind::Days)
}

/// Each month `from..=to` touches: its first day, the days covered, the days it has.
fn month_days(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, i64, i64)> {
    let mut shares = Vec::new();
    let mut day = from;
    while day <= to {
        let month = calendar(PeriodKind::Month, day);
        let covered = days_between(day, month.to.min(to)) + 1;
        shares.push((month.from, covered, month.days()));
        match month.to.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    shares
}

/// Parses an ISO date literal; for tests only.
#[cfg(test)]
pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date literal")
}

#[cfg(test)]
mod tests {
    use super::date as d;
    use super::*;

    impl Period {
        /// [`Period::months_covered`] as a float, to compare with fractions.
        fn month_fraction(&self, start: NaiveDate, end: Option<NaiveDate>) -> f64 {
            crate::model::money::to_f64(self.months_covered(start, end))
        }
    }

    /// A period as written, whether or not `kind` fits its days.
    fn unit(from: &str, to: &str, kind: PeriodKind) -> Period {
        Period {
            from: d(from),
            to: d(to),
            kind,
        }
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

    fn p(text: &str) -> Period {
        Period::parse(text, d("2026-10-17")).unwrap()
    }

    fn span(from: &str, to: &str) -> Period {
        Period::between(d(from), d(to)).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn parses_months_quarters_and_years() {
        assert_eq!(
            p("2026-10"),
            unit("2026-10-01", "2026-10-31", PeriodKind::Month)
        );
        assert_eq!(
            p("2026-Q3"),
            unit("2026-07-01", "2026-09-30", PeriodKind::Quarter)
        );
        assert_eq!(p("2026-q3"), p("2026-Q3"));
        assert_eq!(
            p("2026"),
            unit("2026-01-01", "2026-12-31", PeriodKind::Year)
        );
        assert_eq!(p(" \t2026-10\n"), p("2026-10"), "whitespace is trimmed");
        assert_eq!(p("2026-01").to, d("2026-01-31"));
        assert_eq!(p("2026-1"), p("2026-01"));
        assert_eq!(p("2026-Q1").to, d("2026-03-31"));
        assert_eq!(p("2026-Q4").from, d("2026-10-01"));
        assert_eq!(p("1900").from, d("1900-01-01"));
        assert_eq!(p("2999-12").to, d("2999-12-31"));
    }

    #[test]
    fn february_follows_the_leap_rules() {
        assert_eq!(p("2024-02").days(), 29);
        assert_eq!(p("2026-02").days(), 28);
        assert_eq!(p("1900-02").days(), 28, "a century is not leap");
        assert_eq!(p("2000-02").days(), 29, "unless it divides by 400");
        assert_eq!(p("2024").days(), 366);
        assert_eq!(p("2026").days(), 365);
        assert_eq!(p("2024-Q1").days(), 31 + 29 + 31);
    }

    #[test]
    fn relative_periods_count_from_as_of() {
        let at = |text: &str, as_of: &str| Period::parse(text, d(as_of)).unwrap();
        assert_eq!(at("this-month", "2026-10-17"), p("2026-10"));
        assert_eq!(at("this-quarter", "2026-10-17"), p("2026-Q4"));
        assert_eq!(at("this-year", "2026-10-17"), p("2026"));
        assert_eq!(at("last-month", "2026-10-17"), p("2026-09"));
        assert_eq!(at("last-month", "2026-03-31"), p("2026-02"));
        assert_eq!(at("last-quarter", "2026-10-17"), p("2026-Q3"));
        assert_eq!(at("last-quarter", "2026-04-01"), p("2026-Q1"));
        assert_eq!(at("last-year", "2026-10-17"), p("2025"));
        assert_eq!(at(" LAST-MONTH ", "2026-10-17"), p("2026-09"));
    }

    #[test]
    fn last_month_in_january_and_last_quarter_in_q1_reach_into_last_year() {
        let jan = Period::parse("last-month", d("2026-01-01")).unwrap();
        assert_eq!(jan, unit("2025-12-01", "2025-12-31", PeriodKind::Month));
        let q1 = Period::parse("last-quarter", d("2026-03-31")).unwrap();
        assert_eq!(q1, unit("2025-10-01", "2025-12-31", PeriodKind::Quarter));
        assert_eq!(q1.to_string(), "2025-Q4");
    }

    #[test]
    fn bad_inputs_say_what_was_expected() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "2026-Q",
            "2026-Q10",
            "26-10",
            "",
            "   ",
            "abcd",
            "3000",
            "1899",
            "12026",
            "2026-",
            "2026-10-05",
            "2026-+1",
            "+202",
            "2026-1a",
            "2026-Q+1",
            "next-month",
            "last_month",
            "２０２６",
            "2026-１０",
            "-2026",
        ] {
            let err = Period::parse(bad, d("2026-10-17")).expect_err(bad);
            assert!(err.contains(EXPECTED), "{bad:?}: {err}");
        }
        let err = |text: &str| Period::parse(text, d("2026-10-17")).unwrap_err();
        for (text, says) in [
            ("2026-13", "\"2026-13\" has month 13, not 1-12"),
            ("2026-Q5", "\"2026-Q5\" has quarter 5, not 1-4"),
            ("3000", "\"3000\" has year 3000, not 1900-2999"),
            ("abcd", "\"abcd\" is not a period"),
        ] {
            assert!(err(text).starts_with(says), "{}", err(text));
        }
        assert_eq!(
            err(""),
            "\"\" is not a period: expected a period such as 2026-10, 2026-Q3, 2026, last-month or last-quarter"
        );
    }

    #[test]
    fn relative_periods_before_the_calendar_are_errors() {
        let err = Period::parse("last-month", NaiveDate::MIN).unwrap_err();
        assert!(err.contains(EXPECTED), "{err}");
        assert!(Period::parse("last-year", NaiveDate::MIN).is_err());
        assert_eq!(
            Period::parse("this-month", NaiveDate::MIN).unwrap().from,
            NaiveDate::MIN
        );
        assert_eq!(
            Period::parse("this-year", NaiveDate::MAX).unwrap().to,
            NaiveDate::MAX
        );
        assert_eq!(
            Period::parse("this-quarter", NaiveDate::MAX)
                .unwrap()
                .days(),
            92
        );
    }

    #[test]
    fn between_recognises_calendar_units() {
        assert_eq!(span("2026-10-01", "2026-10-31"), p("2026-10"));
        assert_eq!(span("2024-02-01", "2024-02-29").kind, PeriodKind::Month);
        assert_eq!(
            span("2024-02-01", "2024-02-28").kind,
            PeriodKind::Days,
            "a day short"
        );
        assert_eq!(span("2026-02-01", "2026-02-28").kind, PeriodKind::Month);
        assert_eq!(span("2026-07-01", "2026-09-30"), p("2026-Q3"));
        assert_eq!(
            span("2026-08-01", "2026-10-31").kind,
            PeriodKind::Days,
            "not a quarter"
        );
        assert_eq!(span("2026-01-01", "2026-12-31"), p("2026"));
        assert_eq!(span("2026-01-01", "2026-03-31").kind, PeriodKind::Quarter);
        assert_eq!(span("2026-10-02", "2026-10-31").kind, PeriodKind::Days);
        assert_eq!(span("2026-10-05", "2026-10-05").days(), 1);
    }

    #[test]
    fn between_rejects_a_backwards_range() {
        let err = Period::between(d("2026-10-31"), d("2026-10-01")).unwrap_err();
        assert!(
            err.contains("2026-10-31") && err.contains("2026-10-01"),
            "{err}"
        );
        assert!(err.contains("expected"), "{err}");
    }

    #[test]
    fn contains_and_days_include_both_ends() {
        let q = p("2026-Q3");
        assert!(q.contains(d("2026-07-01")));
        assert!(q.contains(d("2026-09-30")));
        assert!(!q.contains(d("2026-06-30")));
        assert!(!q.contains(d("2026-10-01")));
        assert_eq!(q.days(), 31 + 31 + 30);
        assert_eq!(span("2026-10-05", "2026-11-04").days(), 31);
        let backwards = unit("2026-10-31", "2026-10-01", PeriodKind::Days);
        assert_eq!(backwards.days(), 0);
        assert!(!backwards.contains(d("2026-10-15")));
    }

    #[test]
    fn previous_calendar_unit_is_the_whole_unit_before() {
        assert_eq!(
            p("2026-03").previous(),
            p("2026-02"),
            "whole February, though shorter"
        );
        assert_eq!(p("2024-03").previous().days(), 29);
        assert_eq!(p("2026-01").previous(), p("2025-12"));
        assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
        assert_eq!(p("2026-Q3").previous(), p("2026-Q2"));
        assert_eq!(p("2026").previous(), p("2025"));
    }

    #[test]
    fn previous_days_period_has_the_same_length() {
        let prev = span("2026-10-05", "2026-11-04").previous();
        assert_eq!(prev, span("2026-09-04", "2026-10-04"));
        assert_eq!(prev.days(), 31);
        assert_eq!(prev.kind, PeriodKind::Days);
        assert_eq!(
            span("2026-03-01", "2026-03-15").previous(),
            span("2026-02-14", "2026-02-28")
        );
        assert_eq!(
            span("2024-03-01", "2024-03-15").previous(),
            span("2024-02-15", "2024-02-29")
        );
        let one = span("2026-01-01", "2026-01-01").previous();
        assert_eq!(one, span("2025-12-31", "2025-12-31"));
        // 28 days before March 2026 are exactly February, so they are labelled as such.
        let feb = span("2026-03-01", "2026-03-28").previous();
        assert_eq!(feb, p("2026-02"));
        assert_eq!(feb.to_string(), "2026-02");
    }

    #[test]
    fn previous_saturates_at_the_start_of_the_calendar() {
        let floor = Period {
            from: NaiveDate::MIN,
            to: NaiveDate::MIN,
            kind: PeriodKind::Days,
        };
        let first_month = Period::parse("this-month", NaiveDate::MIN).unwrap();
        assert_eq!(first_month.previous(), floor);
        let first_year = Period::parse("this-year", NaiveDate::MIN).unwrap();
        assert_eq!(first_year.previous(), floor);
        let ten = Period::between(NaiveDate::MIN, NaiveDate::MIN + chrono::Days::new(9)).unwrap();
        assert_eq!(ten.previous(), floor);
        let late = NaiveDate::MIN + chrono::Days::new(3);
        let shorter = Period::between(late, late + chrono::Days::new(9))
            .unwrap()
            .previous();
        assert_eq!(shorter.from, NaiveDate::MIN);
        assert_eq!(shorter.days(), 3, "only three days exist before it");
        let backwards = unit("2026-10-31", "2026-10-01", PeriodKind::Days);
        assert_eq!(backwards.previous(), span("2026-10-30", "2026-10-30"));
    }

    #[test]
    fn months_give_the_share_of_each_month_covered() {
        let tail = span("2026-10-16", "2026-10-31").months();
        assert_eq!(tail.len(), 1);
        assert_eq!(tail[0].0, d("2026-10-01"));
        assert!(close(tail[0].1, 16.0 / 31.0), "{}", tail[0].1);
        assert_eq!(
            p("2026-Q3").months(),
            vec![
                (d("2026-07-01"), 1.0),
                (d("2026-08-01"), 1.0),
                (d("2026-09-01"), 1.0)
            ]
        );
        assert_eq!(p("2024").months().len(), 12);
        let leap = span("2024-01-20", "2024-03-10").months();
        assert_eq!(
            leap.iter().map(|m| m.0).collect::<Vec<_>>(),
            [d("2024-01-01"), d("2024-02-01"), d("2024-03-01")]
        );
        assert!(close(leap[0].1, 12.0 / 31.0));
        assert!(close(leap[1].1, 1.0));
        assert!(close(leap[2].1, 10.0 / 31.0));
        let new_year = span("2026-12-20", "2027-01-05").months();
        assert_eq!(new_year.len(), 2);
        assert!(close(new_year[0].1, 12.0 / 31.0) && close(new_year[1].1, 5.0 / 31.0));
        assert!(close(
            span("2024-02-10", "2024-02-10").months()[0].1,
            1.0 / 29.0
        ));
        let backwards = unit("2026-10-31", "2026-10-01", PeriodKind::Days);
        assert!(backwards.months().is_empty());
    }

    #[test]
    fn months_reach_the_end_of_the_calendar() {
        let last = Period::parse("this-month", NaiveDate::MAX).unwrap();
        assert_eq!(last.to, NaiveDate::MAX);
        assert_eq!(last.months(), vec![(last.from, 1.0)]);
        assert_eq!(last.month_fraction(NaiveDate::MIN, None), 1.0);
    }

    #[test]
    fn overlap_counts_contract_months_inside_the_period() {
        let oct = p("2026-10");
        let open = oct.month_fraction(d("2026-10-16"), None);
        assert!(close(open, 16.0 / 31.0), "{open}");
        assert!((open - 0.516).abs() < 1e-3);
        assert_eq!(p("2026-Q3").month_fraction(d("2025-01-01"), None), 3.0);
        assert_eq!(
            p("2026-Q3").month_fraction(d("2026-07-01"), Some(d("2026-09-30"))),
            3.0
        );
        let ends_mid_month = p("2026-Q3").month_fraction(d("2025-06-01"), Some(d("2026-08-15")));
        assert!(close(ends_mid_month, 1.0 + 15.0 / 31.0), "{ends_mid_month}");
        let inside = oct.month_fraction(d("2026-10-10"), Some(d("2026-10-20")));
        assert!(close(inside, 11.0 / 31.0), "{inside}");
        let leap = p("2024-Q1").month_fraction(d("2024-02-15"), Some(d("2024-02-29")));
        assert!(close(leap, 15.0 / 29.0), "{leap}");
        // Shares are of each calendar month, so a part-month period counts part months.
        let half = span("2026-10-16", "2026-11-15").month_fraction(d("2020-01-01"), None);
        assert!(close(half, 16.0 / 31.0 + 15.0 / 30.0), "{half}");
        assert_eq!(
            oct.month_fraction(d("2026-11-01"), None),
            0.0,
            "starts after"
        );
        assert_eq!(
            oct.month_fraction(d("2026-01-01"), Some(d("2026-09-30"))),
            0.0,
            "ended before"
        );
        assert_eq!(
            oct.month_fraction(d("2026-10-20"), Some(d("2026-10-10"))),
            0.0,
            "backwards"
        );
        let one_day = oct.month_fraction(d("2026-10-31"), Some(d("2026-10-31")));
        assert!(close(one_day, 1.0 / 31.0));
    }

    #[test]
    fn last_months_end_with_the_month_of_end() {
        assert_eq!(
            Period::last_months(d("2026-02-14"), 3),
            [d("2025-12-01"), d("2026-01-01"), d("2026-02-01")]
        );
        assert_eq!(Period::last_months(d("2026-10-31"), 1), [d("2026-10-01")]);
        assert!(Period::last_months(d("2026-10-31"), 0).is_empty());
        assert_eq!(Period::last_months(d("2026-10-31"), 12)[0], d("2025-11-01"));
        assert_eq!(Period::last_months(NaiveDate::MIN, 5), [NaiveDate::MIN]);
        let feb = NaiveDate::MIN + chrono::Days::new(40);
        assert_eq!(
            Period::last_months(feb, usize::MAX),
            [NaiveDate::MIN, NaiveDate::MIN + chrono::Days::new(31)],
            "the calendar runs out before n does"
        );
    }

    #[test]
    fn display_matches_what_parse_reads() {
        assert_eq!(p("2026-10").to_string(), "2026-10");
        assert_eq!(p("2026-01").to_string(), "2026-01");
        assert_eq!(p("2026-q3").to_string(), "2026-Q3");
        assert_eq!(p("2026").to_string(), "2026");
        assert_eq!(
            span("2026-10-05", "2026-11-04").to_string(),
            "2026-10-05..2026-11-04"
        );
        for text in ["2026-10", "2026-Q3", "2026", "1900-01", "2999-Q4"] {
            assert_eq!(p(&p(text).to_string()), p(text));
        }
        let mislabelled = unit("2026-10-05", "2026-11-04", PeriodKind::Month);
        assert_eq!(mislabelled.to_string(), "2026-10-05..2026-11-04");
    }

    #[test]
    fn serializes_its_days_only() {
        assert_eq!(
            serde_json::to_string(&p("2026-10")).unwrap(),
            r#"{"from":"2026-10-01","to":"2026-10-31"}"#
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn any_day() -> impl Strategy<Value = NaiveDate> {
            (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
                .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
        }

        proptest! {
            #[test]
            fn parse_never_panics_and_round_trips(
                text in prop_oneof!["\\PC{0,12}", "[ ]?[0-9]{4}(-[qQ]?[0-9+]{0,3})?[ ]?"],
                as_of in any_day(),
            ) {
                if let Ok(period) = Period::parse(&text, as_of) {
                    prop_assert!(period.from <= period.to);
                    prop_assert_ne!(period.kind, PeriodKind::Days);
                    prop_assert_eq!(Period::parse(&period.to_string(), as_of), Ok(period));
                }
                for word in ["this-month", "last-month", "this-quarter", "last-quarter", "this-year", "last-year"] {
                    if let Ok(period) = Period::parse(word, as_of) {
                        prop_assert_eq!(word.starts_with("this"), period.contains(as_of));
                    }
                }
            }

            #[test]
            fn periods_hold_together(from in any_day(), len in 0u64..800, contract in any_day()) {
                let to = from.checked_add_days(chrono::Days::new(len)).unwrap_or(NaiveDate::MAX);
                let period = Period::between(from, to).unwrap();
                prop_assert_eq!(period.days(), days_between(from, to) + 1);
                let prev = period.previous();
                prop_assert!(prev.from <= prev.to);
                if let Some(day_before) = from.pred_opt() {
                    prop_assert_eq!(prev.to, day_before);
                }
                if period.kind == PeriodKind::Days && prev.from > NaiveDate::MIN {
                    prop_assert_eq!(prev.days(), period.days());
                }
                let months = period.months();
                prop_assert!(months.iter().all(|&(first, share)| first.day() == 1 && share > 0.0 && share <= 1.0));
                let covered: f64 = months.iter().map(|&(first, share)| share * calendar(PeriodKind::Month, first).days() as f64).sum();
                prop_assert!((covered - period.days() as f64).abs() < 1e-6, "{} vs {}", covered, period.days());
                let whole: f64 = months.iter().map(|m| m.1).sum();
                prop_assert!((period.month_fraction(NaiveDate::MIN, None) - whole).abs() < 1e-9);
                let part = period.month_fraction(contract, None);
                prop_assert!((0.0..=whole + 1e-9).contains(&part));
                let n = months.len();
                prop_assert_eq!(Period::last_months(to, n), months.iter().map(|m| m.0).collect::<Vec<_>>());
                prop_assert!(!period.to_string().is_empty());
            }
        }
    }
}
