//! Churn over the history: which relationships ended (a cancellation or a contract
//! not renewed), when and why; clients and recurring revenue lost per period, net
//! revenue retention, reasons counted, and churn by acquisition source.
//!
//! Pure: relationships, contracts and cancellations in, figures out. The population
//! is every contract relationship (see `models::cohorts::relationships`). A notice
//! belongs to the client's latest relationship begun by its day; one a later contract
//! of that relationship takes back is ignored; one no relationship explains (a client
//! without contracts, or before its first) is counted among the reasons only.

use crate::metrics::models::cohorts::{Relationship, Renewal};
use crate::model::money::{ratio, round_money, round_ratio};
use crate::model::records::Contract;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One `cancellation` interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    /// Client name as written.
    pub client: String,
    /// Day the client gave notice.
    pub date: NaiveDate,
    /// Why, as written (`reason` column, else the note).
    pub reason: Option<String>,
}

/// How a relationship ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// The client gave notice (a `cancellation` interaction).
    Cancelled,
    /// The last contract ended without a following one, and no notice was logged.
    NotRenewed,
}

/// One lost relationship.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Loss {
    /// The client.
    pub client: String,
    /// Its `--by` value (`null` without one).
    pub segment: Option<String>,
    /// The relationship's first day (`null` for a client without contracts).
    pub since: Option<NaiveDate>,
    /// The day counted as the loss: the last contract day when it has passed, else
    /// the notice day (notice given, contract still running).
    pub lost_on: NaiveDate,
    /// The day notice was given, if logged.
    pub notice_on: Option<NaiveDate>,
    /// Cancelled or not renewed.
    pub how: LossKind,
    /// Why, as written.
    pub reason: Option<String>,
    /// Recurring monthly revenue on the loss day (contract fee, or rate × hours).
    pub monthly_revenue: Option<Decimal>,
}

/// Clients and recurring revenue over one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodChurn {
    /// `2026-Q3`, `2026-07` or `2026`.
    pub period: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day (the report date for the current period).
    pub to: NaiveDate,
    /// Relationships running on the first day that began before it.
    pub clients_at_start: usize,
    /// Relationships that started in the period (its first day included).
    pub new_clients: usize,
    /// Relationships lost in the period (of those at the start or new in it).
    pub lost: usize,
    /// Lost of those at the start ÷ clients at the start.
    pub churn_rate: Option<f64>,
    /// Monthly recurring revenue of the clients at the start, on the first day.
    pub mrr_at_start: Decimal,
    /// The part of it whose clients were lost in the period.
    pub mrr_lost: Decimal,
    /// `mrr_lost / mrr_at_start`.
    pub revenue_churn: Option<f64>,
    /// Recurring revenue of the start's clients on the last day (lost ones: 0, raised
    /// fees count) ÷ `mrr_at_start`.
    pub net_revenue_retention: Option<f64>,
}

/// How often one reason was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonCount {
    /// The reason as first written (counted case- and space-insensitively).
    pub reason: String,
    /// Clients lost for it.
    pub clients: usize,
    /// Share of all losses.
    pub share: f64,
}

/// Churn of one acquisition source (or other `--by` value) over the whole history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentChurn {
    /// The value (`(none)` for clients without one).
    pub source: String,
    /// Relationships running at some time in the history.
    pub clients: usize,
    /// Of those, lost in the history.
    pub lost: usize,
    /// `lost / clients`.
    pub churn_rate: Option<f64>,
    /// Revenue of its clients over the history (from the invoice, contract and time
    /// files, when given).
    pub revenue: Option<Decimal>,
    /// `(revenue - cost) / revenue` over its clients whose revenue and cost are both
    /// known (a client without a cost would overstate it).
    pub margin_ratio: Option<f64>,
}

