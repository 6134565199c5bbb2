//! The dates every ledger fold compares against.

use crate::model::period::Period;
use chrono::{Datelike, Days, Months, NaiveDate};

/// Months of history behind "how many of the last months went over contract".
pub const OVERRUN_MONTHS: usize = 6;

/// The dates every fold compares against, computed once.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The report period.
    pub period: Period,
    /// The period of equal length before it (for the revenue trend).
    pub previous: Period,
    /// The report date.
    pub as_of: NaiveDate,
    /// Invoices due after this day (and by `as_of`) are judged for lateness: 12 months.
    pub lateness_after: NaiveDate,
    /// Invoices issued after this day count toward DSO: 365 days.
    pub dso_after: NaiveDate,
    /// Month number (`year * 12 + month`) of the period's last month.
    last_month: i32,
    /// Months the model CLV looks ahead (`clv_horizon_months`).
    pub clv_horizon_months: u32,
    /// Its monthly discount rate (`clv_monthly_discount_ratio`).
    pub clv_monthly_discount: f64,
}

fn month_number(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

impl Window {
    /// The window for a period and report date.
    pub fn new(period: Period, as_of: NaiveDate) -> Window {
        Window {
            period,
            previous: period.previous(),
            as_of,
            lateness_after: as_of
                .checked_sub_months(Months::new(12))
                .unwrap_or(NaiveDate::MIN),
            dso_after: as_of
                .checked_sub_days(Days::new(365))
                .unwrap_or(NaiveDate::MIN),
            last_month: month_number(period.to),
            clv_horizon_months: 36,
            clv_monthly_discount: 0.01,
        }
    }

    /// The same window with the CLV terms of the settings.
    pub fn with_clv(mut self, s: &crate::model::settings::Settings) -> Window {
        self.clv_horizon_months = s.clv_horizon_months;
        self.clv_monthly_discount = s.clv_monthly_discount_ratio;
        self
    }

    /// Index 0..6 (oldest first) of `d`'s month among the last six months, if it is one.
    pub(super) fn recent_month(&self, d: NaiveDate) -> Option<usize> {
        let back = self.last_month - month_number(d);
        (0..OVERRUN_MONTHS as i32)
            .contains(&back)
            .then(|| OVERRUN_MONTHS - 1 - back as usize)
    }
}

pub(super) fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
