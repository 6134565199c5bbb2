//! The fire plan for people: every exit with its dates, and the hours freed by month.

use super::render::Tabled;
use super::text::{opt, printable};
use crate::verdict::plan::Plan;
use std::io::{self, Write};

impl Tabled for Plan {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.exits.is_empty() {
            return writeln!(out, "No client to fire as of {}.", self.as_of);
        }
        writeln!(out, "Exits as of {} (earliest notice first)", self.as_of)?;
        for e in &self.exits {
            writeln!(
                out,
                "  {}: notice by {}, ends {}, frees {} h/month",
                printable(&e.client),
                opt(e.notice_date),
                opt(e.exit_date),
                opt(e.freed_hours_per_month.map(|h| h.normalize()))
            )?;
            for p in &e.freed_hours_by_person {
                let hours = p.hours_per_month.normalize();
                writeln!(out, "      {} {hours} h/month", printable(&p.person))?;
            }
        }
        writeln!(
            out,
            "\nHours freed by month (move people before they free up)"
        )?;
        for m in &self.capacity {
            let people: Vec<String> = m
                .by_person
                .iter()
                .map(|x| format!("{} {}", printable(&x.person), x.hours.normalize()))
                .collect();
            let hours = m.freed_hours.normalize();
            writeln!(out, "  {}  {hours:>8} h  {}", m.month, people.join(", "))?;
        }
        Ok(())
    }
}
