//! Ledger figures (SPEC 2.2, issue "ledger mode"): folds time entries, invoices and
//! interactions into per-client totals as they stream past, then turns the totals
//! plus contracts into the same [`Client`] records a summary file gives.
//!
//! Every formula is documented in the README ("Ledger mode"). Pure: no files here.

use crate::model::client::{clean_name, client_key};
use crate::model::money::{round_money, ExactSum};
use crate::model::period::Period;
use crate::model::records::{
    Contract, Interaction, InteractionKind, Invoice, LedgerFigures, RevenueBasis, TimeEntry,
};
use crate::model::{Aging, Client};
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
    fn recent_month(&self, d: NaiveDate) -> Option<usize> {
        let back = self.last_month - month_number(d);
        (0..OVERRUN_MONTHS as i32)
            .contains(&back)
            .then(|| OVERRUN_MONTHS - 1 - back as usize)
    }
}

/// Per-client state keyed by the name as written; cheap to look up per row.
#[derive(Debug, Clone)]
pub struct ByClient<T> {
    ids: HashMap<Box<str>, usize, foldhash::fast::FixedState>,
    /// Row of each reader id (`usize::MAX`: not seen yet).
    by_id: Vec<usize>,
    rows: Vec<(Box<str>, T)>,
}

impl<T: Default> Default for ByClient<T> {
    fn default() -> Self {
        ByClient {
            ids: HashMap::default(),
            by_id: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<T: Default> ByClient<T> {
    /// The state of `client`, created on first sight.
    pub fn entry(&mut self, client: &str) -> &mut T {
        let id = match self.ids.get(client) {
            Some(&id) => id,
            None => {
                self.rows.push((client.into(), T::default()));
                self.ids.insert(client.into(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        &mut self.rows[id].1
    }

    /// The state of the client the reader numbered `id` (see `TimeEntry::client_id`):
    /// an index, no hashing, once the id was seen.
    pub fn entry_id(&mut self, id: u32, client: &str) -> &mut T {
        let i = id as usize;
        match self.by_id.get(i) {
            Some(&row) if row != usize::MAX => &mut self.rows[row].1,
            _ => {
                if self.by_id.len() <= i {
                    self.by_id.resize(i + 1, usize::MAX);
                }
                self.entry(client);
                let row = self.ids[client];
                self.by_id[i] = row;
                &mut self.rows[row].1
            }
        }
    }
}

/// Combines per-thread states into one per client, keyed by the cleaned name
/// (so `Kovács` typed two ways is one client).
pub fn by_key<T: Default>(
    parts: Vec<ByClient<T>>,
    merge: impl Fn(&mut T, T),
) -> HashMap<String, (String, T)> {
    let mut out: HashMap<String, (String, T)> = HashMap::new();
    for part in parts {
        for (written, t) in part.rows {
            let name = clean_name(&written);
            let slot = out
                .entry(client_key(&name))
                .or_insert_with(|| (name.clone(), T::default()));
            // Spellings that differ only in case: the same one whatever the thread order.
            if name < slot.0 {
                slot.0 = name;
            }
            merge(&mut slot.1, t);
        }
    }
    out
}

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
        self.last = max_opt(self.last, o.last);
    }
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

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
        self.last = max_opt(self.last, Some(inv.issued));
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
            self.invoices += 1;
            if let Some((code, amount)) = inv.original {
                self.add_original(code, amount, inv.amount);
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
            let bucket = match past_due {
                ..=0 => 0,
                1..=30 => 1,
                31..=60 => 2,
                61..=90 => 3,
                _ => 4,
            };
            self.aging[bucket].add(open);
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
        self.last = max_opt(self.last, o.last);
        self.days_back.extend(o.days_back);
        self.history_amount.merge(&o.history_amount);
        for (code, a, b) in &o.originals {
            match self.originals.iter_mut().find(|x| x.0 == *code) {
                Some(x) => {
                    x.1.merge(a);
                    x.2.merge(b);
                }
                None => self.originals.push((code.clone(), *a, *b)),
            }
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

    /// Keeps a converted invoice's own figures: (currency, original, converted).
    fn add_original(&mut self, code: &str, original: Decimal, converted: Decimal) {
        match self.originals.iter_mut().find(|o| &*o.0 == code) {
            Some(o) => {
                o.1.add(original);
                o.2.add(converted);
            }
            None => {
                let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
                a.add(original);
                b.add(converted);
                self.originals.push((code.into(), a, b));
            }
        }
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

/// Interactions of one client.
#[derive(Debug, Clone, Default)]
pub struct InteractionTotals {
    /// Latest interaction of any kind.
    pub last_contact: Option<NaiveDate>,
    /// Latest cancellation (notice given), whenever it was.
    pub last_cancellation: Option<NaiveDate>,
    /// Complaints in the period.
    pub complaints: u32,
    /// Out-of-scope requests in the period.
    pub requests: u32,
    /// Cancellations in the period.
    pub cancellations: u32,
    /// Latest NPS answer and its date.
    pub nps: Option<(NaiveDate, u8)>,
}

impl InteractionTotals {
    /// Adds one interaction.
    pub fn add(&mut self, w: &Window, i: &Interaction<'_>) {
        // Every logged touchpoint, a complaint included, is two-way contact.
        self.last_contact = max_opt(self.last_contact, Some(i.date));
        if i.kind == InteractionKind::Cancellation {
            self.last_cancellation = max_opt(self.last_cancellation, Some(i.date));
        }
        if let (InteractionKind::Nps, Some(v)) = (i.kind, i.nps) {
            // The latest answer wins; on the same day, the later row.
            if self.nps.is_none_or(|(d, _)| i.date >= d) {
                self.nps = Some((i.date, v));
            }
        }
        if !w.period.contains(i.date) {
            return;
        }
        match i.kind {
            InteractionKind::Complaint => self.complaints += 1,
            InteractionKind::Request => self.requests += 1,
            InteractionKind::Cancellation => self.cancellations += 1,
            InteractionKind::Contact | InteractionKind::Nps => {}
        }
    }

    /// Adds another state for the same client.
    pub fn merge(&mut self, o: InteractionTotals) {
        self.last_contact = max_opt(self.last_contact, o.last_contact);
        self.last_cancellation = max_opt(self.last_cancellation, o.last_cancellation);
        self.complaints += o.complaints;
        self.requests += o.requests;
        self.cancellations += o.cancellations;
        self.nps = match (self.nps, o.nps) {
            (Some(a), Some(b)) => Some(if b.0 >= a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
    }
}

/// Everything the ledgers added up to, per client (keyed by [`client_key`]).
#[derive(Debug, Default)]
pub struct LedgerTotals {
    /// Time entries, when a time file was given.
    pub time: Option<HashMap<String, (String, TimeTotals)>>,
    /// Invoices, when an invoice file was given.
    pub invoices: Option<HashMap<String, (String, InvoiceTotals)>>,
    /// Contracts, when a contract file was given.
    pub contracts: Option<Vec<Contract>>,
    /// Interactions, when an interaction log was given.
    pub interactions: Option<HashMap<String, (String, InteractionTotals)>>,
    /// The currency the invoices are in.
    pub currency: Option<String>,
    /// The purchase models, when already fitted on the invoices (else fitted here).
    pub purchases: Option<PurchaseModel>,
}

/// What [`to_clients`] found besides the clients.
#[derive(Debug, Default)]
pub struct Assembly {
    /// One record per client, clients-file order first, then by name.
    pub clients: Vec<Client>,
    /// Warnings about the files taken together.
    pub warnings: Vec<String>,
}

/// Contract figures of one client for the window.
#[derive(Debug, Default)]
struct ContractFigures {
    contracted_hours: Option<Decimal>,
    fees: Option<Decimal>,
    previous_fees: Option<Decimal>,
    hourly_rate: Option<Decimal>,
    month_hours: [Option<Decimal>; OVERRUN_MONTHS],
    start: Option<NaiveDate>,
    end: Option<Option<NaiveDate>>,
    notice_days: Option<u32>,
}

fn contract_figures(
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

/// Builds one [`Client`] per client the ledgers (or the clients file) name.
///
/// A client enters when the clients file lists it, or it has time or invoices in the
/// period, money outstanding, or a contract running in the period.
pub fn to_clients(mut totals: LedgerTotals, listed: Vec<Client>, w: &Window) -> Assembly {
    let mut warnings = Vec::new();
    let had_list = !listed.is_empty();
    let mut order: Vec<String> = Vec::new();
    let mut base: HashMap<String, Client> = HashMap::new();
    for c in listed {
        let key = client_key(&c.name);
        order.push(key.clone());
        base.insert(key, c);
    }
    let mut contracts: HashMap<String, Vec<&Contract>> = HashMap::new();
    for c in totals.contracts.iter().flatten() {
        contracts.entry(client_key(&c.client)).or_default().push(c);
    }
    // Names from the ledgers, for clients the list lacks.
    let mut names: HashMap<String, String> = HashMap::new();
    let maps = [
        totals
            .time
            .as_ref()
            .map(|m| m.iter().map(|(k, (n, _))| (k, n)).collect::<Vec<_>>()),
        totals
            .invoices
            .as_ref()
            .map(|m| m.iter().map(|(k, (n, _))| (k, n)).collect()),
        totals
            .interactions
            .as_ref()
            .map(|m| m.iter().map(|(k, (n, _))| (k, n)).collect()),
    ];
    for (k, n) in maps.into_iter().flatten().flatten() {
        names.entry(k.clone()).or_insert_with(|| n.clone());
    }
    for c in totals.contracts.iter().flatten() {
        names
            .entry(client_key(&c.client))
            .or_insert_with(|| c.client.clone());
    }
    let mut unknown: Vec<String> = Vec::new();
    let mut idle = 0usize;
    let mut extra: Vec<(String, String)> = names
        .into_iter()
        .filter(|(k, _)| !base.contains_key(k))
        .collect();
    extra.sort_by(|a, b| a.1.cmp(&b.1));
    for (key, name) in extra {
        let time = totals.time.as_ref().and_then(|m| m.get(&key)).map(|t| &t.1);
        let inv = totals
            .invoices
            .as_ref()
            .and_then(|m| m.get(&key))
            .map(|t| &t.1);
        let running = contracts.get(&key).is_some_and(|cs| {
            cs.iter()
                .any(|c| !w.period.months_covered(c.start, c.end).is_zero())
        });
        let active = time.is_some_and(|t| t.entries > 0)
            || inv.is_some_and(|i| i.invoices > 0 || i.outstanding() > Decimal::ZERO)
            || running;
        if !active {
            idle += 1;
            continue;
        }
        if had_list && (time.is_some() || inv.is_some()) {
            unknown.push(name.clone());
        }
        order.push(key.clone());
        base.insert(
            key,
            Client {
                name,
                ..Client::default()
            },
        );
    }
    if !unknown.is_empty() {
        let shown: Vec<&str> = unknown.iter().take(10).map(String::as_str).collect();
        let more = unknown.len().saturating_sub(shown.len());
        warnings.push(format!(
            "{} client(s) in the ledgers are not in the clients file (counted anyway): {}{}",
            unknown.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if idle > 0 {
        warnings.push(format!(
            "{idle} client(s) with no time, invoices, open balance or contract in {} left out",
            w.period
        ));
    }
    let model = totals
        .purchases
        .take()
        .unwrap_or_else(|| PurchaseModel::fit(totals.invoices.as_ref(), w));
    warnings.extend(model.warnings);
    let purchases = model.by_client;
    let all_time = totals.time.iter().flat_map(|m| m.values());
    let facts = all_time.fold(FileFacts::default(), |f, (_, t)| FileFacts {
        costed: f.costed || t.costed,
        priced: f.priced || t.priced,
    });
    let clients = order
        .into_iter()
        .filter_map(|key| {
            let c = base.remove(&key)?;
            let cs = contracts.get(&key).map_or(&[][..], Vec::as_slice);
            let mut c = assemble(c, &key, &totals, cs, w, facts);
            if let Some(p) = purchases.get(&key) {
                c.p_alive = Some(p.p_alive);
                c.expected_purchase_value = p.value;
            }
            Some(c)
        })
        .collect();
    Assembly { clients, warnings }
}

/// What the purchase models say of one client.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Purchases {
    p_alive: f64,
    /// Discounted invoice value expected over the CLV horizon.
    value: Option<Decimal>,
}

/// The purchase models' answer for every client with invoices, and why a model is
/// missing when one is.
#[derive(Debug, Default)]
pub struct PurchaseModel {
    /// By [`client_key`].
    by_client: HashMap<String, Purchases>,
    /// Why p_alive or the model CLV is missing.
    warnings: Vec<String>,
}

impl PurchaseModel {
    /// P(alive) of every client with invoices, from BG/NBD fitted on all their
    /// histories (weeks), and the discounted value of the purchases it expects over
    /// the CLV horizon, each at the Gamma-Gamma expected value; none, with a warning,
    /// when the histories cannot support a fit. Needs only the invoices, so ledger
    /// reading fits it while the time file still streams.
    pub fn fit(invoices: Option<&HashMap<String, (String, InvoiceTotals)>>, w: &Window) -> Self {
        let mut warnings = Vec::new();
        let by_client = match invoices {
            Some(invoices) => purchases(invoices, w, &mut warnings),
            None => HashMap::new(),
        };
        PurchaseModel {
            by_client,
            warnings,
        }
    }
}

fn purchases(
    invoices: &HashMap<String, (String, InvoiceTotals)>,
    w: &Window,
    warnings: &mut Vec<String>,
) -> HashMap<String, Purchases> {
    use crate::metrics::models::{bgnbd, discounted_clv, gamma_gamma, TimeUnit};
    let mut keyed: Vec<(&String, bgnbd::History, Option<Decimal>)> = invoices
        .iter()
        .filter_map(|(k, (_, t))| {
            let h = t.history()?;
            Some((k, h, t.repeat_mean(h.frequency)))
        })
        .collect();
    // A fixed order: the fit must not depend on the map's.
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    let histories: Vec<bgnbd::History> = keyed.iter().map(|(_, h, _)| *h).collect();
    let Some(model) = bgnbd::fit(&histories) else {
        if !histories.is_empty() {
            warnings.push(format!(
                "p_alive is null: BG/NBD needs at least 10 clients with repeat invoices and histories varied enough to fit ({} clients here)",
                histories.len()
            ));
        }
        return HashMap::new();
    };
    let values: Vec<(f64, f64)> = keyed
        .iter()
        .filter_map(|(_, h, m)| Some((h.frequency, crate::model::money::to_f64((*m)?))))
        .collect();
    let gg = gamma_gamma::fit(&values).filter(|g| g.q > 1.0);
    if gg.is_none() {
        warnings.push(format!(
            "clv is the heuristic one: the Gamma-Gamma value model needs at least 10 clients with repeat invoices of positive value, and a fit with q > 1 ({} such clients here)",
            values.iter().filter(|(_, m)| *m > 0.0).count()
        ));
    }
    let month = TimeUnit::Month.days() / TimeUnit::Week.days();
    let horizon = f64::from(w.clv_horizon_months) * month;
    keyed
        .into_iter()
        .map(|(k, h, mean)| {
            let value = gg.as_ref().and_then(|g| {
                let per_purchase = gamma_gamma::expected_value(
                    g,
                    h.frequency,
                    mean.map_or(0.0, crate::model::money::to_f64),
                );
                let v = discounted_clv(
                    &model,
                    &h,
                    horizon,
                    month,
                    per_purchase,
                    w.clv_monthly_discount,
                );
                v.is_finite()
                    .then(|| crate::model::money::round_money(crate::model::money::decimal_of(v)))
            });
            (
                k.clone(),
                Purchases {
                    p_alive: crate::model::money::round_ratio(bgnbd::p_alive(&model, &h)),
                    value,
                },
            )
        })
        .collect()
}

/// What the time file as a whole has: rates for cost, rates for billing.
#[derive(Debug, Clone, Copy, Default)]
struct FileFacts {
    costed: bool,
    priced: bool,
}

fn assemble(
    mut c: Client,
    key: &str,
    t: &LedgerTotals,
    contracts: &[&Contract],
    w: &Window,
    facts: FileFacts,
) -> Client {
    let time = t.time.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let inv = t.invoices.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let int = t.interactions.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let mut fig = LedgerFigures {
        revenue_basis: None,
        billable_hours: None,
        billable_value: None,
        months_over_contract: None,
        cancellations: None,
        invoices: None,
        outstanding: None,
        avg_days_late_plain: None,
        dso_days: None,
    };
    let empty_time = TimeTotals::default();
    if let Some(time) = time {
        let tt = time.unwrap_or(&empty_time);
        c.hours = Some(tt.hours.value());
        // A client without entries cost nothing, if the file gives costs at all.
        if facts.costed {
            c.cost = Some(tt.cost.money());
            c.cost_derived = false;
        }
        let mut people: Vec<(String, Decimal)> = tt
            .people
            .iter()
            // Only shown in plans: a name that is not UTF-8 shows replacement marks.
            .map(|(name, h)| (String::from_utf8_lossy(name).into_owned(), h.value()))
            .collect();
        people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        c.people_hours = people;
        let unpriced = tt.unpriced_hours.value();
        if !unpriced.is_zero() && tt.priced {
            c.warnings.push(format!(
                "{unpriced} billable hours have no bill_rate: billable value leaves them out"
            ));
        }
        // Without an in_scope column, hours over contract stand in (as in a summary file).
        if !tt.scope_unknown {
            c.out_of_scope_hours = Some(tt.out_of_scope_hours.value());
            c.out_of_scope_value = facts.priced.then(|| tt.out_of_scope_value.money());
        }
        let billable = tt.billable_hours.value();
        if tt.priced && !billable.is_zero() {
            c.bill_rate = Some(round_money(tt.billable_value.value() / billable));
        }
        fig.billable_hours = Some(billable);
        // The file has bill rates: a client with only internal time billed nothing.
        fig.billable_value = facts.priced.then(|| tt.billable_value.money());
        c.client_since = min_opt(c.client_since, tt.first);
    }
    let cf = (t.contracts.is_some() && !contracts.is_empty())
        .then(|| contract_figures(contracts, w, fig.billable_hours));
    if let Some(cf) = &cf {
        if cf.contracted_hours.is_some() {
            c.contracted_hours = cf.contracted_hours;
        }
        c.client_since = min_opt(c.client_since, cf.start);
        if let Some(end) = cf.end {
            c.contract_end = end;
        }
        c.notice_days = cf.notice_days.or(c.notice_days);
        if c.bill_rate.is_none() {
            c.bill_rate = cf.hourly_rate;
        }
        if let Some(time) = time {
            let tt = time.unwrap_or(&empty_time);
            let mut over = 0;
            let mut known = false;
            for (hours, contracted) in tt.month_hours.iter().zip(&cf.month_hours) {
                if let Some(contracted) = contracted {
                    known = true;
                    over += u32::from(hours.value() > *contracted);
                }
            }
            fig.months_over_contract = known.then_some(over);
        }
    }
    // Revenue: invoices when given, else contract fees, else billable value.
    if let Some(inv) = inv {
        let it = inv.cloned().unwrap_or_default();
        c.revenue = Some(it.revenue.money());
        c.previous_revenue = Some(it.previous_revenue.money());
        fig.revenue_basis = Some(RevenueBasis::Invoices);
        // Invoices of the period in one other currency: their own total and the
        // average rate they were converted at.
        if let [(code, own, converted)] = it.originals.as_slice() {
            let (own, converted) = (own.value(), converted.value());
            if !own.is_zero() {
                c.conversion = Some(Box::new(crate::model::money::Conversion {
                    currency: code.to_string(),
                    rate: (converted / own).round_dp(6).normalize(),
                    rate_date: None,
                    revenue: Some(own),
                    cost: None,
                }));
            }
        }
        fig.invoices = Some(it.invoices);
        let mut outstanding = it.outstanding();
        if outstanding.scale() < 2 {
            outstanding.rescale(2);
        }
        fig.outstanding = Some(outstanding);
        if it.dated {
            let aging = Aging {
                current: it.aging[0].money(),
                d1_30: it.aging[1].money(),
                d31_60: it.aging[2].money(),
                d61_90: it.aging[3].money(),
                d90_plus: it.aging[4].money(),
            };
            c.overdue = Some(aging.overdue());
            c.aging = Some(aging);
            let weight = it.late_weight.value();
            c.avg_days_late = (!weight.is_zero())
                .then(|| round_money(it.late_amount_days.value() / weight))
                .or(Some(Decimal::ZERO).filter(|_| it.judged > 0));
            if it.judged > 0 {
                c.late_invoice_ratio =
                    crate::model::money::ratio(Decimal::from(it.late), Decimal::from(it.judged));
                fig.avg_days_late_plain = Some(round_money(
                    Decimal::from(it.late_days) / Decimal::from(it.judged),
                ));
            }
        }
        let invoiced = it.invoiced_365.value();
        if invoiced > Decimal::ZERO {
            // A credit note can leave almost nothing invoiced: past `Decimal`'s range, no DSO.
            fig.dso_days = outstanding
                .checked_div(invoiced)
                .and_then(|r| r.checked_mul(Decimal::from(365)))
                .map(round_money);
        }
        c.client_since = min_opt(c.client_since, it.first);
    } else if let Some(fees) = cf.as_ref().and_then(|f| f.fees) {
        c.revenue = Some(fees);
        c.previous_revenue = cf.as_ref().and_then(|f| f.previous_fees);
        fig.revenue_basis = Some(RevenueBasis::Contracts);
    } else if let Some(value) = fig.billable_value {
        c.revenue = Some(value);
        c.previous_revenue = time.flatten().map(|tt| tt.previous_billable_value.money());
        fig.revenue_basis = Some(RevenueBasis::Time);
    }
    if let Some(int) = int {
        let it = int.cloned().unwrap_or_default();
        c.last_contact = max_opt(c.last_contact, it.last_contact);
        c.complaints = Some(it.complaints);
        c.out_of_scope_requests = Some(it.requests);
        if let Some((_, v)) = it.nps {
            c.nps = Some(v);
        }
        fig.cancellations = Some(it.cancellations);
        // A contract signed after the notice is a change of mind.
        c.notice_given = it
            .last_cancellation
            .filter(|&d| !contracts.iter().any(|k| k.start > d))
            .or(c.notice_given);
    }
    if c.currency.is_none() {
        c.currency.clone_from(&t.currency);
    }
    c.ledger = Some(Box::new(fig));
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_name_matches_its_parts_only_whole() {
        let parts: [&[u8]; 3] = [b"Anna", b" ", b"Kov\xc3\xa1cs"];
        assert!(is_joined("Anna Kovács".as_bytes(), parts));
        assert!(!is_joined(b"Anna Kovacs", parts));
        assert!(!is_joined("Anna  Kovács".as_bytes(), parts));
        assert!(is_joined(b"Bence", [b"Bence", b"", b""]));
        assert!(!is_joined(b"Ben", [b"Bence", b"", b""]));
    }

    fn window() -> Window {
        Window::new(
            Period::parse("2026-10", d("2026-11-01")).unwrap(),
            d("2026-11-01"),
        )
    }

    fn entry(date: &str, hours: &str, billable: bool, in_scope: bool) -> TimeEntry<'static> {
        TimeEntry {
            date: d(date),
            client: "Acme",
            client_id: 0,
            hours: dec(hours),
            cost_rate: Some(dec("40")),
            bill_rate: Some(dec("100")),
            billable,
            in_scope: Some(in_scope),
            person: None,
            person_last: None,
        }
    }

    fn invoice(
        issued: &str,
        due: &str,
        paid: Option<&str>,
        amount: &str,
        part: Option<&str>,
    ) -> Invoice<'static> {
        Invoice {
            invoice: "X",
            client: "Acme",
            client_id: 0,
            issued: d(issued),
            due: Some(d(due)),
            paid: paid.map(d),
            amount: dec(amount),
            paid_amount: part.map(dec),
            currency: None,
            original: None,
        }
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

    #[test]
    fn the_latest_cancellation_is_kept_from_any_time() {
        let w = window();
        let mut t = InteractionTotals::default();
        let i = |date: &str, kind| Interaction {
            date: d(date),
            client: "Acme",
            client_id: 0,
            kind,
            nps: None,
            reason: Some("Budget cuts"),
        };
        t.add(&w, &i("2025-03-01", InteractionKind::Cancellation));
        t.add(&w, &i("2026-06-01", InteractionKind::Cancellation));
        t.add(&w, &i("2026-10-20", InteractionKind::Contact));
        assert_eq!(t.last_cancellation, Some(d("2026-06-01")));
        assert_eq!(t.cancellations, 0, "none in the period (2026-10)");
    }

    #[test]
    fn interactions_count_in_the_period_and_keep_the_latest_nps() {
        let w = window();
        let mut t = InteractionTotals::default();
        let i = |date: &str, kind, nps| Interaction {
            date: d(date),
            client: "Acme",
            client_id: 0,
            kind,
            nps,
            reason: None,
        };
        t.add(&w, &i("2026-10-12", InteractionKind::Complaint, None));
        t.add(&w, &i("2026-10-25", InteractionKind::Nps, Some(6)));
        t.add(&w, &i("2026-09-01", InteractionKind::Nps, Some(9)));
        t.add(&w, &i("2026-09-03", InteractionKind::Complaint, None));
        t.add(&w, &i("2026-10-20", InteractionKind::Request, None));
        t.add(&w, &i("2026-10-31", InteractionKind::Cancellation, None));
        assert_eq!((t.complaints, t.requests, t.cancellations), (1, 1, 1));
        assert_eq!(t.nps, Some((d("2026-10-25"), 6)));
        assert_eq!(t.last_contact, Some(d("2026-10-31")));
    }

    fn contract(
        start: &str,
        end: Option<&str>,
        hours: Option<&str>,
        fee: Option<&str>,
    ) -> Contract {
        Contract {
            client: "Acme".into(),
            start: d(start),
            end: end.map(d),
            hours_per_month: hours.map(dec),
            monthly_fee: fee.map(dec),
            hourly_rate: None,
            notice_days: Some(45),
        }
    }

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

    #[test]
    fn revenue_basis_falls_back_from_invoices_to_contracts_to_time() {
        let w = window();
        let mut time = ByClient::<TimeTotals>::default();
        time.entry("Acme")
            .add(&w, &entry("2026-10-01", "3", true, true));
        let clients = |totals| to_clients(totals, Vec::new(), &w).clients;
        let by_time = clients(LedgerTotals {
            time: Some(by_key(vec![time.clone()], TimeTotals::merge)),
            ..LedgerTotals::default()
        });
        assert_eq!(by_time[0].revenue, Some(dec("300")));
        let basis = |c: &Client| c.ledger.as_ref().and_then(|l| l.revenue_basis);
        assert_eq!(basis(&by_time[0]), Some(RevenueBasis::Time));
        let by_contract = clients(LedgerTotals {
            time: Some(by_key(vec![time.clone()], TimeTotals::merge)),
            contracts: Some(vec![contract("2026-01-01", None, None, Some("1000"))]),
            ..LedgerTotals::default()
        });
        assert_eq!(by_contract[0].revenue, Some(dec("1000.00")));
        assert_eq!(basis(&by_contract[0]), Some(RevenueBasis::Contracts));
        let by_invoice = clients(LedgerTotals {
            time: Some(by_key(vec![time], TimeTotals::merge)),
            invoices: Some(HashMap::new()),
            contracts: Some(vec![contract("2026-01-01", None, None, Some("1000"))]),
            ..LedgerTotals::default()
        });
        assert_eq!(
            by_invoice[0].revenue,
            Some(dec("0")),
            "no invoice in the period: nothing billed"
        );
        assert_eq!(basis(&by_invoice[0]), Some(RevenueBasis::Invoices));
    }

    #[test]
    fn names_typed_two_ways_are_one_client_and_idle_clients_stay_out() {
        let w = window();
        let mut a = ByClient::<TimeTotals>::default();
        a.entry("Kovács")
            .add(&w, &entry("2026-10-01", "1", true, true));
        let mut b = ByClient::<TimeTotals>::default();
        // The same name with a combining accent, from another thread.
        b.entry("Kova\u{301}cs ")
            .add(&w, &entry("2026-10-02", "2", true, true));
        b.entry("Gone Ltd")
            .add(&w, &entry("2025-01-02", "2", true, true));
        let out = to_clients(
            LedgerTotals {
                time: Some(by_key(vec![a, b], TimeTotals::merge)),
                ..LedgerTotals::default()
            },
            Vec::new(),
            &w,
        );
        assert_eq!(out.clients.len(), 1);
        assert_eq!(out.clients[0].hours, Some(dec("3")));
        assert!(
            out.warnings[0].contains("1 client(s) with no time"),
            "{:?}",
            out.warnings
        );
    }
}
