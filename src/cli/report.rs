//! `portfolio report`: the monthly report for people and cron: `<period>.html`, `.md`
//! and `.json` written atomically, the period stored in the history database, a
//! one-line summary on standard output.

use super::ctx::Ctx;
use super::output::print_warnings;
use super::resolve::{analyze, RunArgs};
use super::score::FailOn;
use crate::error::{Error, Exit, Result};
use crate::history::{changes, History, Snapshot};
use crate::model::period::Period;
use crate::report::monthly::Monthly;
use crate::report::sink;
use clap::Args;
use std::path::PathBuf;

/// `portfolio report`: the input, the output directory and the history.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// Directory for `<period>.html`, `.md` and `.json` (created when missing).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out_dir: PathBuf,
    /// History database (SQLite); default: `<out-dir>/history.sqlite`.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Exit 3 when a client gets this verdict or a worse one (reprice also matches fire).
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,
    /// Print nothing to standard error but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// A period label as a file name: letters, digits, `-`, `_` and `.` only.
pub fn file_stem(period: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let stem: String = period
        .chars()
        .map(|c| if safe(c) { c } else { '_' })
        .collect();
    if stem.trim_matches('.').is_empty() {
        "report".into()
    } else {
        stem
    }
}

/// Runs `portfolio report`.
pub fn run(args: ReportArgs, ctx: &Ctx) -> Result<Exit> {
    // -q (and cron, whose stderr is no terminal): no progress bar.
    let ctx = &Ctx {
        stderr_is_tty: ctx.stderr_is_tty && !args.quiet,
        ..ctx.clone()
    };
    let as_of = args.run.analysis.as_of.unwrap_or(ctx.today);
    let mut scoring = args.run.clone();
    let input = &mut scoring.input;
    let ledger = input.time.is_some()
        || input.invoices.is_some()
        || input.contracts.is_some()
        || input.interactions.is_some();
    // A summary file carries its own period: --period (or --from/--to) only names it.
    let label = (!ledger).then(|| input.period(as_of)).transpose()?;
    if !ledger {
        (input.period, input.from, input.to) = (None, None, None);
    }
    let report = analyze(&scoring, ctx)?.report;
    let period: Period =
        (report.period.or(label)).map_or_else(|| scoring.input.period(as_of), Ok)?;
    std::fs::create_dir_all(&args.out_dir).map_err(Error::io(&args.out_dir))?;
    let history_path = args
        .history
        .clone()
        .unwrap_or_else(|| args.out_dir.join("history.sqlite"));
    // A damaged history stops the run before any file is written.
    let mut history = History::open(&history_path)?;
    let current = report.snapshot(&period);
    let mut trend: Vec<Snapshot> = history
        .all()?
        .into_iter()
        .filter(|s| s.period != current.period)
        .collect();
    let previous = trend
        .iter()
        .filter(|s| s.from.is_some_and(|f| f < period.from))
        .max_by_key(|s| s.from)
        .cloned();
    trend.push(current.clone());
    trend.sort_by(|a, b| (a.from, &a.period).cmp(&(b.from, &b.period)));
    let changed = previous.as_ref().map(|p| changes(p, &current));
    let label = current.period.clone();
    // Dates for people in their calendar; the JSON stays ISO.
    let for_people = report.clone().in_calendar(args.run.input.calendar);
    let monthly = Monthly {
        report: &for_people,
        period: &label,
        changes: changed.as_ref(),
        history: &trend,
    };
    let mut json = Vec::new();
    crate::report::json::write(&report, true, &mut json).map_err(Error::Output)?;
    let stem = file_stem(&label);
    let files = [
        (
            args.out_dir.join(format!("{stem}.html")),
            crate::report::html::render(&monthly).into_bytes(),
        ),
        (
            args.out_dir.join(format!("{stem}.md")),
            monthly.markdown().into_bytes(),
        ),
        (args.out_dir.join(format!("{stem}.json")), json),
    ];
    // All three or none: a failure leaves the previous report whole.
    sink::write_all_atomic(&files)?;
    let settings =
        serde_json::to_string(&report.settings).map_err(|e| Error::Usage(e.to_string()))?;
    let report_json = std::str::from_utf8(&files[2].1).unwrap_or("{}");
    history.save(&current, &settings, report_json)?;
    let line = format!("{} · {}\n", monthly.summary_line(), files[0].0.display());
    sink::write_stdout(line.as_bytes())?;
    if !args.quiet {
        print_warnings(&report.warnings);
        if report.rows.rejected > 0 {
            eprintln!(
                "portfolio: {} (see the report's rejected rows)",
                report.rows
            );
        }
        eprintln!(
            "portfolio: wrote {}, {}, {}; stored {} in {} ({} period(s))",
            files[0].0.display(),
            files[1].0.display(),
            files[2].0.display(),
            label,
            history_path.display(),
            trend.len()
        );
    }
    Ok(super::score::fail_on_exit(args.fail_on, &report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_only_safe_characters() {
        assert_eq!(file_stem("2026-10"), "2026-10");
        assert_eq!(file_stem("2026-Q3"), "2026-Q3");
        assert_eq!(
            file_stem("2026-10-01..2026-10-15"),
            "2026-10-01..2026-10-15"
        );
        assert_eq!(file_stem("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(file_stem(".."), "report");
        assert_eq!(file_stem("آسمان"), "_____");
    }
}
