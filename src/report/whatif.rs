//! The what-if for people: the portfolio before and after the actions, side by side.

use super::render::Tabled;
use super::text::pct;
use crate::metrics::whatif::{Scenario, WhatIf};
use crate::model::money::Grouped;

impl Tabled for WhatIf {
    fn text(&self) -> String {
        let row = |name: &str, f: &dyn Fn(&Scenario) -> String| {
            format!(
                "{name:<22} {:>16} {:>16}\n",
                f(&self.before),
                f(&self.after)
            )
        };
        let ratio = |r: Option<f64>| pct(r);
        let hhi = |r: Option<f64>| r.map_or_else(|| "-".to_string(), |x| format!("{x:.4}"));
        let mut s = format!("{:<22} {:>16} {:>16}\n", "", "before", "after");
        s += &row("revenue", &|x| Grouped(x.revenue).to_string());
        s += &row("cost", &|x| Grouped(x.cost).to_string());
        s += &row("profit", &|x| Grouped(x.profit).to_string());
        s += &row("margin", &|x| ratio(x.margin_ratio));
        s += &row("largest client share", &|x| ratio(x.largest_client_share));
        s += &row("hhi", &|x| hhi(x.hhi));
        s += &row("freed hours / month", &|x| {
            x.freed_hours_per_month.to_string()
        });
        s
    }
}
