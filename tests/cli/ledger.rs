//! Ledger mode end to end: the four ledger files and a clients file under
//! `tests/data/ledger/`, small enough to check every figure by hand.

use crate::harness::{client, data, Case, Run};
use serde_json::{json, Value};

const AS_OF: &str = "2026-11-01";

/// The `tests/data/ledger` exports as `score` arguments, with `--as-of 2026-11-01`.
pub(crate) fn ledger_args() -> Vec<String> {
    let f = |n: &str| data(&format!("ledger/{n}")).display().to_string();
    vec![
        "--time".into(),
        f("time.csv"),
        "--invoices".into(),
        f("invoices.csv"),
        "--contracts".into(),
        f("contracts.csv"),
        "--interactions".into(),
        f("interactions.csv"),
        "--clients".into(),
        f("clients.csv"),
        "--as-of".into(),
        AS_OF.into(),
    ]
}

fn score(extra: &[&str]) -> Run {
    Case::new(["score"])
        .args(ledger_args())
        .args(["--format", "json"])
        .args(extra.iter().copied())
        .run()
        .code(0)
}

#[test]
fn ledger_figures_match_hand_computed_values() {
    let doc = score(&["--period", "2026-10"]).json();
    assert_eq!(
        doc["period"],
        json!({"from": "2026-10-01", "to": "2026-10-31"})
    );
    let m = &client(&doc, "Acme")["metrics"];
    // October: 4 + 2.5 + 1.5 hours at cost 40, 40, 50.
    assert_eq!(m["hours"], json!(8));
    assert_eq!(m["cost"].to_string(), "335.00");
    // Invoices issued in October: 800 + 200 (the duplicate A-1 is rejected).
    assert_eq!(m["revenue"].to_string(), "1000.00");
    assert_eq!(m["out_of_scope_hours"], json!(2.5));
    assert_eq!(m["out_of_scope_value"].to_string(), "250.00");
    assert_eq!(m["contracted_hours"].to_string(), "6.00");
    assert_eq!(m["scope_overrun_ratio"], json!(0.3333));
    // (1000 x 10 days + 500 open x 17 days) / 1500
    assert_eq!(m["avg_days_late"], json!(12.33));
    assert_eq!(m["late_invoice_ratio"], json!(1.0));
    assert_eq!(
        m["aging"].to_string(),
        r#"{"current":200.00,"d1_30":500.00,"d31_60":0.00,"d61_90":0.00,"d90_plus":0.00}"#
    );
    assert_eq!(m["overdue"].to_string(), "500.00");
    assert_eq!(
        (&m["complaints"], &m["out_of_scope_requests"], &m["nps"]),
        (&json!(1), &json!(1), &json!(6))
    );
    assert_eq!(m["days_since_contact"], json!(7));
    assert_eq!(m["revenue_trend_ratio"], json!(0.0));
    assert_eq!(m["notice_days"], json!(60));
    // Parsed from text: `json!` would turn 13.50 into the float 13.5.
    let ledger: Value = serde_json::from_str(
        r#"{"revenue_basis": "invoices", "billable_hours": 6.5, "billable_value": 650.00,
            "months_over_contract": 2, "cancellations": 0, "invoices": 2,
            "outstanding": 700.00, "avg_days_late_plain": 13.50, "dso_days": 127.75}"#,
    )
    .unwrap();
    assert_eq!(m["ledger"], ledger);
    // A contract from 16 October: 20 h x 16/31 of the month.
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["contracted_hours"].to_string(), "10.32");
    assert_eq!(
        k["out_of_scope_hours"],
        json!(2),
        "`nem` in in_scope is false"
    );
    // Outside October: time 09-15, 11-01 and 11-02 (after the report date), invoice
    // A-1 of 09-01, the NPS of 09-01. Used: 5 entries, 3 invoices, 2 contracts, 5
    // interactions and the 2 clients-file rows. Rejected: 25 h, K-2, the repeated
    // A-1, NPS 11.
    assert_eq!(
        doc["rows"],
        json!({"read": 26, "used": 17, "rejected": 4, "outside_period": 5})
    );
}

#[test]
fn bad_ledger_rows_are_rejected_with_file_line_column_and_expectation() {
    let doc = score(&["--period", "2026-10"]).json();
    let rejected: Vec<(String, u64, String, String)> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            (
                file.rsplit('/').next().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap().to_string(),
                r["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Line 10 of time.csv (2026-11-02) is after the report date: outside the
    // period, not a bad row.
    let want = [
        ("time.csv", 9, "hours", "25"),
        ("invoices.csv", 6, "due", "2026-10-30"),
        ("invoices.csv", 7, "invoice", "A-1"),
        ("interactions.csv", 8, "value", "11"),
    ];
    let want: Vec<(String, u64, String, String)> = want
        .iter()
        .map(|(f, l, c, v)| (f.to_string(), *l, c.to_string(), v.to_string()))
        .collect();
    assert_eq!(rejected, want);
    let expected: Vec<&str> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["expected"].as_str().unwrap())
        .collect();
    assert_eq!(expected[0], "hours from 0 to 24 in one entry");
    assert!(
        expected[2].contains("(line 2 has it): a duplicate invoice"),
        "{}",
        expected[2]
    );
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().ends_with(
            "time.csv: 1 row(s) dated after the report date, or drafts and void invoices, are outside the period (left out)"
        )));
}

