//! SPEC 6, the error catalogue: one fixture per bad-input class under
//! `tests/data/bad/`, each run through the real binary, asserting the exact
//! user-visible message, the rejection fields and the exit code.
//!
//! Fatal errors print one `portfolio: error: <file>:<line>[:<col>]: <message>`
//! line and exit 1 with nothing on stdout. A bad cell rejects its row: the run
//! goes on, exits 0 and reports `{file, line, column, value, expected}`.
//! `docs/errors.md` lists every message; `every_fixture_is_documented` keeps
//! the two in step.

use crate::harness::{self, client, Case, Run};
use serde_json::{json, Value};

const AS_OF: &str = "2026-10-31";

/// Absolute path of a fixture under `tests/data/bad/`, as the binary prints it.
fn fixture(name: &str) -> String {
    harness::data(&format!("bad/{name}")).display().to_string()
}

/// `portfolio score <fixture> --as-of 2026-10-31 --format <format> <extra…>`.
fn score_as(name: &str, format: &str, extra: &[&str]) -> Run {
    let run = Case::new(["score".to_string(), fixture(name)])
        .args(["--as-of", AS_OF, "--format", format])
        .args(extra.iter().copied())
        .run();
    assert_no_panic(&run);
    run
}

/// JSON output (stdout is a pipe, so stderr only gets the summary line).
fn score(name: &str, extra: &[&str]) -> Run {
    score_as(name, "json", extra)
}

/// Table output: every warning and rejection goes to stderr.
fn score_table(name: &str, extra: &[&str]) -> Run {
    score_as(name, "table", extra)
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "the binary panicked:\n{}",
        run.stderr
    );
    assert!(
        run.code == 0 || run.code == 1,
        "exit code {} is neither ok nor bad input; stderr:\n{}",
        run.code,
        run.stderr
    );
}

/// A fatal error: exit 1, nothing on stdout, and exactly this one error line.
fn assert_fatal(run: Run, line: &str) {
    let run = run.code(1);
    assert_eq!(run.error_line(), line, "stderr:\n{}", run.stderr);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("portfolio: error:"))
            .count(),
        1,
        "one error line; stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "no report on a fatal error; stdout:\n{}",
        run.stdout
    );
}

/// The `{file, line, column, value, expected}` of every rejection, in output order.
fn rejections(doc: &Value) -> Vec<Value> {
    doc["rejected"]
        .as_array()
        .expect("\"rejected\" is an array")
        .iter()
        .map(|r| {
            json!({
                "file": r["file"],
                "line": r["line"],
                "column": r["column"],
                "value": r["value"],
                "expected": r["expected"],
            })
        })
        .collect()
}

/// Like [`rejections`] without `column`, for whole-row rejections (the column they
/// should name is an open bug, see `whole_row_rejections_name_a_column_and_the_real_line`).
fn without_column(mut r: Value) -> Value {
    r.as_object_mut().expect("an object").remove("column");
    r
}

fn rejection(file: &str, line: u64, column: &str, value: &str, expected: &str) -> Value {
    json!({ "file": file, "line": line, "column": column, "value": value, "expected": expected })
}

/// `"rows": {read, used, rejected}`.
fn rows(doc: &Value) -> (u64, u64, u64) {
    let r = &doc["rows"];
    (
        r["read"].as_u64().expect("rows.read"),
        r["used"].as_u64().expect("rows.used"),
        r["rejected"].as_u64().expect("rows.rejected"),
    )
}

/// Client names in the report, sorted (the report orders clients by verdict).
fn client_names(doc: &Value) -> Vec<String> {
    let mut names: Vec<String> = doc["clients"]
        .as_array()
        .expect("\"clients\" is an array")
        .iter()
        .map(|c| c["client"].as_str().expect("client name").to_string())
        .collect();
    names.sort();
    names
}

/// The summary line a pipe gets when rows were rejected.
fn summary_line(read: u64, used: u64, rejected: u64) -> String {
    let rows = if read == 1 { "row" } else { "rows" };
    format!("portfolio: {read} {rows} read, {used} used, {rejected} rejected (details under \"rejected\")")
}

/// The stderr line `--format table` prints for one rejection.
fn rejected_line(file: &str, line: u64, column: &str, value: &str, expected: &str) -> String {
    format!("portfolio: rejected: {file}:{line}: column `{column}`: {value:?} is not valid (expected {expected})")
}

