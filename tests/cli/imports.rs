//! Time trackers' exports read unchanged (tests/data/imports): each recognised by
//! its headers, its quirks handled, per-client hours, costs and billable value
//! checked by hand.

use crate::harness::{client, data, warned, Case};

/// `score --time FILE` for October 2026 as JSON.
fn score(file: &str, extra: &[&str]) -> serde_json::Value {
    Case::new(["score", "--time"])
        .arg_path(data(&format!("imports/{file}")))
        .args([
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .args(extra.iter().copied())
        .run()
        .code(0)
        .json()
}

/// (hours, cost, billable value) of one client, as JSON numbers' text.
fn figures(doc: &serde_json::Value, name: &str) -> (String, String, String) {
    let m = &client(doc, name)["metrics"];
    (
        m["hours"].to_string(),
        m["cost"].to_string(),
        m["ledger"]["billable_value"].to_string(),
    )
}

#[test]
fn harvest_detailed_report() {
    let doc = score("harvest.csv", &[]);
    assert!(warned(&doc, "read as a Harvest detailed time report"));
    // Kovács: 3.5 h billable at 120 and 1 h not, both at a cost of 45.
    assert_eq!(
        figures(&doc, "Kovács Kft."),
        ("4.5".into(), "202.50".into(), "420.00".into())
    );
    // Brightline: the September entry lies outside the period.
    assert_eq!(
        figures(&doc, "Brightline Ltd"),
        ("2.25".into(), "90.00".into(), "225.00".into())
    );
    assert_eq!(doc["rows"]["rejected"], 0);
}

#[test]
fn harvest_with_european_settings() {
    let doc = score("harvest_eu.csv", &[]);
    assert!(warned(&doc, "numbers read with a decimal comma"));
    // 8,0 h at 250,00 (2.000,0) billable and 1,5 h not; cost 90,00 an hour.
    assert_eq!(
        figures(&doc, "Farkas Építőipari Bt."),
        ("9.5".into(), "855.00".into(), "2000.00".into())
    );
}

#[test]
fn toggl_durations_and_amounts_with_people_cost_rates() {
    let doc = Case::new(["score", "--time"])
        .arg_path(data("imports/toggl.csv"))
        .args([
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .args(["--default-cost-rate", "40"])
        .file(
            "portfolio.toml",
            "[people.\"anna kovács\"]\ncost_rate = 45\n",
        )
        .run()
        .code(0)
        .json();
    assert!(warned(
        &doc,
        "read as a Toggl Track detailed report (amounts in USD"
    ));
    assert!(warned(
        &doc,
        "costs come from [people] cost rates (1 people) and --default-cost-rate 40"
    ));
    // Anna (45 an hour, matched in any case): 01:30:00 billable for 180.00 and
    // 00:45:00 not.
    assert_eq!(
        figures(&doc, "Kovács Kft."),
        ("2.25".into(), "101.25".into(), "180.00".into())
    );
    // Reza is not in [people]: the default 40 for 00:20:00.
    let m = &client(&doc, "آسمان تجارت")["metrics"];
    assert_eq!(m["hours"].to_string(), "0.33333333");
    assert_eq!(m["ledger"]["billable_value"].to_string(), "40.00");
    let cost = m["cost"].as_f64().unwrap();
    assert!((cost - 40.0 / 3.0).abs() < 1e-6, "{cost}");
}

#[test]
fn toggl_without_cost_rates_says_how_to_give_them() {
    let doc = score("toggl.csv", &[]);
    assert!(warned(
        &doc,
        "no `cost_rate` column: cost and margin are unknown (give them in [people] of portfolio.toml, or with --default-cost-rate)"
    ));
    assert!(client(&doc, "Kovács Kft.")["metrics"]["cost"].is_null());
}

#[test]
fn clockify_us_dates_and_currency_in_headers() {
    let doc = score("clockify.csv", &["--default-cost-rate", "40"]);
    assert!(warned(
        &doc,
        "read as a Clockify detailed report (amounts in EUR"
    ));
    // 10/13/2026 is the 13th of October: both Brightline entries count.
    assert_eq!(
        figures(&doc, "Brightline Ltd"),
        ("2".into(), "80.00".into(), "150.00".into())
    );
    assert_eq!(
        figures(&doc, "Kovács Kft."),
        ("3".into(), "120.00".into(), "360.00".into())
    );
}

#[test]
fn kimai_rates_are_amounts_of_the_entry() {
    let doc = score("kimai.csv", &[]);
    assert!(warned(&doc, "read as a Kimai timesheet export"));
    // 2:30 for a Rate of 300.00 (120 an hour) and an Internal rate of 112.50.
    assert_eq!(
        figures(&doc, "Kovács Kft."),
        ("2.5".into(), "112.50".into(), "300.00".into())
    );
    // Not billable: no billable value, its cost still counts.
    assert_eq!(
        figures(&doc, "پارس طراحی"),
        ("1".into(), "40.00".into(), "0.00".into())
    );
}

#[test]
fn an_unknown_export_lists_what_was_expected() {
    Case::new(["score", "--time", "t.csv", "--as-of", "2026-11-01"])
        .file("t.csv", "Datum,Kunde,Stunden\n2026-10-05,Acme,2\n")
        .run()
        .code(1)
        .stderr_has("t.csv: no `date` column (expected a header naming it; found: Datum, Kunde, Stunden; `Datum` is close to `date`: rename it; or an unchanged export of Harvest, Toggl Track, Clockify or Kimai (English headers))");
}

#[test]
fn a_bad_duration_is_a_rejected_row() {
    let csv = "date,client,hours\n2026-10-05,Acme,1:75\n2026-10-06,Acme,1:15\n";
    let doc = Case::new(["score", "--time", "t.csv", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("t.csv", csv)
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rejected"][0]["line"], 2);
    assert_eq!(
        doc["rejected"][0]["expected"],
        "a duration as h:mm or h:mm:ss (minutes and seconds below 60)"
    );
    assert_eq!(client(&doc, "Acme")["metrics"]["hours"].to_string(), "1.25");
}

#[test]
fn xero_invoice_lines_are_merged_and_payments_have_no_date() {
    let doc = Case::new(["score", "--invoices"])
        .arg_path(data("imports/xero.csv"))
        .args([
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .run()
        .code(0)
        .json();
    assert!(warned(&doc, "read as a Xero sales invoice export"));
    assert!(warned(&doc, "Xero exports no payment dates"));
    assert!(!warned(&doc, "every invoice counts as unpaid"));
    // INV-0101 has two lines and a total of 3,000, paid in full: counted once.
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "3000.00");
    assert_eq!(k["ledger"]["invoices"], 1);
    assert_eq!(k["ledger"]["outstanding"].to_string(), "0.00");
    // Brightline: INV-0102 (October, 1,200, 400 paid, due after the report date)
    // and INV-0098 (September, 900 unpaid, 27 days past due).
    let b = &client(&doc, "Brightline Ltd")["metrics"];
    assert_eq!(b["revenue"].to_string(), "1200.00");
    assert_eq!(b["aging"]["current"].to_string(), "800.00");
    assert_eq!(b["aging"]["d1_30"].to_string(), "900.00");
    assert_eq!(doc["rows"]["rejected"], 0);
}

#[test]
fn a_harvest_report_and_a_xero_export_score_together_without_flags() {
    let doc = Case::new(["score", "--time"])
        .arg_path(data("imports/harvest.csv"))
        .args(["--invoices"])
        .arg_path(data("imports/xero.csv"))
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .run()
        .code(0)
        .json();
    // Last month by default: October. Kovács: 3,000 invoiced against 202.50 of cost.
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "3000.00");
    assert_eq!(k["cost"].to_string(), "202.50");
    assert_eq!(k["profit"].to_string(), "2797.50");
}

/// `text` encoded as UTF-16 LE with its byte-order mark (spreadsheets' "Unicode text").
fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend(unit.to_le_bytes());
    }
    out
}

#[test]
fn legacy_code_pages_need_encoding_and_are_then_read_exactly() {
    // "Kovács Kft." and "Őrs Bt." in windows-1250: á = 0xE1, Ő = 0xD5.
    let cp1250: &[u8] = b"client,revenue,cost\nKov\xE1cs Kft.,1000,400\n\xD5rs Bt.,500,450\n";
    Case::new(["score", "clients.csv", "--as-of", "2026-11-01"])
        .file("clients.csv", cp1250)
        .run()
        .code(1)
        .stderr_has("clients.csv:2:1: the file is not UTF-8 text (byte 0xE1 on this line): pass --encoding windows-1250");
    let doc = Case::new(["score", "clients.csv", "--as-of", "2026-11-01"])
        .args(["--encoding", "cp1250", "--format", "json"])
        .file("clients.csv", cp1250)
        .run()
        .code(0)
        .json();
    assert_eq!(client(&doc, "Kovács Kft.")["metrics"]["margin_ratio"], 0.6);
    assert_eq!(client(&doc, "Őrs Bt.")["metrics"]["margin_ratio"], 0.1);
}

#[test]
fn a_persian_time_file_in_windows_1256() {
    // "آسمان" (client) in windows-1256.
    let mut bytes = b"date,client,hours,cost_rate,bill_rate\n2026-10-05,".to_vec();
    bytes.extend(b"\xC2\xD3\xE3\xC7\xE4");
    bytes.extend(b",2,40,100\n");
    let doc = Case::new(["score", "--time", "t.csv", "--period", "2026-10"])
        .args([
            "--as-of",
            "2026-11-01",
            "--encoding",
            "windows-1256",
            "--format",
            "json",
        ])
        .file("t.csv", &bytes)
        .run()
        .code(0)
        .json();
    let m = &client(&doc, "آسمان")["metrics"];
    assert_eq!(m["cost"].to_string(), "80.00");
    Case::new([
        "score",
        "--time",
        "t.csv",
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
    ])
    .file("t.csv", &bytes)
    .run()
    .code(1)
    .stderr_has("t.csv:2:1: the file is not UTF-8 text (byte 0xC2 on this line)");
}

#[test]
fn utf16_unicode_text_exports_are_read_without_flags() {
    let time =
        "date\tclient\thours\tcost_rate\tbill_rate\n2026-10-05\tKovács Kft.\t1:30\t40\t100\n";
    let doc = Case::new(["score", "--time", "t.txt", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("t.txt", utf16le(time))
        .run()
        .code(0)
        .json();
    assert_eq!(
        figures(&doc, "Kovács Kft."),
        ("1.5".into(), "60.00".into(), "150.00".into())
    );
    let summary = "client\trevenue\tcost\nپارس طراحی\t1000\t250\n";
    let doc = Case::new([
        "score",
        "c.txt",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ])
    .file("c.txt", utf16le(summary))
    .run()
    .code(0)
    .json();
    assert_eq!(client(&doc, "پارس طراحی")["metrics"]["margin_ratio"], 0.75);
}

const HUNGARIAN_TIME: &str = "Munkanap,Ügyfél neve,Időtartam,Önköltség,Megjegyzés\n\
    2026. 10. 05.,Kovács Kft.,\"2,5\",\"40,00\",Tervezés\n\
    2026. 10. 06.,Kovács Kft.,1:30,\"40,00\",Egyeztetés\n";

const HUNGARIAN_MAP: &str = "[columns.time]\ndate = \"Munkanap\"\nclient = \"Ügyfél neve\"\nhours = \"Időtartam\"\ncost_rate = \"Önköltség\"\n";

#[test]
fn columns_named_otherwise_are_mapped_in_the_settings_file() {
    let doc = Case::new(["score", "--time", "t.csv", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("t.csv", HUNGARIAN_TIME)
        .file("portfolio.toml", HUNGARIAN_MAP)
        .run()
        .code(0)
        .json();
    // 2,5 h and 1:30 at 40,00: 4 h and 160 of cost.
    let m = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(
        (m["hours"].to_string(), m["cost"].to_string()),
        ("4".into(), "160.00".into())
    );
    // `portfolio columns` shows the same reading.
    let cols = Case::new(["columns", "t.csv", "--format", "json"])
        .file("t.csv", HUNGARIAN_TIME)
        .file("portfolio.toml", HUNGARIAN_MAP)
        .run()
        .code(0)
        .json();
    assert_eq!(cols["kind"], "time");
    let read: Vec<serde_json::Value> = cols["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["column"].clone())
        .collect();
    assert_eq!(
        read,
        [
            serde_json::json!("date"),
            serde_json::json!("client"),
            serde_json::json!("hours"),
            serde_json::json!("cost_rate"),
            serde_json::Value::Null
        ]
    );
    // A misspelt column of ours is named with the closest one.
    Case::new(["score", "--time", "t.csv", "--as-of", "2026-11-01"])
        .file("t.csv", HUNGARIAN_TIME)
        .file("portfolio.toml", "[columns.time]\nhour = \"Időtartam\"\n")
        .run()
        .code(1)
        .stderr_has("unknown key `columns.time.hour`: did you mean `columns.time.hours`?");
}

#[test]
fn columns_names_the_export_a_file_was_recognised_as() {
    let out = Case::new(["columns", "--format", "table"])
        .arg_path(data("imports/kimai.csv"))
        .run()
        .code(0);
    let text = out.stdout.clone();
    assert!(
        text.contains("a time file, read as a Kimai timesheet export"),
        "{text}"
    );
    assert!(
        text.contains("Rate") && text.contains("-> bill_amount"),
        "{text}"
    );
    assert!(text.contains("missing in_scope"), "{text}");
}

#[test]
fn a_quickbooks_aging_summary_gives_receivables_beside_time_entries() {
    let doc = Case::new(["score", "--time"])
        .arg_path(data("imports/harvest.csv"))
        .args(["--clients"])
        .arg_path(data("imports/quickbooks_aging.csv"))
        .args([
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .run()
        .code(0)
        .json();
    assert!(warned(
        &doc,
        "read as a QuickBooks A/R Aging Summary as of 2026-11-01"
    ));
    assert!(
        !warned(&doc, "quickbooks_aging.csv: column `"),
        "no missing-column noise"
    );
    assert!(
        !warned(&doc, "not in the clients file"),
        "Kovács (0.00) is a customer"
    );
    // Brightline: 800 not yet due, 900 in 1-30; its hours from Harvest.
    let b = &client(&doc, "Brightline Ltd")["metrics"];
    assert_eq!(b["overdue"].to_string(), "900.00");
    assert_eq!(b["aging"]["current"].to_string(), "800.00");
    assert_eq!(b["hours"].to_string(), "2.25");
    // Sub-customers are clients of their own; the parent's heading and totals are not.
    let r = &client(&doc, "Northwind Retail")["metrics"];
    assert_eq!(r["aging"]["d1_30"].to_string(), "1250.50");
    let o = &client(&doc, "Northwind Online")["metrics"];
    assert_eq!(o["overdue"].to_string(), "450.00");
    let names: Vec<&str> = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["client"].as_str().unwrap())
        .collect();
    assert!(!names
        .iter()
        .any(|n| n.contains("Total") || *n == "TOTAL" || *n == "Northwind Group"));
    assert_eq!(names.len(), 4);
}

#[test]
fn solar_hijri_dates_with_persian_digits_and_headers() {
    // ۱۴۰۵/۰۸/۰۲ is 24 October 2026, 1405/07/30 the 22nd; an ISO date beside them
    // stays Gregorian; 1405/08/11 (2 November) lies after the report date.
    let csv = "تاریخ,مشتری,ساعت,نرخ هزینه,نرخ\n\
        ۱۴۰۵/۰۸/۰۲,آسمان تجارت,۲,۴۰,۱۰۰\n\
        1405/07/30,آسمان تجارت,1,40,100\n\
        2026-10-20,آسمان تجارت,1,40,100\n\
        1405/08/11,آسمان تجارت,1,40,100\n";
    let doc = Case::new(["score", "--time", "t.csv", "--calendar", "persian"])
        .args([
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .file("t.csv", csv)
        .run()
        .code(0)
        .json();
    let m = &client(&doc, "آسمان تجارت")["metrics"];
    assert_eq!(m["hours"].to_string(), "4");
    assert_eq!(m["cost"].to_string(), "160.00");
    // 1405/08/11 is after the report date: outside the period, not rejected.
    assert_eq!(doc["rows"]["outside_period"], 1);
    assert_eq!(doc["rejected"], serde_json::json!([]));
    // Without --calendar persian the Hijri dates are not guessed.
    let doc = Case::new(["score", "--time", "t.csv", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("t.csv", csv)
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rows"]["rejected"], 3);
    Case::new(["score", "--time", "t.csv", "--calendar", "persian"])
        .args(["--date-format", "%d/%m/%Y", "--as-of", "2026-11-01"])
        .file("t.csv", csv)
        .run()
        .code(1)
        .stderr_has("cannot be combined with --date-format");
}

#[test]
fn people_see_solar_hijri_dates_and_scripts_keep_iso() {
    let md = Case::new(["score"])
        .arg_path(crate::harness::example("clients.csv"))
        .args([
            "--as-of",
            "2026-10-31",
            "--calendar",
            "persian",
            "--format",
            "markdown",
            "-q",
        ])
        .run()
        .code(0);
    // 31 October 2026 is 9 Aban 1405; notice dates in the next steps too.
    assert!(
        md.stdout.starts_with("# Client portfolio as of 1405/08/09"),
        "{}",
        md.stdout
    );
    assert!(md
        .stdout
        .contains("Give notice by 1405/08/09 and end on 1405/09/09"));
    assert!(!md.stdout.contains("2026-1"), "no Gregorian date left");
    let doc = Case::new(["score"])
        .arg_path(crate::harness::example("clients.csv"))
        .args([
            "--as-of",
            "2026-10-31",
            "--calendar",
            "persian",
            "--format",
            "json",
        ])
        .run()
        .code(0)
        .json();
    assert_eq!(doc["as_of"], "2026-10-31");
}

#[test]
fn a_client_name_with_a_date_in_it_is_shown_as_written() {
    // Only the sentences the rules write are localized; names are the user's text.
    let csv = "client,revenue,cost,hours\n\"Studio 2026-10-01 Kft.\",1000,900,10\nB,1000,100,10\n";
    for format in ["markdown", "table"] {
        let out = Case::new(["score", "c.csv", "--calendar", "persian"])
            .args(["--as-of", "2026-11-01", "--format", format, "-q"])
            .file("c.csv", csv)
            .run()
            .code(0);
        assert!(
            out.stdout.contains("Studio 2026-10-01 Kft."),
            "{}",
            out.stdout
        );
        // Its notice date (1 December 2026) is the rules' sentence: Solar Hijri.
        assert!(out.stdout.contains("1405/09/10"), "{}", out.stdout);
    }
    let dir = tempfile::tempdir().unwrap();
    Case::new([
        "report",
        "c.csv",
        "--calendar",
        "persian",
        "--period",
        "2026-10",
    ])
    .args(["--as-of", "2026-11-01", "-q", "--out-dir"])
    .arg_path(dir.path())
    .file("c.csv", csv)
    .run()
    .code(0);
    for ext in ["html", "md"] {
        let text = std::fs::read_to_string(dir.path().join(format!("2026-10.{ext}"))).unwrap();
        assert!(text.contains("Studio 2026-10-01 Kft."), "{ext}: {text}");
        assert!(
            text.contains("1405/08/10"),
            "{ext}: the report date in Solar Hijri"
        );
    }
    // A period of days is labelled in Solar Hijri for people, in ISO in file names.
    let run = Case::new(["report", "c.csv", "--calendar", "persian"])
        .args([
            "--from",
            "2026-10-05",
            "--to",
            "2026-10-31",
            "--as-of",
            "2026-11-01",
        ])
        .args(["-q", "--out-dir"])
        .arg_path(dir.path())
        .file("c.csv", csv)
        .run()
        .code(0);
    assert!(
        run.stdout.starts_with("1405/07/13..1405/08/09: 2 clients"),
        "{}",
        run.stdout
    );
    let md = std::fs::read_to_string(dir.path().join("2026-10-05..2026-10-31.md")).unwrap();
    assert!(
        md.starts_with("# Client portfolio: 1405/07/13..1405/08/09"),
        "{md}"
    );
    assert!(md.contains("Studio 2026-10-01 Kft."));
    // The second stored period brings the trend charts: their labels too.
    let html = std::fs::read_to_string(dir.path().join("2026-10-05..2026-10-31.html")).unwrap();
    assert!(html.contains("Health by period"), "trend charts");
    assert!(
        !html.contains("2026-10-05"),
        "no ISO period label left for people"
    );
}

#[test]
fn a_bad_quickbooks_cell_names_the_line_of_the_report() {
    let report = "Studio\nA/R Aging Summary\n\"As of November 1, 2026\"\n\n\
        ,Current,1 - 30,31 - 60,61 - 90,91 and over,Total\n\
        Brightline Ltd,800.00,abc,,,,1700\n\
        Acme,100.00,,,,,100\n";
    let doc = Case::new([
        "score",
        "qb.csv",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ])
    .file("qb.csv", report)
    .run()
    .code(0)
    .json();
    // An aging bucket is optional: the bad cell is left empty, named by the
    // report's own line, and Brightline stays.
    assert!(
        doc["warnings"].as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("qb.csv:6: column `aging_1_30`: \"abc\"")),
        "{}",
        doc["warnings"]
    );
    assert_eq!(doc["rows"]["rejected"], 0);
    assert_eq!(
        client(&doc, "Acme")["metrics"]["aging"]["current"].to_string(),
        "100.00"
    );
}

/// Xero's older export has no `InvoiceAmountPaid`: `InvoiceAmountDue` says what
/// was paid, and a draft or voided invoice is left out.
#[test]
fn xero_older_layout_without_amount_paid() {
    let mut rows = csv::Reader::from_path(data("imports/xero.csv")).unwrap();
    let header = rows.headers().unwrap().clone();
    let drop = header
        .iter()
        .position(|h| h == "InvoiceAmountPaid")
        .unwrap();
    let keep = |r: &csv::StringRecord| -> Vec<String> {
        r.iter()
            .enumerate()
            .filter(|(i, _)| *i != drop)
            .map(|(_, c)| c.to_string())
            .collect()
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(keep(&header)).unwrap();
    for r in rows.records() {
        out.write_record(keep(&r.unwrap())).unwrap();
    }
    // A voided invoice beside them, which must not count.
    let mut void = keep(&csv::StringRecord::from(
        header.iter().map(|_| "").collect::<Vec<_>>(),
    ));
    let set = |v: &mut Vec<String>, name: &str, value: &str| {
        let at = keep(&header).iter().position(|h| h == name).unwrap();
        v[at] = value.to_string();
    };
    for (name, value) in [
        ("*ContactName", "Kovács Kft."),
        ("*InvoiceNumber", "INV-0199"),
        ("*InvoiceDate", "2026-10-15"),
        ("*DueDate", "2026-11-14"),
        ("Total", "5000.00"),
        ("InvoiceAmountDue", "5000.00"),
        ("Status", "VOIDED"),
    ] {
        set(&mut void, name, value);
    }
    out.write_record(&void).unwrap();
    let csv = String::from_utf8(out.into_inner().unwrap()).unwrap();
    let doc = Case::new(["score", "--invoices", "x.csv", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("x.csv", csv)
        .run()
        .code(0)
        .json();
    assert!(warned(&doc, "read as a Xero sales invoice export"));
    // As with the current layout: INV-0101 (3,000, all paid) counted once; the
    // voided INV-0199 left out.
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "3000.00");
    assert_eq!(k["ledger"]["outstanding"].to_string(), "0.00");
    // Brightline: 1,200 with 800 still due, and 900 unpaid.
    let b = &client(&doc, "Brightline Ltd")["metrics"];
    assert_eq!(b["aging"]["current"].to_string(), "800.00");
    assert_eq!(b["aging"]["d1_30"].to_string(), "900.00");
    // The voided INV-0199, and September's INV-0098.
    assert_eq!(doc["rows"]["outside_period"], 2);
}

/// Xero's invoice import template has no totals: each line is quantity times
/// unit amount, and the lines of an invoice add up to it.
#[test]
fn xero_import_template_lines_add_up() {
    let csv = "*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme\n\
        Acme Ltd,,,,,,,,,,INV-1,,2026-10-05,2026-11-04,,Design,10,95.00,,200,Tax Exempt,,,,,EUR,\n\
        Acme Ltd,,,,,,,,,,INV-1,,2026-10-05,2026-11-04,,Hosting,1,240.00,,200,Tax Exempt,,,,,EUR,\n\
        Bolt Co,,,,,,,,,,INV-2,,2026-10-12,2026-10-26,,Audit,2.5,120.00,,200,Tax Exempt,,,,,EUR,\n";
    let doc = Case::new(["score", "--invoices", "t.csv", "--period", "2026-10"])
        .args(["--as-of", "2026-11-01", "--format", "json"])
        .file("t.csv", csv)
        .run()
        .code(0)
        .json();
    // 10 x 95.00 + 1 x 240.00, one invoice.
    let a = &client(&doc, "Acme Ltd")["metrics"];
    assert_eq!(a["revenue"].as_f64(), Some(1190.0));
    assert_eq!(a["ledger"]["invoices"], 1);
    // 2.5 x 120.00.
    assert_eq!(
        client(&doc, "Bolt Co")["metrics"]["revenue"].as_f64(),
        Some(300.0)
    );
}
