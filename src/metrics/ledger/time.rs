//! Time entries of one client added up: hours, cost, billable value, out-of-scope
//! hours, hours by person and by month.

use super::window::{min_opt, Window, OVERRUN_MONTHS};
use crate::model::money::ExactSum;
use crate::model::records::TimeEntry;
use chrono::NaiveDate;

/// Whether `name` is the concatenation of `parts`.
fn is_joined(name: &[u8], [a, b, c]: [&[u8]; 3]) -> bool {
    name.len() == a.len() + b.len() + c.len()
        && name.starts_with(a)
        && name[a.len()..].starts_with(b)
        && name.ends_with(c)
}

/// Time entries of one client.
#[derive(Debug, Clone, Default)]
pub struct TimeTotals {
    /// All hours in the period.
    pub hours: ExactSum,
    /// Billable hours in the period.
    pub billable_hours: ExactSum,
    /// Sum of hours x cost rate in the period.
    pub cost: ExactSum,
    /// Sum of billable hours x bill rate in the period.
    pub billable_value: ExactSum,
    /// The same in the previous period (revenue trend when time is the basis).
    pub previous_billable_value: ExactSum,
    /// Hours marked out of scope in the period.
    pub out_of_scope_hours: ExactSum,
    /// Out-of-scope hours x bill rate.
    pub out_of_scope_value: ExactSum,
    /// Hours in each of the last six months, oldest first.
    pub month_hours: [ExactSum; OVERRUN_MONTHS],
    /// Entries in the period.
    pub entries: u64,
    /// Any entry had a cost rate / a bill rate.
    pub costed: bool,
    /// Any entry had a bill rate.
    pub priced: bool,
    /// The file does not say which work was in scope.
    pub scope_unknown: bool,
    /// Billable hours in the period whose entries have no bill rate.
    pub unpriced_hours: ExactSum,
    /// Hours in the period by person: (name as written, hours).
    pub people: Vec<(Box<[u8]>, ExactSum)>,
    /// First and last day worked.
    pub first: Option<NaiveDate>,
    /// Last day worked.
    pub last: Option<NaiveDate>,
}

impl TimeTotals {
    /// Adds one entry.
    pub fn add(&mut self, w: &Window, e: &TimeEntry<'_>) {
        self.first = Some(self.first.map_or(e.date, |f| f.min(e.date)));
        self.last = Some(self.last.map_or(e.date, |l| l.max(e.date)));
        // A period cut short ends its last month early too.
        if let (Some(i), true) = (w.recent_month(e.date), e.date <= w.period.to) {
            self.month_hours[i].add(e.hours);
        }
        if w.previous.contains(e.date) && e.billable {
            if let Some(rate) = e.bill_rate {
                self.previous_billable_value.add_product(e.hours, rate);
            }
        }
        if !w.period.contains(e.date) {
            return;
        }
        self.entries += 1;
        self.hours.add(e.hours);
        // First and last name columns join as "first last"; compared in parts so
        // the hot path allocates only for a person not seen before.
        let name: Option<[&[u8]; 3]> = match (e.person, e.person_last) {
            (Some(first), Some(last)) => Some([first, b" ", last]),
            (first, last) => first.or(last).map(|n| [n, b"", b""]),
        };
        if let Some(parts) = name {
            // A client's team is small: a scan beats a map.
            match self.people.iter_mut().find(|p| is_joined(&p.0, parts)) {
                Some(p) => p.1.add(e.hours),
                None => {
                    let mut h = ExactSum::default();
                    h.add(e.hours);
                    self.people.push((parts.concat().into(), h));
                }
            }
        }
        if let Some(rate) = e.cost_rate {
            self.costed = true;
            self.cost.add_product(e.hours, rate);
        }
        if e.billable {
            self.billable_hours.add(e.hours);
        }
        if e.billable && e.bill_rate.is_none() {
            self.unpriced_hours.add(e.hours);
        }
        if let Some(rate) = e.bill_rate {
            self.priced = true;
            if e.billable {
                self.billable_value.add_product(e.hours, rate);
            }
            if e.in_scope == Some(false) {
                self.out_of_scope_value.add_product(e.hours, rate);
            }
        }
        match e.in_scope {
            Some(false) => self.out_of_scope_hours.add(e.hours),
            Some(true) => {}
            None => self.scope_unknown = true,
        }
    }

