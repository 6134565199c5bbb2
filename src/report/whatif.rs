//! The what-if for people: the portfolio before and after the actions, side by side.

use super::render::Tabled;
use super::text::pct;
use crate::metrics::whatif::{Scenario, WhatIf};
use crate::model::money::Grouped;
use std::io::{self, Write};

impl Tabled for WhatIf {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{:<22} {:>16} {:>16}", "", "before", "after")?;
        let mut row = |name: &str, f: fn(&Scenario) -> String| {
            writeln!(
                out,
                "{name:<22} {:>16} {:>16}",
                f(&self.before),
                f(&self.after)
            )
        };
        row("revenue", |x| Grouped(x.revenue).to_string())?;
        row("cost", |x| Grouped(x.cost).to_string())?;
        row("profit", |x| Grouped(x.profit).to_string())?;
        row("margin", |x| pct(x.margin_ratio))?;
        row("largest client share", |x| pct(x.largest_client_share))?;
        row("hhi", |x| x.hhi.map_or("-".into(), |h| format!("{h:.4}")))?;
        row("freed hours / month", |x| {
            x.freed_hours_per_month.to_string()
        })
    }
}
