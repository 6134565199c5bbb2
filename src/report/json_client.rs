//! A report line as compact JSON, written field by field: the bytes serde_json
//! writes for a [`ClientReport`], in about a third of the instructions.
//!
//! A 10,000-client report is 29 MB of JSON, some 150 keys a client. serde's derived
//! code hands every field to the serializer through generic calls, and the key goes
//! out in five small writes; here a key with its comma, quotes and colon is one
//! constant. Only the fields every client has are spelled out; the rare and nested
//! parts (aging, ledger figures, conversions, overrides, retention offers) and
//! every enum still go through serde (`json_out`), so their names cannot drift.
//! The tests compare the two writers on whole reports, a proptest included.

use super::json_out::{write_compact, write_f64, write_str};
use super::ClientReport;
use crate::metrics::churn::Signal;
use crate::metrics::health::Component;
use crate::metrics::ClientMetrics;
use crate::model::money::Plain;
use crate::verdict::next_step::{MonthHours, NextStep};
use crate::verdict::{Figure, Reason};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Error;

/// Writes an object: `{"key":value,...}`, each key with its punctuation one
/// constant, each value written by the statement beside it.
macro_rules! object {
    ($w:ident; $first:literal => $value:expr, $($key:literal => $rest:expr,)*) => {{
        $w.key(concat!("{\"", $first, "\":").as_bytes());
        $value;
        $(
            $w.key(concat!(",\"", $key, "\":").as_bytes());
            $rest;
        )*
        $w.key(b"}");
    }};
}

/// Appends `c` as compact JSON, exactly as `serde_json::to_writer` would.
pub fn write(c: &ClientReport, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut w = W(out);
    object!(w;
        "client" => w.str(&c.client),
        "verdict" => w.serde(&c.verdict)?,
        "health" => w.opt(c.health, W::f64),
        "health_band" => w.serde(&c.health_band)?,
        "rule" => w.name(c.rule),
        "metrics" => metrics(&mut w, &c.metrics)?,
        "reasons" => w.list(&c.reasons, reason)?,
        "next_step" => next_step(&mut w, &c.next_step)?,
        "override" => w.serde(&c.overridden)?,
        "warnings" => w.strings(&c.warnings)?,
    );
    Ok(())
}

fn metrics(w: &mut W, m: &ClientMetrics) -> Result<(), Error> {
    object!(w;
        "revenue" => w.opt(m.revenue, W::dec),
        "cost" => w.opt(m.cost, W::dec),
        "profit" => w.opt(m.profit, W::dec),
        "hours" => w.opt(m.hours, W::dec),
        "margin_ratio" => w.opt(m.margin_ratio, W::f64),
        "effective_rate" => w.opt(m.effective_rate, W::dec),
        "scope_overrun_ratio" => w.opt(m.scope_overrun_ratio, W::f64),
        "contracted_hours" => w.opt(m.contracted_hours, W::dec),
        "out_of_scope_hours" => w.opt(m.out_of_scope_hours, W::dec),
        "out_of_scope_value" => w.opt(m.out_of_scope_value, W::dec),
        "out_of_scope_requests" => w.opt(m.out_of_scope_requests.map(i64::from), W::int),
        "avg_days_late" => w.opt(m.avg_days_late, W::dec),
        "late_invoice_ratio" => w.opt(m.late_invoice_ratio, W::f64),
        "overdue" => w.opt(m.overdue, W::dec),
        "aging" => w.serde(&m.aging)?,
        "fit_score" => w.opt(m.fit_score, W::f64),
        "churn_risk" => w.opt(m.churn_risk, W::f64),
        "p_alive" => w.opt(m.p_alive, W::f64),
        "value_tier" => w.serde(&m.value_tier)?,
        "revenue_share" => w.opt(m.revenue_share, W::f64),
        "profit_share" => w.opt(m.profit_share, W::f64),
        "clv" => w.opt(m.clv, W::dec),
        "conversion" => w.serde(&m.conversion)?,
        "clv_basis" => w.serde(&m.clv_basis)?,
        "revenue_trend_ratio" => w.opt(m.revenue_trend_ratio, W::f64),
        "days_since_contact" => w.opt(m.days_since_contact, W::int),
        "days_to_contract_end" => w.opt(m.days_to_contract_end, W::int),
        "months_since_rate_increase" => w.opt(m.months_since_rate_increase.map(i64::from), W::int),
        "rate_review_due" => w.opt_date(m.rate_review_due)?,
        "complaints" => w.opt(m.complaints.map(i64::from), W::int),
        "nps" => w.opt(m.nps.map(i64::from), W::int),
        "hours_per_month" => w.opt(m.hours_per_month, W::dec),
        "red_flag" => w.opt(m.red_flag.as_deref(), W::str),
        "contract_end" => w.opt_date(m.contract_end)?,
        "last_rate_increase" => w.opt_date(m.last_rate_increase)?,
        "notice_days" => w.opt(m.notice_days.map(i64::from), W::int),
        "source" => w.opt(m.source.as_deref(), W::str),
        "ledger" => w.serde(&m.ledger)?,
        "churn_signals" => w.list(&m.churn_signals, signal)?,
        "health_components" => w.list(&m.health_components, component)?,
    );
    Ok(())
}

