//! `portfolio report`, `history` and `diff` end to end: files written atomically,
//! the history replaced on a re-run and shared by concurrent runs, changes between
//! hand-made periods, escaping checked in a real browser.

use crate::harness::example;
use std::path::Path;
use std::process::{Command, Output};

fn portfolio(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portfolio"))
        .current_dir(dir)
        .args(args)
        .env_remove("PORTFOLIO_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .expect("run portfolio")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// `report FILE --period PERIOD --as-of 2026-11-01 -q` in `dir`, which must work.
fn summary_report(dir: &Path, file: &str, period: &str) -> Output {
    ok(portfolio(
        dir,
        &[
            "report",
            file,
            "--period",
            period,
            "--as-of",
            "2026-11-01",
            "-q",
        ],
    ))
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Runs `report` on the example ledgers for one month.
fn ledger_report(dir: &Path, month: &str) -> Output {
    let l = |f: &str| example(&format!("ledger/{f}")).display().to_string();
    let (time, invoices, contracts, interactions, clients) = (
        l("time.csv"),
        l("invoices.csv"),
        l("contracts.csv"),
        l("interactions.csv"),
        l("clients.csv"),
    );
    portfolio(
        dir,
        &[
            "report",
            "--time",
            &time,
            "--invoices",
            &invoices,
            "--contracts",
            &contracts,
            "--interactions",
            &interactions,
            "--clients",
            &clients,
            "--period",
            month,
            "--as-of",
            "2026-11-01",
            "-q",
        ],
    )
}

#[test]
fn three_months_of_the_example_ledgers_give_trends_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    for month in ["2026-08", "2026-09", "2026-10"] {
        ok(ledger_report(dir.path(), month));
    }
    let out = dir.path().join("reports");
    let html = text(out.join("2026-10.html"));
    // Five charts, the two trends among them (drawn, not the one-report note).
    assert_eq!(html.matches("<svg").count(), 5, "five charts");
    assert!(html.contains("Health by period") && html.contains("Margin by period"));
    assert!(!html.contains("trends appear from the second stored report on"));
    for period in ["2026-08", "2026-09", "2026-10"] {
        assert!(html.contains(period), "{period} on the trend axis");
    }
    // The changes since September, as `diff` computes them.
    assert!(html.contains("Compared with 2026-09"));
    assert!(html.contains("Granite Fitness GmbH 0009</bdi>: <span class=\"v v-reprice\">reprice</span> → <span class=\"v v-fire\">fire</span>"));
    let diff = json(&ok(portfolio(
        dir.path(),
        &["diff", "2026-09", "2026-10", "--format", "json"],
    )));
    let moved: Vec<(&str, &str, &str)> = diff["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["client"].as_str().unwrap(),
                t["from"].as_str().unwrap(),
                t["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(moved[0], ("Granite Fitness GmbH 0009", "reprice", "fire"));
    assert_eq!(moved.len(), 4);
    // Markdown: the same changes and a trend table of the three periods.
    let md = text(out.join("2026-10.md"));
    assert!(md.contains("## Trend"));
    assert_eq!(
        md.matches("| 2026-0").count() + md.matches("| 2026-1").count(),
        3
    );
    // The first month had nothing to compare with.
    assert!(text(out.join("2026-08.html")).contains("First stored report"));
    // `history` lists the periods, oldest first.
    let hist = json(&ok(portfolio(dir.path(), &["history", "--format", "json"])));
    let periods: Vec<&str> = hist
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-08", "2026-09", "2026-10"]);
    let client = json(&ok(portfolio(
        dir.path(),
        &["history", "granite fitness gmbh 0009", "--format", "json"],
    )));
    let verdicts: Vec<&str> = client
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts.last(), Some(&"fire"));
}

const SEPTEMBER: &str = "client,revenue,cost,fit_respect\n\
    Kovács Kft.,10000,5000,4\n\
    Brightline Ltd,8000,6000,4\n\
    Gone Ltd,3000,1000,4\n";
const OCTOBER: &str = "client,revenue,cost,fit_respect\n\
    Kovács Kft.,10000,5500,4\n\
    Brightline Ltd,8000,7600,4\n\
    پارس طراحی,4000,1000,5\n";

#[test]
fn diff_of_two_hand_made_periods() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sep.csv"), SEPTEMBER).unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    let run = |file: &str, period: &str| summary_report(dir.path(), file, period);
    let first = run("sep.csv", "2026-09");
    assert!(String::from_utf8_lossy(&first.stdout).starts_with(
        "2026-09: 3 clients · 0 fire, 1 reprice, 2 retain · first stored report · reports/2026-09.html"
    ));
    let second = run("oct.csv", "2026-10");
    let line = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(
        line.contains("since 2026-09: 2 verdict(s) changed, 1 newly at risk"),
        "{line}"
    );
    let diff = json(&ok(portfolio(
        dir.path(),
        &["diff", "2026-09", "2026-10", "-f", "json"],
    )));
    // Brightline: margin 25% (below the 30% floor, a 7.1% rise mends it: reprice)
    // to 5% (reaching 30% needs 7,600 / 0.7 = 10,857, a 35.7% rise, more than the
    // 25% a client accepts: fire). Kovács: 50% (the target: retain) to 45%
    // (reprice). پارس is new, Gone Ltd gone.
    assert_eq!(
        diff["transitions"],
        serde_json::json!([
            {"client": "Brightline Ltd", "from": "reprice", "to": "fire"},
            {"client": "Kovács Kft.", "from": "retain", "to": "reprice"}
        ])
    );
    assert_eq!(diff["new_at_risk"][0]["client"], "Brightline Ltd");
    assert_eq!(diff["new_clients"], serde_json::json!(["پارس طراحی"]));
    assert_eq!(diff["gone_clients"], serde_json::json!(["Gone Ltd"]));
    let moves: Vec<(String, f64)> = diff["margin_moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["client"].as_str().unwrap().to_string(),
                m["change"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("Brightline Ltd".to_string(), -0.2),
            ("Kovács Kft.".to_string(), -0.05)
        ]
    );
    let missing = portfolio(dir.path(), &["diff", "2026-08", "2026-10"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("no stored period \"2026-08\" (stored: 2026-09, 2026-10)"));
}

#[test]
fn a_rerun_replaces_the_period_in_files_and_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    let args = [
        "report",
        "oct.csv",
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "-q",
    ];
    ok(portfolio(dir.path(), &args));
    // Again with a floor above every margin: all three go to fire.
    let mut stricter = args.to_vec();
    stricter.extend(["--margin-floor", "0.9", "--target-margin", "0.95"]);
    ok(portfolio(dir.path(), &stricter));
    let hist = json(&ok(portfolio(dir.path(), &["history", "-f", "json"])));
    assert_eq!(hist.as_array().unwrap().len(), 1, "one period, replaced");
    assert_eq!(hist[0]["fire"], 3);
    let md = text(dir.path().join("reports/2026-10.md"));
    assert!(md.contains("**3 fire**"), "{md}");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_runs_at_once_share_the_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sep.csv"), SEPTEMBER).unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    let spawn = |file: &str, period: &str| {
        Command::new(env!("CARGO_BIN_EXE_portfolio"))
            .current_dir(dir.path())
            .args([
                "report",
                file,
                "--period",
                period,
                "--as-of",
                "2026-11-01",
                "-q",
            ])
            .env_remove("PORTFOLIO_CONFIG")
            .output()
    };
    // Four first runs at once: they race to create the file and its schema too.
    let runs = [
        ("sep.csv", "2026-07"),
        ("oct.csv", "2026-08"),
        ("sep.csv", "2026-09"),
        ("oct.csv", "2026-10"),
    ];
    let outputs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .map(|&(file, period)| s.spawn(move || spawn(file, period)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    for out in outputs {
        ok(out);
    }
    let hist = json(&ok(portfolio(dir.path(), &["history", "-f", "json"])));
    let periods: Vec<&str> = hist
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-07", "2026-08", "2026-09", "2026-10"]);
}

#[test]
fn an_empty_history_file_is_refused_and_a_missing_one_is_created() {
    // A 0-byte history is what a history that lost its data looks like: no run of
    // portfolio leaves one (a new history is linked into place whole).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    std::fs::write(dir.path().join("h.sqlite"), b"").unwrap();
    let args = [
        "report",
        "oct.csv",
        "--period",
        "2026-10",
        "--history",
        "h.sqlite",
        "-q",
    ];
    let out = portfolio(dir.path(), &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("h.sqlite: is empty (0 bytes)"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("h.sqlite")).unwrap(), b"");
    let written = std::fs::read_dir(dir.path().join("reports")).map_or(0, |d| d.count());
    assert_eq!(written, 0, "no report written");
    // Where no file is, the history starts.
    std::fs::remove_file(dir.path().join("h.sqlite")).unwrap();
    ok(portfolio(dir.path(), &args));
    let hist = json(&ok(portfolio(
        dir.path(),
        &["history", "--history", "h.sqlite", "-f", "json"],
    )));
    assert_eq!(hist[0]["period"], "2026-10");
}

#[test]
fn a_damaged_history_stops_the_run_before_any_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let junk = b"client,revenue\nnot,a database\n".repeat(100);
    std::fs::write(dir.path().join("reports/history.sqlite"), &junk).unwrap();
    let out = portfolio(
        dir.path(),
        &[
            "report",
            "oct.csv",
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("reports/history.sqlite: is not a portfolio history database, or is damaged"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("reports/history.sqlite")).unwrap(),
        junk
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("reports"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn fail_on_fire_exits_3_after_writing_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("oct.csv"), OCTOBER).unwrap();
    let out = portfolio(
        dir.path(),
        &[
            "report",
            "oct.csv",
            "--period",
            "2026-10",
            "--fail-on",
            "fire",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(dir.path().join("reports/2026-10.html").exists());
}

/// Chromium for the browser test: `PORTFOLIO_CHROMIUM`, else /usr/bin/chromium.
fn chromium() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PORTFOLIO_CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    path.exists().then_some(path)
}

#[test]
fn the_html_report_renders_in_a_browser_with_names_as_text() {
    let Some(browser) = chromium() else {
        // .ci/run installs Chromium, so CI never skips this.
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is missing on CI: .ci/run should have installed it"
        );
        eprintln!("skipped: no Chromium (set PORTFOLIO_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let hostile = "client,revenue,cost,fit_respect\n\
        <script>alert(1)</script>,5000,4900,2\n\
        \"<img src=x onerror=alert(2)>\",3000,1000,5\n\
        Kovács Kft.,10000,5000,4\n\
        آسمان تجارت,4000,1000,5\n";
    std::fs::write(dir.path().join("sep.csv"), hostile).unwrap();
    std::fs::write(dir.path().join("oct.csv"), hostile).unwrap();
    for (file, period) in [("sep.csv", "2026-09"), ("oct.csv", "2026-10")] {
        summary_report(dir.path(), file, period);
    }
    let page = dir.path().join("reports/2026-10.html");
    let profile = dir.path().join("chromium-profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("</html>"),
        "no DOM from Chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The browser parsed four charts (no receivables in a summary without aging
    // columns: a note instead) and no script or image element: the names are text.
    assert_eq!(dom.matches("<svg").count(), 4);
    assert!(dom.contains("no open receivables"));
    assert!(!dom.contains("<script"), "a name became a script element");
    assert!(!dom.contains("<img"), "a name became an image element");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("&lt;img src=x onerror=alert(2)&gt;"));
    for name in ["Kovács Kft.", "آسمان تجارت"] {
        assert!(dom.contains(name), "{name} missing");
    }
}

#[test]
fn completions_and_the_man_page_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let bash = ok(portfolio(dir.path(), &["completions", "bash"]));
    let script = String::from_utf8(bash.stdout).unwrap();
    for cmd in ["score", "report", "history", "diff", "churn", "models"] {
        assert!(script.contains(cmd), "bash completion lacks {cmd}");
    }
    // The script parses as bash.
    std::fs::write(dir.path().join("c.bash"), &script).unwrap();
    let check = Command::new("bash")
        .args(["-n", "c.bash"])
        .current_dir(dir.path())
        .output();
    if let Ok(check) = check {
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    for shell in ["zsh", "fish", "powershell"] {
        let out = ok(portfolio(dir.path(), &["completions", shell]));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("report"),
            "{shell}"
        );
    }
    let man = String::from_utf8(ok(portfolio(dir.path(), &["man"])).stdout).unwrap();
    assert!(man.contains(".TH portfolio 1"));
    // Every command has its own subsection, with its options: the page names no
    // other page (portfolio-score(1)) that does not exist.
    for command in [
        "score",
        "explain",
        "aggregate",
        "init",
        "whatif",
        "plan",
        "models",
        "churn",
        "report",
        "history",
        "diff",
        "columns",
        "vet",
        "notice",
        "completions",
        "man",
    ] {
        assert!(
            man.contains(&format!(".SS \"portfolio {command}\"")),
            "{command}"
        );
    }
    assert!(man.contains("\\-\\-fail\\-on") && man.contains("\\-\\-renewal"));
    assert!(!man.contains("portfolio\\-score(1)"));
    // One page per command for packagers.
    ok(portfolio(dir.path(), &["man", "--out-dir", "pages"]));
    for page in ["portfolio.1", "portfolio-score.1", "portfolio-churn.1"] {
        assert!(dir.path().join("pages").join(page).is_file(), "{page}");
    }
    let bad = portfolio(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(1));
}
