//! The fire plan for people: every exit with its dates, and the hours freed by month.

use super::render::Tabled;
use super::text::{opt, printable};
use crate::verdict::plan::Plan;
use std::fmt::Write as _;

impl Tabled for Plan {
    fn text(&self) -> String {
        let mut s = String::new();
        if self.exits.is_empty() {
            let _ = writeln!(s, "No client to fire as of {}.", self.as_of);
            return s;
        }
        let _ = writeln!(s, "Exits as of {} (earliest notice first)", self.as_of);
        for e in &self.exits {
            let _ = writeln!(
                s,
                "  {}: notice by {}, ends {}, frees {} h/month",
                printable(&e.client),
                opt(e.notice_date),
                opt(e.exit_date),
                opt(e.freed_hours_per_month.map(|h| h.normalize()))
            );
            for person in &e.freed_hours_by_person {
                let _ = writeln!(
                    s,
                    "      {} {} h/month",
                    printable(&person.person),
                    person.hours_per_month.normalize()
                );
            }
        }
        let _ = writeln!(
            s,
            "\nHours freed by month (move people before they free up)"
        );
        for m in &self.capacity {
            let people: Vec<String> = m
                .by_person
                .iter()
                .map(|x| format!("{} {}", printable(&x.person), x.hours.normalize()))
                .collect();
            let _ = writeln!(
                s,
                "  {}  {:>8} h  {}",
                m.month,
                m.freed_hours.normalize(),
                people.join(", ")
            );
        }
        s
    }
}
