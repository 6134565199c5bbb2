//! Time entries of one client added up: hours, cost, billable value, out-of-scope
//! hours, hours by person and by month.

use super::by_client::ByClient;
use super::window::{min_opt, Window, OVERRUN_MONTHS};
use crate::model::money::ExactSum;
use crate::model::records::TimeEntry;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One reader thread's time entries: totals per client, and hours per client and
/// person. Both are indexed by the reader's numbers for clients and people, so a row
/// costs a hash of two integers however large the team; memory grows with the
/// (client, person) pairs that occur, never with rows.
#[derive(Debug, Default)]
pub struct TimeFold {
    clients: ByClient<TimeTotals>,
    /// Hours by (client row << 32 | person id).
    pairs: HashMap<u64, ExactSum, foldhash::fast::FixedState>,
    /// The name of each person id seen.
    people: Vec<Box<[u8]>>,
}

impl TimeFold {
    /// Adds one entry.
    pub fn add(&mut self, w: &Window, e: &TimeEntry<'_>) {
        let row = self.clients.row(e.client_id, e.client);
        self.clients.at(row).add(w, e);
        let Some((person, name)) = e.person else {
            return;
        };
        if !w.period.contains(e.date) {
            return;
        }
        let i = person as usize;
        if self.people.len() <= i {
            self.people.resize(i + 1, Box::default());
        }
        if self.people[i].is_empty() {
            self.people[i] = name.into();
        }
        let key = (row as u64) << 32 | u64::from(person);
        self.pairs.entry(key).or_default().add(e.hours);
    }

    /// The totals per client, each with its hours by person.
    pub fn finish(self) -> ByClient<TimeTotals> {
        let TimeFold {
            mut clients,
            pairs,
            people,
        } = self;
        for (key, hours) in pairs {
            let (row, person) = ((key >> 32) as usize, (key & u64::from(u32::MAX)) as usize);
            let name = people[person].clone();
            clients.at(row).people.push((name, hours));
        }
        clients
    }
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
    /// Hours in the period by person: (name as written, hours); a name may recur
    /// (one per reader thread) until [`TimeTotals::people_hours`] adds them up.
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

    /// Hours in the period by person, most first (then by name).
    pub fn people_hours(&self) -> Vec<(String, Decimal)> {
        let mut by_name: HashMap<&[u8], ExactSum> = HashMap::with_capacity(self.people.len());
        for (name, h) in &self.people {
            by_name.entry(name).or_default().merge(h);
        }
        let mut people: Vec<(String, Decimal)> = by_name
            .into_iter()
            // Only shown in plans: a name that is not UTF-8 shows replacement marks.
            .map(|(name, h)| (String::from_utf8_lossy(name).into_owned(), h.value()))
            .collect();
        people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        people
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
        self.people.extend(o.people);
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
    fn hours_by_person_add_up_across_threads_and_only_in_the_period() {
        use crate::metrics::ledger::by_key;
        let w = window();
        let with = |date: &str, hours: &str, person: (u32, &'static str)| TimeEntry {
            person: Some((person.0, person.1.as_bytes())),
            ..entry(date, hours, true, true)
        };
        // Each reader thread numbers people its own way.
        let mut a = TimeFold::default();
        a.add(&w, &with("2026-10-01", "4", (0, "Anna")));
        a.add(&w, &with("2026-10-02", "1.5", (1, "Bence")));
        a.add(&w, &with("2026-10-03", "2", (0, "Anna")));
        a.add(&w, &with("2026-09-30", "8", (1, "Bence"))); // before the period
        let mut b = TimeFold::default();
        b.add(&w, &with("2026-10-05", "3.25", (0, "Bence")));
        b.add(&w, &with("2026-10-06", "0.5", (1, "Anna")));
        let merged = by_key(vec![a.finish(), b.finish()], TimeTotals::merge);
        let people = merged["acme"].1.people_hours();
        assert_eq!(
            people,
            [
                ("Anna".to_string(), dec("6.5")),
                ("Bence".to_string(), dec("4.75"))
            ]
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
