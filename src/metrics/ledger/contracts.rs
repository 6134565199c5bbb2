//! Contracts of one client over the period: contracted hours and fees prorated by
//! the days they cover, the running contract's end and notice, and the contracted
//! hours of each of the last months.

use super::window::{min_opt, Window, OVERRUN_MONTHS};
use crate::model::money::round_money;
use crate::model::period::Period;
use crate::model::records::Contract;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Contract figures of one client for the window.
#[derive(Debug, Default)]
pub(super) struct ContractFigures {
    /// Hours contracted for the period.
    pub(super) contracted_hours: Option<Decimal>,
    /// Fees for the period.
    pub(super) fees: Option<Decimal>,
    /// Fees for the previous period.
    pub(super) previous_fees: Option<Decimal>,
    /// The running contract's hourly rate.
    pub(super) hourly_rate: Option<Decimal>,
    /// Hours contracted in each of the last months, oldest first.
    pub(super) month_hours: [Option<Decimal>; OVERRUN_MONTHS],
    /// First day of the first contract.
    pub(super) start: Option<NaiveDate>,
    /// End of the contract that decides it (`Some(None)`: open-ended).
    pub(super) end: Option<Option<NaiveDate>>,
    /// Its notice, in days.
    pub(super) notice_days: Option<u32>,
}

pub(super) fn contract_figures(
    contracts: &[&Contract],
    w: &Window,
    billable_hours: Option<Decimal>,
) -> ContractFigures {
    let mut f = ContractFigures::default();
    let add = |slot: &mut Option<Decimal>, v: Decimal| *slot = Some(slot.unwrap_or_default() + v);
    // Oldest first, so the result does not depend on the file's row order.
    let mut contracts = contracts.to_vec();
    contracts.sort_by_key(|c| (c.start, c.end.is_none(), c.end));
    let recent: Vec<Period> = Period::last_months(w.period.to, OVERRUN_MONTHS)
        .into_iter()
        // A period cut at the report date cuts its last month too.
        .filter_map(|first| {
            Period::between(
                first,
                crate::model::period::month_end(first).min(w.period.to),
            )
            .ok()
        })
        .collect();
    for c in contracts {
        let months = w.period.months_covered(c.start, c.end);
        let previous = w.previous.months_covered(c.start, c.end);
        let running = !months.is_zero();
        if let Some(h) = c.hours_per_month {
            // A contract outside the period contracts nothing for it: unknown, not zero.
            if running {
                add(&mut f.contracted_hours, round_money(h * months));
            }
            // Months before the contract existed stay unknown, not zero.
            let pad = OVERRUN_MONTHS - recent.len();
            for (i, m) in recent.iter().enumerate() {
                let share = m.months_covered(c.start, c.end);
                if !share.is_zero() {
                    add(&mut f.month_hours[pad + i], h * share);
                }
            }
        }
        if let Some(fee) = c.monthly_fee {
            if running {
                add(&mut f.fees, round_money(fee * months));
            }
            if !previous.is_zero() {
                add(&mut f.previous_fees, round_money(fee * previous));
            }
        }
        if running && c.hourly_rate.is_some() {
            f.hourly_rate = c.hourly_rate;
        }
        f.start = min_opt(f.start, Some(c.start));
        // The contract running on the report date decides the end and the notice,
        // unless a signed renewal (a later contract with a later end) extends it.
        let current = c.start <= w.as_of && c.end.is_none_or(|e| e >= w.as_of);
        let later = match f.end {
            None => true,
            Some(prev) => current || (prev.is_some() && c.end > prev),
        };
        if later {
            f.end = Some(c.end);
            f.notice_days = c.notice_days;
        }
    }
    if f.fees.is_none() {
        // Time and materials: the contract's hourly rate for the billable hours.
        if let (Some(rate), Some(h)) = (f.hourly_rate, billable_hours) {
            f.fees = Some(round_money(rate * h));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ledger::fixtures::*;
    use crate::model::money::dec;

    #[test]
    fn contracts_prorate_hours_and_fees_by_the_days_they_cover() {
        let w = window();
        let c = contract("2026-10-16", None, Some("20"), Some("3100"));
        let f = contract_figures(&[&c], &w, None);
        assert_eq!(f.contracted_hours, Some(dec("10.32"))); // 20 x 16/31
        assert_eq!(f.fees, Some(dec("1600.00"))); // 3100 x 16/31
        assert_eq!(f.previous_fees, None, "no contract in September");
        assert_eq!(f.month_hours[5], Some(dec("20") * (dec("16") / dec("31"))));
        assert_eq!(
            f.month_hours[4], None,
            "before the contract: unknown, not zero"
        );
        assert_eq!((f.end, f.notice_days), (Some(None), Some(45)));
    }

    #[test]
    fn the_running_contract_decides_the_end() {
        let w = window();
        let old = contract("2025-01-01", Some("2025-12-31"), Some("10"), None);
        let now = contract("2026-01-01", Some("2027-03-31"), Some("10"), None);
        let f = contract_figures(&[&now, &old], &w, None);
        assert_eq!(f.end, Some(Some(d("2027-03-31"))));
        assert_eq!(f.start, Some(d("2025-01-01")));
    }
}
