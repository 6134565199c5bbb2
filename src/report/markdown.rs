//! Markdown: the client table and the portfolio totals, for chat tools and wikis.

use super::document::Report;
use super::text::{money, pct, ratio2, score};
use std::io::{self, Write};

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

/// A table cell of text from the data: escaped, and defused as CSV cells are
/// (a Markdown table is pasted into spreadsheets too).
fn cell(s: &str) -> String {
    escape(&super::text::defuse_formula(s))
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
            cell(&c.client),
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

/// The rejected rows as a Markdown section; empty without any.
pub fn rejected_rows(report: &Report) -> String {
    if report.rejected.is_empty() {
        return String::new();
    }
    let rows: Vec<String> = report
        .rejected
        .iter()
        .map(|r| format!("- {}\n", escape(&r.to_string())))
        .collect();
    format!("\n## Rejected rows\n\n{}", rows.concat())
}

/// Writes the report as Markdown: the client table and the portfolio totals.
pub fn write(report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
    writeln!(
        out,
        "# Client portfolio as of {}\n",
        report.date(report.as_of)
    )?;
    out.write_all(client_table(report).as_bytes())?;
    let (p, a) = (&report.portfolio, &report.portfolio.after_actions);
    writeln!(out, "\n## Portfolio\n")?;
    writeln!(out, "| | Now | After actions |\n|---|---:|---:|")?;
    for (name, now, after) in [
        ("Revenue", money(p.now.revenue), money(a.revenue)),
        ("Cost", money(p.now.cost), money(a.cost)),
        ("Profit", money(p.now.profit), money(a.profit)),
        ("Margin", pct(p.now.margin_ratio), pct(a.margin_ratio)),
    ] {
        writeln!(out, "| {name} | {now} | {after} |")?;
    }
    writeln!(
        out,
        "\nLargest client {} · HHI {} · revenue at risk {} · {}",
        pct(p.largest_client_share),
        ratio2(p.hhi),
        money(Some(p.revenue_at_risk)),
        report.rows
    )?;
    out.write_all(rejected_rows(report).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_start_a_formula_or_markup() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@home Studio"), "'@home Studio");
        assert_eq!(cell("a|b <i>"), "a\\|b \\<i\\>");
        assert_eq!(cell("Kovács Kft."), "Kovács Kft.");
        // A letter is not a table: a name keeps its first character there.
        assert_eq!(escape("@home Studio"), "@home Studio");
    }
}
