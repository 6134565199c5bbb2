//! The fire plan across the portfolio: every exit with its dates, and the team
//! hours freed month by month (per person when the time entries name people), so
//! people can be moved to other accounts before the hours free up.

use super::exit::{capacity, CAPACITY_MONTHS};
use super::{NextStep, Verdict};
use crate::model::verdict::{MonthHours, PersonHours};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One client to exit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exit {
    /// The client.
    pub client: String,
    /// Last day of the engagement.
    pub exit_date: Option<NaiveDate>,
    /// Date by which to give notice.
    pub notice_date: Option<NaiveDate>,
    /// Hours a month the exit frees.
    pub freed_hours_per_month: Option<Decimal>,
    /// The same by person.
    pub freed_hours_by_person: Vec<PersonHours>,
    /// Hours freed month by month.
    pub capacity: Vec<MonthHours>,
}

/// Hours freed in one month across every exit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPlan {
    /// `YYYY-MM`.
    pub month: String,
    /// Hours freed that month.
    pub freed_hours: Decimal,
    /// By person, most first.
    pub by_person: Vec<PersonFreed>,
}

/// One person's hours freed in a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonFreed {
    /// The person.
    pub person: String,
    /// Hours freed.
    pub hours: Decimal,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The report date.
    pub as_of: NaiveDate,
    /// Clients to exit, earliest notice first.
    pub exits: Vec<Exit>,
    /// Hours freed per month across the exits.
    pub capacity: Vec<MonthPlan>,
}

/// Collects the clients to fire (name, verdict and next step of each) into a plan.
pub fn plan<'a>(
    as_of: NaiveDate,
    clients: impl IntoIterator<Item = (&'a str, Verdict, &'a NextStep)>,
) -> Plan {
    let mut exits: Vec<Exit> = clients
        .into_iter()
        .filter(|(_, verdict, _)| *verdict == Verdict::Fire)
        .map(|(client, _, next)| Exit {
            client: client.to_string(),
            exit_date: next.exit_date,
            notice_date: next.notice_date,
            freed_hours_per_month: next.freed_hours_per_month,
            freed_hours_by_person: next.freed_hours_by_person.clone(),
            capacity: next.capacity.clone(),
        })
        .collect();
    exits.sort_by(|a, b| (a.notice_date, &a.client).cmp(&(b.notice_date, &b.client)));
    let mut timeline: Vec<MonthPlan> = capacity(Decimal::ZERO, as_of, as_of)
        .into_iter()
        .map(|m| MonthPlan {
            month: m.month,
            freed_hours: Decimal::ZERO,
            by_person: Vec::new(),
        })
        .collect();
    for e in &exits {
        for (slot, m) in timeline.iter_mut().zip(&e.capacity) {
            slot.freed_hours += m.freed_hours;
        }
        let Some(exit) = e.exit_date else { continue };
        for p in &e.freed_hours_by_person {
            for (slot, m) in timeline
                .iter_mut()
                .zip(capacity(p.hours_per_month, exit, as_of))
            {
                match slot.by_person.iter_mut().find(|x| x.person == p.person) {
                    Some(x) => x.hours += m.freed_hours,
                    None => slot.by_person.push(PersonFreed {
                        person: p.person.clone(),
                        hours: m.freed_hours,
                    }),
                }
            }
        }
    }
    for slot in &mut timeline {
        slot.by_person.retain(|p| !p.hours.is_zero());
        slot.by_person
            .sort_by(|a, b| b.hours.cmp(&a.hours).then_with(|| a.person.cmp(&b.person)));
    }
    debug_assert_eq!(timeline.len(), CAPACITY_MONTHS);
    Plan {
        as_of,
        exits,
        capacity: timeline,
    }
}