/// Every figure `churn_history` computes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnHistory {
    /// Oldest first; the last runs to the report date.
    pub periods: Vec<PeriodChurn>,
    /// Every loss from the first period's start to the report date, oldest first.
    pub losses: Vec<Loss>,
    /// Reasons of those losses, most frequent first.
    pub reasons: Vec<ReasonCount>,
    /// Churn by source (the `--by` value) over the same span (empty without `--by`).
    #[serde(rename = "sources")]
    pub segments: Vec<SegmentChurn>,
}

/// Revenue and cost of one client over the history, for margin by segment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClientMoney {
    /// Revenue, if known.
    pub revenue: Option<Decimal>,
    /// Cost, if known.
    pub cost: Option<Decimal>,
}

/// The inputs of [`churn_history`].
pub struct HistoryInput<'a> {
    /// Relationships by client key.
    pub relationships: &'a BTreeMap<String, Vec<Relationship>>,
    /// Every contract (for recurring revenue on a day).
    pub contracts: &'a [Contract],
    /// Every cancellation interaction.
    pub cancellations: &'a [Cancellation],
    /// Display name by client key.
    pub names: &'a HashMap<String, String>,
    /// Period length.
    pub every: Renewal,
    /// How many periods, the last one running to `as_of`.
    pub periods: u32,
    /// The report date.
    pub as_of: NaiveDate,
}

/// The first day of the calendar period holding `d`.
pub fn period_start(every: Renewal, d: NaiveDate) -> NaiveDate {
    let month = match every {
        Renewal::Year => 1,
        Renewal::Quarter => d.month0() / 3 * 3 + 1,
        Renewal::Month => d.month(),
    };
    NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d)
}

/// One relationship with its loss, if it ended by the report date.
struct Tenure<'a> {
    key: &'a str,
    start: NaiveDate,
    loss: Option<Loss>,
}

impl Tenure<'_> {
    fn alive_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.loss.as_ref().is_none_or(|l| l.lost_on >= d)
    }

    fn lost_within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.loss
            .as_ref()
            .is_some_and(|l| from <= l.lost_on && l.lost_on <= to)
    }
}

/// Monthly recurring revenue of a client on `day`: the fee (or the hourly rate times
/// the monthly hours) of its contract running then that started last. One fee at a
/// time: a renewal that overlaps the contract it replaces is not a second fee (a
/// client with two retainers at once is best one contract row with their total).
fn mrr_on(contracts: &[&Contract], day: NaiveDate) -> Option<Decimal> {
    contracts
        .iter()
        .filter(|c| c.start <= day && c.end.is_none_or(|e| day <= e))
        .max_by_key(|c| c.start)
        .and_then(|c| c.monthly_value())
}