#[test]
fn a_ragged_row_does_not_make_its_number_a_duplicate_from_a_file_or_a_pipe() {
    // Line 2 is rejected for its width; line 3, the same number, is the invoice.
    let invoices = "invoice,client,issued,due,paid,amount\n\
        INV-7,Acme,2026-10-01,2026-10-31,,100,oops\n\
        INV-7,Acme,2026-10-01,2026-10-31,,100\n\
        INV-8,Acme,2026-10-02,2026-11-01,,50\n\
        INV-8,Acme,2026-10-03,2026-11-02,,50\n";
    let args = [
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ];
    let from_file = Case::new(["score", "--invoices", "inv.csv"])
        .args(args)
        .file("inv.csv", invoices)
        .run()
        .code(0)
        .json();
    let from_pipe = Case::new(["score", "--invoices", "-"])
        .args(args)
        .stdin(invoices)
        .run()
        .code(0)
        .json();
    for doc in [&from_file, &from_pipe] {
        assert_eq!(
            client(doc, "Acme")["metrics"]["revenue"].to_string(),
            "150.00"
        );
        let lines: Vec<u64> = doc["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, vec![2, 5], "the ragged row and the real duplicate");
    }
}

#[test]
fn strict_makes_a_rejected_ledger_row_fatal() {
    Case::new(["score"])
        .args(ledger_args())
        .args(["--period", "2026-10", "--strict"])
        .run()
        .code(1)
        .stderr_has("4 row(s) rejected and --strict is set");
}

#[test]
fn aggregate_then_score_gives_the_ledger_verdicts_and_figures() {
    let periods: [(&[&str], &str); 3] = [
        (&["--period", "2026-10"], "1"),
        (&["--period", "2026-Q3"], "3"),
        (&["--from", "2026-09-01", "--to", "2026-10-31"], "2"),
    ];
    for (period, months) in periods {
        let direct = score(period).json();
        let label = period.join(" ");
        let period = period.iter().copied();
        let summary = Case::new(["aggregate"])
            .args(ledger_args())
            .args(period)
            .args(["-q"])
            .run()
            .code(0)
            .stdout;
        let rescored = Case::new(["score", "summary.csv", "--as-of", AS_OF, "--format", "json"])
            .args(["--period-months", months])
            .file("summary.csv", &summary)
            .run()
            .code(0)
            .json();
        assert_same_scores(&direct, &rescored, &label);
    }
}

/// Everything but the ledger-only block and the per-file warnings must agree.
pub fn assert_same_scores(direct: &Value, rescored: &Value, label: &str) {
    let strip = |doc: &Value| -> Vec<Value> {
        doc["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c["metrics"].as_object_mut().unwrap().remove("ledger");
                c.as_object_mut().unwrap().remove("warnings");
                c
            })
            .collect()
    };
    let (a, b) = (strip(direct), strip(rescored));
    assert_eq!(a.len(), b.len(), "{label}: client count");
    assert!(!a.is_empty(), "{label}: no clients");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{label}: client {}", x["client"]);
    }
    assert_eq!(
        direct["portfolio"], rescored["portfolio"],
        "{label}: portfolio"
    );
}

#[test]
fn the_default_period_is_last_month_and_bad_periods_are_usage_errors() {
    let doc = score(&[]).json();
    assert_eq!(
        doc["period"],
        json!({"from": "2026-10-01", "to": "2026-10-31"})
    );
    assert_eq!(doc["settings"]["period_months"], json!(1));
    let q = score(&["--period", "2026-Q3"]).json();
    assert_eq!(q["settings"]["period_months"], json!(3));
    let run = Case::new(["score"])
        .args(ledger_args())
        .args(["--period", "2026-13"])
        .run()
        .code(1);
    assert!(run.stderr.contains("2026-13"), "{}", run.stderr);
    Case::new(["score", "--period", "2026-10", "x.csv"])
        .run()
        .code(1)
        .stderr_has("belong to ledger mode");
}

#[test]
fn local_exports_with_semicolons_decimal_commas_and_hungarian_booleans_read() {
    let time = "dátum;ügyfél;óra;cost_rate;bill_rate;számlázható\n\
                2026.10.05;Kovács és Társa;2,5;40,00;90,00;igen\n\
                2026.10.06;Kovács és Társa;1,25;40,00;90,00;nem\n";
    let doc = Case::new(["score", "--time", "time.csv", "--period", "2026-10"])
        .args([
            "--as-of",
            AS_OF,
            "--date-format",
            "%Y.%m.%d",
            "--format",
            "json",
        ])
        .file("time.csv", time)
        .run()
        .code(0)
        .json();
    let m = &client(&doc, "Kovács és Társa")["metrics"];
    assert_eq!(m["hours"], json!(3.75));
    assert_eq!(m["cost"].to_string(), "150.00");
    assert_eq!(
        m["revenue"].to_string(),
        "225.00",
        "no invoices or contracts: billable value"
    );
    assert_eq!(m["ledger"]["revenue_basis"], json!("time"));
}

