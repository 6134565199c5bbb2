//! The monthly report as one self-contained HTML file: inline CSS and SVG charts, no
//! script and nothing fetched, readable on a phone and printable. Every string that
//! comes from the input is escaped ([`esc`]) and isolated for right-to-left names.

use super::charts;
use super::monthly::{change_items, Monthly};
use super::text::{money, pct, score};
use crate::history::{ClientSnapshot, Snapshot};
use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values; drops the bidirectional
/// controls that could make a name display as something it is not.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "
:root{--fire:#c0392b;--reprice:#d68a00;--retain:#2e8b57;--ink:#222;--muted:#667;--line:#dde}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Vazirmatn',Tahoma,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:16px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.meta{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:1.4em}
.v{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-weight:600;font-size:.85em}
.v-fire{background:var(--fire)}.v-reprice{background:var(--reprice)}.v-retain{background:var(--retain)}
.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
ul.reasons{margin:0;padding-left:1.1em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px}
figcaption{color:var(--muted);font-size:.85em}
.note{color:var(--muted);font-style:italic}
footer{margin-top:2em;color:var(--muted);font-size:.85em}
@media print{body{max-width:none;padding:0;font-size:11px}.wrap{overflow:visible}figure,tr{break-inside:avoid}.charts{grid-template-columns:1fr 1fr}}
";

fn verdict_badge(v: &str) -> String {
    format!("<span class=\"v v-{0}\">{0}</span>", esc(v))
}

fn chart(out: &mut String, caption: &str, svg: Result<String, String>) {
    let body = svg.unwrap_or_else(|why| format!("<p class=\"note\">{}</p>", esc(&why)));
    let _ = write!(
        out,
        "<figure>{body}<figcaption>{}</figcaption></figure>",
        esc(caption)
    );
}

/// The whole HTML document.
pub fn render(m: &Monthly<'_>) -> String {
    let r = m.report;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Client portfolio {p}</title><style>{CSS}</style></head><body>\n\
         <h1>Client portfolio: {p}</h1>\n<p class=\"meta\">As of {as_of} · {n} clients{cur}</p>\n",
        p = esc(&r.shown(m.period)),
        as_of = r.date(r.as_of),
        n = r.clients.len(),
        cur = r
            .currency
            .as_deref()
            .map(|c| format!(" · amounts in {}", esc(c)))
            .unwrap_or_default()
    );
    let p = &r.portfolio;
    let _ = writeln!(
        o,
        "<div class=\"cards\">\
         <div class=\"card\"><b style=\"color:var(--fire)\">{}</b>fire</div>\
         <div class=\"card\"><b style=\"color:var(--reprice)\">{}</b>reprice</div>\
         <div class=\"card\"><b style=\"color:var(--retain)\">{}</b>retain</div>\
         <div class=\"card\"><b>{}</b>revenue</div>\
         <div class=\"card\"><b>{}</b>margin</div>\
         <div class=\"card\"><b>{}</b>revenue at risk</div></div>",
        p.clients_by_verdict.fire,
        p.clients_by_verdict.reprice,
        p.clients_by_verdict.retain,
        esc(&money(p.now.revenue)),
        esc(&pct(p.now.margin_ratio)),
        esc(&money(Some(p.revenue_at_risk)))
    );
    changes(&mut o, m);
    let _ = write!(o, "<h2>Charts</h2><div class=\"charts\">");
    chart(
        &mut o,
        "Each dot is a client: right = better fit, up = better margin, colour = verdict, size = revenue. Lines: the target margin and a fit of 50.",
        charts::quadrant(r),
    );
    chart(
        &mut o,
        "How much of the revenue the largest clients bring; the red line is 80%.",
        charts::pareto(r),
    );
    chart(
        &mut o,
        "Open invoices by how far past due they are, per client.",
        charts::aging(r),
    );
    // The trend's period labels for people, in the report's calendar.
    let history: Vec<Snapshot> = (m.history.iter())
        .map(|s| Snapshot {
            period: r.shown(&s.period).into_owned(),
            ..s.clone()
        })
        .collect();
    chart(
        &mut o,
        "Health (0-100) of each client (grey) and their mean (black), by period.",
        charts::trend(
            &history,
            "Health by period",
            Snapshot::mean_health,
            |c: &ClientSnapshot| c.health,
            false,
        ),
    );
    chart(
        &mut o,
        "Margin of each client (grey) and of the portfolio (black), by period.",
        charts::trend(
            &history,
            "Margin by period",
            Snapshot::margin_ratio,
            |c: &ClientSnapshot| c.margin_ratio,
            true,
        ),
    );
    o.push_str("</div>\n");
    clients(&mut o, m);
    if !r.warnings.is_empty() || !r.rejected.is_empty() {
        let _ = write!(o, "<h2>Warnings and rejected rows</h2><ul>");
        for w in &r.warnings {
            let _ = write!(o, "<li>{}</li>", esc(w));
        }
        for x in &r.rejected {
            let _ = write!(o, "<li>{}</li>", esc(&x.to_string()));
        }
        o.push_str("</ul>\n");
    }
    let _ = write!(
        o,
        "<footer>portfolio {} · {}</footer>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&r.rows.to_string())
    );
    o
}

fn changes(o: &mut String, m: &Monthly<'_>) {
    let _ = writeln!(o, "<h2 id=\"changes\">Changes since the last report</h2>");
    let Some(c) = m.changes else {
        o.push_str("<p class=\"note\">First stored report: nothing to compare yet.</p>\n");
        return;
    };
    let from = m.report.shown(&c.from_period);
    if c.is_empty() {
        let _ = writeln!(o, "<p>Nothing changed since {}.</p>", esc(&from));
        return;
    }
    let _ = write!(o, "<p>Compared with {}:</p><ul>", esc(&from));
    let name = |n: &str| format!("<bdi>{}</bdi>", esc(n));
    for item in change_items(c, name, |v, _| verdict_badge(v)) {
        let _ = write!(o, "<li>{item}</li>");
    }
    o.push_str("</ul>\n");
}

fn clients(o: &mut String, m: &Monthly<'_>) {
    let _ = writeln!(
        o,
        "<h2>Clients</h2><div class=\"wrap\"><table><thead><tr><th>Client</th><th>Verdict</th>\
         <th class=\"n\">Health</th><th class=\"n\">Revenue</th><th class=\"n\">Margin</th>\
         <th class=\"n\">Fit</th><th class=\"n\">Churn risk</th><th>Why</th><th>Next step</th></tr></thead><tbody>"
    );
    for c in &m.report.clients {
        let _ = write!(
            o,
            "<tr><td dir=\"auto\"><bdi>{}</bdi></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><ul class=\"reasons\">",
            esc(&c.client),
            verdict_badge(&c.verdict.to_string()),
            esc(&score(c.health)),
            esc(&money(c.metrics.revenue)),
            esc(&pct(c.metrics.margin_ratio)),
            esc(&score(c.metrics.fit_score)),
            esc(&pct(c.metrics.churn_risk))
        );
        for reason in &c.reasons {
            let _ = write!(o, "<li>{}</li>", esc(&m.report.reason_text(reason)));
        }
        let _ = writeln!(
            o,
            "</ul></td><td>{}</td></tr>",
            esc(&m.report.action_text(&c.next_step))
        );
    }
    o.push_str("</tbody></table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_bidi_overrides() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("abc\u{202E}def"), "abcdef");
        assert_eq!(esc("آسمان تجارت"), "آسمان تجارت");
    }
}
