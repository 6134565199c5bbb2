//! `--merge-duplicates`: how two rows of the same client become one. Amounts and
//! counts add up, lateness is weighted by revenue, dates keep the latest contact
//! and contract end and the earliest start.

use crate::model::{Aging, Client};
use rust_decimal::Decimal;

/// `f` of both values when both rows have one, else the one there is.
fn both<T>(a: Option<T>, b: Option<T>, f: impl FnOnce(T, T) -> Option<T>) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => f(x, y),
        (x, y) => x.or(y),
    }
}

fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    both(a, b, Decimal::checked_add)
}

/// Adds a duplicate row into the first one (`--merge-duplicates`).
pub(super) fn merge(into: &mut Client, other: Client) {
    // Rows already merged into `into`, so a running mean weighs each row once.
    let n = Decimal::from(into.merged_rows + 1);
    // Lateness is weighted by revenue (before the revenues are added up), else by rows.
    into.avg_days_late = match (
        into.avg_days_late,
        other.avg_days_late,
        into.revenue,
        other.revenue,
    ) {
        (Some(a), Some(b), Some(ra), Some(rb)) if !(ra + rb).is_zero() => {
            Some((a * ra + b * rb) / (ra + rb))
        }
        (Some(a), Some(b), ..) => Some((a * n + b) / (n + Decimal::ONE)),
        (a, b, ..) => a.or(b),
    };
    let rows = f64::from(into.merged_rows + 1);
    into.late_invoice_ratio = both(into.late_invoice_ratio, other.late_invoice_ratio, |a, b| {
        Some(crate::model::money::round_ratio(
            (a * rows + b) / (rows + 1.0),
        ))
    });
    // A row with revenue but no cost would turn its revenue into pure profit.
    let cost_gap = (into.cost.is_some() && other.cost.is_none() && other.revenue.is_some())
        || (other.cost.is_some() && into.cost.is_none() && into.revenue.is_some());
    into.merged_rows += 1 + other.merged_rows;
    into.revenue = add(into.revenue, other.revenue);
    into.previous_revenue = add(into.previous_revenue, other.previous_revenue);
    into.cost = add(into.cost, other.cost).filter(|_| !cost_gap);
    into.cost_derived |= other.cost_derived;
    into.hours = add(into.hours, other.hours);
    into.contracted_hours = add(into.contracted_hours, other.contracted_hours);
    into.out_of_scope_hours = add(into.out_of_scope_hours, other.out_of_scope_hours);
    into.out_of_scope_value = add(into.out_of_scope_value, other.out_of_scope_value);
    into.overdue = add(into.overdue, other.overdue);
    let count = |a: Option<u32>, b| both(a, b, |x, y| Some(x.saturating_add(y)));
    into.out_of_scope_requests = count(into.out_of_scope_requests, other.out_of_scope_requests);
    into.complaints = count(into.complaints, other.complaints);
    into.aging = both(into.aging.take(), other.aging, |a, b| {
        Some(Aging {
            current: a.current + b.current,
            d1_30: a.d1_30 + b.d1_30,
            d31_60: a.d31_60 + b.d31_60,
            d61_90: a.d61_90 + b.d61_90,
            d90_plus: a.d90_plus + b.d90_plus,
        })
    });
    into.fit.extend(other.fit);
    into.red_flag = both(into.red_flag.take(), other.red_flag, |a, b| {
        Some(format!("{a}; {b}"))
    });
    into.last_contact = into.last_contact.max(other.last_contact);
    into.contract_end = into.contract_end.max(other.contract_end);
    into.notice_given = into.notice_given.max(other.notice_given);
    into.last_rate_increase = into.last_rate_increase.max(other.last_rate_increase);
    into.client_since = both(into.client_since, other.client_since, |a, b| Some(a.min(b)));
    into.nps = other.nps.or(into.nps);
    into.cost_rate = other.cost_rate.or(into.cost_rate);
    into.bill_rate = other.bill_rate.or(into.bill_rate);
    into.notice_days = into.notice_days.max(other.notice_days);
    into.source = into.source.take().or(other.source);
    let note = "merged rows: one has revenue but no cost, so cost (and margin) is null";
    let note = cost_gap.then(|| note.to_string());
    for w in note.into_iter().chain(other.warnings) {
        if !into.warnings.contains(&w) {
            into.warnings.push(w);
        }
    }
}
