//! Payment lateness: how late a client pays and what is overdue. A summary file
//! gives `avg_days_late` and `late_invoice_ratio`; from invoices (ledger mode) they
//! are computed here, from the sums the invoice fold keeps.

use crate::model::money::{ratio, round_money};
use rust_decimal::Decimal;

/// Amount-weighted mean days paid after the due date: Σ(amount part × days late)
/// ÷ Σ amount parts over the invoices judged (due in the last 12 months, by the
/// report date); zero when the judged invoices weigh nothing, `None` without any.
pub fn avg_days_late(amount_days: Decimal, weight: Decimal, judged: u32) -> Option<Decimal> {
    (!weight.is_zero())
        .then(|| round_money(amount_days / weight))
        .or(Some(Decimal::ZERO).filter(|_| judged > 0))
}

/// Share of the judged invoices paid (or still open) after their due date.
pub fn late_invoice_ratio(late: u32, judged: u32) -> Option<f64> {
    ratio(Decimal::from(late), Decimal::from(judged))
}

/// Plain (not amount-weighted) mean days late of the judged invoices.
pub fn plain_days_late(days: i64, judged: u32) -> Option<Decimal> {
    (judged > 0).then(|| round_money(Decimal::from(days) / Decimal::from(judged)))
}

/// Days sales outstanding: outstanding ÷ invoiced in the last 365 days × 365;
/// `None` when nothing (or, after credit notes, less than nothing) was invoiced,
/// or the quotient leaves `Decimal`'s range.
pub fn dso_days(outstanding: Decimal, invoiced_365: Decimal) -> Option<Decimal> {
    if invoiced_365 <= Decimal::ZERO {
        return None;
    }
    outstanding
        .checked_div(invoiced_365)
        .and_then(|r| r.checked_mul(Decimal::from(365)))
        .map(round_money)
}

/// The aging bucket of an amount so many days past due: 0 current (not yet due),
/// 1 for 1-30, 2 for 31-60, 3 for 61-90, 4 for more than 90 days.
pub fn aging_bucket(days_past_due: i64) -> usize {
    match days_past_due {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// Score 0-100: 100 when paying on time or early, 50 at the chronic lateness, 0 at twice that.
pub fn score(avg_days_late: f64, chronic_days: f64) -> f64 {
    super::health::falling(avg_days_late, chronic_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateness_by_hand() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        // 1,000 paid 10 days late and 3,000 paid 30 days late: (10,000 + 90,000) / 4,000 = 25.
        assert_eq!(
            avg_days_late(dec("100000"), dec("4000"), 2),
            Some(dec("25.00"))
        );
        assert_eq!(
            avg_days_late(Decimal::ZERO, Decimal::ZERO, 3),
            Some(Decimal::ZERO)
        );
        assert_eq!(avg_days_late(Decimal::ZERO, Decimal::ZERO, 0), None);
        assert_eq!(late_invoice_ratio(1, 3), Some(0.3333));
        assert_eq!(late_invoice_ratio(0, 0), None);
        assert_eq!(plain_days_late(27, 3), Some(dec("9.00")));
        // 500 open of 6,083.33 invoiced in a year: 30 days.
        assert_eq!(dso_days(dec("500"), dec("6083.33")), Some(dec("30.00")));
        assert_eq!(dso_days(dec("500"), dec("-10")), None);
        assert_eq!(
            [0, 1, 30, 31, 60, 61, 90, 91].map(aging_bucket),
            [0, 1, 1, 2, 2, 3, 3, 4]
        );
    }

    #[test]
    fn score_points() {
        assert_eq!(score(-3.0, 30.0), 100.0);
        assert_eq!(score(15.0, 30.0), 75.0);
        assert_eq!(score(30.0, 30.0), 50.0);
        assert_eq!(score(75.0, 30.0), 0.0);
    }
}