fn assert_stderr_line(run: &Run, line: &str) {
    assert!(
        run.stderr.lines().any(|l| l == line),
        "stderr lacks the line\n  {line}\n--- stderr\n{}",
        run.stderr
    );
}

const AMOUNT: &str = "a decimal amount such as 1234.50, 1,234.50 or 1 234,50";
const TOO_BIG: &str =
    "a number below 79,228,162,514,264,337,593,543,950,335 with at most 28 decimal places";

// ---------------------------------------------------------------- fatal: the file as a whole

#[test]
fn missing_client_column_is_fatal() {
    let path = fixture("missing_client_column.csv");
    assert_fatal(
        score("missing_client_column.csv", &[]),
        &format!(
            "portfolio: error: {path}: no `client` column (expected a header naming it; found: name, revenue, cost, hours, contracted_hours, fit, nps, last_contact, currency)"
        ),
    );
}

#[test]
fn empty_file_is_fatal() {
    let path = fixture("empty.csv");
    assert_fatal(
        score("empty.csv", &[]),
        &format!("portfolio: error: {path}: the file is empty (expected a header row with a `client` column)"),
    );
}

#[test]
fn empty_standard_input_is_fatal_and_named_stdin() {
    let run = Case::new(["score", "-", "--as-of", AS_OF, "--format", "json"])
        .stdin("")
        .run();
    assert_no_panic(&run);
    assert_fatal(
        run,
        "portfolio: error: <stdin>: the file is empty (expected a header row with a `client` column)",
    );
}

#[test]
fn header_only_is_fatal() {
    let path = fixture("header_only.csv");
    assert_fatal(
        score("header_only.csv", &[]),
        &format!("portfolio: error: {path}: no client rows after the header (expected one row per client)"),
    );
}

#[test]
fn non_utf8_header_is_fatal() {
    // `ügyfél,bevétel,költség` in Windows-1250.
    let path = fixture("non_utf8_header.csv");
    assert_fatal(
        score("non_utf8_header.csv", &[]),
        &format!("portfolio: error: {path}:1:1: the file is not UTF-8 text (byte 0xFC on this line): {NOT_UTF8_HINT}"),
    );
    let doc = score("non_utf8_header.csv", &["--encoding", "windows-1250"])
        .code(0)
        .json();
    assert_eq!(client_names(&doc), ["Szőlő Bor Kft."]);
}

/// What a file that is not UTF-8 is told.
const NOT_UTF8_HINT: &str = "pass --encoding windows-1250 (Central European, e.g. a Hungarian Excel export), windows-1252 (Western European) or windows-1256 (Arabic, Persian), or save the file as UTF-8";

#[test]
fn duplicate_client_is_fatal() {
    // Line 4 repeats line 2's client in capitals: names match case-insensitively.
    let path = fixture("duplicate_client.csv");
    assert_fatal(
        score("duplicate_client.csv", &[]),
        &format!(
            "portfolio: error: {path}:4: client \"KOVÁCS ÉS TÁRSA KFT.\" already appears on line 2 (merge the rows, or pass --merge-duplicates to add them up)"
        ),
    );
}

#[test]
fn duplicate_client_is_merged_with_merge_duplicates() {
    let run = score("duplicate_client.csv", &["--merge-duplicates"]).code(0);
    let doc = run.json();
    assert_eq!(rows(&doc), (3, 3, 0), "both rows are used, in one client");
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    assert_eq!(
        client_names(&doc),
        ["Acme Robotics", "Kovács és Társa Kft."]
    );
    let m = &client(&doc, "Kovács és Társa Kft.")["metrics"];
    // Money adds up exactly: 18,500.00 + 1,500.00 and 12,000.00 + 900.00.
    assert_eq!(m["revenue"].to_string(), "20000.00");
    assert_eq!(m["cost"].to_string(), "12900.00");
    assert_eq!(m["hours"].to_string(), "172");
    // Lateness is revenue-weighted: (5 x 18,500 + 15 x 1,500) / 20,000.
    assert_eq!(m["avg_days_late"].to_string(), "5.75");
    assert!(!run.stderr.contains("portfolio: error:"), "{}", run.stderr);
}

