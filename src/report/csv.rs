//! CSV: one row per client, safe to open in a spreadsheet (text cells that start
//! with `= + - @`, tab or carriage return are prefixed with `'`).

use super::{ClientReport, Render, Report};
use crate::metrics::Tier;
use std::io::{self, Write};

/// The CSV renderer.
pub struct Csv;

/// Column order of the CSV output.
pub const COLUMNS: &[&str] = &[
    "client",
    "verdict",
    "health",
    "rule",
    "revenue",
    "cost",
    "profit",
    "hours",
    "margin_ratio",
    "effective_rate",
    "scope_overrun_ratio",
    "out_of_scope_hours",
    "out_of_scope_value",
    "out_of_scope_requests",
    "avg_days_late",
    "late_invoice_ratio",
    "overdue",
    "fit_score",
    "churn_risk",
    "p_alive",
    "value_tier",
    "revenue_share",
    "clv",
    "action",
    "new_rate",
    "rate_rise_ratio",
    "new_monthly_fee",
    "change_order_rate",
    "exit_date",
    "notice_date",
    "freed_hours_per_month",
    "reasons",
];

/// Whether a spreadsheet would run a cell starting with this text as a formula.
fn formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Neutralizes a text cell that a spreadsheet would run as a formula.
pub fn escape_formula(s: &str) -> String {
    if formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Appends `x` as `format!("{x}")` would: the shortest digits that read back as `x`,
/// never an exponent. Those digits come from serde_json's float writer (several
/// times faster than `Display`'s), which writes `1.0` for `1` (mended here) and
/// exponents for very small or large values (left to `Display`). Where 16 or 17
/// digits are needed, several shortest decimals may read back as `x` and the two
/// writers can pick different ones (`-1119592195251021.2` against `.3`), so those
/// are left to `Display` too. With at most 15 digits there is only one: distinct
/// decimals of 15 significant digits never round to the same `f64`.
fn shortest(out: &mut Vec<u8>, x: f64) {
    use serde_json::ser::Formatter as _;
    let start = out.len();
    if x.is_finite() {
        // Writing into a Vec cannot fail.
        let _ = serde_json::ser::CompactFormatter.write_f64(out, x);
        let text = &out[start..];
        // Leading zeros and a `.0` are counted too: that only sends more to `Display`.
        let digits = text.iter().filter(|b| b.is_ascii_digit()).count();
        if !text.contains(&b'e') && digits <= 15 {
            if out.ends_with(b".0") {
                out.truncate(out.len() - 2);
            }
            return;
        }
        out.truncate(start);
    }
    use std::io::Write as _;
    let _ = write!(out, "{x}");
}

/// CSV rows written cell by cell straight into a buffer: no allocation per cell
/// (10,000 clients have 320,000 cells). Quoting follows the csv crate's default
/// (what the header and earlier versions used): a cell is quoted when it holds
/// a comma, a quote or a line break, and its quotes are doubled.
struct Cells {
    out: Vec<u8>,
    buf: String,
    /// No comma before the row's first cell.
    first: bool,
}

impl Cells {
    /// The comma before every cell of a row but its first.
    fn next_cell(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    fn field(&mut self, cell: &[u8]) {
        self.next_cell();
        if memchr::memchr3(b',', b'"', b'\n', cell).is_some() || cell.contains(&b'\r') {
            self.out.push(b'"');
            let mut from = 0;
            for quote in memchr::memchr_iter(b'"', cell) {
                self.out.extend_from_slice(&cell[from..=quote]);
                self.out.push(b'"');
                from = quote + 1;
            }
            self.out.extend_from_slice(&cell[from..]);
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(cell);
        }
    }

    /// Text from the input or the rules, neutralized against formulas.
    fn text(&mut self, s: &str) {
        if formula_like(s) {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            buf.push('\'');
            buf.push_str(s);
            self.field(buf.as_bytes());
            self.buf = buf;
        } else {
            self.field(s.as_bytes());
        }
    }

    /// A figure (never quoted: digits, a sign, a point, a date), or an empty cell.
    fn opt<T: std::fmt::Display>(&mut self, x: Option<T>) {
        use std::io::Write as _;
        self.next_cell();
        if let Some(x) = x {
            // Writing into a Vec cannot fail.
            let _ = write!(self.out, "{x}");
        }
    }

    /// An amount, from [`crate::model::money::Plain`]'s stack buffer.
    fn money(&mut self, x: Option<rust_decimal::Decimal>) {
        self.next_cell();
        if let Some(x) = x {
            let mut buf = [0u8; 64];
            self.out
                .extend_from_slice(crate::model::money::Plain(x).write_bytes(&mut buf));
        }
    }

    /// A ratio or score as `{}` writes an `f64` (shortest digits, no exponent).
    fn number(&mut self, x: Option<f64>) {
        self.next_cell();
        if let Some(x) = x {
            shortest(&mut self.out, x);
        }
    }

    /// A date, `YYYY-MM-DD`.
    fn date(&mut self, x: Option<chrono::NaiveDate>) {
        self.next_cell();
        if let Some(d) = x {
            match crate::model::period::iso_bytes(d) {
                Some(text) => self.out.extend_from_slice(&text),
                None => {
                    use std::io::Write as _;
                    let _ = write!(self.out, "{d}");
                }
            }
        }
    }

    /// The reasons' texts, separated by `; `, as one neutralized cell.
    fn reasons(&mut self, c: &ClientReport) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        for (i, r) in c.reasons.iter().enumerate() {
            if i > 0 {
                buf.push_str("; ");
            }
            buf.push_str(&r.text);
        }
        self.text(&buf);
        self.buf = buf;
    }

    fn client(&mut self, c: &ClientReport) {
        self.first = true;
        let (m, n) = (&c.metrics, &c.next_step);
        self.text(&c.client);
        self.opt(Some(c.verdict));
        self.number(c.health);
        self.field(c.rule.as_bytes());
        self.money(m.revenue);
        self.money(m.cost);
        self.money(m.profit);
        self.money(m.hours);
        self.number(m.margin_ratio);
        self.money(m.effective_rate);
        self.number(m.scope_overrun_ratio);
        self.money(m.out_of_scope_hours);
        self.money(m.out_of_scope_value);
        self.opt(m.out_of_scope_requests);
        self.money(m.avg_days_late);
        self.number(m.late_invoice_ratio);
        self.money(m.overdue);
        self.number(m.fit_score);
        self.number(m.churn_risk);
        self.number(m.p_alive);
        self.field(match m.value_tier {
            Some(Tier::A) => b"A",
            Some(Tier::B) => b"B",
            Some(Tier::C) => b"C",
            None => b"",
        });
        self.number(m.revenue_share);
        self.money(m.clv);
        self.text(&n.action);
        self.money(n.new_rate);
        self.number(n.rate_rise_ratio);
        self.money(n.new_monthly_fee);
        self.money(n.change_order_rate);
        self.date(n.exit_date);
        self.date(n.notice_date);
        self.money(n.freed_hours_per_month);
        self.reasons(c);
        self.out.push(b'\n');
    }
}

/// Clients a thread formats at a time: about 75 KB of rows, so each thread's
/// buffer stays in its core's cache.
const PART: usize = 128;

/// Appends the rows of `clients` (no header) to `out`, in the order of [`COLUMNS`].
fn rows(clients: &[ClientReport], out: &mut Vec<u8>) {
    let mut cells = Cells {
        out: std::mem::take(out),
        buf: String::with_capacity(512),
        first: true,
    };
    for (i, c) in clients.iter().enumerate() {
        super::warm::ahead(clients, i);
        cells.client(c);
    }
    *out = cells.out;
}

impl Render for Csv {
    fn render(&self, report: &Report, out: &mut (dyn Write + Send)) -> io::Result<()> {
        // Plain names: none needs quoting.
        writeln!(out, "{}", COLUMNS.join(","))?;
        // Rows are formatted on every core, then written in order.
        crate::par::stream(
            &report.clients,
            PART,
            PART * 600,
            |_, part, buf| {
                rows(part, buf);
                Ok(())
            },
            |bytes| out.write_all(bytes),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("+1"), "'+1");
        assert_eq!(escape_formula("-2+3"), "'-2+3");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("Acme"), "Acme");
    }

    fn ours(cells: &[&str]) -> String {
        let mut c = Cells {
            out: Vec::new(),
            buf: String::new(),
            first: true,
        };
        for s in cells {
            c.field(s.as_bytes());
        }
        c.out.push(b'\n');
        String::from_utf8(c.out).unwrap()
    }

    fn csv_crate(cells: &[&str]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(cells).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn cells_are_quoted_like_the_csv_crate_quotes_them() {
        let row = ["Kovács, \"Bt.\"", "two\nlines", "cr\r", "plain", "آسمان"];
        assert_eq!(
            ours(&row),
            "\"Kovács, \"\"Bt.\"\"\",\"two\nlines\",\"cr\r\",plain,آسمان\n"
        );
        assert_eq!(ours(&row), csv_crate(&row));
    }

    fn shown(x: f64) -> String {
        let mut out = Vec::new();
        shortest(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let cases = [
            (1.0, "1"),
            (-0.0, "-0"),
            (0.25, "0.25"),
            (20.4, "20.4"),
            (0.0001, "0.0001"),
            (1e-7, "0.0000001"),
            (1e16, "10000000000000000"),
            (0.1 + 0.2, "0.30000000000000004"),
            // 17 digits, where serde_json's writer picks `.2` (found by the proptest).
            (-1119592195251021.3, "-1119592195251021.3"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, text) in cases {
            assert_eq!(shown(x), text, "{x:?}");
            assert_eq!(shown(x), format!("{x}"), "{x:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_number_is_written_as_display_writes_it(x in proptest::num::f64::ANY) {
            proptest::prop_assert_eq!(shown(x), format!("{x}"));
        }

        #[test]
        fn any_text_is_written_as_the_csv_crate_writes_it(
            a in "[a-z,\"\n\r ;'=]{0,12}",
            b in "\\PC{0,12}",
        ) {
            // Two cells: a lone empty cell is a record the csv crate quotes specially.
            let row = [a.as_str(), b.as_str()];
            proptest::prop_assert_eq!(ours(&row), csv_crate(&row));
        }
    }
}
