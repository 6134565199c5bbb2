//! `portfolio score`: every client's verdict, reasons and next step.

use super::ctx::Ctx;
use super::output::{emit, print_rejected, print_warnings, OutputArgs};
use super::resolve::{analyze, RunArgs};
use crate::error::{Exit, Result};
use crate::report::text::printable;
use crate::report::{Format, Report};
use crate::verdict::Verdict;
use clap::Args;

/// `portfolio score`: the input, thresholds, output and alert flags.
#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// Output format and file (table, json, ndjson, csv or markdown).
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 3 when a client gets this verdict or a worse one (reprice also matches fire).
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,
    /// Indent JSON even when piped (it is indented on a terminal and in -o files).
    #[arg(long)]
    pub pretty: bool,
    /// Print nothing to standard error but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Verdicts `--fail-on` can alert on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any client to fire.
    Fire,
    /// Any client to fire or reprice.
    Reprice,
}

/// The exit code for `--fail-on`: 3 when a client has that verdict or a worse one.
pub fn fail_on_exit(fail_on: Option<FailOn>, report: &Report) -> Exit {
    let alarm = fail_on.is_some_and(|f| {
        report.clients.iter().any(|c| match f {
            FailOn::Fire => c.verdict == Verdict::Fire,
            FailOn::Reprice => c.verdict != Verdict::Retain,
        })
    });
    if alarm {
        Exit::FailOn
    } else {
        Exit::Ok
    }
}

/// Runs `portfolio score`.
pub fn run(args: ScoreArgs, ctx: &Ctx) -> Result<Exit> {
    // -q: no progress bar either.
    let ctx = &Ctx {
        stderr_is_tty: ctx.stderr_is_tty && !args.quiet,
        ..ctx.clone()
    };
    let report = analyze(&args.run, ctx)?.report;
    // Dates for people in their calendar; JSON and CSV stay ISO for scripts.
    let report = report.in_calendar(args.run.input.calendar);
    // Piped JSON carries warnings and rejections itself; every other output gets
    // them on stderr, the file's warnings before any figure.
    use crate::report::render::Document as _;
    let format = super::output::choose(report.formats(), &args.output, ctx.stdout_is_tty)?;
    let verbose = !args.quiet && (format != Format::Json || args.output.output.is_some());
    if verbose {
        print_warnings(&report.warnings);
    }
    emit(&report, &args.output, args.pretty, ctx)?;
    if !args.quiet {
        diagnostics(&report, verbose);
    }
    Ok(fail_on_exit(args.fail_on, &report))
}

/// Client warnings and rejections on standard error, after the report: all of
/// them for people, a count for pipes.
fn diagnostics(report: &Report, verbose: bool) {
    if verbose {
        for c in &report.clients {
            for w in &c.warnings {
                eprintln!(
                    "portfolio: warning: {}: {}",
                    printable(&c.client),
                    printable(w)
                );
            }
        }
        print_rejected(&report.rejected);
        eprintln!("portfolio: {}", report.rows);
    } else if report.rows.rejected > 0 {
        eprintln!("portfolio: {} (details under \"rejected\")", report.rows);
    }
}
