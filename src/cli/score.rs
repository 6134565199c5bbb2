//! `portfolio score`: ingest -> metrics -> verdict -> report.

use super::resolve::{output_format, AnalysisArgs, InputArgs};
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::{self, Ingested};
use crate::report::{self, sink, Format, Report};
use crate::verdict::Verdict;
use clap::Args;
use std::path::PathBuf;

/// Score every client: metrics, verdict (fire / reprice / retain), reasons and next step.
///
/// Reads one row per client (SPEC 2.1 columns; any may be missing) and prints a
/// table on a terminal, JSON when piped. Rejected rows are reported with file,
/// line, column, value and what was expected.
#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Report date and thresholds.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output format; default: from the -o extension, else table on a terminal and json when piped.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 3 when a client gets this verdict or a worse one (reprice also matches fire).
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,
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

/// Reads, validates and scores the input (shared with `explain`).
pub fn analyze(
    input: &InputArgs,
    analysis: &AnalysisArgs,
    ctx: &Ctx,
) -> Result<(Ingested, Report)> {
    let opts = input.read_options()?;
    let settings = analysis.settings(opts.default_currency.clone())?;
    let as_of = analysis.as_of.unwrap_or(ctx.today);
    let ingested = ingest::read_clients(&input.source(), &opts)?;
    if input.strict {
        if let Some(first) = ingested.rejected.first() {
            return Err(Error::Strict {
                rejected: ingested.counts.rejected,
                first: first.to_string(),
            });
        }
    }
    let report = crate::pipeline::score(&ingested, &settings, as_of);
    Ok((ingested, report))
}

/// Runs `portfolio score`.
pub fn run(args: ScoreArgs, ctx: &Ctx) -> Result<Exit> {
    let (_, report) = analyze(&args.input, &args.analysis, ctx)?;
    let format = output_format(args.format, args.output.as_ref(), ctx.stdout_is_tty);
    let color =
        format == Format::Table && args.output.is_none() && ctx.stdout_is_tty && !ctx.no_color;
    let mut buf = Vec::with_capacity(64 * 1024);
    report::renderer(format, color)
        .render(&report, &mut buf)
        .map_err(Error::Output)?;
    match &args.output {
        Some(path) => sink::write_atomic(path, &buf)?,
        None => sink::write_stdout(&buf)?,
    }
    if !args.quiet {
        diagnostics(&report, format == Format::Table || args.output.is_some());
    }
    let alarm = args.fail_on.is_some_and(|f| {
        report.clients.iter().any(|c| match f {
            FailOn::Fire => c.verdict == Verdict::Fire,
            FailOn::Reprice => c.verdict != Verdict::Retain,
        })
    });
    Ok(if alarm { Exit::FailOn } else { Exit::Ok })
}

/// Warnings and rejections on standard error: all of them for people, a count for pipes.
fn diagnostics(report: &Report, verbose: bool) {
    if verbose {
        for w in &report.warnings {
            eprintln!("portfolio: warning: {w}");
        }
        for r in &report.rejected {
            eprintln!("portfolio: rejected: {r}");
        }
        eprintln!("portfolio: {}", report.rows);
    } else if report.rows.rejected > 0 {
        eprintln!("portfolio: {} (details under \"rejected\")", report.rows);
    }
}