fn signal(w: &mut W, s: &Signal) -> Result<(), Error> {
    object!(w;
        "signal" => w.name(s.signal),
        "input" => w.str(&crate::text![s.input]),
        "risk" => w.f64(s.risk),
        "weight" => w.f64(s.weight),
    );
    Ok(())
}

fn component(w: &mut W, c: &Component) -> Result<(), Error> {
    object!(w;
        "dimension" => w.name(c.dimension),
        "score" => w.f64(c.score),
        "weight" => w.f64(c.weight),
    );
    Ok(())
}

fn reason(w: &mut W, r: &Reason) -> Result<(), Error> {
    object!(w;
        "rule" => w.name(r.rule),
        "metric" => w.name(r.metric),
        "value" => figure(w, &r.value),
        "threshold" => figure(w, &r.threshold),
        "text" => w.str(&r.text),
    );
    Ok(())
}

/// serde's untagged enum: the variant's content alone.
fn figure(w: &mut W, f: &Figure) {
    match f {
        Figure::Number(v) => w.f64(*v),
        Figure::Count(v) => w.int(*v),
        Figure::Money(d) => w.dec(*d),
        Figure::Text(s) => w.str(s),
        Figure::Null => w.key(b"null"),
    }
}

fn next_step(w: &mut W, n: &NextStep) -> Result<(), Error> {
    object!(w;
        "action" => w.str(&n.action),
        "new_rate" => w.opt(n.new_rate, W::dec),
        "rate_rise_ratio" => w.opt(n.rate_rise_ratio, W::f64),
        "new_monthly_fee" => w.opt(n.new_monthly_fee, W::dec),
        "change_order_rate" => w.opt(n.change_order_rate, W::dec),
        "prepayment" => w.opt(n.prepayment.as_deref(), W::str),
        "exit_date" => w.opt_date(n.exit_date)?,
        "notice_date" => w.opt_date(n.notice_date)?,
        "freed_hours_per_month" => w.opt(n.freed_hours_per_month, W::dec),
        "freed_hours_by_person" => w.serde(&n.freed_hours_by_person)?,
        "capacity" => w.list(&n.capacity, month_hours)?,
        "retention_offer" => w.serde(&n.retention_offer)?,
        "steps" => w.strings(&n.steps)?,
    );
    Ok(())
}

fn month_hours(w: &mut W, m: &MonthHours) -> Result<(), Error> {
    object!(w;
        "month" => w.str(&m.month),
        "freed_hours" => w.dec(m.freed_hours),
    );
    Ok(())
}

/// A float and its JSON text (`len` 0: an empty slot).
#[derive(Clone, Copy)]
struct FloatText {
    bits: u64,
    len: u8,
    text: [u8; 24],
}

thread_local! {
    /// Floats written lately by this thread, by a hash of their bits. A client has
    /// about 30 floats, and most are the same few in every client (the settings'
    /// weights and thresholds, 0, 1, 100: the 25 commonest values are 63% of the
    /// floats of 1,000 generated clients): copied from here, they skip the
    /// shortest-digits search.
    static RECENT: std::cell::RefCell<[FloatText; 256]> = const {
        std::cell::RefCell::new([FloatText { bits: 0, len: 0, text: [0; 24] }; 256])
    };
}

