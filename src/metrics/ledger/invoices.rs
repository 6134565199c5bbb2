//! Invoices of one client added up: revenue, lateness, aging, DSO, and the purchase
//! history the BG/NBD model reads.

use super::window::{min_opt, Window};
use crate::model::money::ExactSum;
use crate::model::records::Invoice;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Invoices of one client.
#[derive(Debug, Clone, Default)]
pub struct InvoiceTotals {
    /// Issued in the period.
    pub revenue: ExactSum,
    /// Issued in the previous period.
    pub previous_revenue: ExactSum,
    /// Count issued in the period.
    pub invoices: u32,
    /// Sum of (amount part x days late) over judged invoices.
    pub late_amount_days: ExactSum,
    /// Sum of the amount parts weighted above.
    pub late_weight: ExactSum,
    /// Sum of days late per judged invoice (plain mean).
    pub late_days: i64,
    /// Judged invoices (due in the last 12 months, by the report date).
    pub judged: u32,
    /// Judged invoices with any days late.
    pub late: u32,
    /// Open amounts by age: not yet due, 1-30, 31-60, 61-90, 90+ days past due.
    pub aging: [ExactSum; 5],
    /// Open amounts of invoices without a due date.
    pub open_undated: ExactSum,
    /// Invoiced in the 365 days to the report date.
    pub invoiced_365: ExactSum,
    /// Any invoice had a due date.
    pub dated: bool,
    /// Issue days as days before the report date (2 bytes an invoice: the purchase
    /// history BG/NBD reads).
    pub days_back: Vec<u16>,
    /// Amount of the invoices in `days_back` (for the Gamma-Gamma mean value).
    pub history_amount: ExactSum,
    /// The earliest of those days, and what was invoiced on it: the first purchase,
    /// which the mean value of repeat purchases leaves out.
    pub first_day: Option<(u16, ExactSum)>,
    /// Invoices of the period converted from other currencies: (currency, their own
    /// total, the converted total).
    pub originals: Vec<(Box<str>, ExactSum, ExactSum)>,
    /// First invoice.
    pub first: Option<NaiveDate>,
    /// Last invoice.
    pub last: Option<NaiveDate>,
}

impl InvoiceTotals {
    /// Adds one invoice.
    pub fn add(&mut self, w: &Window, inv: &Invoice<'_>) {
        self.first = min_opt(self.first, Some(inv.issued));
        self.last = self.last.max(Some(inv.issued));
        if let Ok(back) = u16::try_from((w.as_of - inv.issued).num_days()) {
            // Invoices mostly arrive in date order: skip the repeat of the last day.
            if self.days_back.last() != Some(&back) {
                self.days_back.push(back);
            }
            self.history_amount.add(inv.amount);
            match &mut self.first_day {
                Some((day, sum)) if *day == back => sum.add(inv.amount),
                Some((day, _)) if *day > back => {}
                _ => {
                    let mut sum = ExactSum::default();
                    sum.add(inv.amount);
                    self.first_day = Some((back, sum));
                }
            }
        }
        if w.period.contains(inv.issued) {
            self.revenue.add(inv.amount);
            self.invoices += u32::from(!inv.further_line);
            if let Some((code, amount)) = inv.original {
                let o = self.original(code);
                o.1.add(amount);
                o.2.add(inv.amount);
            }
        }
        if w.previous.contains(inv.issued) {
            self.previous_revenue.add(inv.amount);
        }
        if inv.issued > w.dso_after {
            self.invoiced_365.add(inv.amount);
        }
        // Credit notes reduce revenue but are not owed to anyone.
        if inv.amount <= Decimal::ZERO {
            return;
        }
        // What was paid, and when, as seen on the report date.
        let (paid_part, paid_on) = match (inv.paid, inv.paid_amount) {
            (Some(day), part) if day <= w.as_of => (part.unwrap_or(inv.amount), Some(day)),
            // Paid after the report date: still open on it.
            (Some(_), _) => (Decimal::ZERO, None),
            // A partial payment whose date the export does not give.
            (None, part) => (part.unwrap_or(Decimal::ZERO), None),
        };
        let open = inv.amount - paid_part;
        let Some(due) = inv.due else {
            if open > Decimal::ZERO {
                self.open_undated.add(open);
            }
            return;
        };
        self.dated = true;
        let past_due = (w.as_of - due).num_days();
        if open > Decimal::ZERO {
            self.aging[crate::metrics::lateness::aging_bucket(past_due)].add(open);
        }
        if due <= w.lateness_after || due > w.as_of {
            return;
        }
        let open_days = past_due.max(0);
        let paid_days = paid_on.map(|day| (day - due).num_days().max(0));
        if open > Decimal::ZERO {
            self.late_amount_days
                .add_product(open, Decimal::from(open_days));
            self.late_weight.add(open);
        }
        if let (Some(days), true) = (paid_days, paid_part > Decimal::ZERO) {
            self.late_amount_days
                .add_product(paid_part, Decimal::from(days));
            self.late_weight.add(paid_part);
        }
        // One figure per invoice for the plain mean: the open part's age decides while open.
        let days = if open > Decimal::ZERO {
            Some(open_days)
        } else {
            paid_days
        };
        if let Some(days) = days {
            self.judged += 1;
            self.late_days += days;
            self.late += u32::from(days > 0);
        }
    }

