//! Retention cohorts from contracts: clients grouped by the period their relationship
//! started (and optionally a segment), counted at each renewal while still a client,
//! with the sBG model fitted to each cohort's survivors.

use super::sbg::{self, Sbg};
use crate::model::records::Contract;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// How long a renewal period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Renewal {
    /// Yearly renewals.
    Year,
    /// Quarterly renewals.
    Quarter,
    /// Monthly renewals.
    Month,
}

impl Renewal {
    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Renewal::Year => 12,
            Renewal::Quarter => 3,
            Renewal::Month => 1,
        }
    }

    /// The label of the period `d` starts: `2024`, `2024-Q1` or `2024-01`.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Renewal::Year => d.year().to_string(),
            Renewal::Quarter => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            Renewal::Month => d.format("%Y-%m").to_string(),
        }
    }
}

/// One client's relationship: its contracts joined end to start.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// First day.
    pub start: NaiveDate,
    /// Last day (`None`: still running).
    pub end: Option<NaiveDate>,
    /// Monthly fee of its first contract (or its hourly rate × monthly hours), if any.
    pub monthly_fee: Option<rust_decimal::Decimal>,
}

/// Joins each client's contracts into one relationship when each starts by the day
/// after the previous one ends (a renewal); a gap starts a new relationship.
pub fn relationships(contracts: &[Contract]) -> BTreeMap<String, Vec<Relationship>> {
    let mut by_client: BTreeMap<String, Vec<&Contract>> = BTreeMap::new();
    for c in contracts {
        by_client
            .entry(crate::model::client::client_key(&c.client))
            .or_default()
            .push(c);
    }
    by_client
        .into_iter()
        .map(|(key, mut cs)| {
            cs.sort_by_key(|c| c.start);
            let mut out: Vec<Relationship> = Vec::new();
            for c in cs {
                match out.last_mut() {
                    Some(r)
                        if r.end
                            .is_some_and(|e| e.succ_opt().is_some_and(|n| c.start <= n)) =>
                    {
                        r.end = r.end.zip(c.end).map(|(a, b)| a.max(b));
                    }
                    Some(r) if r.end.is_none() => {}
                    _ => out.push(Relationship {
                        start: c.start,
                        end: c.end,
                        monthly_fee: c.monthly_value(),
                    }),
                }
            }
            (key, out)
        })
        .collect()
}

/// One cohort's survival and its model.
#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    /// The start period.
    pub cohort: String,
    /// The `--by` value (`null` without one).
    pub segment: Option<String>,
    /// Clients that started in it.
    pub clients: usize,
    /// Still clients after 0, 1, 2, … fully observed renewal periods.
    pub survivors: Vec<u64>,
    /// The sBG fit, or `null` with too few clients or periods.
    pub sbg: Option<Sbg>,
    /// The model's survivors for the observed periods and five more.
    pub projected_survivors: Vec<f64>,
    /// Share lost in the last observed period.
    pub churn_rate: Option<f64>,
    /// Share of monthly fees lost in the last observed period.
    pub revenue_churn: Option<f64>,
}

