//! Markdown: the client table and the portfolio totals, for chat tools and wikis.

use super::document::{Render, Report};
use super::text::{money, pct, score};
use std::io::{self, Write};

/// The Markdown renderer.
pub struct Markdown;

/// Escapes the characters that would break a table cell or start markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                out.extend(c.escape_unicode())
            }
            _ => out.push(ch),
        }
    }
    out
}

/// The client table: verdict, health, revenue, margin, next step and reasons.
pub fn client_table(report: &Report) -> String {
    use std::fmt::Write as _;
    let mut out =
        String::from("| Client | Verdict | Health | Revenue | Margin | Next step | Reasons |\n|---|---|---:|---:|---:|---|---|\n");
    for c in &report.clients {
        let reasons: Vec<String> = c
            .reasons
            .iter()
            .map(|r| escape(&report.reason_text(r)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(&c.client),
            c.verdict,
            score(c.health),
            money(c.metrics.revenue),
            pct(c.metrics.margin_ratio),
            escape(&report.action_text(&c.next_step)),
            reasons.join("<br>")
        );
    }
    out
}

impl Render for Markdown {
    fn render(&self, report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
        writeln!(
            out,
            "# Client portfolio as of {}\n",
            report.date(report.as_of)
        )?;
        out.write_all(client_table(report).as_bytes())?;
        let p = &report.portfolio;
        writeln!(out, "\n## Portfolio\n")?;
        writeln!(out, "| | Now | After actions |\n|---|---:|---:|")?;
        writeln!(
            out,
            "| Revenue | {} | {} |",
            money(p.now.revenue),
            money(p.after_actions.revenue)
        )?;
        writeln!(
            out,
            "| Cost | {} | {} |",
            money(p.now.cost),
            money(p.after_actions.cost)
        )?;
        writeln!(
            out,
            "| Profit | {} | {} |",
            money(p.now.profit),
            money(p.after_actions.profit)
        )?;
        writeln!(
            out,
            "| Margin | {} | {} |",
            pct(p.now.margin_ratio),
            pct(p.after_actions.margin_ratio)
        )?;
        writeln!(
            out,
            "\nLargest client {} · HHI {} · revenue at risk {} · {}",
            pct(p.largest_client_share),
            p.hhi
                .map_or("-".into(), |h| crate::model::money::Fixed(h, 2).to_string()),
            money(Some(p.revenue_at_risk)),
            report.rows
        )?;
        if !report.rejected.is_empty() {
            writeln!(out, "\n## Rejected rows\n")?;
            for r in &report.rejected {
                writeln!(out, "- {}", escape(&r.to_string()))?;
            }
        }
        Ok(())
    }
}