#[test]
fn mixed_currencies_are_fatal() {
    let path = fixture("mixed_currencies.csv");
    assert_fatal(
        score("mixed_currencies.csv", &[]),
        &format!(
            "portfolio: error: {path}:3: currency HUF differs from EUR (line 2); mixing currencies needs exchange rates (convert the file to one currency)"
        ),
    );
}

#[test]
fn truncated_json_is_fatal_with_a_position() {
    let path = fixture("truncated.json");
    let run = score("truncated.json", &[]).code(1);
    let line = run.error_line();
    assert!(
        line.starts_with(&format!("portfolio: error: {path}:4:")),
        "file and line first: {line}"
    );
    assert!(
        line.ends_with(": invalid JSON: EOF while parsing a value"),
        "says what is wrong: {line}"
    );
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
}

#[test]

fn truncated_json_column_is_one_based() {
    let path = fixture("truncated.json");
    let run = score("truncated.json", &[]).code(1);
    let line = run.error_line();
    let rest = line
        .strip_prefix(&format!("portfolio: error: {path}:4:"))
        .unwrap_or_else(|| panic!("unexpected error line: {line}"));
    let column: u64 = rest
        .split(':')
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no column in: {line}"));
    assert!(column >= 1, "column {column} is not 1-based: {line}");
}

// ---------------------------------------------------------------- rejections: one bad cell, one row

#[test]
fn unparseable_number_rejects_the_row() {
    let path = fixture("unparseable_number.csv");
    let run = score("unparseable_number.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(
        rejections(&doc),
        [rejection(&path, 3, "revenue", "18.5k", AMOUNT)]
    );
    assert_eq!(rows(&doc), (3, 2, 1));
    assert_eq!(client_names(&doc), ["Acme Robotics", "شرکت آوا نت"]);
    assert_stderr_line(&run, &summary_line(3, 2, 1));

    let run = score_table("unparseable_number.csv", &[]).code(0);
    assert_stderr_line(&run, &rejected_line(&path, 3, "revenue", "18.5k", AMOUNT));
    assert_stderr_line(&run, "portfolio: 3 rows read, 2 used, 1 rejected");
}

/// A bad optional cell (here a date) is left empty and said; the client stays in
/// every total (SPEC 8).
#[test]
fn impossible_date_is_blanked_and_the_client_kept() {
    let path = fixture("impossible_date.csv");
    let expected = "a real calendar date (YYYY-MM-DD; no such day exists)";
    let run = score("impossible_date.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    assert_eq!(rows(&doc), (3, 3, 0));
    assert_eq!(
        client_names(&doc),
        ["Acme Robotics", "Northwind Traders", "Szabó Design Stúdió"]
    );
    // 42,000 + 9,000 + 12,000: the client with the bad date is in the total.
    assert_eq!(doc["portfolio"]["revenue"].as_f64(), Some(63_000.0));
    let warning = format!(
        "{path}:3: column `last_contact`: \"2026-02-30\" is not valid (expected {expected}); the cell is left empty and the client kept"
    );
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| *w == warning.as_str()),
        "{}",
        doc["warnings"]
    );
    // The same cell for scripts: file, line, column, value and what was expected.
    assert_eq!(
        doc["blanked"],
        serde_json::json!([{
            "file": path,
            "line": 3,
            "column": "last_contact",
            "value": "2026-02-30",
            "expected": expected,
        }])
    );
    let run = score_table("impossible_date.csv", &[]).code(0);
    assert_stderr_line(&run, &format!("portfolio: warning: {warning}"));
}

#[test]
fn ragged_rows_with_too_many_and_too_few_fields_are_rejected() {
    let path = fixture("ragged_row.csv");
    let run = score("ragged_row.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(
        rejections(&doc),
        [
            // One field too many: the first extra field, numbered from 1.
            rejection(
                &path,
                3,
                "#10",
                "trade show",
                "9 fields as in the header, found 10"
            ),
            // Too few: the first column with no field.
            rejection(&path, 4, "nps", "", "9 fields as in the header, found 6"),
        ]
    );
    assert_eq!(rows(&doc), (4, 2, 2));
    assert_eq!(client_names(&doc), ["Acme Robotics", "زاگرس تک"]);
    assert_stderr_line(&run, &summary_line(4, 2, 2));

    let run = score_table("ragged_row.csv", &[]).code(0);
    assert_stderr_line(
        &run,
        &rejected_line(
            &path,
            3,
            "#10",
            "trade show",
            "9 fields as in the header, found 10",
        ),
    );
    assert_stderr_line(
        &run,
        &rejected_line(&path, 4, "nps", "", "9 fields as in the header, found 6"),
    );
}