/// Cohorts by start period (and segment), observed up to `as_of`.
pub fn cohorts(
    relationships: &BTreeMap<String, Vec<Relationship>>,
    segment_of: impl Fn(&str) -> Option<String>,
    renewal: Renewal,
    as_of: NaiveDate,
) -> Vec<Cohort> {
    let mut groups: BTreeMap<(String, Option<String>), Vec<&Relationship>> = BTreeMap::new();
    for (key, rs) in relationships {
        for r in rs.iter().filter(|r| r.start <= as_of) {
            groups
                .entry((renewal.label(r.start), segment_of(key)))
                .or_default()
                .push(r);
        }
    }
    let step = renewal.months();
    groups
        .into_iter()
        .map(|((cohort, segment), members)| {
            // Periods every member has fully lived through by the report date.
            let latest = members.iter().map(|r| r.start).max().unwrap_or(as_of);
            let periods = (1..)
                .take_while(|t| {
                    (latest.checked_add_months(Months::new(step * t))).is_some_and(|d| d <= as_of)
                })
                .count() as u32;
            let alive_at = |r: &Relationship, t: u32| {
                let renewal_day = r.start.checked_add_months(Months::new(step * t));
                match (r.end, renewal_day) {
                    (None, _) => true,
                    (Some(end), Some(day)) => end >= day,
                    (Some(_), None) => false,
                }
            };
            let survivors: Vec<u64> = (0..=periods)
                .map(|t| members.iter().filter(|r| alive_at(r, t)).count() as u64)
                .collect();
            let fit = (members.len() >= 10)
                .then(|| sbg::fit(&survivors))
                .flatten();
            let projected = fit.map_or_else(Vec::new, |f| {
                sbg::survival(f.gamma, f.delta, periods as usize + 5)
                    .into_iter()
                    .map(|s| crate::model::money::round_to(s * members.len() as f64, 1))
                    .collect()
            });
            let last = survivors.len().checked_sub(2);
            let churn_rate = last.filter(|&i| survivors[i] > 0).map(|i| {
                crate::model::money::round_ratio(
                    1.0 - survivors[i + 1] as f64 / survivors[i] as f64,
                )
            });
            // Monthly fees of the members still clients after `t` renewals.
            let fees = |t: u32| -> rust_decimal::Decimal {
                members
                    .iter()
                    .filter(|r| alive_at(r, t))
                    .filter_map(|r| r.monthly_fee)
                    .sum()
            };
            let revenue_churn = last.and_then(|i| {
                let (before, after) = (fees(i as u32), fees(i as u32 + 1));
                crate::model::money::ratio(before - after, before)
            });
            Cohort {
                cohort,
                segment,
                clients: members.len(),
                survivors,
                sbg: fit,
                projected_survivors: projected,
                churn_rate,
                revenue_churn,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Contracts encoding one of Fader & Hardie's (2007) cohorts: 1,000 clients
    /// starting on 2000-01-01 on yearly contracts, ending as the survivors say.
    fn cohort_contracts(survivors: &[u64], prefix: &str) -> Vec<Contract> {
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let mut out = Vec::new();
        let mut id = 0;
        for (t, pair) in survivors.windows(2).enumerate() {
            for _ in 0..(pair[0] - pair[1]) {
                id += 1;
                // Lost at renewal t + 1: the relationship ends the day before it.
                let end = start
                    .checked_add_months(Months::new(12 * (t as u32 + 1)))
                    .unwrap()
                    .pred_opt();
                out.push(contract(&format!("{prefix}{id}"), start, end));
            }
        }
        for _ in 0..survivors[survivors.len() - 1] {
            id += 1;
            out.push(contract(&format!("{prefix}{id}"), start, None));
        }
        out
    }

    fn contract(client: &str, start: NaiveDate, end: Option<NaiveDate>) -> Contract {
        Contract {
            client: client.into(),
            start,
            end,
            hours_per_month: None,
            monthly_fee: Some(rust_decimal::Decimal::from(100)),
            hourly_rate: None,
            notice_days: None,
        }
    }

    #[test]
    fn contract_files_reproduce_fader_hardie_2007() {
        let regular = [1000, 631, 468, 382, 326, 289, 262, 241];
        let high = [1000, 869, 743, 653, 593, 551, 517, 491];
        let mut contracts = cohort_contracts(&regular, "R");
        contracts.extend(cohort_contracts(&high, "H"));
        let rel = relationships(&contracts);
        let as_of = NaiveDate::from_ymd_opt(2007, 1, 1).unwrap();
        let segment = |key: &str| {
            Some(
                if key.starts_with('r') {
                    "regular"
                } else {
                    "high end"
                }
                .to_string(),
            )
        };
        let out = cohorts(&rel, segment, Renewal::Year, as_of);
        let find = |s: &str| {
            out.iter()
                .find(|c| c.segment.as_deref() == Some(s))
                .unwrap()
        };
        let (r, h) = (find("regular"), find("high end"));
        assert_eq!(r.survivors, regular);
        assert_eq!(h.survivors, high);
        let (rf, hf) = (r.sbg.unwrap(), h.sbg.unwrap());
        assert!(
            (rf.gamma - 0.704).abs() < 0.0005 && (rf.delta - 1.182).abs() < 0.0005,
            "{rf:?}"
        );
        assert!(
            (hf.gamma - 0.668).abs() < 0.0005 && (hf.delta - 3.806).abs() < 0.0005,
            "{hf:?}"
        );
        // Last year: 262 -> 241 of the regular clients, 21 lost of 262.
        assert_eq!(r.churn_rate, Some(0.0802));
        assert_eq!(
            r.revenue_churn,
            Some(0.0802),
            "equal fees: revenue churn = churn"
        );
        assert_eq!(r.projected_survivors.len(), 13);
    }

    #[test]
    fn renewals_join_into_one_relationship_and_gaps_split() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cs = vec![
            contract("A", d("2024-01-01"), Some(d("2024-12-31"))),
            contract("A", d("2025-01-01"), None),
            contract("B", d("2024-01-01"), Some(d("2024-06-30"))),
            contract("B", d("2024-09-01"), Some(d("2024-12-31"))),
        ];
        let rel = relationships(&cs);
        assert_eq!(
            rel["a"],
            vec![Relationship {
                start: d("2024-01-01"),
                end: None,
                monthly_fee: Some(100.into())
            }]
        );
        assert_eq!(rel["b"].len(), 2);
    }
}
