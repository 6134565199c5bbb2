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
    // `init -o -` writes the settings file to standard output the same way.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .args(["init", "-o", "-"])
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
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

/// Writes a time-entry file of about `bytes`: 6,000 clients over two years, every
/// row valid, so that all of it is parsed and added up.
fn write_time_ledger(path: &std::path::Path, bytes: u64) -> u64 {
    use std::io::Write;
    let mut block = String::new();
    for i in 0..20_000u32 {
        let day = 1 + i % 28;
        // January 2025 to October 2026: nothing after the report date.
        let month = 1 + (i / 28) % 10;
        let year = 2025 + (i / 280) % 2;
        let client = ["Kovács Kft.", "گروه ستاره", "Northwind"][(i % 3) as usize];
        block.push_str(&format!(
            "{year}-{month:02}-{day:02},{client} {},Website,Anna,{}.25,{},40.00,95.00,{}\n",
            i % 2000,
            1 + i % 7,
            i % 5 != 0,
            i % 9 != 0
        ));
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(b"date,client,project,person,hours,billable,cost_rate,bill_rate,in_scope\n")
        .unwrap();
    let mut written = 0;
    let mut rows = 0;
    while written < bytes {
        out.write_all(block.as_bytes()).unwrap();
        written += block.len() as u64;
        rows += 20_000;
    }
    out.flush().unwrap();
    rows
}

/// Runs `portfolio score --time PATH --stats` and returns its peak resident memory
/// in KiB, as the process itself read it at its end, and its JSON report.
fn peak_memory_kib(path: &std::path::Path) -> (u64, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .args(["score", "--time"])
        .arg(path)
        .args(["--period", "2026-10", "--as-of", "2026-11-01"])
        .args(["--format", "json", "--stats"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mib: f64 = stderr
        .lines()
        .find_map(|l| l.split("peak memory ").nth(1))
        .and_then(|m| m.strip_suffix(" MiB"))
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in: {stderr}"));
    assert!(mib > 1.0, "a real reading: {stderr}");
    (
        (mib * 1024.0) as u64,
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// Issue 8: a 1 GB ledger takes no more memory than a 10 MB one (memory grows with
/// clients, not rows), by the process's own high-water mark (`--stats`).
#[test]
fn memory_stays_flat_on_a_one_gigabyte_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.csv");
    let big = dir.path().join("big.csv");
    write_time_ledger(&small, 10 << 20);
    let rows = write_time_ledger(&big, 1 << 30);
    let (small_kib, _) = peak_memory_kib(&small);
    let (big_kib, report) = peak_memory_kib(&big);
    eprintln!("peak memory: {small_kib} KiB on 10 MiB, {big_kib} KiB on 1 GiB ({rows} rows)");
    assert_eq!(
        report["rows"]["read"], rows,
        "every row of the 1 GB file was read"
    );
    assert_eq!(report["rows"]["rejected"], 0);
    assert!(
        big_kib < small_kib + 8 * 1024,
        "peak memory grew from {small_kib} KiB (10 MiB file) to {big_kib} KiB (1 GiB file)"
    );
    assert!(big_kib < 48 * 1024, "peak memory {big_kib} KiB on 1 GiB");
}

/// Found in review: an amount over a sliver of an hour divided past `Decimal`'s
/// range and panicked; the row is now rejected for its amount.
#[test]
fn an_amount_over_a_sliver_of_an_hour_is_rejected_not_a_panic() {
    let time = "date,client,hours,bill_amount,cost_rate\n\
        2026-10-01,Acme,0.0000000000000000000000000001,100,40\n\
        2026-10-02,Acme,2,100,40\n";
    let run = clean(
        Case::new(["score", "--time", "t.csv", "--period", "2026-10"])
            .args(["--as-of", "2026-10-31", "--format", "json"])
            .file("t.csv", time),
        "sliver",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["rejected"][0]["line"], 2);
    assert_eq!(doc["rejected"][0]["column"], "bill_amount");
}

/// A settings file or a letter template is a few KiB: a mistaken path to a device
/// that never ends is refused after a few MiB, not read until memory runs out.
#[cfg(unix)]
#[test]
fn a_settings_file_or_template_that_never_ends_is_refused() {
    let run = clean(
        Case::new([
            "score",
            "--as-of",
            "2026-10-31",
            "--config",
            "/dev/zero",
            "-q",
        ])
        .arg_path(example("clients.csv")),
        "--config /dev/zero",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("/dev/zero: more than 4 MiB, too large for a settings file"),
        "{}",
        run.stderr
    );
    let run = clean(
        Case::new([
            "notice",
            "Lumen Studio",
            "--as-of",
            "2026-10-31",
            "--config",
            "s.toml",
        ])
        .arg_path(example("clients.csv"))
        .file("s.toml", "[notice]\ntemplate = \"/dev/zero\"\n"),
        "a template at /dev/zero",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("/dev/zero: more than 4 MiB, too large for a letter template"),
        "{}",
        run.stderr
    );
}

/// Client names from the data reach terminals, logs, CSV and Markdown shown, not
/// obeyed: no escape sequence, line break or direction override gets through raw,
/// and a name that looks like a formula is defused in CSV and Markdown tables.
#[test]
fn hostile_client_names_are_shown_not_obeyed() {
    let evil = "Evil\u{1b}[2J\u{1b}]8;;http://x\u{7}link\u{202E}rtl\nforged line";
    let csv = format!(
        "client,revenue,cost,hours\n\"{evil}\",1000,900,\n=cmd|calc,1000,100,10\nGood,1000,100,10\n"
    );
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{202E}') || s.contains('\u{7}');
    for format in ["csv", "markdown", "table"] {
        let run = clean(
            Case::new([
                "score",
                "c.csv",
                "--as-of",
                "2026-10-31",
                "--format",
                format,
            ])
            .file("c.csv", &csv),
            format,
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(
            !raw(&run.stdout) && !raw(&run.stderr),
            "{format}: raw control characters"
        );
        assert!(
            run.stdout.contains("Evil\\u{1b}"),
            "{format}: {}",
            run.stdout
        );
        // The empty `hours` warning names the client on one line of its own.
        assert!(
            !run.stderr.lines().any(|l| l.starts_with("forged line")),
            "{format}: {}",
            run.stderr
        );
    }
    let run = Case::new(["score", "c.csv", "--as-of", "2026-10-31", "--format", "csv"])
        .file("c.csv", &csv)
        .run();
    assert!(run.stdout.contains("\n'=cmd|calc,"), "{}", run.stdout);
    let run = Case::new([
        "score",
        "c.csv",
        "--as-of",
        "2026-10-31",
        "--format",
        "markdown",
    ])
    .file("c.csv", &csv)
    .run();
    assert!(run.stdout.contains("| '=cmd\\|calc |"), "{}", run.stdout);
    // The exit letter, in Markdown (also what a terminal shows) and HTML.
    for format in ["markdown", "html"] {
        let run = clean(
            Case::new([
                "notice",
                evil,
                "c.csv",
                "--as-of",
                "2026-10-31",
                "--force",
                "--format",
                format,
            ])
            .file("c.csv", &csv),
            format,
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(!raw(&run.stdout), "notice {format}: {}", run.stdout);
        assert!(
            run.stdout.contains("Evil\\u{1b}"),
            "notice {format}: {}",
            run.stdout
        );
    }
}