#[test]
fn ledger_clients_missing_from_the_clients_file_are_counted_with_a_warning() {
    let time =
        "date,client,hours,cost_rate,bill_rate,billable\n2026-10-05,Stranger Ltd,2,40,90,true\n";
    let clients = "client,fit\nAcme,4\n";
    let doc = Case::new(["score", "--time", "time.csv", "--clients", "clients.csv"])
        .args(["--period", "2026-10", "--as-of", AS_OF, "--format", "json"])
        .file("time.csv", time)
        .file("clients.csv", clients)
        .run()
        .code(0)
        .json();
    assert_eq!(client(&doc, "Stranger Ltd")["metrics"]["hours"], json!(2));
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("not in the clients file (counted anyway): Stranger Ltd"),
        "{warnings}"
    );
}

#[test]
fn a_missing_required_ledger_column_is_fatal_and_named() {
    Case::new(["score", "--invoices", "inv.csv", "--as-of", AS_OF])
        .file("inv.csv", "invoice,client,issued\nA,Acme,2026-10-01\n")
        .run()
        .code(1)
        .stderr_has("amount");
}

#[test]
fn a_period_running_past_the_report_date_ends_on_it() {
    let time = "date,client,hours,cost_rate,bill_rate,billable\n2026-10-05,Acme,2,40,90,true\n";
    let contracts = "client,start,end,hours_per_month\nAcme,2026-01-01,,31\n";
    let doc = Case::new(["score", "--time", "t.csv", "--contracts", "c.csv"])
        .args([
            "--period",
            "this-month",
            "--as-of",
            "2026-10-10",
            "--format",
            "json",
        ])
        .file("t.csv", time)
        .file("c.csv", contracts)
        .run()
        .code(0)
        .json();
    assert_eq!(
        doc["period"],
        json!({"from": "2026-10-01", "to": "2026-10-10"})
    );
    // Ten of October's 31 days: 31 h/month x 10/31.
    let m = &client(&doc, "Acme")["metrics"];
    assert_eq!(m["contracted_hours"].to_string(), "10.00");
    // No in_scope column: the hours over contract stand in (none here).
    assert_eq!(m["out_of_scope_hours"].to_string(), "0");
}

#[test]
fn header_only_ledgers_and_a_conflicting_currency_are_errors() {
    Case::new(["score", "--time", "t.csv", "--as-of", AS_OF])
        .file("t.csv", "date,client,hours\n")
        .run()
        .code(1)
        .stderr_has("no data rows");
    Case::new([
        "score",
        "--invoices",
        "i.csv",
        "--as-of",
        AS_OF,
        "--currency",
        "EUR",
    ])
    .file(
        "i.csv",
        "invoice,client,issued,amount,currency\nA-1,Acme,2026-10-01,100,HUF\n",
    )
    .run()
    .code(1)
    .stderr_has("currency HUF differs from EUR (--currency)");
}

#[test]
fn absurd_amounts_are_rejected_even_when_plainly_written() {
    let doc = Case::new(["score", "--invoices", "i.csv", "--as-of", AS_OF, "--format", "json"])
        .file(
            "i.csv",
            "invoice,client,issued,amount\nA-1,Acme,2026-10-01,9000000000000000000\nA-2,Acme,2026-10-02,10\n",
        )
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rejected"][0]["column"], json!("amount"));
    assert_eq!(
        doc["rejected"][0]["expected"],
        json!("an amount of at most 10^15")
    );
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "10.00"
    );
}

#[test]
fn invoices_from_standard_input_are_checked_for_duplicates_in_one_pass() {
    let invoices =
        "invoice,client,issued,amount\nA-1,Acme,2026-10-01,100\nA-1,Acme,2026-10-02,50\n";
    let doc = Case::new([
        "score",
        "--invoices",
        "-",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ])
    .stdin(invoices)
    .run()
    .code(0)
    .json();
    assert_eq!(doc["rejected"][0]["line"], json!(3));
    assert_eq!(doc["rejected"][0]["column"], json!("invoice"));
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "100.00"
    );
}

#[test]
fn a_clients_file_in_another_currency_than_the_invoices_is_an_error() {
    Case::new([
        "score",
        "--invoices",
        "i.csv",
        "--clients",
        "c.csv",
        "--as-of",
        AS_OF,
    ])
    .file(
        "i.csv",
        "invoice,client,issued,amount,currency\nA-1,Acme,2026-10-01,100,EUR\n",
    )
    .file("c.csv", "client,fit,currency\nAcme,4,HUF\n")
    .run()
    .code(1)
    .stderr_has("i.csv:2: currency EUR differs from HUF (the clients file)");
}

