//! Hostile input and failing outputs: every case either works or stops with a clear
//! message (exit 1), never a panic (exit 101) or a hang.

use crate::harness::{example, Case, Run};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs and checks the outcome is a clean one, quickly.
fn clean(case: Case, what: &str) -> Run {
    let start = Instant::now();
    let run = case.run();
    let took = start.elapsed();
    assert!(
        run.code == 0 || run.code == 1,
        "{what}: exit {} (a panic is 101)\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    assert!(took < Duration::from_secs(20), "{what}: took {took:?}");
    run
}

#[test]
fn a_ten_megabyte_field() {
    let big = "x".repeat(10 * 1024 * 1024);
    let csv = format!("client,revenue,cost\n{big},100,50\nAcme,100,50\n");
    clean(
        Case::new([
            "score",
            "c.csv",
            "--format",
            "json",
            "--as-of",
            "2026-10-31",
        ])
        .file("c.csv", &csv),
        "summary",
    );
    let time = format!("date,client,hours\n2026-10-01,{big},1\n2026-10-01,Acme,1\n");
    clean(
        Case::new([
            "score",
            "--time",
            "t.csv",
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-31",
        ])
        .args(["--format", "json"])
        .file("t.csv", &time),
        "ledger",
    );
}

#[test]
fn a_hundred_thousand_columns() {
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let csv = format!(
        "client,revenue,{}\nAcme,100,{}\n",
        header.join(","),
        vec!["1"; 100_000].join(",")
    );
    let run = clean(
        Case::new([
            "score",
            "c.csv",
            "--format",
            "json",
            "--as-of",
            "2026-10-31",
        ])
        .file("c.csv", &csv),
        "summary",
    );
    assert_eq!(
        run.code, 0,
        "unknown columns are listed, not fatal: {}",
        run.stderr
    );
    let time = format!(
        "date,client,hours,{}\n2026-10-01,Acme,1,{}\n",
        header.join(","),
        vec!["1"; 100_000].join(",")
    );
    clean(
        Case::new([
            "score",
            "--time",
            "t.csv",
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-31",
        ])
        .file("t.csv", &time),
        "ledger",
    );
}

#[test]
fn deeply_nested_json() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let run = clean(
        Case::new(["score", "c.json", "--as-of", "2026-10-31"]).file("c.json", &deep),
        "summary JSON",
    );
    assert_eq!(run.code, 1);
    let run = clean(
        Case::new([
            "score",
            "--time",
            "t.json",
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-31",
        ])
        .file("t.json", &deep),
        "ledger JSON",
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_hundred_thousand_blank_lines_and_no_header() {
    let blank = "\n".repeat(100_000);
    let run = clean(
        Case::new(["score", "c.csv", "--as-of", "2026-10-31"]).file("c.csv", &blank),
        "summary",
    );
    assert_eq!(run.code, 1);
    let run = clean(
        Case::new(["score", "--time", "t.csv", "--as-of", "2026-10-31"]).file("t.csv", &blank),
        "ledger",
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_full_disk_on_standard_output_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux machine
    };
    let out = Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .args(["score", "--format", "json", "--as-of", "2026-10-31"])
        .arg(example("clients.csv"))
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
}

#[test]
fn a_missing_or_unwritable_output_directory() {
    let run = clean(
        Case::new(["score", "--as-of", "2026-10-31", "-o", "no/such/dir/r.json"])
            .arg_path(example("clients.csv")),
        "-o into a missing directory",
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no/such/dir/r.json"), "{}", run.stderr);
    // --out-dir that is a file.
    let run = clean(
        Case::new([
            "report",
            "--as-of",
            "2026-10-31",
            "--period",
            "2026-10",
            "--out-dir",
            "f",
        ])
        .arg_path(example("clients.csv"))
        .file("f", "not a directory"),
        "--out-dir onto a file",
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("f:"), "{}", run.stderr);
}

/// A run killed while writing its report leaves the previous report whole: the new
/// one is written to a temporary file and renamed only when complete.
#[test]
fn a_run_killed_mid_write_leaves_the_previous_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("client,revenue,cost,hours,contracted_hours,fit,nps\n");
    for i in 0..5_000 {
        csv.push_str(&format!(
            "Client {i},{},{},{},100,{},{}\n",
            5000 + i % 7000,
            3000 + i % 5000,
            80 + i % 60,
            1 + i % 5,
            i % 11
        ));
    }
    std::fs::write(dir.path().join("big.csv"), &csv).unwrap();
    let old = "{\"previous\": \"report\"}\n";
    // How long a whole run takes here, to kill the next ones late in it (writing).
    let start = Instant::now();
    let full = Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .current_dir(dir.path())
        .args([
            "score",
            "big.csv",
            "--as-of",
            "2026-10-31",
            "-o",
            "whole.json",
            "-q",
        ])
        .status()
        .unwrap();
    assert!(full.success());
    let whole = start.elapsed().as_millis() as u64;
    std::fs::write(dir.path().join("report.json"), old).unwrap();
    for delay_ms in [whole / 2, whole * 8 / 10, whole * 95 / 100] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portfolio"))
            .current_dir(dir.path())
            .args([
                "score",
                "big.csv",
                "--as-of",
                "2026-10-31",
                "-o",
                "report.json",
                "-q",
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        // Either the old report or a whole new one, never half of one.
        if now != old {
            let doc: serde_json::Value =
                serde_json::from_str(&now).expect("a complete JSON report");
            assert_eq!(doc["clients"].as_array().unwrap().len(), 5_000);
        }
    }
}