/// Joins losses to relationships and cancellations, and adds them up per period,
/// reason and segment (`segment_of` a client key; money by client key for margins).
pub fn churn_history(
    input: &HistoryInput<'_>,
    segment_of: impl Fn(&str) -> Option<String>,
    money: &HashMap<String, ClientMoney>,
) -> ChurnHistory {
    let as_of = input.as_of;
    let key = crate::model::client::client_key;
    let mut contracts_of: HashMap<String, Vec<&Contract>> = HashMap::new();
    for c in input.contracts {
        contracts_of.entry(key(&c.client)).or_default().push(c);
    }
    let mut notices: HashMap<String, Vec<&Cancellation>> = HashMap::new();
    for c in input.cancellations.iter().filter(|c| c.date <= as_of) {
        notices.entry(key(&c.client)).or_default().push(c);
    }
    for v in notices.values_mut() {
        v.sort_by_key(|c| c.date);
    }
    let name = |k: &str| input.names.get(k).cloned().unwrap_or_else(|| k.to_string());
    let loose_loss = |k: &str, n: &Cancellation| Loss {
        client: name(k),
        segment: segment_of(k),
        since: None,
        lost_on: n.date,
        notice_on: Some(n.date),
        how: LossKind::Cancelled,
        reason: n.reason.clone(),
        monthly_revenue: None,
    };
    let mut tenures = Vec::new();
    // Notices no relationship explains: of clients without contracts, or before the first.
    let mut loose: Vec<Loss> = Vec::new();
    for (k, ns) in &notices {
        if !input.relationships.contains_key(k) {
            loose.extend(ns.iter().map(|n| loose_loss(k, n)));
        }
    }
    for (k, rels) in input.relationships {
        let cs = contracts_of.get(k).map_or(&[][..], Vec::as_slice);
        let rels: Vec<&Relationship> = rels.iter().filter(|r| r.start <= as_of).collect();
        // Each notice belongs to the latest relationship begun by its day: given
        // during it, or after its end (logged late) and before the next one.
        let mut theirs: Vec<Vec<&Cancellation>> = vec![Vec::new(); rels.len()];
        for n in notices.get(k).into_iter().flatten() {
            match rels.iter().rposition(|r| r.start <= n.date) {
                Some(i) => theirs[i].push(n),
                None => loose.push(loose_loss(k, n)),
            }
        }
        for (r, ns) in rels.iter().zip(theirs) {
            let within = |c: &&&Contract| c.start >= r.start && r.end.is_none_or(|e| c.start <= e);
            // A contract of the relationship signed after a notice takes it back.
            let valid: Vec<&Cancellation> = ns
                .into_iter()
                .filter(|n| !cs.iter().filter(within).any(|c| c.start > n.date))
                .collect();
            let notice = valid.first().copied();
            let reason = valid.iter().find_map(|n| n.reason.clone());
            let ended = r.end.filter(|&e| e < as_of);
            let loss = match (ended, notice) {
                (None, None) => None,
                (Some(end), n) => Some((end, n)),
                (None, Some(n)) => Some((n.date, Some(n))),
            }
            .map(|(lost_on, n)| Loss {
                client: name(k),
                segment: segment_of(k),
                since: Some(r.start),
                lost_on,
                notice_on: n.map(|n| n.date),
                how: if n.is_some() {
                    LossKind::Cancelled
                } else {
                    LossKind::NotRenewed
                },
                reason: reason.clone(),
                // On the last contract day, or the notice day while it still runs.
                monthly_revenue: mrr_on(cs, lost_on).map(round_money),
            });
            tenures.push(Tenure {
                key: k,
                start: r.start,
                loss,
            });
        }
    }

    let periods = periods(input.every, input.periods, as_of);
    let span_from = periods.first().map_or(as_of, |p| p.0);
    let period_rows = periods
        .iter()
        .map(|&(from, to, ref label)| period_churn(&tenures, &contracts_of, from, to, label))
        .collect();

    let mut losses: Vec<Loss> = tenures
        .iter()
        .filter(|t| t.lost_within(span_from, as_of))
        .filter_map(|t| t.loss.clone())
        .chain(loose.into_iter().filter(|l| l.lost_on >= span_from))
        .collect();
    losses.sort_by(|a, b| (a.lost_on, &a.client).cmp(&(b.lost_on, &b.client)));
    let reasons = count_reasons(&losses);
    let segments = segment_churn(&tenures, span_from, as_of, &segment_of, money);
    ChurnHistory {
        periods: period_rows,
        losses,
        reasons,
        segments,
    }
}

/// The last `n` calendar periods, the last one cut at `as_of`.
fn periods(every: Renewal, n: u32, as_of: NaiveDate) -> Vec<(NaiveDate, NaiveDate, String)> {
    let step = every.months();
    let current = period_start(every, as_of);
    (0..n.max(1))
        .rev()
        .filter_map(|back| {
            let from = current.checked_sub_months(Months::new(step * back))?;
            let next = from.checked_add_months(Months::new(step))?;
            let to = next.pred_opt()?.min(as_of);
            Some((from, to, every.label(from)))
        })
        .collect()
}