#[test]
fn json_and_ndjson_ledgers_give_the_csv_figures() {
    let csv = score(&["--period", "2026-10"]).json();
    let f = |n: &str| data(&format!("ledger/{n}")).display().to_string();
    let json = Case::new([
        "score",
        "--time",
        &f("time.json"),
        "--invoices",
        &f("invoices.ndjson"),
    ])
    .args([
        "--contracts",
        &f("contracts.csv"),
        "--interactions",
        &f("interactions.csv"),
    ])
    .args([
        "--clients",
        &f("clients.csv"),
        "--as-of",
        AS_OF,
        "--period",
        "2026-10",
    ])
    .args(["--format", "json"])
    .run()
    .code(0)
    .json();
    assert_eq!(json["rows"], csv["rows"]);
    for name in ["Acme", "Kovács Kft."] {
        let (a, b) = (
            &client(&csv, name)["metrics"],
            &client(&json, name)["metrics"],
        );
        for key in [
            "hours",
            "cost",
            "revenue",
            "out_of_scope_hours",
            "avg_days_late",
            "overdue",
        ] {
            // JSON numbers carry their own scale (8.0 vs 8): compare the values.
            assert_eq!(a[key].as_f64(), b[key].as_f64(), "{name} {key}");
        }
        assert_eq!(
            client(&csv, name)["verdict"],
            client(&json, name)["verdict"]
        );
    }
}

#[test]
fn explain_says_which_ledger_each_figure_comes_from() {
    let run = Case::new(["explain", "Acme"])
        .args(ledger_args())
        .args(["--period", "2026-10"])
        .run()
        .code(0);
    for line in [
        "revenue        1000.00 = invoices issued in 2026-10",
        "cost           335.00 = sum of hours x cost_rate over the time entries",
        "out_of_scope_hours  = time entries marked in_scope = false = 2.5",
        "amount-weighted days late 12.33 · plain mean 13.50",
        "outstanding 700.00 · dso_days = outstanding / invoiced in the last 365 days x 365 = 127.75",
        "billable_hours 6.5 · billable_value 650.00 · invoices 2 · cancellations 0",
        "months_over_contract 2 (of the 6 months to the period's end)",
    ] {
        assert!(run.stdout.contains(line), "missing {line:?} in\n{}", run.stdout);
    }
}

#[test]
fn internal_time_without_a_bill_rate_is_used_and_unpriced_billable_hours_are_named() {
    let time = "date,client,hours,cost_rate,bill_rate,billable\n\
                2026-10-05,Acme,2,40,90,true\n\
                2026-10-06,Acme,1,40,,false\n\
                2026-10-07,Acme,0.5,40,,true\n";
    let doc = Case::new([
        "score", "--time", "t.csv", "--period", "2026-10", "--as-of", AS_OF,
    ])
    .args(["--format", "json"])
    .file("t.csv", time)
    .run()
    .code(0)
    .json();
    assert_eq!(
        doc["rows"],
        json!({"read": 3, "used": 3, "rejected": 0, "outside_period": 0})
    );
    let acme = client(&doc, "Acme");
    assert_eq!(acme["metrics"]["cost"].to_string(), "140.00");
    assert_eq!(
        acme["metrics"]["ledger"]["billable_value"].to_string(),
        "180.00"
    );
    let warnings = acme["warnings"].to_string();
    assert!(
        warnings.contains("0.5 billable hours have no bill_rate"),
        "{warnings}"
    );
}

/// `portfolio score` on files written into a temp dir, as JSON.
/// The JSON report of `score --time - PERIOD_ARGS` with `time` on standard input.
fn score_time_on_stdin(period_args: &[&str], time: &str) -> Value {
    Case::new(["score", "--time", "-"])
        .args(period_args.iter().copied())
        .args(["--as-of", AS_OF, "--format", "json"])
        .stdin(time)
        .run()
        .code(0)
        .json()
}

fn score_files(args: &[&str], files: &[(&str, &str)]) -> Value {
    let mut case = Case::new(["score"])
        .args(args.iter().copied())
        .args(["--as-of", AS_OF, "--format", "json"]);
    for (name, text) in files {
        case = case.file(name, text);
    }
    case.run().code(0).json()
}

