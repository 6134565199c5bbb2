//! `portfolio score` end to end: formats, golden output, hand-checked verdicts, stdin, -o, exit codes.

use crate::harness::{client, example, Case};
use serde_json::Value;

const AS_OF: [&str; 2] = ["--as-of", "2026-10-31"];

fn example_json() -> Value {
    Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "json", "-q"])
        .run()
        .code(0)
        .json()
}

/// `portfolio score NAME -q` on a file of these contents (format from its bytes
/// or extension): the JSON report of a run that must succeed.
fn score_json(name: &str, contents: impl AsRef<[u8]>) -> Value {
    Case::new(["score", name, "-q"])
        .args(AS_OF)
        .file(name, contents)
        .run()
        .code(0)
        .json()
}

/// Raw JSON number text, so money is compared exactly.
fn num(v: &Value) -> String {
    v.to_string()
}

#[test]
fn golden_report_for_the_bundled_example() {
    // Written with -o, as a user would keep it: indented JSON.
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["-o", "report.json", "-q"])
        .run()
        .code(0);
    let written = std::fs::read_to_string(run.dir.path().join("report.json")).unwrap();
    let golden = example("clients.report.json");
    if std::env::var_os("PORTFOLIO_BLESS").is_some() {
        std::fs::write(&golden, &written).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .expect("examples/clients.report.json (PORTFOLIO_BLESS=1 writes it)");
    assert!(written == expected, "output differs from examples/clients.report.json; rerun with PORTFOLIO_BLESS=1 and review the diff");
}

#[test]
fn every_verdict_appears_and_is_sorted() {
    let doc = example_json();
    let verdicts: Vec<&str> = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    let first = |v: &str| verdicts.iter().position(|x| *x == v).unwrap();
    let last = |v: &str| verdicts.iter().rposition(|x| *x == v).unwrap();
    assert!(
        last("fire") < first("reprice") && last("reprice") < first("retain"),
        "{verdicts:?}"
    );
    assert_eq!(doc["portfolio"]["clients"], 24);
}

#[test]
fn unrepairable_margin_fires_at_the_contract_end() {
    // Northwind: (12,000 - 11,400) / 12,000 = 5% margin; reaching the 30% floor needs
    // 0.95 / 0.70 - 1 = 35.7% > 25% -> fire. Contract ends 2027-01-31, which is more than
    // 30 days after 2026-10-31, so that is the exit; notice 30 days before: 2027-01-01.
    let doc = example_json();
    let c = client(&doc, "Northwind Traders");
    assert_eq!(c["verdict"], "fire");
    assert_eq!(c["rule"], "unrepairable_margin");
    assert_eq!(c["metrics"]["margin_ratio"], 0.05);
    assert_eq!(num(&c["metrics"]["profit"]), "600.00");
    assert_eq!(c["next_step"]["exit_date"], "2027-01-31");
    assert_eq!(c["next_step"]["notice_date"], "2027-01-01");
    assert_eq!(num(&c["next_step"]["freed_hours_per_month"]), "140.00");
}

#[test]
fn reprice_reaches_the_target_margin_exactly() {
    // Kovács: cost 12,000 at a 50% target needs 24,000 revenue: +29.73% on 18,500;
    // over 160 h that is 150.00/h (from 115.63/h).
    let doc = example_json();
    let c = client(&doc, "Kovács és Társa Kft.");
    assert_eq!(c["verdict"], "reprice");
    assert_eq!(num(&c["metrics"]["effective_rate"]), "115.63");
    assert_eq!(num(&c["next_step"]["new_rate"]), "150.00");
    assert_eq!(num(&c["next_step"]["new_monthly_fee"]), "24000.00");
    assert_eq!(c["next_step"]["rate_rise_ratio"], 0.2973);
    let rules: Vec<&str> = c["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["under_target_margin", "rate_review_due", "rise_over_cap"]
    );
}