#[test]
fn negative_hours_are_rejected() {
    let path = fixture("negative_hours.csv");
    let run = score("negative_hours.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(
        rejections(&doc),
        [rejection(&path, 3, "hours", "-180", "0 or more hours")]
    );
    assert_eq!(rows(&doc), (2, 1, 1));
    assert_eq!(client_names(&doc), ["Acme Robotics"]);
}

#[test]
fn ratings_out_of_range_are_blanked() {
    let path = fixture("rating_out_of_range.csv");
    let run = score("rating_out_of_range.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    assert_eq!(rows(&doc), (3, 3, 0));
    // Orchid's fit 6 and کیمیا's NPS 11 are left empty.
    assert_eq!(
        client(&doc, "Orchid Events")["metrics"]["fit_score"],
        Value::Null
    );
    assert_eq!(client(&doc, "کیمیا فارمد")["metrics"]["nps"], Value::Null);
    let run = score_table("rating_out_of_range.csv", &[]).code(0);
    assert_stderr_line(
        &run,
        &format!("portfolio: warning: {path}:3: column `fit`: \"6\" is not valid (expected a rating from 1 to 5); the cell is left empty and the client kept"),
    );
    assert_stderr_line(
        &run,
        &format!("portfolio: warning: {path}:4: column `nps`: \"11\" is not valid (expected a whole number from 0 to 10); the cell is left empty and the client kept"),
    );
}

#[test]
fn nan_and_infinity_are_rejected() {
    let path = fixture("nan_inf.csv");
    let finite = |v: &str| format!("a finite number ({AMOUNT}), not {v}");
    let run = score("nan_inf.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(
        rejections(&doc),
        [
            rejection(&path, 3, "revenue", "NaN", &finite("NaN")),
            rejection(
                &path,
                4,
                "hours",
                "inf",
                "a finite number (a decimal number such as 12.5 or 12,5), not inf",
            ),
            rejection(&path, 5, "cost", "-Infinity", &finite("-Infinity")),
        ]
    );
    assert_eq!(rows(&doc), (4, 1, 3));
    assert_eq!(client_names(&doc), ["Acme Robotics"]);
}

#[test]
fn overflowing_numbers_are_rejected() {
    let path = fixture("overflowing_number.csv");
    let run = score("overflowing_number.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(
        rejections(&doc),
        [
            rejection(
                &path,
                3,
                "revenue",
                "1234567890123456789012345678901234567890",
                TOO_BIG
            ),
            rejection(
                &path,
                4,
                "hours",
                "100000000000000000000000000000000000000000",
                TOO_BIG
            ),
        ]
    );
    assert_eq!(rows(&doc), (3, 1, 2));
    assert_eq!(client_names(&doc), ["Acme Robotics"]);
}

#[test]
fn non_utf8_bytes_stop_the_run_and_name_the_encoding_flag() {
    // 0xF5 is `ő` in Latin-2 / Windows-1250: never read as something else.
    let path = fixture("non_utf8.csv");
    assert_fatal(
        score("non_utf8.csv", &[]),
        &format!("portfolio: error: {path}:3:1: the file is not UTF-8 text (byte 0xF5 on this line): {NOT_UTF8_HINT}"),
    );
    let doc = score("non_utf8.csv", &["--encoding", "windows-1250"])
        .code(0)
        .json();
    assert_eq!(rows(&doc), (3, 3, 0));
    let mut names = client_names(&doc);
    names.sort();
    assert_eq!(
        names,
        ["Acme Robotics", "Nagy Építő Zrt.", "Szőlő Bor Kft."]
    );
}

#[test]
fn wrong_json_types_are_rejected() {
    let path = fixture("wrong_types.json");
    let run = score("wrong_types.json", &[]).code(0);
    let doc = run.json();
    let mut got = rejections(&doc);
    got.sort_by_key(|r| r["line"].as_u64());
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        got[0],
        rejection(
            &path,
            3,
            "revenue",
            "true",
            "a number (a JSON string or number)"
        )
    );
    assert_eq!(
        got[1],
        rejection(
            &path,
            4,
            "client",
            "{\"a\":1}",
            "text (a JSON string or number)"
        )
    );
    // An array element that is not an object: the whole element is the rejected row.
    assert_eq!(
        without_column(got[2].clone()),
        without_column(rejection(
            &path,
            5,
            "",
            "\"زاگرس تک\"",
            "a JSON object with a \"client\" key"
        ))
    );
    assert_eq!(rows(&doc), (5, 2, 3));
    assert_eq!(client_names(&doc), ["Acme Robotics", "Orchid Events"]);
    assert_stderr_line(&run, &summary_line(5, 2, 3));
}

