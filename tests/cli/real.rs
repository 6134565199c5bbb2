//! Real exports (`tests/data/real/`, origins and licences in its README), read
//! unchanged. Every expected figure is from `tests/data/real/expected.md`, summed
//! by `expected.py` from the raw files, never from this program's output.

use crate::harness::{client, data, warned, Case};
use serde_json::Value;

/// `score FLAG FILE` over every date of the corpus, as JSON; with `extra` flags.
fn corpus(flag: &str, file: &str, extra: &[&str]) -> crate::harness::Run {
    Case::new(["score", flag])
        .arg_path(data(&format!("real/{file}")))
        .args(["--from", "2020-01-01", "--to", "2026-10-31"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .args(extra.iter().copied())
        .run()
}

fn time(file: &str, extra: &[&str]) -> crate::harness::Run {
    corpus("--time", file, extra)
}

fn invoices(file: &str) -> crate::harness::Run {
    corpus("--invoices", file, &[])
}

fn hours(doc: &Value, name: &str) -> f64 {
    client(doc, name)["metrics"]["hours"].as_f64().unwrap()
}

/// Toggl from a personal workspace: no row names a client. Before, every row was
/// rejected and nothing scored.
#[test]
fn toggl_rows_without_a_client_count_as_one_client() {
    let doc = time("toggl/timba_detailed.csv", &[]).code(0).json();
    assert_eq!(doc["rows"]["rejected"], 0);
    // 11 entries, 10.75 h: three of them are 20-minute thirds of an hour.
    assert_eq!(hours(&doc, "(no client)"), 10.75);
    assert!(warned(
        &doc,
        "11 row(s) name no client: counted as one client `(no client)`"
    ));
}

#[test]
fn toggl_with_amounts_and_a_quoted_export() {
    let doc = time("toggl/solidtime_detailed_eur.csv", &[]).code(0).json();
    // 01:00:01 = 1.000277… h.
    assert_eq!(hours(&doc, "Big Company"), 1.00027778);
    assert_eq!(hours(&doc, "(no client)"), 0.0);
    let doc = time("toggl/solidtime_detailed_quoted.csv", &[])
        .code(0)
        .json();
    assert_eq!(hours(&doc, "Real World Client"), 0.00055556);
}

/// Clockify's `Duration (decimal)` is 0.00 beside a real `01:00:01` in this file;
/// its dates (03/04/2024) read both ways, so the run asks first.
#[test]
fn clockify_asks_for_the_date_order_and_reads_exact_durations() {
    let run = time("clockify/solidtime_detailed_usd.csv", &[]).code(1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("--date-format %d/%m/%Y or --date-format %m/%d/%Y"),
        "{}",
        run.stderr
    );
    let doc = time(
        "clockify/solidtime_detailed_usd.csv",
        &["--date-format", "%m/%d/%Y"],
    )
    .code(0)
    .json();
    assert_eq!(hours(&doc, "Big Company"), 1.00027778);
    let doc = time("clockify/solidtime_detailed_eur_invoiced.csv", &[])
        .code(0)
        .json();
    assert_eq!(hours(&doc, "Real World Client"), 0.5);
    assert!(warned(&doc, "dates read month-first"));
}

/// A Clockify workspace without clients leaves the column out: its projects are
/// what the work is for.
#[test]
fn clockify_without_a_client_column_counts_projects() {
    let doc = time(
        "clockify/solidtime_detailed_no_client.csv",
        &["--date-format", "%m/%d/%Y"],
    )
    .code(0)
    .json();
    assert!(warned(
        &doc,
        "no client column: each project is counted as a client"
    ));
    let total: f64 = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["metrics"]["hours"].as_f64().unwrap())
        .sum();
    assert_eq!(total, 1.00027778);
}

/// Harvest with European settings: `"20,0"` hours, `"2.000,0"` amounts.
#[test]
fn harvest_european_export() {
    let doc = time("harvest/solidtime_detailed_eu.csv", &[])
        .code(0)
        .json();
    assert_eq!(hours(&doc, "(no client)"), 20.0);
    assert_eq!(hours(&doc, "Big Company"), 0.01);
    assert!(warned(&doc, "decimal comma"));
}

/// Kimai writes `Billable` as `1` or nothing: nothing is not billable, not a bad row.
#[test]
fn kimai_blank_billable_is_unbillable() {
    let doc = time("kimai/kimai2_default_en.csv", &[]).code(0).json();
    assert_eq!(doc["rows"]["rejected"], 0);
    assert_eq!(hours(&doc, "Blue Fjord AS"), 3.25);
    assert_eq!(hours(&doc, "Acme"), 4.25);
    // 1:50 = 1.8333… h, summed exactly and rounded once.
    assert_eq!(hours(&doc, "Kovács és Társa Kft."), 1.83333333);
    assert_eq!(
        client(&doc, "Acme")["metrics"]["ledger"]["billable_hours"].as_f64(),
        Some(0.0)
    );
}

fn revenue_and_outstanding(doc: &Value, name: &str) -> (f64, f64) {
    let m = &client(doc, name)["metrics"];
    (
        m["revenue"].as_f64().unwrap(),
        m["ledger"]["outstanding"].as_f64().unwrap(),
    )
}

/// Zoho writes one row per invoice line with the invoice's Total and Balance on
/// each; a draft is not an invoice yet.
#[test]
fn zoho_invoice_lines_count_each_invoice_once_and_leave_drafts_out() {
    let doc = invoices("zoho/invoice_lines.csv").code(0).json();
    // Lumen: INV-000021 (2,590.00) is a draft; INV-000023 is 385.00, unpaid.
    assert_eq!(
        revenue_and_outstanding(&doc, "Lumen Analytics"),
        (385.0, 385.0)
    );
    assert_eq!(
        revenue_and_outstanding(&doc, "Oakridge Dental"),
        (1850.0, 1850.0)
    );
    assert_eq!(doc["rows"]["outside_period"], 2);
    assert_eq!(doc["rows"]["rejected"], 0);
}

/// Invoice Ninja v4 puts three title lines above the header and `$540.00` amounts
/// on every line of an invoice.
#[test]
fn invoice_ninja_title_rows_and_repeated_amounts() {
    let doc = invoices("invoiceninja/v4_invoices.csv").code(0).json();
    assert!(warned(&doc, "3 title line(s) above the header skipped"));
    // Saltmarsh: 540.00 + 382.50, of which 540.00 + 150.00 paid.
    assert_eq!(
        revenue_and_outstanding(&doc, "Saltmarsh Ceramics"),
        (922.5, 232.5)
    );
    // Vireo: 960.00 sent and unpaid; the 240.00 draft left out.
    assert_eq!(
        revenue_and_outstanding(&doc, "Vireo Consulting"),
        (960.0, 960.0)
    );
}

/// Invoice2go names each invoice's currency; a file in two of them is not added
/// up without exchange rates.
#[test]
fn invoice2go_in_two_currencies_stops_before_any_figure() {
    let run = invoices("invoice2go/invoices.csv").code(1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("mixing currencies needs exchange rates"),
        "{}",
        run.stderr
    );
}

/// Kimai also writes `Duration` in seconds (`2700`), and its export can end with
/// a totals row (no date, no customer). Before, every row was rejected ("hours
/// from 0 to 24") and the totals row with them.
#[test]
fn kimai_durations_in_seconds_and_the_totals_row() {
    let header = std::fs::read_to_string(data("real/kimai/kimai2_default_en.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let csv = format!(
        "{header}\n\
         2024-03-04,09:00,09:45,2700,EUR,90,45,120,,\"Anna Weber\",anna,anna@studio.example,,\"Blue Fjord AS\",\"Website relaunch\",Design,Homepage,1,,timesheet,,,,,\n\
         2024-03-05,10:00,11:30,5400,EUR,180,90,120,,\"Anna Weber\",anna,anna@studio.example,,Acme,Tooling,Development,CI,1,,timesheet,,,,,\n\
         ,,,8100,,270,135,,,,,,,,,,,,,,,,,,\n"
    );
    let doc = Case::new(["score", "--time", "k.csv"])
        .args([
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
            "--as-of",
            "2024-04-01",
        ])
        .args(["--format", "json"])
        .file("k.csv", csv)
        .run()
        .code(0)
        .json();
    // 2700 s = 0.75 h; 5400 s = 1.5 h.
    assert_eq!(hours(&doc, "Blue Fjord AS"), 0.75);
    assert_eq!(hours(&doc, "Acme"), 1.5);
    assert_eq!(doc["rows"]["read"], 2);
    assert_eq!(doc["rows"]["rejected"], 0);
    assert!(warned(&doc, "k.csv: the totals row on line 4 is skipped"));
}

/// FreshBooks writes one row per invoice line and no invoice total: the lines of
/// an invoice add up to it, and it counts once.
#[test]
fn freshbooks_lines_add_up_to_their_invoice() {
    let doc = invoices("freshbooks/invoice_lines.csv").code(0).json();
    // 0000011: 1,140.00 + 240.00; 0000013 (617.50) is a draft.
    assert_eq!(
        revenue_and_outstanding(&doc, "Northwind Studio"),
        (1380.0, 1380.0)
    );
    assert_eq!(
        client(&doc, "Northwind Studio")["metrics"]["ledger"]["invoices"],
        1
    );
    // 0000012: 600.00 + 112.50.
    assert_eq!(
        revenue_and_outstanding(&doc, "Bright & Co, LLC"),
        (712.5, 712.5)
    );
    assert_eq!(
        revenue_and_outstanding(&doc, "Quill Publishing"),
        (500.0, 500.0)
    );
    assert_eq!(doc["rows"]["rejected"], 0);
}

/// A two-digit year (`7/27/22`, US order shown by the 27) was rejected.
#[test]
fn two_digit_years_read_in_the_order_the_file_shows() {
    let doc = Case::new(["score", "--time", "t.csv"])
        .args([
            "--from",
            "2022-07-01",
            "--to",
            "2022-07-31",
            "--as-of",
            "2022-08-01",
        ])
        .args(["--format", "json"])
        .file(
            "t.csv",
            "date,client,hours,cost_rate\n7/27/22,Acme,2,40\n7/5/22,Acme,1.5,40\n",
        )
        .run()
        .code(0)
        .json();
    assert_eq!(hours(&doc, "Acme"), 3.5);
    assert_eq!(doc["rows"]["rejected"], 0);
}

/// Invoicely: `Feb 13 2023` dates, `2,450.00` totals, and a `Paid` status
/// instead of a payment date.
#[test]
fn invoicely_month_name_dates_and_paid_status() {
    let doc = invoices("invoicely/invoices.csv").code(0).json();
    // INV-14 2,450.00 paid + INV-16 12,300.50 due.
    assert_eq!(
        revenue_and_outstanding(&doc, "Alder & Finch"),
        (14750.5, 12300.5)
    );
    assert_eq!(
        revenue_and_outstanding(&doc, "Morrow Legal"),
        (780.0, 780.0)
    );
    assert_eq!(
        revenue_and_outstanding(&doc, "Morrow Legal, PLLC"),
        (1020.0, 0.0)
    );
    assert!(warned(&doc, "payments come from the status"));
}

/// `portfolio columns` looks past title lines as the readers do.
#[test]
fn columns_looks_past_title_lines() {
    let doc = Case::new(["columns"])
        .arg_path(data("real/invoiceninja/v4_invoices.csv"))
        .args(["--format", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(doc["kind"], "invoices");
    assert_eq!(doc["export"], "an Invoice Ninja invoice export");
}

/// Wave exports a journal: its receivable rows are the invoices, and the
/// `Invoice Payment` rows what was paid on them.
#[test]
fn wave_journal_receivables_are_invoices() {
    let doc = invoices("wave/accounting_transactions.csv").code(0).json();
    assert!(warned(&doc, "read as Wave accounting transactions"));
    // Invoices 7 (570.00, paid) and 9 (300.00, open).
    assert_eq!(
        revenue_and_outstanding(&doc, "Harbor Lights Cafe"),
        (870.0, 300.0)
    );
    assert_eq!(
        client(&doc, "Harbor Lights Cafe")["metrics"]["ledger"]["invoices"],
        2
    );
    // Invoice 8: 1,250.00, of which 500.00 paid.
    assert_eq!(
        revenue_and_outstanding(&doc, "Peak Outfitters"),
        (1250.0, 750.0)
    );
}