/// The output, with a writer for each kind of value serde_json writes.
struct W<'a>(&'a mut Vec<u8>);

impl W<'_> {
    /// Constant bytes: keys with their punctuation, brackets, `null`.
    #[inline]
    fn key(&mut self, bytes: &'static [u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn str(&mut self, s: &str) {
        write_str(self.0, s);
    }

    /// One of the program's own names (rule ids, metric and signal names): plain
    /// ASCII, so written without the escaping scan.
    fn name(&mut self, s: &'static str) {
        debug_assert!(
            s.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'),
            "{s:?} needs escaping"
        );
        self.0.reserve(s.len() + 2);
        self.0.push(b'"');
        self.0.extend_from_slice(s.as_bytes());
        self.0.push(b'"');
    }

    /// A float as serde_json writes it: shortest round-trip digits, `null` when not
    /// finite; copied from [`RECENT`] when it was written lately.
    fn f64(&mut self, v: f64) {
        let bits = v.to_bits();
        // Fibonacci hashing: every bit of the float moves the top eight.
        let slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize;
        RECENT.with_borrow_mut(|recent| {
            let seen = &mut recent[slot];
            if seen.len > 0 && seen.bits == bits {
                self.0
                    .extend_from_slice(&seen.text[..usize::from(seen.len)]);
                return;
            }
            let start = self.0.len();
            write_f64(self.0, v);
            let text = &self.0[start..];
            if let (Ok(len), Some(kept)) =
                (u8::try_from(text.len()), seen.text.get_mut(..text.len()))
            {
                kept.copy_from_slice(text);
                seen.len = len;
                seen.bits = bits;
            }
        });
    }

    fn int(&mut self, v: i64) {
        let _ = CompactFormatter.write_i64(self.0, v);
    }

    /// Exact money: the decimal's digits as a bare JSON number (`serialize_decimal`).
    fn dec(&mut self, d: Decimal) {
        let mut buf = [0u8; 64];
        self.0.extend_from_slice(Plain(d).write_bytes(&mut buf));
    }

    /// `value` written by `write`, or `null` (serde's `Option`).
    #[inline]
    fn opt<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            Some(v) => write(self, v),
            None => self.key(b"null"),
        }
    }

    /// A date as `serialize_opt_date` writes it (which it still does for years
    /// outside 0-9999).
    fn opt_date(&mut self, d: Option<NaiveDate>) -> Result<(), Error> {
        match d.map(|d| (d, crate::model::period::iso_bytes(d))) {
            None => self.key(b"null"),
            Some((_, Some(digits))) => {
                self.0.reserve(12);
                self.0.push(b'"');
                self.0.extend_from_slice(&digits);
                self.0.push(b'"');
            }
            Some((d, None)) => self.serde(&d)?,
        }
        Ok(())
    }

    /// Anything else, through serde.
    fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        write_compact(value, self.0)
    }

    /// An array of strings.
    fn strings(&mut self, items: &[String]) -> Result<(), Error> {
        self.list(items, |w, s| {
            w.str(s);
            Ok(())
        })
    }

    /// An array of `items`, each written by `item`.
    fn list<T>(
        &mut self,
        items: &[T],
        item: impl Fn(&mut Self, &T) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.0.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            item(self, x)?;
        }
        self.0.push(b']');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::client::FitRating;
    use crate::model::Client;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// Each client line written here and by serde_json, which must agree.
    fn assert_same(clients: Vec<Client>) -> Result<(), TestCaseError> {
        let report = crate::pipeline::report_of(clients);
        for c in &report.clients {
            let mut ours = Vec::new();
            super::write(c, &mut ours).unwrap();
            let serde = serde_json::to_vec(c).unwrap();
            prop_assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
        }
        Ok(())
    }

    fn money() -> impl Strategy<Value = Option<Decimal>> {
        prop::option::of(
            (-1_000_000_000i64..1_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        )
    }

    fn date() -> impl Strategy<Value = Option<NaiveDate>> {
        prop::option::of((-800i64..800).prop_map(|d| {
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap() + chrono::Duration::days(d)
        }))
    }

    fn client() -> impl Strategy<Value = Client> {
        (
            (any::<String>(), money(), money(), money(), money(), money()),
            (
                prop::option::of(0u32..20),
                money(),
                prop::option::of(0.0..1.0f64),
                prop::option::of("[ -~]{0,12}|\\PC{0,6}"),
                prop::option::of(0u8..=10),
                prop::option::of(0u32..6),
            ),
            (
                date(),
                date(),
                date(),
                prop::collection::vec(1i64..=5, 0..3),
            ),
        )
            .prop_map(|(a, b, c)| {
                let (name, revenue, cost, hours, contracted_hours, avg_days_late) = a;
                let (requests, overdue, late_ratio, red_flag, nps, complaints) = b;
                let (last_contact, contract_end, last_rate_increase, fit) = c;
                Client {
                    name,
                    revenue,
                    cost,
                    hours: hours.map(|h| h.abs()),
                    contracted_hours: contracted_hours.map(|h| h.abs()),
                    avg_days_late: avg_days_late.map(|d| d.abs()),
                    out_of_scope_requests: requests,
                    overdue: overdue.map(|o| o.abs()),
                    late_invoice_ratio: late_ratio,
                    red_flag: red_flag.filter(|f| !f.trim().is_empty()),
                    nps,
                    complaints,
                    last_contact,
                    contract_end,
                    last_rate_increase,
                    fit: fit
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| FitRating {
                            aspect: format!("aspect{i}"),
                            rating: Decimal::from(r),
                        })
                        .collect(),
                    source: Some("referral".into()),
                    ..Client::default()
                }
            })
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            // Repeats, so that values are found in the cache, and collide in it.
            prop::sample::select(vec![0.0, -0.0, 0.15, 0.5, 1.0, 100.0, 1e300, f64::NAN]),
            (0u32..2_000).prop_map(|n| f64::from(n) / 10.0),
            any::<f64>(),
        ]
    }

    proptest! {
        #[test]
        fn floats_from_the_cache_are_written_as_serde_json_writes_them(
            values in prop::collection::vec(float(), 1..600)
        ) {
            let mut ours = Vec::new();
            let mut w = super::W(&mut ours);
            for v in values.iter().chain(&values) {
                w.f64(*v);
                w.key(b",");
            }
            let mut expected = Vec::new();
            for v in values.iter().chain(&values) {
                super::write_f64(&mut expected, *v);
                expected.push(b',');
            }
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&expected));
        }

        #[test]
        fn writes_what_serde_json_writes(clients in prop::collection::vec(client(), 1..6)) {
            // Names must differ (duplicates are merged or rejected before scoring).
            let clients: Vec<Client> = clients
                .into_iter()
                .enumerate()
                .map(|(i, mut c)| {
                    c.name = format!("{i} {}", c.name);
                    c
                })
                .collect();
            assert_same(clients)?;
        }
    }

    #[test]
    fn writes_what_serde_json_writes_for_every_verdict() {
        let c = |name: &str, revenue: &str, cost: &str, red_flag: Option<&str>| Client {
            name: name.into(),
            revenue: Some(revenue.parse().unwrap()),
            cost: Some(cost.parse().unwrap()),
            hours: Some(Decimal::from(100)),
            contracted_hours: Some(Decimal::from(100)),
            red_flag: red_flag.map(Into::into),
            ..Client::default()
        };
        let clients = vec![
            c(
                "Fire \"now\"",
                "1000",
                "300",
                Some("shouted \\ at\tstaff\u{1}"),
            ),
            c("Reprice", "1000", "600", None),
            c("Retain", "10000", "1000", None),
            c("Unrepairable", "1000", "990", None),
        ];
        let report = crate::pipeline::report_of(clients.clone());
        let verdicts: Vec<String> = report
            .clients
            .iter()
            .map(|c| c.verdict.to_string())
            .collect();
        assert_eq!(verdicts, ["fire", "fire", "reprice", "retain"]);
        assert_same(clients).unwrap();
    }
}
