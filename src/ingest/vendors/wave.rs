//! Wave's accounting transactions export: a journal, not a list of invoices. An
//! invoice is its `Accounts Receivable` row (the income rows beside it are its
//! lines, already in that total); a payment is an `Accounts Receivable` row
//! described `Invoice Payment`, with a negative amount, naming the same invoice
//! number. It is turned into invoice CSV (`invoice, client, issued, paid, amount,
//! paid_amount`), each invoice on the line of its receivable row, so that
//! messages name the file's own lines.

use std::collections::HashMap;

/// Whether a header is Wave's accounting transactions export.
pub fn is_wave(header_line: &str) -> bool {
    [
        "Transaction ID",
        "Account Name",
        "Amount (One column)",
        "Invoice Number",
    ]
    .iter()
    .all(|h| header_line.contains(h))
}

/// The transactions as invoice CSV; `None` when a needed column is missing.
pub fn convert(text: &str) -> Option<String> {
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = rows.headers().ok()?.clone();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (date, account, description) = (
        col("Transaction Date")?,
        col("Account Name")?,
        col("Transaction Description")?,
    );
    let (amount, customer, number) = (
        col("Amount (One column)")?,
        col("Customer")?,
        col("Invoice Number")?,
    );
    // Invoices by number: (line, client, issued, amount); payments: (sum, last day).
    let mut invoices: Vec<(u64, String, String, String, String)> = Vec::new();
    let mut paid: HashMap<String, (rust_decimal::Decimal, String)> = HashMap::new();
    for record in rows.records() {
        let Ok(r) = record else { continue };
        let line = r.position().map_or(0, |p| p.line());
        let get = |i: usize| r.get(i).unwrap_or("").trim().to_string();
        if get(account) != "Accounts Receivable" {
            continue;
        }
        if get(description) == "Invoice Payment" {
            let Ok(value) = get(amount).parse::<rust_decimal::Decimal>() else {
                continue;
            };
            let entry = paid
                .entry(get(number))
                .or_insert((rust_decimal::Decimal::ZERO, String::new()));
            entry.0 -= value;
            let day = get(date);
            if day > entry.1 {
                entry.1 = day;
            }
        } else {
            invoices.push((line, get(number), get(customer), get(date), get(amount)));
        }
    }
    let mut out = String::from("invoice,client,issued,paid,amount,paid_amount\n");
    let mut at = 2;
    for (line, number, client, issued, total) in invoices {
        // Blank lines keep each invoice on its own line number.
        while at < line {
            out.push('\n');
            at += 1;
        }
        let (part, day) = match paid.get(&number) {
            Some((sum, day)) => (sum.to_string(), day.as_str()),
            None => (String::new(), ""),
        };
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!(
            "{},{},{issued},{day},{total},{part}\n",
            quote(&number),
            quote(&client)
        ));
        at += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receivables_are_invoices_and_payments_add_up_by_number() {
        let text = "Transaction ID,Transaction Date,Account Name,Transaction Description,Amount (One column),Customer,Invoice Number\n\
            1,2023-05-03,Sales,Cafe - 7,120.00,Cafe,7\n\
            1,2023-05-03,Accounts Receivable,Cafe - 7,570.00,Cafe,7\n\
            2,2023-05-28,Accounts Receivable,Invoice Payment,-300.00,Cafe,7\n\
            3,2023-06-02,Accounts Receivable,Invoice Payment,-70.00,Cafe,7\n";
        assert!(is_wave(text.lines().next().unwrap()));
        // The invoice stays on line 3; 300 + 70 paid, last on 2023-06-02.
        assert_eq!(
            convert(text).unwrap(),
            "invoice,client,issued,paid,amount,paid_amount\n\n\"7\",\"Cafe\",2023-05-03,2023-06-02,570.00,370.00\n"
        );
    }
}