fn period_churn(
    tenures: &[Tenure<'_>],
    contracts_of: &HashMap<String, Vec<&Contract>>,
    from: NaiveDate,
    to: NaiveDate,
    label: &str,
) -> PeriodChurn {
    // A relationship starting on the first day is new in the period, not at its start.
    let at_start: Vec<&Tenure<'_>> = tenures
        .iter()
        .filter(|t| t.start < from && t.alive_on(from))
        .collect();
    let new_clients = tenures
        .iter()
        .filter(|t| from <= t.start && t.start <= to)
        .count();
    let lost = tenures.iter().filter(|t| t.lost_within(from, to)).count();
    let (lost_of_start, kept): (Vec<&Tenure<'_>>, Vec<&Tenure<'_>>) =
        at_start.iter().partition(|t| t.lost_within(from, to));
    let mrr = |t: &Tenure<'_>, d: NaiveDate| {
        contracts_of
            .get(t.key)
            .and_then(|cs| mrr_on(cs, d))
            .unwrap_or_default()
    };
    let mrr_at_start: Decimal = at_start.iter().map(|t| mrr(t, from)).sum();
    let mrr_lost: Decimal = lost_of_start.iter().map(|t| mrr(t, from)).sum();
    let mrr_kept: Decimal = kept.iter().map(|t| mrr(t, to)).sum();
    PeriodChurn {
        period: label.to_string(),
        from,
        to,
        clients_at_start: at_start.len(),
        new_clients,
        lost,
        churn_rate: (!at_start.is_empty())
            .then(|| round_ratio(lost_of_start.len() as f64 / at_start.len() as f64)),
        mrr_at_start: round_money(mrr_at_start),
        mrr_lost: round_money(mrr_lost),
        revenue_churn: ratio(mrr_lost, mrr_at_start),
        net_revenue_retention: ratio(mrr_kept, mrr_at_start),
    }
}

/// Counts reasons case- and space-insensitively; a trailing full stop is ignored.
fn count_reasons(losses: &[Loss]) -> Vec<ReasonCount> {
    const NONE: &str = "(no reason recorded)";
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for l in losses {
        let written = l
            .reason
            .as_deref()
            .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
            .map(|r| r.trim_end_matches('.').trim_end().to_string())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| NONE.to_string());
        let entry = counts
            .entry(written.to_lowercase())
            .or_insert_with(|| (written, 0));
        entry.1 += 1;
    }
    let total = losses.len().max(1) as f64;
    let mut out: Vec<ReasonCount> = counts
        .into_values()
        .map(|(reason, clients)| ReasonCount {
            share: round_ratio(clients as f64 / total),
            reason,
            clients,
        })
        .collect();
    out.sort_by(|a, b| b.clients.cmp(&a.clients).then(a.reason.cmp(&b.reason)));
    out
}