#[test]

fn wrong_json_types_are_rejected_in_input_order() {
    let run = score("wrong_types.json", &[]).code(0);
    let lines: Vec<u64> = rejections(&run.json())
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [3, 4, 5]);
}

#[test]
fn bad_ndjson_line_is_a_rejection_not_a_fatal_error() {
    let path = fixture("bad_line.ndjson");
    let run = score("bad_line.ndjson", &[]).code(0);
    let doc = run.json();
    let got = rejections(&doc);
    assert_eq!(got.len(), 1, "{got:?}");
    let r = without_column(got[0].clone());
    assert_eq!(r["file"], path.as_str());
    assert_eq!(r["line"], 2);
    // The value is the line as written, cut at 60 characters.
    assert_eq!(
        r["value"],
        "{\"client\": \"Vértes Borászat\", \"revenue\": 11000.00, \"cost\": 6…"
    );
    let expected = r["expected"].as_str().expect("expected");
    assert!(
        expected.starts_with("a JSON object (EOF while parsing a value"),
        "{expected}"
    );
    assert_eq!(rows(&doc), (3, 2, 1));
    assert_eq!(client_names(&doc), ["Acme Robotics", "معماری داریوش"]);
    assert_stderr_line(&run, &summary_line(3, 2, 1));
    assert_eq!(run.error_line(), "");
}

#[test]

fn whole_row_rejections_name_a_column_and_the_real_line() {
    let run = score_table("bad_line.ndjson", &[]).code(0);
    assert!(
        !run.stderr.contains("column ``"),
        "empty column in: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("at line 1 column"),
        "the row is on line 2: {}",
        run.stderr
    );
    let doc = score("wrong_types.json", &[]).code(0).json();
    for r in rejections(&doc) {
        assert_ne!(r["column"], "", "rejection without a column: {r}");
    }
}

#[test]

fn ndjson_with_only_bad_lines_names_the_bad_line() {
    let path = fixture("all_lines_bad.ndjson");
    let run = score("all_lines_bad.ndjson", &[]);
    if run.code == 0 {
        let doc = run.json();
        assert_eq!(rows(&doc), (1, 0, 1));
        assert_eq!(rejections(&doc)[0]["line"], 1);
    } else {
        let line = run.error_line();
        assert!(
            line.starts_with(&format!("portfolio: error: {path}:1")),
            "the error should point at line 1: {line}"
        );
    }
}

// ---------------------------------------------------------------- accepted, with a warning