#[test]
fn review_findings_stay_fixed() {
    // A minified JSON invoice list: every object on line 1; only the repeat is rejected.
    let doc = score_files(
        &["--invoices", "i.json"],
        &[(
            "i.json",
            r#"[{"invoice":"A1","client":"Acme","issued":"2026-10-01","amount":10},{"invoice":"A2","client":"Acme","issued":"2026-10-02","amount":20},{"invoice":"A1","client":"Acme","issued":"2026-10-03","amount":30}]"#,
        )],
    );
    assert_eq!(
        doc["rows"],
        json!({"read": 3, "used": 2, "rejected": 1, "outside_period": 0})
    );
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "30.00"
    );

    // An unclosed quote is a rejected row, not rows that vanish.
    let doc = score_files(
        &["--time", "t.csv"],
        &[(
            "t.csv",
            "date,client,hours,note\n2026-10-01,Acme,1,ok\n2026-10-01,Acme,5,\"oops\n2026-10-02,Acme,3,x\n2026-10-03,Beta,7,y\n",
        )],
    );
    assert_eq!(
        doc["rows"],
        json!({"read": 2, "used": 1, "rejected": 1, "outside_period": 0})
    );
    assert_eq!(doc["rejected"][0]["line"], json!(3));
    // Named by the field the quote opened in, as in a summary file.
    assert_eq!(doc["rejected"][0]["column"], json!("note"));
    assert!(doc["rejected"][0]["expected"]
        .to_string()
        .contains("never closed"));

    // Lines ending in a bare CR.
    let doc = score_files(
        &["--time", "t.csv", "--period", "2026-10"],
        &[(
            "t.csv",
            "date,client,hours\r2026-10-01,Acme,5\r2026-10-02,Acme,x\r",
        )],
    );
    assert_eq!(client(&doc, "Acme")["metrics"]["hours"], json!(5));
    assert_eq!(doc["rejected"][0]["line"], json!(3));
    // Blank lines before the header count as lines.
    let doc = score_files(
        &["--time", "t.csv", "--period", "2026-10"],
        &[(
            "t.csv",
            "\n \ndate,client,hours\n2026-10-01,Acme,5\n2026-10-02,Acme,x\n",
        )],
    );
    assert_eq!(doc["rejected"][0]["line"], json!(5));

    // --decimal-comma reads text cells with a comma, JSON numbers with their point.
    let doc = score_files(
        &["--invoices", "i.ndjson", "--decimal-comma"],
        &[(
            "i.ndjson",
            "{\"invoice\":\"A1\",\"client\":\"Acme\",\"issued\":\"2026-10-01\",\"amount\":99.5}\n{\"invoice\":\"A2\",\"client\":\"Acme\",\"issued\":\"2026-10-01\",\"amount\":\"1.000,25\"}\n",
        )],
    );
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "1099.75"
    );

    // Credit notes that net the totals to almost nothing: no DSO and no HHI, no panic.
    let doc = score_files(
        &["--invoices", "i.csv"],
        &[(
            "i.csv",
            "invoice,client,issued,due,amount\nA1,Acme,2026-01-01,2026-01-31,1000000000000000\nA2,Acme,2026-10-05,2026-10-20,-999999999999999.99999999999999\nB1,Beta,2026-10-05,2026-10-20,1000000000000000\nB2,Beta,2026-10-06,2026-10-20,-1000000000000000\nC1,Gamma,2026-10-05,2026-10-20,0.00000000000001\n",
        )],
    );
    assert!(doc["portfolio"]["hhi"].is_null() || doc["portfolio"]["hhi"].is_number());

    // Only internal time this month: billed nothing (0), not unknown.
    let doc = score_files(
        &["--time", "t.csv", "--period", "2026-10"],
        &[(
            "t.csv",
            "date,client,hours,cost_rate,bill_rate,billable\n2026-10-01,Acme,2,40,90,true\n2026-10-02,Beta,8,40,,false\n",
        )],
    );
    let beta = &client(&doc, "Beta")["metrics"];
    assert_eq!(beta["revenue"].to_string(), "0.00");
    assert_eq!(beta["ledger"]["revenue_basis"], json!("time"));

    // A period cut at the report date compares with as many days before it.
    let doc = score_files(
        &["--time", "t.csv", "--period", "2026"],
        &[(
            "t.csv",
            "date,client,hours,cost_rate,bill_rate,billable\n2026-10-01,Acme,2,40,90,true\n",
        )],
    );
    assert_eq!(
        doc["period"],
        json!({"from": "2026-01-01", "to": "2026-11-01"})
    );
    assert_eq!(doc["settings"]["period_months"], json!(10));
}

#[test]
fn the_notice_comes_from_the_running_contract_else_the_clients_file() {
    let doc = score_files(
        &["--contracts", "c.csv", "--clients", "k.csv", "--period", "2026-10"],
        &[
            (
                "c.csv",
                "client,start,end,hours_per_month,notice_days\nAcme,2024-01-01,2025-12-31,10,90\nAcme,2026-01-01,2027-06-30,10,\n",
            ),
            ("k.csv", "client,fit,notice_days\nAcme,4,15\n"),
        ],
    );
    assert_eq!(client(&doc, "Acme")["metrics"]["notice_days"], json!(15));
    assert_eq!(
        client(&doc, "Acme")["metrics"]["contract_end"],
        json!("2027-06-30")
    );
}

