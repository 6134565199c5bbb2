//! The yardstick of `../shared/PERFORMANCE.md` and issue 3: a plain single-threaded
//! stream with the `csv` crate (one reused `ByteRecord`) that sums a time-entry
//! file per client in integer cents: total, billable and out-of-scope hours,
//! cost and billable value. PERFORMANCE.md measured it at 2.6 s for 10M rows
//! (610 MB) on this kind of machine.
//!
//! `benches/ledger.sh` runs it on the same file in the same minute as
//! `portfolio score`, so the ratio of the two holds however fast the machine
//! happens to be at that moment (its speed drifts by a third within a day).
//!
//!   cargo run --release --example reference_sum -- time.csv

use std::collections::HashMap;

/// Per-client sums, in hundredths (hours, money) and ten-thousandths (hours × rate).
#[derive(Default, Clone, Copy)]
struct Sums {
    hours: i64,
    billable_hours: i64,
    out_of_scope_hours: i64,
    cost: i64,
    billable_value: i64,
}

/// `12.5` or `12.50` as hundredths; `None` for anything else.
fn cents(field: &[u8]) -> Option<i64> {
    let (int, frac) = match field.iter().position(|&b| b == b'.') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => (field, &b""[..]),
    };
    if int.is_empty() || frac.len() > 2 {
        return None;
    }
    let digits = |d: &[u8]| -> Option<i64> {
        d.iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let mut frac_value = digits(frac)?;
    if frac.len() == 1 {
        frac_value *= 10;
    }
    Some(digits(int)? * 100 + frac_value)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: reference_sum TIME.csv")?;
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new().from_path(&path)?;
    let headers = reader.byte_headers()?.clone();
    let col = |name: &str| -> Result<usize, String> {
        headers
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or(format!("no `{name}` column"))
    };
    let (client, hours, billable, cost_rate, bill_rate, in_scope) = (
        col("client")?,
        col("hours")?,
        col("billable")?,
        col("cost_rate")?,
        col("bill_rate")?,
        col("in_scope")?,
    );
    let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut sums: Vec<Sums> = Vec::new();
    let (mut rows, mut skipped) = (0u64, 0u64);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        let (Some(name), Some(h), Some(cost), Some(bill)) = (
            record.get(client),
            record.get(hours).and_then(cents),
            record.get(cost_rate).and_then(cents),
            record.get(bill_rate).and_then(cents),
        ) else {
            skipped += 1;
            continue;
        };
        let id = match ids.get(name) {
            Some(&id) => id,
            None => {
                ids.insert(name.to_vec(), sums.len());
                sums.push(Sums::default());
                sums.len() - 1
            }
        };
        let s = &mut sums[id];
        s.hours += h;
        s.cost += h * cost;
        if record.get(billable) == Some(b"true") {
            s.billable_hours += h;
            s.billable_value += h * bill;
        }
        if record.get(in_scope) == Some(b"false") {
            s.out_of_scope_hours += h;
        }
    }
    let total = sums.iter().fold(Sums::default(), |a, s| Sums {
        hours: a.hours + s.hours,
        billable_hours: a.billable_hours + s.billable_hours,
        out_of_scope_hours: a.out_of_scope_hours + s.out_of_scope_hours,
        cost: a.cost + s.cost,
        billable_value: a.billable_value + s.billable_value,
    });
    println!(
        "{rows} rows ({skipped} skipped), {} clients: {:.2} h ({:.2} billable, {:.2} out of scope), cost {:.2}, billable value {:.2}, margin {:.4}",
        sums.len(),
        total.hours as f64 / 100.0,
        total.billable_hours as f64 / 100.0,
        total.out_of_scope_hours as f64 / 100.0,
        total.cost as f64 / 10_000.0,
        total.billable_value as f64 / 10_000.0,
        1.0 - total.cost as f64 / total.billable_value.max(1) as f64,
    );
    println!("reference seconds: {:.3}", started.elapsed().as_secs_f64());
    Ok(())
}
