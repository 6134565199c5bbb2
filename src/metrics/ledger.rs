//! Ledger figures (SPEC 2.2, issue "ledger mode"): folds time entries, invoices and
//! interactions into per-client totals as they stream past, then turns the totals
//! plus contracts into the same [`Client`] records a summary file gives.
//!
//! Every formula is documented in the README ("Ledger mode"). Pure: no files here.

use crate::model::client::{clean_name, client_key};
use crate::model::ledger::{
    Contract, Interaction, InteractionKind, Invoice, LedgerFigures, RevenueBasis, TimeEntry,
};
use crate::model::money::{round_money, ExactSum};
use crate::model::period::Period;
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
        }
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
    rows: Vec<(Box<str>, T)>,
}

impl<T: Default> Default for ByClient<T> {
    fn default() -> Self {
        ByClient {
            ids: HashMap::default(),
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
                .or_insert_with(|| (name, T::default()));
            merge(&mut slot.1, t);
        }
    }
    out
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
        if let Some(i) = w.recent_month(e.date) {
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
        if let Some(rate) = e.bill_rate {
            self.priced = true;
            if e.billable {
                self.billable_value.add_product(e.hours, rate);
            }
            if !e.in_scope {
                self.out_of_scope_value.add_product(e.hours, rate);
            }
        }
        if !e.in_scope {
            self.out_of_scope_hours.add(e.hours);
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
        if w.period.contains(inv.issued) {
            self.revenue.add(inv.amount);
            self.invoices += 1;
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
    active: bool,
}

fn months_of(fraction: f64) -> Decimal {
    crate::model::money::decimal_of(fraction)
}

fn contract_figures(
    contracts: &[&Contract],
    w: &Window,
    billable_hours: Option<Decimal>,
) -> ContractFigures {
    let mut f = ContractFigures::default();
    let add = |slot: &mut Option<Decimal>, v: Decimal| *slot = Some(slot.unwrap_or_default() + v);
    let recent: Vec<Period> = Period::last_months(w.period.to, OVERRUN_MONTHS)
        .into_iter()
        .filter_map(|first| Period::between(first, crate::model::period::month_end(first)).ok())
        .collect();
    for c in contracts {
        let months = months_of(w.period.month_fraction_overlap(c.start, c.end));
        let previous = months_of(w.previous.month_fraction_overlap(c.start, c.end));
        f.active |= !months.is_zero();
        if let Some(h) = c.hours_per_month {
            add(&mut f.contracted_hours, round_money(h * months));
            // Months before the contract existed stay unknown, not zero.
            let pad = OVERRUN_MONTHS - recent.len();
            for (i, m) in recent.iter().enumerate() {
                let share = months_of(m.month_fraction_overlap(c.start, c.end));
                if !share.is_zero() {
                    add(&mut f.month_hours[pad + i], h * share);
                }
            }
        }
        if let Some(fee) = c.monthly_fee {
            add(&mut f.fees, round_money(fee * months));
            add(&mut f.previous_fees, round_money(fee * previous));
        }
        if c.hourly_rate.is_some() {
            f.hourly_rate = c.hourly_rate;
        }
        f.start = min_opt(f.start, Some(c.start));
        // The contract running on the report date decides the end and the notice;
        // else the one that ended last.
        let current = c.start <= w.as_of && c.end.is_none_or(|e| e >= w.as_of);
        let later = match f.end {
            None => true,
            Some(prev) => current || (prev.is_some() && c.end > prev),
        };
        if later {
            f.end = Some(c.end);
            f.notice_days = c.notice_days.or(f.notice_days);
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
pub fn to_clients(totals: LedgerTotals, listed: Vec<Client>, w: &Window) -> Assembly {
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
                .any(|c| w.period.month_fraction_overlap(c.start, c.end) > 0.0)
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
    let clients = order
        .into_iter()
        .filter_map(|key| {
            let c = base.remove(&key)?;
            Some(assemble(
                c,
                &key,
                &totals,
                contracts.get(&key).map_or(&[][..], Vec::as_slice),
                w,
            ))
        })
        .collect();
    Assembly { clients, warnings }
}

fn assemble(
    mut c: Client,
    key: &str,
    t: &LedgerTotals,
    contracts: &[&Contract],
    w: &Window,
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
        if tt.costed || tt.entries == 0 {
            c.cost = Some(tt.cost.value());
            c.cost_derived = false;
        }
        c.out_of_scope_hours = Some(tt.out_of_scope_hours.value());
        c.out_of_scope_value = tt.priced.then(|| tt.out_of_scope_value.value());
        let billable = tt.billable_hours.value();
        if tt.priced && !billable.is_zero() {
            c.bill_rate = Some(round_money(tt.billable_value.value() / billable));
        }
        fig.billable_hours = Some(billable);
        fig.billable_value = tt.priced.then(|| tt.billable_value.value());
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
        c.revenue = Some(it.revenue.value());
        c.previous_revenue = Some(it.previous_revenue.value());
        fig.revenue_basis = Some(RevenueBasis::Invoices);
        fig.invoices = Some(it.invoices);
        let outstanding = it.outstanding();
        fig.outstanding = Some(outstanding);
        if it.dated {
            let aging = Aging {
                current: it.aging[0].value(),
                d1_30: it.aging[1].value(),
                d31_60: it.aging[2].value(),
                d61_90: it.aging[3].value(),
                d90_plus: it.aging[4].value(),
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
            fig.dso_days = Some(round_money(outstanding / invoiced * Decimal::from(365)));
        }
        c.client_since = min_opt(c.client_since, it.first);
    } else if let Some(fees) = cf.as_ref().and_then(|f| f.fees) {
        c.revenue = Some(fees);
        c.previous_revenue = cf.as_ref().and_then(|f| f.previous_fees);
        fig.revenue_basis = Some(RevenueBasis::Contracts);
    } else if let Some(value) = fig.billable_value {
        c.revenue = Some(value);
        c.previous_revenue = time.flatten().map(|tt| tt.previous_billable_value.value());
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
    }
    if c.currency.is_none() {
        c.currency.clone_from(&t.currency);
    }
    c.ledger = Some(Box::new(fig));
    c
}