#[test]
fn the_fire_plan_frees_each_persons_hours_month_by_month() {
    let time = "date,client,person,hours,cost_rate,bill_rate,billable\n\
                2026-10-05,Acme,Anna,6,40,90,true\n\
                2026-10-06,Acme,Bob,4,40,90,true\n\
                2026-10-07,Beta,Anna,1,40,90,true\n";
    let clients = "client,red_flag\nAcme,shouts at the team\nBeta,\n";
    let doc = Case::new([
        "plan",
        "--time",
        "t.csv",
        "--clients",
        "c.csv",
        "--period",
        "2026-10",
    ])
    .args(["--as-of", AS_OF, "--format", "json"])
    .file("t.csv", time)
    .file("c.csv", clients)
    .run()
    .code(0)
    .json();
    let exit = &doc["exits"][0];
    assert_eq!(exit["client"], json!("Acme"));
    assert_eq!(exit["exit_date"], json!("2026-11-01"));
    assert_eq!(exit["freed_hours_by_person"][0]["person"], json!("Anna"));
    assert_eq!(
        exit["freed_hours_by_person"][0]["hours_per_month"].to_string(),
        "6.00"
    );
    // Red flag: ends on the report date; November keeps 29 of its 30 days free.
    let months: Vec<(String, String)> = doc["capacity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["freed_hours"].to_string(),
            )
        })
        .collect();
    assert_eq!(months[0], ("2026-11".to_string(), "9.67".to_string()));
    assert_eq!(months[1], ("2026-12".to_string(), "10.00".to_string()));
    assert_eq!(months.len(), 6);
    let november = &doc["capacity"][0]["by_person"];
    assert_eq!(november[0]["person"], json!("Anna"));
    assert_eq!(november[0]["hours"].to_string(), "5.80"); // 6 x 29/30
    assert_eq!(november[1]["hours"].to_string(), "3.87"); // 4 x 29/30
}

