//! Ledger figures (SPEC 2.2): one fold per record kind adds time entries
//! ([`time`]), invoices ([`invoices`]) and interactions ([`interactions`]) into
//! per-client totals as they stream past; [`contracts`] prorates contracts over the
//! period; [`to_clients`] turns the totals into the summary columns each client
//! adds up to, and the figures only a ledger knows.
//!
//! Every formula is documented in docs/reference.md ("Derived figures"). Pure: no
//! files here.

use crate::model::client::client_key;
use crate::model::money::round_money;
use crate::model::records::{Contract, LedgerFigures, RevenueBasis};
use crate::model::{Aging, Client, Extra};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub mod by_client;
pub mod contracts;
pub mod interactions;
pub mod invoices;
pub mod time;
pub mod window;

use crate::metrics::lateness;
use crate::metrics::models::purchases::PurchaseModel;
pub use by_client::{by_key, ByClient};
use contracts::contract_figures;
pub use interactions::InteractionTotals;
pub use invoices::InvoiceTotals;
pub use time::{TimeFold, TimeTotals};
use window::min_opt;
pub use window::{Window, OVERRUN_MONTHS};

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
    /// One record per client, clients-file order first, then by name: the summary
    /// columns the ledgers add up to.
    pub clients: Vec<Client>,
    /// What only the ledgers know of each (index for index with `clients`).
    pub extras: Vec<Extra>,
    /// Warnings about the files taken together.
    pub warnings: Vec<String>,
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
    let in_ledgers = named(&totals.time)
        .chain(named(&totals.invoices))
        .chain(named(&totals.interactions));
    for (k, n) in in_ledgers {
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
    let (clients, extras) = order
        .into_iter()
        .filter_map(|key| {
            let c = base.remove(&key)?;
            let cs = contracts.get(&key).map_or(&[][..], Vec::as_slice);
            let (mut c, mut extra) = assemble(c, &key, &totals, cs, w, facts);
            if let Some(p) = purchases.get(&key) {
                c.p_alive = Some(p.p_alive);
                extra.expected_purchase_value = p.value;
            }
            Some((c, extra))
        })
        .unzip();
    Assembly {
        clients,
        extras,
        warnings,
    }
}

/// (key, name) of every client of one fold's totals.
fn named<T>(
    totals: &Option<HashMap<String, (String, T)>>,
) -> impl Iterator<Item = (&String, &String)> {
    totals.iter().flatten().map(|(k, (n, _))| (k, n))
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
) -> (Client, Extra) {
    let mut extra = Extra::default();
    let time = t.time.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let inv = t.invoices.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let int = t.interactions.as_ref().map(|m| m.get(key).map(|x| &x.1));
    let mut fig = LedgerFigures::default();
    let empty_time = TimeTotals::default();
    if let Some(time) = time {
        let tt = time.unwrap_or(&empty_time);
        c.hours = Some(tt.hours.value());
        // A client without entries cost nothing, if the file gives costs at all.
        if facts.costed {
            c.cost = Some(tt.cost.money());
            c.cost_derived = false;
        }
        extra.people_hours = tt.people_hours();
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
            // Over contract or not, in each month whose contracted hours are known.
            let months = tt.month_hours.iter().zip(&cf.month_hours);
            let over: Vec<bool> = months
                .filter_map(|(hours, contracted)| Some(hours.value() > (*contracted)?))
                .collect();
            fig.months_over_contract =
                (!over.is_empty()).then(|| over.iter().filter(|&&o| o).count() as u32);
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
                extra.conversion = Some(Box::new(crate::model::money::Conversion {
                    currency: code.to_string(),
                    rate: (converted / own).round_dp(6).normalize(),
                    rate_date: None,
                    revenue: Some(own),
                    cost: None,
                }));
            }
        }
        fig.invoices = Some(it.invoices);
        let outstanding = crate::model::money::with_cents(it.outstanding());
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
            c.avg_days_late = lateness::avg_days_late(
                it.late_amount_days.value(),
                it.late_weight.value(),
                it.judged,
            );
            c.late_invoice_ratio = lateness::late_invoice_ratio(it.late, it.judged);
            fig.avg_days_late_plain = lateness::plain_days_late(it.late_days, it.judged);
        }
        fig.dso_days = lateness::dso_days(outstanding, it.invoiced_365.value());
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
        c.last_contact = c.last_contact.max(it.last_contact);
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
    extra.ledger = Some(Box::new(fig));
    (c, extra)
}

/// Records and a window for the folds' tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::Window;
    use crate::model::money::dec;
    use crate::model::period::Period;
    use crate::model::records::{Contract, Invoice, TimeEntry};
    use chrono::NaiveDate;

    pub fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub fn window() -> Window {
        Window::new(
            Period::parse("2026-10", d("2026-11-01")).unwrap(),
            d("2026-11-01"),
        )
    }

    pub fn entry(date: &str, hours: &str, billable: bool, in_scope: bool) -> TimeEntry<'static> {
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
        }
    }

    pub fn invoice(
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
            further_line: false,
        }
    }

    pub fn contract(
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
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn revenue_basis_falls_back_from_invoices_to_contracts_to_time() {
        let w = window();
        let mut time = ByClient::<TimeTotals>::default();
        time.entry("Acme")
            .add(&w, &entry("2026-10-01", "3", true, true));
        let clients = |totals| {
            let a = to_clients(totals, Vec::new(), &w);
            a.clients.into_iter().zip(a.extras).collect::<Vec<_>>()
        };
        let by_time = clients(LedgerTotals {
            time: Some(by_key(vec![time.clone()], TimeTotals::merge)),
            ..LedgerTotals::default()
        });
        assert_eq!(by_time[0].0.revenue, Some(dec("300")));
        let basis = |c: &(Client, Extra)| c.1.ledger.as_ref().and_then(|l| l.revenue_basis);
        assert_eq!(basis(&by_time[0]), Some(RevenueBasis::Time));
        let by_contract = clients(LedgerTotals {
            time: Some(by_key(vec![time.clone()], TimeTotals::merge)),
            contracts: Some(vec![contract("2026-01-01", None, None, Some("1000"))]),
            ..LedgerTotals::default()
        });
        assert_eq!(by_contract[0].0.revenue, Some(dec("1000.00")));
        assert_eq!(basis(&by_contract[0]), Some(RevenueBasis::Contracts));
        let by_invoice = clients(LedgerTotals {
            time: Some(by_key(vec![time], TimeTotals::merge)),
            invoices: Some(HashMap::new()),
            contracts: Some(vec![contract("2026-01-01", None, None, Some("1000"))]),
            ..LedgerTotals::default()
        });
        assert_eq!(
            by_invoice[0].0.revenue,
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
