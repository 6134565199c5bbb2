//! Firing: the exit at the next natural conclusion at least the notice away, the
//! notice date, and the team hours it frees, month by month and by person.

use crate::metrics::ClientMetrics;
use crate::model::money::round_money;
use crate::model::period::{month_end, quarter_end};
use crate::model::verdict::{MonthHours, NextStep, PersonHours, Step};
use crate::model::{NaturalConclusion, Settings};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

/// Months the capacity timeline covers.
pub const CAPACITY_MONTHS: usize = 6;

/// Hours a month freed by an exit on `exit`, month by month from `as_of`'s month.
pub fn capacity(freed_per_month: Decimal, exit: NaiveDate, as_of: NaiveDate) -> Vec<MonthHours> {
    let mut out = Vec::with_capacity(CAPACITY_MONTHS);
    let mut first = as_of.with_day(1).unwrap_or(as_of);
    for _ in 0..CAPACITY_MONTHS {
        let last = month_end(first);
        // Days of the month after the exit day are free: all, none, or some.
        let freed_hours = if exit < first {
            round_money(freed_per_month)
        } else if exit >= last {
            round_money(Decimal::ZERO)
        } else {
            let free_days = Decimal::from((last - exit).num_days());
            round_money(freed_per_month * free_days / Decimal::from(last.day()))
        };
        out.push(MonthHours {
            month: format!("{:04}-{:02}", first.year(), first.month()),
            freed_hours,
        });
        match last.succ_opt() {
            Some(next) => first = next,
            None => break,
        }
    }
    out
}

/// Each person's share of the hours the client takes, per month.
fn by_person(m: &ClientMetrics, s: &Settings) -> Vec<PersonHours> {
    let months = Decimal::from(s.period_months.max(1));
    m.people_hours
        .iter()
        .map(|(person, hours)| PersonHours {
            person: person.clone(),
            hours_per_month: round_money(*hours / months),
        })
        .collect()
}

/// Exit at the next natural conclusion at least `notice_days` away: the contract end
/// if late enough, else the next month (or quarter) end that is.
pub fn exit_dates(
    contract_end: Option<NaiveDate>,
    notice_days: u32,
    conclusion: NaturalConclusion,
    as_of: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let days = Duration::days(i64::from(notice_days));
    let earliest = as_of.checked_add_signed(days).unwrap_or(NaiveDate::MAX);
    let exit = match contract_end {
        Some(end) if end >= earliest => end,
        _ => match conclusion {
            NaturalConclusion::Month => month_end(earliest),
            NaturalConclusion::Quarter => quarter_end(earliest),
        },
    };
    (
        exit,
        exit.checked_sub_signed(days).unwrap_or(as_of).max(as_of),
    )
}

/// The notice to give a client: the contract's can lengthen the minimum, never shorten it.
fn notice_days(m: &ClientMetrics, s: &Settings) -> u32 {
    m.notice_days
        .map_or(s.notice_days, |n| n.max(s.notice_days))
}

/// The (notice, exit) dates for ending an engagement: today for a red flag, else
/// the contract end or natural conclusion after the notice period.
pub fn ending_dates(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    if m.red_flag.is_some() {
        return (as_of, as_of);
    }
    let (exit, notice) = exit_dates(
        m.contract_end,
        notice_days(m, s),
        s.natural_conclusion,
        as_of,
    );
    (notice, exit)
}

/// The next step of a client to fire.
pub fn fire(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> NextStep {
    let freed = m.hours_per_month;
    let (notice, exit) = ending_dates(m, s, as_of);
    let steps = match &m.red_flag {
        Some(flag) => vec![
            Step::EndNow {
                flag: flag.clone(),
                freed,
            },
            Step::ProtectTeam,
        ],
        None => {
            let mut steps = vec![
                Step::GiveNotice {
                    notice,
                    exit,
                    at_contract_end: m.contract_end == Some(exit),
                    freed,
                },
                Step::PlanMove {
                    notice_days: notice_days(m, s),
                },
            ];
            steps.extend(m.effective_rate.map(|rate| Step::BillUntilExit { rate }));
            steps
        }
    };
    NextStep {
        steps,
        exit_date: Some(exit),
        notice_date: Some(notice),
        freed_hours_per_month: freed,
        freed_hours_by_person: by_person(m, s),
        capacity: freed.map_or_else(Vec::new, |h| capacity(h, exit, as_of)),
        ..NextStep::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::period::date as d;

    /// 30 days' notice to a monthly natural conclusion.
    fn monthly(end: &str, as_of: &str) -> (NaiveDate, NaiveDate) {
        exit_dates(Some(d(end)), 30, NaturalConclusion::Month, d(as_of))
    }

    #[test]
    fn exit_is_contract_end_when_late_enough() {
        let (exit, notice) = monthly("2027-01-31", "2026-11-01");
        assert_eq!((exit, notice), (d("2027-01-31"), d("2027-01-01")));
    }

    #[test]
    fn exit_falls_to_the_next_month_or_quarter_end() {
        // Contract ends in 10 days: too soon for 30 days' notice. Earliest 2026-12-01.
        let (exit, notice) = monthly("2026-11-11", "2026-11-01");
        assert_eq!((exit, notice), (d("2026-12-31"), d("2026-12-01")));
        let (exit, _) = exit_dates(None, 30, NaturalConclusion::Quarter, d("2026-11-01"));
        assert_eq!(exit, d("2026-12-31"));
        let (exit, notice) = exit_dates(None, 30, NaturalConclusion::Month, d("2026-10-01"));
        assert_eq!((exit, notice), (d("2026-10-31"), d("2026-10-01")));
        let (exit, _) = exit_dates(None, 60, NaturalConclusion::Quarter, d("2026-11-15"));
        assert_eq!(exit, d("2027-03-31"));
    }

    #[test]
    fn capacity_frees_the_exit_month_from_the_day_after() {
        // 31 h a month, exit on 2026-12-15: December has 16 free days of 31.
        let c = capacity(dec("31"), d("2026-12-15"), d("2026-11-01"));
        let got: Vec<(&str, Decimal)> = c
            .iter()
            .map(|m| (m.month.as_str(), m.freed_hours))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11", dec("0")),
                ("2026-12", dec("16")),
                ("2027-01", dec("31")),
                ("2027-02", dec("31")),
                ("2027-03", dec("31")),
                ("2027-04", dec("31")),
            ]
        );
        // Exit on a month's last day: that month is all worked.
        assert_eq!(
            capacity(dec("10"), d("2026-11-30"), d("2026-11-01"))[0].freed_hours,
            dec("0")
        );
    }

    #[test]
    fn fire_frees_the_hours() {
        let c = crate::model::Client {
            red_flag: Some("abuse".into()),
            ..crate::metrics::client::client_t()
        };
        let m = crate::metrics::client::metrics_of(c);
        let step = fire(&m, &Settings::default(), d("2026-11-01"));
        assert_eq!(step.exit_date, Some(d("2026-11-01")));
        assert_eq!(step.freed_hours_per_month, Some(dec("80.00")));
        assert_eq!(step.steps[1], Step::ProtectTeam);
    }
}