#[test]
fn red_flag_exits_on_the_report_date() {
    let doc = example_json();
    let c = client(&doc, "پارس دیجیتال");
    assert_eq!(c["verdict"], "fire");
    assert_eq!(c["rule"], "red_flag");
    assert_eq!(c["next_step"]["exit_date"], "2026-10-31");
    assert_eq!(c["next_step"]["notice_date"], "2026-10-31");
    assert_eq!(
        c["reasons"][0]["value"],
        "threatened a designer in a review meeting"
    );
}

#[test]
fn poor_fit_and_chronic_lateness_fire_at_the_next_month_end() {
    // Szabó: fit (2*2 + 1 + 2) / 4 = 1.75 -> 18.75 -> 18.8 (< 40), 42 days late (>= 30).
    // The contract ends 2026-11-20, before the 30 days' notice runs out (2026-11-30): exit 2026-11-30.
    let doc = example_json();
    let c = client(&doc, "Szabó Design Stúdió");
    assert_eq!(c["rule"], "poor_fit_late_payer");
    assert_eq!(c["metrics"]["fit_score"], 18.8);
    assert_eq!(c["next_step"]["exit_date"], "2026-11-30");
}

#[test]
fn valuable_client_at_risk_gets_a_retention_offer() {
    // Ava Net: 77 days silent, 2 complaints, NPS 6, contract ends in 61 days.
    let doc = example_json();
    let c = client(&doc, "شرکت آوا نت");
    assert_eq!(c["verdict"], "retain");
    assert_eq!(c["metrics"]["value_tier"], "A");
    let risk = c["metrics"]["churn_risk"].as_f64().unwrap();
    assert!(risk >= 0.5, "{risk}");
    let offer = &c["next_step"]["retention_offer"];
    // protected = 14,300 x 12 x churn_risk; budget = 25% of it.
    let protected: f64 = num(&offer["protected_profit"]).parse().unwrap();
    assert!(
        (protected - 14_300.0 * 12.0 * risk).abs() < 0.01,
        "{protected}"
    );
    let budget: f64 = num(&offer["incentive_budget"]).parse().unwrap();
    assert!((budget - protected * 0.25).abs() < 0.01, "{budget}");
}

#[test]
fn portfolio_totals_add_up() {
    let doc = example_json();
    let p = &doc["portfolio"];
    assert_eq!(num(&p["revenue"]), "358500.00");
    assert_eq!(p["largest_client"], "Acme Robotics");
    // 42,000 / 358,500
    assert_eq!(p["largest_client_share"], 0.1172);
    let by = &p["clients_by_verdict"];
    assert_eq!(
        by["fire"].as_u64().unwrap()
            + by["reprice"].as_u64().unwrap()
            + by["retain"].as_u64().unwrap(),
        24
    );
}

#[test]
fn table_snapshot() {
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "table"])
        .run()
        .code(0);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("table", run.stdout);
}

#[test]
fn csv_snapshot() {
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "csv", "-q"])
        .run()
        .code(0);
    insta::assert_snapshot!("csv", run.stdout);
}

#[test]
fn markdown_snapshot() {
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "markdown", "-q"])
        .run()
        .code(0);
    insta::assert_snapshot!("markdown", run.stdout);
}

#[test]
fn ndjson_is_one_client_per_line() {
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "ndjson"])
        .run()
        .code(0);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 24);
    assert!(lines.iter().all(|l| l["verdict"].is_string()));
}

const SMALL: &str =
    "client,revenue,cost,hours,contracted_hours\nAcme,10000,4000,80,80\nBeta,5000,4800,40,40\n";

#[test]
fn reads_standard_input_and_detects_json() {
    Case::new(["score", "-"])
        .args(AS_OF)
        .stdin(SMALL)
        .run()
        .code(0)
        .stdout_has("\"client\":\"Beta\"");
    let json = r#"[{"client": "Acme", "revenue": 100, "cost": 20}]"#;
    Case::new(["score"])
        .args(AS_OF)
        .stdin(json)
        .run()
        .code(0)
        .stdout_has("\"margin_ratio\":0.8");
}