#[test]
fn zero_revenue_is_accepted_with_a_warning() {
    let run = score("zero_revenue.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(rows(&doc), (2, 2, 0));
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    let c = client(&doc, "Fehérvár Sport Egyesület");
    assert_eq!(c["metrics"]["revenue"].to_string(), "0.00");
    assert_eq!(c["metrics"]["margin_ratio"], Value::Null);
    let warnings = c["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "one warning: {warnings:?}");
    let warning = warnings[0].as_str().expect("a string");
    assert!(
        warning.starts_with("zero revenue: margin_ratio"),
        "says why the margin is null: {warning}"
    );
    assert_eq!(client(&doc, "Acme Robotics")["warnings"], json!([]));
    assert!(
        !run.stderr.contains("rejected"),
        "nothing rejected: {}",
        run.stderr
    );
}

#[test]

fn zero_revenue_warning_matches_the_metrics() {
    let doc = score("zero_revenue.csv", &[]).code(0).json();
    let c = client(&doc, "Fehérvár Sport Egyesület");
    let warning = c["warnings"][0].as_str().expect("a warning").to_string();
    for metric in ["margin_ratio", "effective_rate"] {
        if warning.contains(metric) {
            assert_eq!(
                c["metrics"][metric],
                Value::Null,
                "the warning {warning:?} calls `{metric}` null"
            );
        }
    }
}

#[test]
fn zero_contracted_hours_are_accepted_with_a_warning() {
    let run = score("zero_contracted_hours.csv", &[]).code(0);
    let doc = run.json();
    assert_eq!(rows(&doc), (2, 2, 0));
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    let c = client(&doc, "Brightline Health");
    assert_eq!(c["metrics"]["scope_overrun_ratio"], Value::Null);
    assert_eq!(
        c["warnings"],
        json!(["zero contracted_hours: scope_overrun_ratio is undefined (null)"])
    );
    assert_eq!(client(&doc, "Acme Robotics")["warnings"], json!([]));
}

// ---------------------------------------------------------------- --strict

#[test]
fn strict_turns_a_rejection_into_exit_1() {
    let path = fixture("unparseable_number.csv");
    let first = rejected_line(&path, 3, "revenue", "18.5k", AMOUNT);
    let first = first.strip_prefix("portfolio: rejected: ").unwrap();
    let line = format!("portfolio: error: 1 row(s) rejected and --strict is set (first: {first})");
    assert_fatal(score("unparseable_number.csv", &["--strict"]), &line);
    assert_fatal(score_table("unparseable_number.csv", &["--strict"]), &line);
}

#[test]
fn strict_counts_every_rejected_row() {
    let path = fixture("nan_inf.csv");
    let run = score("nan_inf.csv", &["--strict"]).code(1);
    assert!(
        run.error_line().starts_with(&format!(
            "portfolio: error: 3 row(s) rejected and --strict is set (first: {path}:3: column `revenue`: \"NaN\""
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn strict_makes_a_bad_ndjson_line_exit_1() {
    let path = fixture("bad_line.ndjson");
    let run = score("bad_line.ndjson", &["--strict"]).code(1);
    assert!(
        run.error_line().starts_with(&format!(
            "portfolio: error: 1 row(s) rejected and --strict is set (first: {path}:2: "
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn strict_leaves_a_clean_file_alone() {
    let doc = score("zero_revenue.csv", &["--strict"]).code(0).json();
    assert_eq!(rows(&doc), (2, 2, 0));
}

// ---------------------------------------------------------------- found while writing the catalogue

#[test]
fn json_exponent_numbers_are_exact_numbers() {
    let doc = score("json_exponent.json", &[]).code(0).json();
    assert_eq!(rejections(&doc), Vec::<Value>::new());
    let m = &client(&doc, "Golden Gate Ventures")["metrics"];
    assert_eq!(m["revenue"].as_f64(), Some(38000.0));
    assert_eq!(m["hours"].as_f64(), Some(260.0));
}

#[test]
fn empty_json_array_is_not_called_an_empty_file() {
    let run = score("empty_array.json", &[]).code(1);
    assert!(
        !run.error_line().contains("the file is empty"),
        "{}",
        run.error_line()
    );
}

#[test]
fn currency_flag_conflict_names_no_line_0() {
    let run = score("mixed_currencies.csv", &["--currency", "HUF"]).code(1);
    assert!(
        !run.error_line().contains("(line 0)"),
        "{}",
        run.error_line()
    );
}

// ---------------------------------------------------------------- every fixture

fn all_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(harness::data("bad"))
        .expect("tests/data/bad")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn no_fixture_makes_the_binary_panic() {
    let extras: [&[&str]; 3] = [&[], &["--strict"], &["--merge-duplicates"]];
    for name in all_fixtures() {
        for extra in extras {
            for format in ["json", "table", "csv"] {
                let run = score_as(&name, format, extra);
                assert!(
                    run.code == 0 || !run.error_line().is_empty(),
                    "{name} {extra:?} {format}: exit {} without an error line:\n{}",
                    run.code,
                    run.stderr
                );
            }
        }
    }
}

#[test]
fn every_fixture_is_documented() {
    let docs_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
    let docs = std::fs::read_to_string(&docs_path).expect("docs/errors.md");
    for name in all_fixtures() {
        assert!(
            docs.contains(&format!("tests/data/bad/{name}")),
            "docs/errors.md does not mention tests/data/bad/{name}"
        );
    }
}

/// A misspelt or unit-suffixed header changed the verdicts without a word: the
/// revenue column was dropped as unknown, exit 0.
#[test]
fn misspelt_or_unit_suffixed_revenue_is_never_dropped_silently() {
    let run = Case::new(["score", "c.csv", "--as-of", "2026-10-31"])
        .file("c.csv", "client,reveune,cost\nA,1200,600\n")
        .run()
        .code(1);
    assert!(run.stdout.is_empty());
    assert!(run
        .stderr
        .contains("c.csv: no `revenue` column, but `reveune` is close to it"));
    let doc = Case::new([
        "score",
        "c.csv",
        "--as-of",
        "2026-10-31",
        "--format",
        "json",
    ])
    .file("c.csv", "client,Revenue (EUR),cost\nA,1200,600\n")
    .run()
    .code(0)
    .json();
    // (1200 - 600) / 1200.
    assert_eq!(client(&doc, "A")["metrics"]["margin_ratio"], json!(0.5));
    assert_eq!(doc["currency"], "EUR");
}

/// A figure no business has (0.01 an hour over 960 hours, a margin of -49,900%)
/// is what a misread file gives: it is said before the table, not after it.
#[test]
fn implausible_figures_are_flagged_before_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "client;revenue;cost;hours\nA;12.500;30.000;960\nB;1.200;600;10\n",
    )
    .unwrap();
    // stdout and stderr into one pipe, in the order they were written.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' score '{}' --as-of 2026-10-31 --format table --decimal-point 2>&1",
            env!("CARGO_BIN_EXE_portfolio"),
            file.display()
        ))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in\n{text}"))
    };
    // 12.5 / 960 h and 30 / 960 h.
    let rate = at("A: effective rate 0.01/h over 960 h is implausible");
    at("A: cost rate 0.03/h over 960 h is implausible");
    // (1.2 - 600) / 1.2 = -499 = -49,900%.
    at("B: margin -49900.0% is implausible");
    assert!(
        rate < at("Verdict"),
        "the warning comes after the table:\n{text}"
    );
}

/// A month whose credit notes outweigh its billing is a valid figure: the client
/// stays, its margin is undefined rather than a nonsense 160%, and the rule for
/// work without revenue names it. It used to be rejected, and dropped from every
/// total.
#[test]
fn negative_revenue_keeps_the_client() {
    let doc = Case::new([
        "score",
        "c.csv",
        "--as-of",
        "2026-10-31",
        "--format",
        "json",
    ])
    .file(
        "c.csv",
        "client,revenue,cost,hours\nA,-500,300,10\nB,1000,400,10\n",
    )
    .run()
    .code(0)
    .json();
    assert_eq!(doc["rows"]["rejected"], 0);
    let a = client(&doc, "A");
    assert_eq!(a["metrics"]["revenue"].to_string(), "-500.00");
    assert_eq!(a["metrics"]["margin_ratio"], Value::Null);
    assert_eq!(a["metrics"]["revenue_share"], json!(0.0));
    assert_eq!(a["rule"], "unrepairable_margin");
    // -500 + 1000.
    assert_eq!(doc["portfolio"]["revenue"].to_string(), "500.00");
    // B's share of what was earned: 1000 / 1000.
    assert_eq!(client(&doc, "B")["metrics"]["revenue_share"], json!(1.0));
}

/// Accounting brackets around a minus were read as a plus, and anything after
/// an ISO date (`junk`, an hour 25) was taken for the date.
#[test]
fn bracketed_minus_and_junk_after_a_date() {
    let doc = Case::new(["score", "c.csv", "--as-of", "2026-10-31", "--format", "json"])
        .file(
            "c.csv",
            "client,revenue,cost,last_contact\nA,1000,(-5),2026-10-31 junk\nB,1000,100,2026-10-31T25:61:00\nC,1000,100,2026-10-30T09:30:00\n",
        )
        .run()
        .code(0)
        .json();
    // (-5) is -5: a negative cost is not an amount of 0 or more, so A is rejected.
    assert_eq!(doc["rejected"][0]["value"], "(-5)");
    assert_eq!(
        doc["rejected"][0]["expected"],
        "an amount of 0 or more (credit notes belong in the revenue total)"
    );
    // B's date is left empty (an optional cell); C's time of day is looked past.
    assert_eq!(
        client(&doc, "B")["metrics"]["days_since_contact"],
        Value::Null
    );
    assert_eq!(client(&doc, "C")["metrics"]["days_since_contact"], json!(1));
    assert!(doc["warnings"].as_array().unwrap().iter().any(|w| w
        .as_str()
        .unwrap()
        .contains("column `last_contact`: \"2026-10-31T25:61:00\" is not valid")));
}
