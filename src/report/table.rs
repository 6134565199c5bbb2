//! Terminal table: one row per client, verdicts coloured only when allowed, wide
//! characters aligned, and a footer with the portfolio totals.

use super::document::{Report, Style};
use super::text::{money, opt, pct, printable, ratio2, score};
use crate::model::clip;
use crate::verdict::Verdict;
use comfy_table::{
    presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement,
    Table as Grid, Width,
};
use std::io::{self, Write};

/// Longer cell text is cut (400 characters): a table cell is no place for a 30 KB red flag.
const MAX_CELL_CHARS: usize = 400;

/// Narrower reported terminals are treated as unknown.
const MIN_TERMINAL_WIDTH: u16 = 40;

/// Table width when the output is not a terminal.
const WIDTH_WITHOUT_TERMINAL: u16 = 150;

/// The columns: header, right-aligned (figures), and the narrowest a wrapping column
/// may get; only the name and the next step wrap (the figures never do).
const COLUMNS: [(&str, bool, Option<u16>); 11] = [
    ("Client", false, Some(12)),
    ("Verdict", false, None),
    ("Health", true, None),
    ("Revenue", true, None),
    ("Margin", true, None),
    ("Overrun", true, None),
    ("Days late", true, None),
    ("Fit", true, None),
    ("Churn", true, None),
    ("Tier", false, None),
    ("Next step", false, Some(24)),
];

/// Writes the table, laid out to the terminal's width, else to a fixed one so the
/// bytes of a piped or mailed report do not depend on where it is read; coloured
/// only when `style.color` (a terminal, never with `NO_COLOR`).
pub fn write(report: &Report, style: Style, out: &mut (dyn Write + Send)) -> io::Result<()> {
    let width = style.terminal_width.filter(|w| *w >= MIN_TERMINAL_WIDTH);
    let mut grid = Grid::new();
    grid.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width.unwrap_or(WIDTH_WITHOUT_TERMINAL));
    if style.color {
        grid.enforce_styling();
    } else {
        grid.force_no_tty();
    }
    grid.set_header(
        COLUMNS
            .iter()
            .map(|(header, ..)| Cell::new(header).add_attribute(Attribute::Bold)),
    );
    for c in &report.clients {
        let m = &c.metrics;
        let verdict = Cell::new(c.verdict);
        let verdict = match (style.color, c.verdict) {
            (false, _) => verdict,
            (true, Verdict::Fire) => verdict.fg(Color::Red),
            (true, Verdict::Reprice) => verdict.fg(Color::Yellow),
            (true, Verdict::Retain) => verdict.fg(Color::Green),
        };
        grid.add_row(vec![
            Cell::new(printable(&clip(&c.client, MAX_CELL_CHARS))),
            verdict,
            Cell::new(score(c.health)),
            Cell::new(money(m.revenue)),
            Cell::new(pct(m.margin_ratio)),
            Cell::new(pct(m.scope_overrun_ratio)),
            Cell::new(opt(m.avg_days_late.map(|d| d.round_dp(1).normalize()))),
            Cell::new(score(m.fit_score)),
            Cell::new(ratio2(m.churn_risk)),
            Cell::new(opt(m.value_tier.map(|t| format!("{t:?}")))),
            Cell::new(printable(&clip(
                &report.action_text(&c.next_step),
                MAX_CELL_CHARS,
            ))),
        ]);
    }
    for (column, (_, right, min)) in grid.column_iter_mut().zip(COLUMNS) {
        if right {
            column.set_cell_alignment(CellAlignment::Right);
        }
        column.set_constraint(match min {
            Some(min) => ColumnConstraint::LowerBoundary(Width::Fixed(min)),
            None => ColumnConstraint::ContentWidth,
        });
    }
    writeln!(out, "{grid}")?;
    footer(report, out)
}

/// The totals under the table.
pub fn footer(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
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
        let style = Style {
            color,
            ..Style::default()
        };
        write(&report(), style, &mut out).unwrap();
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