#[test]
fn output_file_format_follows_the_extension() {
    let run = Case::new(["score", "c.csv", "-o", "out.csv"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(0);
    let written = std::fs::read_to_string(run.dir.path().join("out.csv")).unwrap();
    assert!(written.starts_with("client,verdict,health"), "{written}");
    assert_eq!(run.stdout, "", "the report goes to the file only");
    let run = Case::new(["score", "c.csv", "-o", "out.md"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(0);
    assert!(std::fs::read_to_string(run.dir.path().join("out.md"))
        .unwrap()
        .starts_with("# Client portfolio"));
}

#[test]
fn every_command_writes_through_one_output_path() {
    // A file name that does not tell the format is refused, not written as JSON (SPEC 8).
    let run = Case::new(["score", "c.csv", "-o", "report.xlsx"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(1);
    assert!(
        run.error_line().starts_with(
            "portfolio: error: -o report.xlsx: the format cannot be told from the file name"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.dir.path().join("report.xlsx").exists());
    // A format a command does not write is refused by name, with the ones it does.
    let run = Case::new(["plan", "c.csv", "--format", "csv"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(1);
    assert_eq!(
        run.error_line(),
        "portfolio: error: --format csv: this command writes table or json (expected one of them)"
    );
    // -o works for every command: the plan as JSON from the extension.
    let run = Case::new(["plan", "c.csv", "-o", "plan.json"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(0);
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.dir.path().join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["as_of"], "2026-10-31");
    // The explanation is text, to a file too.
    let run = Case::new(["explain", "Beta", "c.csv", "-o", "beta.txt"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(0);
    let text = std::fs::read_to_string(run.dir.path().join("beta.txt")).unwrap();
    assert!(text.starts_with("Beta ("), "{text}");
    assert_eq!(run.stdout, "");
}

#[test]
fn fail_on_exits_3_for_cron() {
    // Beta: margin 4% -> fire.
    Case::new(["score", "c.csv", "--fail-on", "fire", "-q"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(3);
    Case::new(["score", "c.csv", "--fail-on", "reprice", "-q"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(3);
    let healthy = "client,revenue,cost\nAcme,10000,4000\n";
    Case::new(["score", "c.csv", "--fail-on", "reprice", "-q"])
        .args(AS_OF)
        .file("c.csv", healthy)
        .run()
        .code(0);
}

#[test]
fn blank_lines_before_a_semicolon_header_keep_the_delimiter() {
    // The delimiter was sniffed from the first physical line: an export starting
    // with a blank line was read as comma-separated and had "no `client` column".
    let text = "\r\n\nÜgyfél;Bevétel;Költség\nKovács Kft.;1000;400\nSzabó Bt.;abc;100\n";
    let doc = score_json("hu.csv", text);
    assert_eq!(doc["clients"][0]["client"], "Kovács Kft.");
    assert_eq!(doc["clients"][0]["metrics"]["margin_ratio"], 0.6);
    assert_eq!(doc["rejected"][0]["line"], 5);
    assert_eq!(doc["rejected"][0]["column"], "Bevétel");
}

#[test]
fn hungarian_semicolon_export_with_decimal_commas() {
    let text = "Ügyfél;Bevétel;Költség;Óra\nKovács Kft.;\"1 234 567,50\";\"617 283,75\";120\n";
    let doc = score_json("hu.csv", text);
    assert_eq!(num(&doc["clients"][0]["metrics"]["revenue"]), "1234567.50");
    assert_eq!(doc["clients"][0]["metrics"]["margin_ratio"], 0.5);
}

#[test]
fn utf16_tab_separated_excel_export() {
    let text = "client\trevenue\tcost\nÁrvíztűrő Zrt.\t1000\t250\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let doc = score_json("x.txt", bytes);
    assert_eq!(doc["clients"][0]["client"], "Árvíztűrő Zrt.");
    assert_eq!(doc["clients"][0]["metrics"]["margin_ratio"], 0.75);
}

#[test]
fn custom_date_format_and_persian_digits() {
    let text = "client,revenue,cost,last_rate_increase\nآریا,۱۲۰۰,۶۰۰,2024.01.15\n";
    let doc = Case::new(["score", "fa.csv", "--date-format", "%Y.%m.%d", "-q"])
        .args(AS_OF)
        .file("fa.csv", text)
        .run()
        .code(0)
        .json();
    let c = &doc["clients"][0];
    assert_eq!(num(&c["metrics"]["revenue"]), "1200.00");
    assert_eq!(c["metrics"]["months_since_rate_increase"], 33);
    assert_eq!(c["rule"], "rate_review_due");
}

#[test]
fn thresholds_from_flags_change_the_verdict() {
    // Margin 45%: below the default 50% target, above a 40% one.
    let text = "client,revenue,cost\nAcme,1000,550\n";
    let at = |extra: &[&str]| {
        let doc = Case::new(["score", "c.csv", "-q"])
            .args(AS_OF)
            .args(extra.iter().copied())
            .file("c.csv", text)
            .run()
            .code(0)
            .json();
        doc["clients"][0]["verdict"].as_str().unwrap().to_string()
    };
    assert_eq!(at(&[]), "reprice");
    assert_eq!(at(&["--target-margin", "0.4"]), "retain");
    Case::new(["score", "c.csv", "--target-margin", "1.5"])
        .args(AS_OF)
        .file("c.csv", text)
        .run()
        .code(1)
        .stderr_has("--target-margin 1.5");
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    Case::new(["score", "--no-such-flag"]).run().code(1);
    Case::new(["frobnicate"]).run().code(1);
    Case::new(["score", "--help"])
        .run()
        .code(0)
        .stdout_has("100 = healthy");
    Case::new(["score", "missing.csv"])
        .args(AS_OF)
        .run()
        .code(1)
        .stderr_has("portfolio: error: missing.csv:");
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut csv = String::from("client,revenue,cost\n");
    for i in 0..3000 {
        csv.push_str(&format!("Client {i},{},{}\n", 1000 + i, 400 + i));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .args([
            "score",
            path.to_str().unwrap(),
            "--as-of",
            "2026-10-31",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 17];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is dropped here: the pipe closes while portfolio is still writing.
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"{\"schema_version\"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("error"));
}

#[test]
fn json_snapshot() {
    let run = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(AS_OF)
        .args(["--format", "json", "--pretty", "-q"])
        .run()
        .code(0);
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn bom_and_crlf_are_transparent() {
    let plain = Case::new(["score", "c.csv", "-q"])
        .args(AS_OF)
        .file("c.csv", SMALL)
        .run()
        .code(0)
        .stdout;
    let mut windows = b"\xEF\xBB\xBF".to_vec();
    windows.extend(SMALL.replace('\n', "\r\n").into_bytes());
    let excel = Case::new(["score", "c.csv", "-q"])
        .args(AS_OF)
        .file("c.csv", windows)
        .run()
        .code(0)
        .stdout;
    assert_eq!(plain, excel);
}

#[test]
fn table_warns_on_stderr_about_missing_columns_and_cells() {
    Case::new(["score", "c.csv", "--format", "table"])
        .args(AS_OF)
        .file("c.csv", "client,revenue,cost,nps\nAcme,100,50,\n")
        .env("NO_COLOR", "1")
        .run()
        .code(0)
        .stderr_has("portfolio: warning: c.csv: column `last_contact` is missing: churn risk leaves out silence")
        .stderr_has("portfolio: warning: Acme: `nps` is empty for this client")
        .stderr_has("portfolio: 1 row read, 1 used, 0 rejected");
}

// Regressions from the first review (see the commit "Review fixes").

#[test]
fn portfolio_cost_and_profit_are_null_without_any_cost() {
    let doc = Case::new(["score", "-", "-q"])
        .args(AS_OF)
        .stdin("client,revenue\nA,100\n")
        .run()
        .code(0)
        .json();
    assert_eq!(num(&doc["portfolio"]["revenue"]), "100.00");
    assert!(doc["portfolio"]["cost"].is_null());
    assert!(doc["portfolio"]["profit"].is_null());
}

#[test]
fn after_actions_keep_retained_clients_without_cost() {
    // A is kept (60% margin); B has no cost. Both stay after the actions.
    let doc = Case::new(["score", "-", "-q"])
        .args(AS_OF)
        .stdin("client,revenue,cost\nA,100,40\nB,900,\n")
        .run()
        .code(0)
        .json();
    assert_eq!(
        num(&doc["portfolio"]["after_actions"]["revenue"]),
        "1000.00"
    );
    assert_eq!(num(&doc["portfolio"]["after_actions"]["profit"]), "60.00");
}

#[test]
fn every_row_rejected_is_an_error() {
    let run = Case::new(["score", "-"])
        .args(AS_OF)
        .stdin("client,revenue\nA,abc\nB,x\n")
        .run()
        .code(1);
    assert!(
        run.error_line()
            .starts_with("portfolio: error: <stdin>:2: column `revenue`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\nno client could be scored: every row (2) was rejected\n  <stdin>:3: column `revenue`"),
        "{}",
        run.stderr
    );
}

#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    let run = Case::new(["score", "-", "--format", "table", "-q"])
        .args(AS_OF)
        .stdin("client,revenue\n\"Evil\u{1b}[2J\",1\n")
        .run()
        .code(0);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(run.stdout.contains("Evil\\u{1b}[2J"), "{}", run.stdout);
}

#[test]
fn invalid_date_format_is_a_usage_error() {
    Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(["--date-format", "%Q"])
        .run()
        .code(1)
        .stderr_has("--date-format \"%Q\": not a valid strftime format");
}

#[test]
fn bare_cr_line_endings_keep_line_numbers() {
    Case::new(["score", "c.csv", "-q"])
        .args(AS_OF)
        .file("c.csv", "client,revenue,cost\rA,100,50\rB,200,20\rA,5,5\r")
        .run()
        .code(1)
        .stderr_has("c.csv:4: client \"A\" already appears on line 2");
}

#[test]
fn a_client_who_gave_notice_is_certain_to_leave() {
    let csv = "client,revenue,cost,last_contact,nps,notice_given\n\
               Kovács Kft.,5000,2500,2026-10-28,10,2026-10-11\n\
               Brightline Ltd,5000,2500,2026-10-28,10,\n";
    let doc = Case::new(["score", "-", "--format", "json"])
        .args(AS_OF)
        .stdin(csv)
        .run()
        .code(0)
        .json();
    let kovacs = client(&doc, "Kovács Kft.");
    assert_eq!(kovacs["metrics"]["churn_risk"], 1.0);
    let first = &kovacs["metrics"]["churn_signals"][0];
    assert_eq!(first["signal"], "notice");
    assert_eq!(first["input"], "gave notice 20 days ago");
    // Three days of silence and an NPS of 10: no risk at all.
    assert_eq!(client(&doc, "Brightline Ltd")["metrics"]["churn_risk"], 0.0);
}

/// An owner's workbook, cells typed (amounts as numbers, dates as dates), gives
/// the report its CSV export gives: the same figures, verdicts and sentences.
#[test]
fn the_example_workbook_scores_as_its_csv() {
    // Byte for byte in every format: a number cell (42000) and the CSV's text
    // (`42,000.00`) are one amount, and every amount prints with its cents.
    let run = |file: &str, format: &str| {
        Case::new(["score"])
            .arg_path(example(file))
            .args(["--as-of", "2026-10-31", "--format", format])
            .run()
            .code(0)
            .stdout
    };
    for format in ["json", "csv", "markdown", "table"] {
        let (book, csv) = (run("clients.xlsx", format), run("clients.csv", format));
        assert!(book.contains("Acme Robotics"), "{format}: {book}");
        assert_eq!(book, csv, "{format}");
    }
    let doc: serde_json::Value = serde_json::from_str(&run("clients.xlsx", "json")).unwrap();
    assert_eq!(doc["clients"].as_array().unwrap().len(), 24);
    // Acme's revenue cell is the number 42000 in the workbook.
    let acme = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "Acme Robotics");
    assert_eq!(acme.unwrap()["metrics"]["revenue"].to_string(), "42000.00");
}
