//! Shared driver for the fuzz targets: runs `portfolio score` as the binary does
//! (argument parsing, reading, metrics, verdicts, every renderer) on fuzzed files,
//! and checks the invariants a panic would not show.

use clap::Parser;
use portfolio::cli::{score, Cli, Command, Ctx};
use portfolio::report::{self, Format, Style};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The fixed report date, so that every run is reproducible.
pub const AS_OF: &str = "2026-11-01";

/// One input file: the flag that names it (`None`: the positional client file),
/// its file name (the extension picks the format) and its bytes.
pub struct Input<'a> {
    pub flag: Option<&'static str>,
    pub name: &'static str,
    pub bytes: &'a [u8],
}

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // tmpfs when there is one: the targets rewrite their files on every run.
        let base = std::path::Path::new("/dev/shm");
        let dir = if base.is_dir() {
            tempfile::tempdir_in(base)
        } else {
            tempfile::tempdir()
        }
        .expect("a temporary directory");
        dir.keep()
    })
}

fn ctx() -> Ctx {
    Ctx {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        stdout_is_tty: false,
        terminal_width: None,
        stdin_is_tty: false,
        stderr_is_tty: false,
        no_color: true,
        config_env: None,
    }
}

/// Which renderers a target runs on its reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Every format and the monthly HTML (the summary and settings targets).
    All,
    /// JSON only: the ledger targets are about reading, and rendering is fuzzed elsewhere.
    Json,
}

/// Writes the files, scores them with `extra` arguments, renders them and checks
/// the report's invariants. Errors are fine; panics and broken invariants are what
/// the fuzzer looks for.
pub fn score_files(inputs: &[Input<'_>], extra: &[&str]) {
    score_files_with(inputs, extra, Render::All)
}

/// [`score_files`] with a choice of renderers.
pub fn score_files_with(inputs: &[Input<'_>], extra: &[&str], render: Render) {
    let mut args: Vec<String> = vec!["portfolio".into(), "score".into()];
    for input in inputs {
        let path = dir().join(input.name);
        std::fs::write(&path, input.bytes).expect("write a fuzz input");
        if let Some(flag) = input.flag {
            args.push(flag.into());
        }
        args.push(path.display().to_string());
    }
    args.extend(["--as-of", AS_OF, "-q"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    // The same arguments every run (the files are rewritten in place): parsed once.
    static PARSED: std::sync::Mutex<Vec<(Vec<String>, score::ScoreArgs)>> =
        std::sync::Mutex::new(Vec::new());
    let cached = PARSED
        .lock()
        .ok()
        .and_then(|p| p.iter().find(|(a, _)| *a == args).map(|(_, s)| s.clone()));
    let score_args = match cached {
        Some(s) => s,
        None => {
            let cli = Cli::try_parse_from(&args).expect("the fuzz arguments parse");
            let Command::Score(s) = cli.command else {
                unreachable!("a score command")
            };
            if let Ok(mut p) = PARSED.lock() {
                p.push((args, s.clone()));
            }
            s
        }
    };
    let Ok((ingested, report)) = score::analyze(&score_args.input, &score_args.analysis, &ctx())
    else {
        return;
    };
    let counts = ingested.counts;
    assert_eq!(
        counts.read,
        counts.used + counts.rejected,
        "every row is used or rejected: {counts:?}"
    );
    for c in &report.clients {
        if let Some(h) = c.health {
            assert!((0.0..=100.0).contains(&h), "health {h} of {}", c.client);
        }
        if let Some(r) = c.metrics.churn_risk {
            assert!((0.0..=1.0).contains(&r), "churn risk {r} of {}", c.client);
        }
        if let Some(f) = c.metrics.fit_score {
            assert!((0.0..=100.0).contains(&f), "fit {f} of {}", c.client);
        }
    }
    match render {
        Render::All => render_all(&report),
        Render::Json => {
            let mut out = Vec::new();
            report::renderer(Format::Json, Style::default())
                .render(&report, &mut out)
                .expect("rendering into memory cannot fail");
        }
    }
}

/// Every renderer, the monthly HTML report included, into memory.
pub fn render_all(report: &report::Report) {
    for format in [
        Format::Table,
        Format::Json,
        Format::Ndjson,
        Format::Csv,
        Format::Markdown,
    ] {
        let mut out = Vec::new();
        report::renderer(
            format,
            Style {
                color: true,
                pretty: true,
                // A narrow terminal: every wrapping path of the table runs.
                terminal_width: Some(60),
            },
        )
        .render(report, &mut out)
        .expect("rendering into memory cannot fail");
    }
    let period = report.period.unwrap_or_else(|| {
        portfolio::model::period::Period::parse("2026-10", report.as_of).expect("a valid period")
    });
    let snapshot = portfolio::history::Snapshot::of(report, &period);
    let history = [snapshot];
    let label = period.to_string();
    let monthly = report::monthly::Monthly {
        report,
        period: &label,
        changes: None,
        history: &history,
    };
    let html = report::html::render(&monthly);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "client text reached the HTML unescaped"
    );
}

/// The ledger targets: `data` as the file behind `flag`, scored for a month alone,
/// and for a quarter beside the bundled example's clients file (so the merge runs).
pub fn ledger_file(flag: &'static str, name: &'static str, data: &[u8]) {
    const CLIENTS: &[u8] = include_bytes!("../../examples/ledger/clients.csv");
    let ledger = || Input {
        flag: Some(flag),
        name,
        bytes: data,
    };
    score_files_with(&[ledger()], &["--period", "2026-10"], Render::Json);
    let clients = Input {
        flag: Some("--clients"),
        name: "clients.csv",
        bytes: CLIENTS,
    };
    score_files_with(&[ledger(), clients], &["--period", "2026-Q3"], Render::Json);
}