    /// Adds another thread's totals for the same client.
    pub fn merge(&mut self, o: TimeTotals) {
        self.hours.merge(&o.hours);
        self.billable_hours.merge(&o.billable_hours);
        self.cost.merge(&o.cost);
        self.billable_value.merge(&o.billable_value);
        self.previous_billable_value
            .merge(&o.previous_billable_value);
        self.out_of_scope_hours.merge(&o.out_of_scope_hours);
        self.out_of_scope_value.merge(&o.out_of_scope_value);
        for (a, b) in self.month_hours.iter_mut().zip(&o.month_hours) {
            a.merge(b);
        }
        self.entries += o.entries;
        self.costed |= o.costed;
        self.priced |= o.priced;
        self.scope_unknown |= o.scope_unknown;
        for (name, h) in o.people {
            match self.people.iter_mut().find(|p| p.0 == name) {
                Some(p) => p.1.merge(&h),
                None => self.people.push((name, h)),
            }
        }
        self.unpriced_hours.merge(&o.unpriced_hours);
        self.first = min_opt(self.first, o.first);
        self.last = self.last.max(o.last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ledger::fixtures::*;
    use crate::model::money::dec;
    use rust_decimal::Decimal;

    #[test]
    fn a_name_matches_its_parts_only_whole() {
        let parts: [&[u8]; 3] = [b"Anna", b" ", b"Kov\xc3\xa1cs"];
        assert!(is_joined("Anna Kovács".as_bytes(), parts));
        assert!(!is_joined(b"Anna Kovacs", parts));
        assert!(!is_joined("Anna  Kovács".as_bytes(), parts));
        assert!(is_joined(b"Bence", [b"Bence", b"", b""]));
        assert!(!is_joined(b"Ben", [b"Bence", b"", b""]));
    }

    #[test]
    fn time_totals_split_period_billable_and_out_of_scope_hours() {
        let w = window();
        let mut t = TimeTotals::default();
        t.add(&w, &entry("2026-10-01", "4", true, true));
        t.add(&w, &entry("2026-10-02", "2.5", true, false));
        t.add(&w, &entry("2026-10-31", "1.5", false, true));
        t.add(&w, &entry("2026-09-30", "10", true, true)); // previous month: history only
        t.add(&w, &entry("2026-04-30", "7", true, true)); // seven months back: nothing
        assert_eq!(t.hours.value(), dec("8"));
        assert_eq!(t.cost.value(), dec("320")); // 8 h x 40
        assert_eq!(t.billable_hours.value(), dec("6.5"));
        assert_eq!(t.billable_value.value(), dec("650"));
        assert_eq!(t.out_of_scope_hours.value(), dec("2.5"));
        assert_eq!(t.out_of_scope_value.value(), dec("250"));
        assert_eq!(t.previous_billable_value.value(), dec("1000"));
        let months: Vec<Decimal> = t.month_hours.iter().map(ExactSum::value).collect();
        assert_eq!(
            months,
            [dec("0"), dec("0"), dec("0"), dec("0"), dec("10"), dec("8")]
        );
        assert_eq!(
            (t.entries, t.first, t.last),
            (3, Some(d("2026-04-30")), Some(d("2026-10-31")))
        );
    }

    #[test]
    fn merging_thread_totals_equals_adding_in_one_thread() {
        let w = window();
        let rows = [
            entry("2026-10-01", "4", true, true),
            entry("2026-10-02", "2.5", true, false),
            entry("2026-09-02", "1.25", false, true),
        ];
        let mut one = TimeTotals::default();
        rows.iter().for_each(|e| one.add(&w, e));
        let (mut a, mut b) = (TimeTotals::default(), TimeTotals::default());
        a.add(&w, &rows[0]);
        b.add(&w, &rows[1]);
        b.add(&w, &rows[2]);
        a.merge(b);
        assert_eq!(a.hours, one.hours);
        assert_eq!(a.cost, one.cost);
        assert_eq!(a.month_hours, one.month_hours);
        assert_eq!((a.first, a.last), (one.first, one.last));
    }
}