/// A JSON time export streamed element by element: columns are the keys of every
/// object (here `in_scope` first appears in the second), elements that are not
/// objects or repeat a key are rejected on their lines, and the same file on
/// standard input gives the same report.
#[test]
fn json_ledgers_stream_with_every_key_and_rejected_elements() {
    let time = "[\n\
        {\"date\": \"2026-10-01\", \"client\": \"Acme\", \"hours\": 2, \"cost_rate\": 40, \"bill_rate\": 100},\n\
        {\"date\": \"2026-10-02\", \"client\": \"Acme\", \"hours\": 1.5, \"cost_rate\": 40,\n  \"bill_rate\": 100, \"in_scope\": false},\n\
        42,\n\
        {\"date\": \"2026-10-03\", \"client\": \"Acme\", \"hours\": 1, \"hours\": 9},\n\
        {\"date\": \"2026-10-04\", \"client\": \"Acme\", \"hours\": 0.5, \"cost_rate\": 40, \"bill_rate\": 100}\n\
    ]\n";
    let from_file = score_files(
        &["--time", "t.json", "--period", "2026-10"],
        &[("t.json", time)],
    );
    assert_eq!(
        from_file["rows"],
        json!({"read": 5, "used": 3, "rejected": 2, "outside_period": 0})
    );
    let lines: Vec<(&Value, &Value)> = from_file["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (&r["line"], &r["column"]))
        .collect();
    assert_eq!(
        lines,
        [
            (&json!(5), &json!("(whole row)")),
            (&json!(6), &json!("hours"))
        ]
    );
    let m = &client(&from_file, "Acme")["metrics"];
    assert_eq!(m["hours"].to_string(), "4");
    assert_eq!(m["out_of_scope_hours"].to_string(), "1.5");
    let from_stdin = score_time_on_stdin(&["--period", "2026-10"], time);
    assert_eq!(from_stdin["rows"], from_file["rows"]);
    assert_eq!(from_stdin["clients"], from_file["clients"]);
}

/// A JSON time export large enough to be read in several batches on several
/// threads: every element counted once, rejections listed in file order (also
/// when the array is minified, every element on line 1), and the same figures as
/// NDJSON and from standard input (read on one thread).
#[test]
fn large_json_ledgers_read_in_batches_give_every_row_once() {
    let clients = ["Kovács Kft.", "شرکت آریا", "Acme \"Blue\" {Ltd}"];
    let (mut elements, mut hours_hundredths) = (Vec::new(), [0u64; 3]);
    let mut rejected_lines = Vec::new();
    for i in 0..9_000u64 {
        // Line i + 2: the array's `[` is line 1, one element a line.
        if i % 2_500 == 1_000 {
            // Not objects: rejected, each with its own value.
            elements.push((40 + i / 2_500).to_string());
            rejected_lines.push(i + 2);
            continue;
        }
        let c = (i % 3) as usize;
        let hundredths = 25 + (i * 7) % 300;
        hours_hundredths[c] += hundredths;
        let element = json!({
            "date": format!("2026-10-{:02}", 1 + i % 28),
            "client": clients[c],
            "hours": hundredths as f64 / 100.0,
            "cost_rate": 40,
            "bill_rate": 100,
            "note": "a, [b] {c} \"d\" \\",
        });
        elements.push(element.to_string());
    }
    let array = format!("[\n{}\n]\n", elements.join(",\n"));
    let ndjson = format!("\n{}\n", elements.join("\n"));
    assert!(array.len() > 1 << 20, "several 256 KiB batches");
    let args = ["--period", "2026-10"];
    let from_array = score_files(
        &["--time", "t.json", args[0], args[1]],
        &[("t.json", &array)],
    );
    assert_eq!(
        from_array["rows"],
        json!({"read": 9_000, "used": 9_000 - rejected_lines.len(), "rejected": rejected_lines.len(), "outside_period": 0})
    );
    let lines: Vec<u64> = from_array["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, rejected_lines);
    for (c, hundredths) in clients.iter().zip(hours_hundredths) {
        let hours = client(&from_array, c)["metrics"]["hours"].to_string();
        let want = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        assert_eq!(
            hours.trim_end_matches('0').trim_end_matches('.'),
            want.trim_end_matches('0').trim_end_matches('.'),
            "{c}"
        );
    }
    let minified = format!("[{}]", elements.join(","));
    let from_minified = score_files(
        &["--time", "m.json", args[0], args[1]],
        &[("m.json", &minified)],
    );
    let listed: Vec<(u64, String)> = from_minified["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let in_order: Vec<(u64, String)> = (40..44).map(|v| (1, v.to_string())).collect();
    assert_eq!(listed, in_order);
    assert_eq!(from_minified["clients"], from_array["clients"]);
    let from_ndjson = score_files(
        &["--time", "t.ndjson", args[0], args[1]],
        &[("t.ndjson", &ndjson)],
    );
    assert_eq!(from_ndjson["clients"], from_array["clients"]);
    let from_stdin = score_time_on_stdin(&["--period", "2026-10"], &array);
    assert_eq!(from_stdin["clients"], from_array["clients"]);
    assert_eq!(from_stdin["rows"], from_array["rows"]);
}

/// An export of one row and 40,000 rejected elements, over several batches: every
/// one counted, the first thousand listed in file order, and no more kept.
#[test]
fn a_json_ledger_of_rejected_elements_lists_the_first_thousand_in_order() {
    let row = r#"{"date": "2026-10-01", "client": "Acme", "hours": 2, "cost_rate": 40, "bill_rate": 100}"#;
    let quoted = |i: usize| format!("\"p{i:018}\"");
    let elements: Vec<String> = std::iter::once(row.to_string())
        .chain((0..40_000).map(quoted))
        .collect();
    let minified = format!("[{}]", elements.join(","));
    assert!(minified.len() > 800 << 10, "several 256 KiB batches");
    let doc = score_files(
        &["--time", "m.json", "--period", "2026-10"],
        &[("m.json", &minified)],
    );
    assert_eq!(
        doc["rows"],
        json!({"read": 40_001, "used": 1, "rejected": 40_000, "outside_period": 0})
    );
    let values: Vec<&str> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    let first_thousand: Vec<String> = (0..1_000).map(quoted).collect();
    assert_eq!(values, first_thousand);
}

/// A broken JSON ledger stops the run at the line and column of the fault, as when
/// the document was parsed whole.
#[test]
fn a_broken_json_ledger_names_the_line_and_column() {
    Case::new(["score", "--time", "t.json", "--as-of", AS_OF])
        .file(
            "t.json",
            "[\n {\"date\": \"2026-10-01\", \"client\": \"Acme\", \"hours\": 2},\n {\"date\": \"2026-10-02\",\n  \"client\": Acme}\n]\n",
        )
        .run()
        .code(1)
        .stderr_has("t.json:4:13: invalid JSON: expected value");
    Case::new(["score", "--time", "t.json", "--as-of", AS_OF])
        .file(
            "t.json",
            "[\n {\"date\": \"2026-10-01\", \"client\": \"Acme\", \"hours\": 2},\n",
        )
        .run()
        .code(1)
        .stderr_has("t.json:3:1: invalid JSON: EOF while parsing a list");
}

/// One CSV reader for summary and ledger files: a row with more fields than the
/// header is named by its first extra field in both, and numbers that could use
/// either decimal separator follow the file's field separator in both.
#[test]
fn summary_and_ledger_files_share_row_checks_and_the_decimal_detector() {
    let doc = score_files(
        &["--time", "t.csv", "--period", "2026-10"],
        &[(
            "t.csv",
            "date;client;hours;cost_rate\n2026-10-01;Acme;1;40\n2026-10-02;Acme;2;12.500;x\n2026-10-03;Acme;3;12.500\n",
        )],
    );
    assert_eq!(
        doc["rejected"][0],
        json!({"file": "t.csv", "line": 3, "column": "#5", "value": "x",
               "expected": "4 fields as in the header, found 5"})
    );
    let warned = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().starts_with("t.csv: 1 number(s) such as \"12.500\" in `cost_rate` read with either decimal separator; read with a decimal comma"));
    assert!(warned, "{}", doc["warnings"]);
    // `;`-separated, so `.` groups thousands: 1 h x 40 + 3 h x 12,500 = 37,540.
    let cost = client(&doc, "Acme")["metrics"]["cost"].as_f64().unwrap();
    assert_eq!(cost, 37_540.0);
}

/// A misspelt required ledger column is named with the header that is close to it.
#[test]
fn a_misspelt_required_ledger_column_is_named() {
    Case::new(["score", "--time", "t.csv", "--as-of", AS_OF])
        .file("t.csv", "dtae,client,hours\n2026-10-01,Acme,1\n")
        .run()
        .code(1)
        .stderr_has("no `date` column")
        .stderr_has("`dtae` is close to `date`: rename it");
}

/// A day above 12 tells the order of a file's slashed dates, in a ledger file as
/// in a summary file; dates that read both ways stop the run before any figure.
#[test]
fn ledger_dates_are_read_in_the_order_the_file_shows_or_stop() {
    let doc = score_files(
        &["--time", "t.csv", "--period", "2023-01"],
        &[(
            "t.csv",
            "date,client,hours,cost_rate\n09/01/2023,Acme,1,40\n10/01/2023,Acme,2,40\n15/01/2023,Acme,4,40\n",
        )],
    );
    // Read month-first, 09/01 and 10/01 would fall in September and October.
    assert_eq!(client(&doc, "Acme")["metrics"]["hours"].as_f64(), Some(7.0));
    let run = Case::new(["score", "--time", "t.csv", "--period", "2023-01"])
        .args(["--as-of", AS_OF, "--format", "json"])
        .file(
            "t.csv",
            "date,client,hours,cost_rate\n09/01/2023,Acme,1,40\n10/01/2023,Acme,2,40\n",
        )
        .run()
        .code(1)
        .stderr_has(
            "t.csv: dates such as \"09/01/2023\" in `date` read both day-first and month-first",
        )
        .stderr_has("--date-format %d/%m/%Y or --date-format %m/%d/%Y");
    assert_eq!(run.stdout, "", "no figure before the question");

    // The first 256 KiB (the rows the reader samples) all read both ways; a later
    // row tells, so the file is looked at again rather than stopped.
    let mut text = String::from("date,client,hours,cost_rate,note\n");
    let pad = "x".repeat(60);
    for i in 0..4000 {
        text.push_str(&format!("{:02}/01/2023,Acme,1,40,{pad}\n", 1 + i % 12));
    }
    text.push_str("13/01/2023,Acme,1,40,late\n");
    assert!(text.len() > 256 * 1024);
    let doc = score_files(
        &["--time", "t.csv", "--period", "2023-01"],
        &[("t.csv", &text)],
    );
    assert_eq!(
        client(&doc, "Acme")["metrics"]["hours"].as_f64(),
        Some(4001.0)
    );
}

/// A generated ledger (`tests/data/ledger-gen`, see its README): every client's
/// sums over the whole two years equal DuckDB's exact DECIMAL sums of the same rows
/// (`duckdb_sums.csv`, written by `benches/ledger_duckdb.py sums`).
#[test]
fn generated_ledger_sums_equal_duckdbs_exact_sums() {
    use rust_decimal::Decimal;
    let dir = data("ledger-gen");
    let doc = Case::new(["score", "--format", "json", "--as-of", "2026-11-01"])
        .args(["--from", "2024-11-01", "--to", "2026-10-31"])
        .arg_path("--time")
        .arg_path(dir.join("time.csv"))
        .arg_path("--invoices")
        .arg_path(dir.join("invoices.csv"))
        .run()
        .code(0)
        .json();
    let sums = std::fs::read_to_string(dir.join("duckdb_sums.csv")).unwrap();
    let mut lines = sums.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    // Where each DuckDB figure sits in a client of the report.
    let at = |figure: &str| -> &'static str {
        match figure {
            "hours" => "/metrics/hours",
            "billable_hours" => "/metrics/ledger/billable_hours",
            "cost" => "/metrics/cost",
            "billable_value" => "/metrics/ledger/billable_value",
            "out_of_scope_hours" => "/metrics/out_of_scope_hours",
            "out_of_scope_value" => "/metrics/out_of_scope_value",
            "invoiced" => "/metrics/revenue",
            "invoices" => "/metrics/ledger/invoices",
            other => panic!("unknown figure {other}"),
        }
    };
    let number = |v: &Value| -> Decimal { v.to_string().parse().unwrap() };
    let mut clients = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let c = client(&doc, cells[0]);
        for (figure, want) in header.iter().zip(&cells).skip(1) {
            let got = c
                .pointer(at(figure))
                .unwrap_or_else(|| panic!("{figure} of {}", cells[0]));
            let want: Decimal = want.parse().unwrap();
            assert_eq!(number(got), want, "{figure} of {}", cells[0]);
        }
        clients += 1;
    }
    assert_eq!(clients, 40);
    assert_eq!(doc["clients"].as_array().unwrap().len(), clients);
}
