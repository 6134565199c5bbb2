//! Terminal table (comfy-table): one row per client, verdicts coloured only when
//! allowed, wide characters aligned, and a footer with the portfolio totals.

use super::text::{money, opt, pct, printable, ratio2, score};
use super::{Render, Report};
use crate::verdict::Verdict;
use comfy_table::{
    presets, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table as Grid,
};
use std::io::{self, Write};

/// The table renderer.
pub struct Table {
    /// Colour verdicts (only on a terminal, never with `NO_COLOR`).
    pub color: bool,
}

/// Longer cell text is cut (400 characters): comfy-table's word splitting takes time quadratic in the
/// length of an unbroken word, and a table cell is no place for a 30 KB red flag.
const MAX_CELL_CHARS: usize = 400;

/// `s` cut to `max` characters, with `…` when cut.
fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
}

/// Narrower reported terminals are treated as unknown.
const MIN_TERMINAL_WIDTH: u16 = 40;

/// Table width when the output is not a terminal.
const WIDTH_WITHOUT_TERMINAL: u16 = 150;

const HEADER: [&str; 11] = [
    "Client",
    "Verdict",
    "Health",
    "Revenue",
    "Margin",
    "Overrun",
    "Days late",
    "Fit",
    "Churn",
    "Tier",
    "Next step",
];

impl Render for Table {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut grid = Grid::new();
        grid.load_preset(presets::UTF8_FULL_CONDENSED);
        grid.set_content_arrangement(ContentArrangement::Dynamic);
        if self.color {
            grid.enforce_styling();
            // Some pseudo-terminals report a width of 0; wrapping to it would give
            // one-character columns.
            if grid.width().is_none_or(|w| w < MIN_TERMINAL_WIDTH) {
                grid.set_width(WIDTH_WITHOUT_TERMINAL);
            }
        } else {
            // Not a terminal (a pipe, a file, cron mail): wrap the next step at a fixed width
            // so the bytes do not depend on where the report is read.
            grid.force_no_tty();
            grid.set_width(WIDTH_WITHOUT_TERMINAL);
        }
        grid.set_header(
            HEADER
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
        for c in &report.clients {
            let m = &c.metrics;
            let verdict = Cell::new(c.verdict.to_string());
            let verdict = if self.color {
                verdict.fg(match c.verdict {
                    Verdict::Fire => Color::Red,
                    Verdict::Reprice => Color::Yellow,
                    Verdict::Retain => Color::Green,
                })
            } else {
                verdict
            };
            let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
            grid.add_row(vec![
                Cell::new(printable(&clip(&c.client, MAX_CELL_CHARS))),
                verdict,
                right(score(c.health)),
                right(money(m.revenue)),
                right(pct(m.margin_ratio)),
                right(pct(m.scope_overrun_ratio)),
                right(opt(m.avg_days_late.map(|d| d.round_dp(1).normalize()))),
                right(score(m.fit_score)),
                right(ratio2(m.churn_risk)),
                Cell::new(opt(m.value_tier.map(|t| format!("{t:?}")))),
                Cell::new(printable(&clip(&c.next_step.action, MAX_CELL_CHARS))),
            ]);
        }
        writeln!(out, "{grid}")?;
        footer(report, out)
    }
}

/// The totals under the table.
pub fn footer(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let p = &report.portfolio;
    let cur = report
        .currency
        .as_deref()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    writeln!(
        out,
        "Portfolio  {} {} · revenue {}{cur} · profit {} · margin {} · largest client {}{} · HHI {} · revenue at risk {}",
        p.clients,
        if p.clients == 1 { "client" } else { "clients" },
        money(p.now.revenue),
        money(p.now.profit),
        pct(p.now.margin_ratio),
        pct(p.largest_client_share),
        p.largest_client.as_ref().map(|n| format!(" ({})", printable(&clip(n, MAX_CELL_CHARS)))).unwrap_or_default(),
        ratio2(p.hhi),
        money(Some(p.revenue_at_risk)),
    )?;
    writeln!(
        out,
        "Verdicts   fire {} ({}) · reprice {} ({}) · retain {} ({})",
        p.clients_by_verdict.fire,
        money(Some(p.revenue_by_verdict.fire)),
        p.clients_by_verdict.reprice,
        money(Some(p.revenue_by_verdict.reprice)),
        p.clients_by_verdict.retain,
        money(Some(p.revenue_by_verdict.retain)),
    )?;
    let a = &p.after_actions;
    writeln!(
        out,
        "After      revenue {} · cost {} · profit {} · margin {} (fire the fire clients, reprice the rest as proposed)",
        money(a.revenue),
        money(a.cost),
        money(a.profit),
        pct(a.margin_ratio),
    )?;
    writeln!(
        out,
        "Rows       {} · as of {}",
        report.rows,
        report.date(report.as_of)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::Client;

    fn report() -> Report {
        let clients = vec![
            Client {
                name: "Árvíztűrő Zrt.".into(),
                revenue: Some(dec("1000")),
                cost: Some(dec("400")),
                ..Client::default()
            },
            Client {
                name: "آوا".into(),
                revenue: Some(dec("1000")),
                cost: Some(dec("990")),
                ..Client::default()
            },
        ];
        crate::pipeline::report_of(clients)
    }

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        Table { color }.render(&report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(render(true).contains("\u{1b}["));
        assert!(!render(false).contains('\u{1b}'));
    }

    #[test]
    fn wide_and_rtl_names_keep_the_columns_aligned() {
        let text = render(false);
        let widths: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with('│'))
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert!(widths.len() >= 3);
        assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{text}");
    }
}