    /// Adds another state for the same client.
    pub fn merge(&mut self, o: InvoiceTotals) {
        self.revenue.merge(&o.revenue);
        self.previous_revenue.merge(&o.previous_revenue);
        self.invoices += o.invoices;
        self.late_amount_days.merge(&o.late_amount_days);
        self.late_weight.merge(&o.late_weight);
        self.late_days += o.late_days;
        self.judged += o.judged;
        self.late += o.late;
        for (a, b) in self.aging.iter_mut().zip(&o.aging) {
            a.merge(b);
        }
        self.open_undated.merge(&o.open_undated);
        self.invoiced_365.merge(&o.invoiced_365);
        self.dated |= o.dated;
        self.first = min_opt(self.first, o.first);
        self.last = self.last.max(o.last);
        self.days_back.extend(o.days_back);
        self.history_amount.merge(&o.history_amount);
        for (code, a, b) in &o.originals {
            let x = self.original(code);
            x.1.merge(a);
            x.2.merge(b);
        }
        self.first_day = match (self.first_day, o.first_day) {
            (Some((a, mut x)), Some((b, y))) if a == b => {
                x.merge(&y);
                Some((a, x))
            }
            (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
    }

    /// Mean invoiced per repeat purchase day (the first day left out), exact; `None`
    /// without a repeat purchase.
    pub fn repeat_mean(&self, frequency: f64) -> Option<Decimal> {
        let (_, first) = self.first_day?;
        if frequency < 1.0 {
            return None;
        }
        let repeat = self.history_amount.value() - first.value();
        repeat.checked_div(Decimal::from(frequency as u64))
    }

    /// The (currency, original, converted) totals of one currency, created on first sight.
    fn original(&mut self, code: &str) -> &mut (Box<str>, ExactSum, ExactSum) {
        let i = match self.originals.iter().position(|o| &*o.0 == code) {
            Some(i) => i,
            None => {
                self.originals
                    .push((code.into(), ExactSum::default(), ExactSum::default()));
                self.originals.len() - 1
            }
        };
        &mut self.originals[i]
    }

    /// The BG/NBD history in weeks: repeat purchase days, first to last, first to now.
    pub fn history(&self) -> Option<crate::metrics::models::bgnbd::History> {
        let mut days = self.days_back.clone();
        days.sort_unstable();
        days.dedup();
        let (first, last) = (*days.last()?, *days.first()?);
        Some(crate::metrics::models::bgnbd::History {
            frequency: (days.len() - 1) as f64,
            recency: f64::from(first - last) / 7.0,
            age: f64::from(first) / 7.0,
        })
    }

    /// Unpaid amounts on the report date.
    pub fn outstanding(&self) -> Decimal {
        self.aging.iter().map(ExactSum::value).sum::<Decimal>() + self.open_undated.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ledger::fixtures::*;
    use crate::model::money::dec;

    #[test]
    fn lateness_weighs_amounts_and_partial_payments() {
        let w = window();
        let mut t = InvoiceTotals::default();
        // Paid 10 days late, issued in September: previous-period revenue.
        t.add(
            &w,
            &invoice("2026-09-01", "2026-09-15", Some("2026-09-25"), "1000", None),
        );
        // 300 of 800 paid at an unknown date; 500 open, 17 days past due on 2026-11-01.
        t.add(
            &w,
            &invoice("2026-10-01", "2026-10-15", None, "800", Some("300")),
        );
        // Not yet due: open, current, not judged.
        t.add(&w, &invoice("2026-10-20", "2026-11-19", None, "200", None));
        // Paid early: zero days, not negative.
        t.add(
            &w,
            &invoice("2026-08-01", "2026-08-31", Some("2026-08-20"), "100", None),
        );
        assert_eq!(t.revenue.value(), dec("1000"));
        assert_eq!(t.previous_revenue.value(), dec("1000"));
        assert_eq!(t.invoices, 2);
        // (1000 x 10 + 500 x 17 + 100 x 0) / 1600
        assert_eq!(t.late_amount_days.value(), dec("18500"));
        assert_eq!(t.late_weight.value(), dec("1600"));
        assert_eq!((t.judged, t.late, t.late_days), (3, 2, 27));
        let aging: Vec<Decimal> = t.aging.iter().map(ExactSum::value).collect();
        assert_eq!(
            aging,
            [dec("200"), dec("500"), dec("0"), dec("0"), dec("0")]
        );
        assert_eq!(t.outstanding(), dec("700"));
        assert_eq!(t.invoiced_365.value(), dec("2100"));
    }

    #[test]
    fn aging_buckets_sum_to_outstanding_at_every_edge() {
        let w = window(); // as of 2026-11-01
        let mut t = InvoiceTotals::default();
        for (due, amount) in [
            ("2026-11-01", "1"),   // due today: current
            ("2026-10-31", "2"),   // 1 day: 1-30
            ("2026-10-02", "4"),   // 30 days: 1-30
            ("2026-10-01", "8"),   // 31 days: 31-60
            ("2026-09-02", "16"),  // 60 days: 31-60
            ("2026-09-01", "32"),  // 61 days: 61-90
            ("2026-08-03", "64"),  // 90 days: 61-90
            ("2026-08-02", "128"), // 91 days: 90+
        ] {
            t.add(&w, &invoice("2026-07-01", due, None, amount, None));
        }
        // Paid after the report date: still open on it.
        t.add(
            &w,
            &invoice("2026-07-01", "2026-11-01", Some("2026-11-05"), "256", None),
        );
        let aging: Vec<Decimal> = t.aging.iter().map(ExactSum::value).collect();
        assert_eq!(
            aging,
            [dec("257"), dec("6"), dec("24"), dec("96"), dec("128")]
        );
        assert_eq!(aging.iter().sum::<Decimal>(), t.outstanding());
        assert_eq!(t.outstanding(), dec("511"));
    }

    #[test]
    fn a_fully_paid_partial_and_a_credit_note_leave_nothing_open() {
        let w = window();
        let mut t = InvoiceTotals::default();
        t.add(
            &w,
            &invoice(
                "2026-10-01",
                "2026-10-15",
                Some("2026-10-20"),
                "500",
                Some("200"),
            ),
        );
        t.add(&w, &invoice("2026-10-05", "2026-10-05", None, "-50", None));
        // 300 remain open (17 days), 200 paid 5 days late.
        assert_eq!(t.outstanding(), dec("300"));
        assert_eq!(t.late_amount_days.value(), dec("6100")); // 300 x 17 + 200 x 5
        assert_eq!(t.revenue.value(), dec("450"), "credit notes reduce revenue");
    }

    #[test]
    fn repeat_purchases_average_the_days_after_the_first_even_when_merged() {
        let w = window();
        let rows = [
            ("2026-03-02", "100"),
            ("2026-03-02", "50"),
            ("2026-05-10", "30"),
            ("2026-08-20", "60"),
        ];
        let mut whole = InvoiceTotals::default();
        for (day, amount) in rows {
            whole.add(&w, &invoice(day, day, None, amount, None));
        }
        let h = whole.history().unwrap();
        assert_eq!(h.frequency, 2.0);
        // (100 + 50 + 30 + 60 - the first day's 150) / 2 repeat days.
        assert_eq!(whole.repeat_mean(h.frequency), Some(dec("45")));
        // Read by two workers in the other order, the first day is still found.
        let (mut late, mut early) = (InvoiceTotals::default(), InvoiceTotals::default());
        for (i, (day, amount)) in rows.iter().enumerate() {
            let part = if i % 2 == 0 { &mut late } else { &mut early };
            part.add(&w, &invoice(day, day, None, amount, None));
        }
        late.merge(early);
        assert_eq!(late.repeat_mean(h.frequency), Some(dec("45")));
        let mut once = InvoiceTotals::default();
        once.add(&w, &invoice("2026-03-02", "2026-03-02", None, "80", None));
        assert_eq!(once.repeat_mean(0.0), None, "no repeat purchase, no mean");
    }

    proptest::proptest! {
        /// Paying an invoice on time never raises the days late, and paying it
        /// later never lowers them.
        #[test]
        fn paying_on_time_never_raises_days_late(
            issued in 0i64..200, term in 0i64..60, late in 0i64..120, extra in 0i64..60,
            cents in 1i64..10_000_000,
        ) {
            let w = window();
            let day = |n: i64| (d("2026-01-01") + chrono::Duration::days(n)).to_string();
            let lateness = |paid: Option<i64>| {
                let mut t = InvoiceTotals::default();
                let amount = Decimal::new(cents, 2).to_string();
                let paid = paid.map(day);
                t.add(&w, &invoice(&day(issued), &day(issued + term), paid.as_deref(), &amount, None));
                (t.late_amount_days.value(), t.late_days)
            };
            let on_time = lateness(Some(issued + term));
            let late_one = lateness(Some(issued + term + late));
            let later = lateness(Some(issued + term + late + extra));
            proptest::prop_assert!(on_time <= late_one, "{:?} {:?}", on_time, late_one);
            proptest::prop_assert!(late_one <= later, "{:?} {:?}", late_one, later);
            proptest::prop_assert_eq!(on_time, (Decimal::ZERO, 0));
        }
    }
}