fn segment_churn(
    tenures: &[Tenure<'_>],
    from: NaiveDate,
    to: NaiveDate,
    segment_of: &impl Fn(&str) -> Option<String>,
    money: &HashMap<String, ClientMoney>,
) -> Vec<SegmentChurn> {
    #[derive(Default)]
    struct Acc {
        clients: usize,
        lost: usize,
        revenue: Option<Decimal>,
        costed_revenue: Decimal,
        cost: Option<Decimal>,
        keys: Vec<String>,
    }
    let mut by: BTreeMap<String, Acc> = BTreeMap::new();
    for t in tenures {
        let Some(segment) = segment_of(t.key) else {
            continue;
        };
        let running = t.start <= to && t.loss.as_ref().is_none_or(|l| l.lost_on >= from);
        if !running {
            continue;
        }
        let acc = by.entry(segment).or_default();
        acc.clients += 1;
        acc.lost += usize::from(t.lost_within(from, to));
        if !acc.keys.iter().any(|k| k == t.key) {
            acc.keys.push(t.key.to_string());
            let m = money.get(t.key).copied().unwrap_or_default();
            if let Some(r) = m.revenue {
                acc.revenue = Some(acc.revenue.unwrap_or_default() + r);
                if let Some(c) = m.cost {
                    acc.costed_revenue += r;
                    acc.cost = Some(acc.cost.unwrap_or_default() + c);
                }
            }
        }
    }
    by.into_iter()
        .map(|(source, a)| SegmentChurn {
            source,
            clients: a.clients,
            lost: a.lost,
            churn_rate: (a.clients > 0).then(|| round_ratio(a.lost as f64 / a.clients as f64)),
            revenue: a.revenue.map(round_money),
            margin_ratio: a
                .cost
                .and_then(|c| ratio(a.costed_revenue - c, a.costed_revenue)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::models::cohorts::relationships;
    use crate::model::money::dec;
    use crate::model::period::date as d;

    fn contract(client: &str, start: &str, end: Option<&str>, fee: Option<&str>) -> Contract {
        Contract {
            client: client.into(),
            start: d(start),
            end: end.map(d),
            hours_per_month: None,
            monthly_fee: fee.map(dec),
            hourly_rate: None,
            notice_days: None,
        }
    }

    fn cancel(client: &str, date: &str, reason: &str) -> Cancellation {
        Cancellation {
            client: client.into(),
            date: d(date),
            reason: (!reason.is_empty()).then(|| reason.to_string()),
        }
    }

    /// A renews at a higher fee; B's contract runs out in May; C gives notice in
    /// August; D (hourly, 10 h x 100) starts in February and gives notice in October;
    /// E has no contract and cancels in April.
    fn fixture() -> ChurnHistory {
        let mut hourly = contract("D", "2026-02-01", Some("2026-12-31"), None);
        hourly.hourly_rate = Some(dec("100"));
        hourly.hours_per_month = Some(dec("10"));
        let contracts = vec![
            contract("A", "2025-01-01", Some("2025-12-31"), Some("1000")),
            contract("A", "2026-01-01", None, Some("1200")),
            contract("B", "2025-06-01", Some("2026-05-31"), Some("2000")),
            contract("C", "2025-03-01", None, Some("500")),
            hourly,
        ];
        let cancellations = vec![
            cancel("C", "2026-08-10", "Budget cuts"),
            cancel("D", "2026-10-05", "budget  cuts."),
            cancel("E", "2026-04-01", "Moving in-house"),
        ];
        let rel = relationships(&contracts);
        let names: HashMap<String, String> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|n| (n.to_lowercase(), n.to_string()))
            .collect();
        let input = HistoryInput {
            relationships: &rel,
            contracts: &contracts,
            cancellations: &cancellations,
            names: &names,
            every: Renewal::Quarter,
            periods: 4,
            as_of: d("2026-11-15"),
        };
        let segment = |k: &str| Some(if k < "c" { "referral" } else { "ads" }.to_string());
        let money: HashMap<String, ClientMoney> = [
            ("a", Some("10000"), Some("6000")),
            ("b", Some("5000"), Some("4500")),
            ("c", Some("3000"), None),
            ("d", Some("2000"), Some("2500")),
        ]
        .into_iter()
        .map(|(k, r, c)| {
            (
                k.to_string(),
                ClientMoney {
                    revenue: r.map(dec),
                    cost: c.map(dec),
                },
            )
        })
        .collect();
        churn_history(&input, segment, &money)
    }

    #[test]
    fn periods_count_clients_and_recurring_revenue_lost() {
        let h = fixture();
        let rows: Vec<_> = h
            .periods
            .iter()
            .map(|p| {
                (
                    p.period.as_str(),
                    p.clients_at_start,
                    p.new_clients,
                    p.lost,
                    p.churn_rate,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2026-Q1", 3, 1, 0, Some(0.0)),
                ("2026-Q2", 4, 0, 1, Some(0.25)),
                ("2026-Q3", 3, 0, 1, Some(0.3333)),
                ("2026-Q4", 2, 0, 1, Some(0.5)),
            ]
        );
        let money: Vec<_> = h
            .periods
            .iter()
            .map(|p| {
                (
                    p.mrr_at_start,
                    p.mrr_lost,
                    p.revenue_churn,
                    p.net_revenue_retention,
                )
            })
            .collect();
        assert_eq!(
            money,
            vec![
                // A at its renewed 1200, B 2000, C 500; nothing lost.
                (dec("3700"), dec("0"), Some(0.0), Some(1.0)),
                // D joins at 10 h x 100; B's 2000 goes: 2700 of 4700 kept.
                (dec("4700"), dec("2000"), Some(0.4255), Some(0.5745)),
                (dec("2700"), dec("500"), Some(0.1852), Some(0.8148)),
                (dec("2200"), dec("1000"), Some(0.4545), Some(0.5455)),
            ]
        );
        assert_eq!(
            h.periods[3].to,
            d("2026-11-15"),
            "the current period is cut"
        );
    }

    #[test]
    fn losses_say_how_and_why_and_reasons_are_counted() {
        let h = fixture();
        let summary: Vec<_> = h
            .losses
            .iter()
            .map(|l| (l.client.as_str(), l.lost_on, l.how, l.monthly_revenue))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("E", d("2026-04-01"), LossKind::Cancelled, None),
                (
                    "B",
                    d("2026-05-31"),
                    LossKind::NotRenewed,
                    Some(dec("2000"))
                ),
                ("C", d("2026-08-10"), LossKind::Cancelled, Some(dec("500"))),
                ("D", d("2026-10-05"), LossKind::Cancelled, Some(dec("1000"))),
            ]
        );
        let reasons: Vec<_> = h
            .reasons
            .iter()
            .map(|r| (r.reason.as_str(), r.clients, r.share))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("Budget cuts", 2, 0.5),
                ("(no reason recorded)", 1, 0.25),
                ("Moving in-house", 1, 0.25),
            ]
        );
    }

    #[test]
    fn segments_have_churn_and_margin_of_clients_with_both_figures() {
        let h = fixture();
        let ads = &h.segments[0];
        assert_eq!(
            (ads.source.as_str(), ads.clients, ads.lost, ads.churn_rate),
            ("ads", 2, 2, Some(1.0))
        );
        // C has no cost: its revenue counts, its margin cannot; D makes a loss.
        assert_eq!(
            (ads.revenue, ads.margin_ratio),
            (Some(dec("5000")), Some(-0.25))
        );
        let referral = &h.segments[1];
        assert_eq!(
            (referral.clients, referral.lost, referral.churn_rate),
            (2, 1, Some(0.5))
        );
        assert_eq!(
            (referral.revenue, referral.margin_ratio),
            (Some(dec("15000")), Some(0.3))
        );
    }

    fn run(
        contracts: &[Contract],
        notices: &[Cancellation],
        every: Renewal,
        as_of: &str,
    ) -> ChurnHistory {
        let rel = relationships(contracts);
        let names = HashMap::new();
        let input = HistoryInput {
            relationships: &rel,
            contracts,
            cancellations: notices,
            names: &names,
            every,
            periods: 4,
            as_of: d(as_of),
        };
        churn_history(&input, |_| None, &HashMap::new())
    }

    #[test]
    fn a_notice_logged_soon_after_the_end_explains_it() {
        let contracts = vec![contract("A", "2025-01-01", Some("2026-03-31"), Some("900"))];
        let late = [cancel("A", "2026-04-20", "Found a cheaper agency")];
        let h = run(&contracts, &late, Renewal::Month, "2026-06-30");
        assert_eq!(h.losses.len(), 1, "one loss, not a second for the notice");
        let l = &h.losses[0];
        assert_eq!(
            (l.lost_on, l.notice_on, l.how),
            (d("2026-03-31"), Some(d("2026-04-20")), LossKind::Cancelled)
        );
        let march = h.periods.iter().find(|p| p.period == "2026-03").unwrap();
        assert_eq!((march.lost, march.revenue_churn), (1, Some(1.0)));
        let april = h.periods.iter().find(|p| p.period == "2026-04").unwrap();
        assert_eq!((april.clients_at_start, april.churn_rate), (0, None));
        assert!(h.segments.is_empty(), "no --by, no segments");
    }

    #[test]
    fn a_notice_explains_one_loss_and_a_later_contract_takes_it_back() {
        let contracts = vec![
            // A gap of nine days: two relationships; the notice falls in the second.
            contract("A", "2025-01-01", Some("2026-01-31"), Some("1000")),
            contract("A", "2026-02-10", None, Some("1000")),
            // Notice in 2023, then renewed twice: no loss at all.
            contract("B", "2023-01-01", Some("2023-12-31"), Some("1000")),
            contract("B", "2024-01-01", Some("2024-12-31"), Some("1100")),
            contract("B", "2025-01-01", None, Some("1200")),
            // Two notices for one ending, and one logged two months after an ending.
            contract("C", "2025-01-01", Some("2026-03-31"), Some("1000")),
            contract("D", "2025-01-01", Some("2026-03-31"), Some("500")),
        ];
        let notices = vec![
            cancel("a", "2026-02-20", "Budget cuts"),
            cancel("B", "2023-11-01", "Too expensive"),
            cancel("C", "2026-02-01", ""),
            cancel("C", "2026-02-03", "Budget cuts ."),
            cancel("D", "2026-06-01", "Moving in-house"),
        ];
        let h = run(&contracts, &notices, Renewal::Quarter, "2026-06-30");
        let losses: Vec<_> = h
            .losses
            .iter()
            .map(|l| {
                (
                    l.client.as_str(),
                    l.lost_on,
                    l.how,
                    l.notice_on,
                    l.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            losses,
            vec![
                ("a", d("2026-01-31"), LossKind::NotRenewed, None, None),
                (
                    "a",
                    d("2026-02-20"),
                    LossKind::Cancelled,
                    Some(d("2026-02-20")),
                    Some("Budget cuts")
                ),
                (
                    "c",
                    d("2026-03-31"),
                    LossKind::Cancelled,
                    Some(d("2026-02-01")),
                    Some("Budget cuts .")
                ),
                (
                    "d",
                    d("2026-03-31"),
                    LossKind::Cancelled,
                    Some(d("2026-06-01")),
                    Some("Moving in-house")
                ),
            ]
        );
        assert!(
            h.losses.iter().all(|l| l.since.is_some()),
            "no loose notices"
        );
        // "Budget cuts ." is "Budget cuts".
        assert_eq!(
            (h.reasons[0].reason.as_str(), h.reasons[0].clients),
            ("Budget cuts", 2)
        );
        // B is a client at the start of every quarter.
        assert!(h.periods.iter().all(|p| p.clients_at_start >= 1));
    }

    #[test]
    fn an_overlapping_renewal_is_one_fee_not_two() {
        let contracts = vec![
            contract("A", "2025-01-01", Some("2025-12-31"), Some("1000")),
            contract("A", "2025-12-01", Some("2026-11-30"), Some("1200")),
        ];
        let h = run(&contracts, &[], Renewal::Quarter, "2026-03-31");
        let q4 = h.periods.iter().find(|p| p.period == "2025-Q4").unwrap();
        // 1,000 on 1 October, 1,200 (the renewal, not 2,200) on 31 December.
        assert_eq!(
            (q4.mrr_at_start, q4.net_revenue_retention),
            (dec("1000"), Some(1.2))
        );
    }

    #[test]
    fn period_starts_are_calendar_units() {
        let day = d("2026-08-17");
        assert_eq!(period_start(Renewal::Year, day), d("2026-01-01"));
        assert_eq!(period_start(Renewal::Quarter, day), d("2026-07-01"));
        assert_eq!(period_start(Renewal::Month, day), d("2026-08-01"));
    }
}
