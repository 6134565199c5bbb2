//! The monthly report: one period's report with what changed since the previous
//! stored one and the trends over all of them, as self-contained HTML, Markdown,
//! and a one-line summary for cron mail.

use super::document::Report;
use super::markdown::escape as md;
use super::text::{money, pct, score};
use crate::history::{Changes, Snapshot};
use std::fmt::Write as _;

/// Everything a monthly report shows.
pub struct Monthly<'a> {
    /// This period's report.
    pub report: &'a Report,
    /// The period's label: `2026-10`.
    pub period: &'a str,
    /// Changes since the previous stored period, if there is one.
    pub changes: Option<&'a Changes>,
    /// Every stored period, this one included, oldest first.
    pub history: &'a [Snapshot],
}

impl Monthly<'_> {
    /// `2026-10: 25 clients · 3 fire, 5 reprice, 17 retain · 2 verdicts changed`.
    pub fn summary_line(&self) -> String {
        let n = &self.report.portfolio.clients_by_verdict;
        let mut s = format!(
            "{}: {} clients · {} fire, {} reprice, {} retain",
            self.report.shown(self.period),
            self.report.clients.len(),
            n.fire,
            n.reprice,
            n.retain
        );
        match self.changes {
            Some(c) => {
                let _ = write!(
                    s,
                    " · since {}: {} verdict(s) changed, {} newly at risk",
                    c.from_period,
                    c.transitions.len(),
                    c.new_at_risk.len()
                );
            }
            None => s.push_str(" · first stored report"),
        }
        s
    }

    /// The Markdown report: summary, changes, clients, and the trend by period.
    pub fn markdown(&self) -> String {
        let r = self.report;
        let mut out = String::new();
        let _ = writeln!(out, "# Client portfolio: {}\n", md(&r.shown(self.period)));
        let _ = writeln!(
            out,
            "As of {} · {} clients · **{} fire**, **{} reprice**, {} retain · revenue {} · margin {}{}\n",
            r.date(r.as_of),
            r.clients.len(),
            r.portfolio.clients_by_verdict.fire,
            r.portfolio.clients_by_verdict.reprice,
            r.portfolio.clients_by_verdict.retain,
            money(r.portfolio.now.revenue),
            pct(r.portfolio.now.margin_ratio),
            r.currency
                .as_deref()
                .map(|c| format!(" ({})", md(c)))
                .unwrap_or_default()
        );
        let _ = writeln!(out, "## Changes since the last report\n");
        match self.changes {
            None => out.push_str("First stored report: nothing to compare yet.\n\n"),
            Some(c) if c.is_empty() => {
                let _ = writeln!(
                    out,
                    "Nothing changed since {}.\n",
                    md(&r.shown(&c.from_period))
                );
            }
            Some(c) => markdown_changes(&mut out, c, r),
        }
        let _ = writeln!(out, "## Clients\n");
        out.push_str(&super::markdown::client_table(r));
        if self.history.len() > 1 {
            let _ = writeln!(out, "\n## Trend\n");
            let _ = writeln!(
                out,
                "| Period | Clients | Fire | Reprice | Retain | Mean health | Margin |"
            );
            let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
            for s in self.history {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    md(&r.shown(&s.period)),
                    s.clients.len(),
                    s.count("fire"),
                    s.count("reprice"),
                    s.count("retain"),
                    score(s.mean_health()),
                    pct(s.margin_ratio())
                );
            }
        }
        out + &super::markdown::rejected_rows(r)
    }
}

fn markdown_changes(out: &mut String, c: &Changes, r: &Report) {
    let _ = writeln!(out, "Compared with {}:\n", md(&r.shown(&c.from_period)));
    let verdict = |v: &str, new: bool| if new { format!("**{v}**") } else { v.into() };
    for item in change_items(c, md, verdict) {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

/// The changes as list items, in the caller's markup for a client's name and for a
/// verdict (`true`: the new one).
pub fn change_items(
    c: &Changes,
    name: impl Fn(&str) -> String,
    verdict: impl Fn(&str, bool) -> String,
) -> Vec<String> {
    let mut items: Vec<String> = (c.transitions.iter())
        .map(|t| {
            let (from, to) = (verdict(&t.from, false), verdict(&t.to, true));
            format!("{}: {from} → {to}", name(&t.client))
        })
        .collect();
    items.extend(c.new_at_risk.iter().map(|a| {
        format!(
            "{} is newly at risk (health {}, churn risk {})",
            name(&a.client),
            score(a.health),
            pct(a.churn_risk)
        )
    }));
    items.extend(c.margin_moves.iter().map(|m| {
        format!(
            "{}: margin {} → {} ({:+.1} points)",
            name(&m.client),
            pct(Some(m.from)),
            pct(Some(m.to)),
            m.change * 100.0
        )
    }));
    let names = |list: &[String]| list.iter().map(|n| name(n)).collect::<Vec<_>>().join(", ");
    if !c.new_clients.is_empty() {
        items.push(format!("New: {}", names(&c.new_clients)));
    }
    if !c.gone_clients.is_empty() {
        items.push(format!("Gone: {}", names(&c.gone_clients)));
    }
    items
}
