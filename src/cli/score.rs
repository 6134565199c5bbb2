//! `portfolio score`: ingest -> metrics -> verdict -> report.

use super::resolve::{output_format, AnalysisArgs, InputArgs};
use super::Ctx;
use crate::error::{Error, Exit, Result};
use crate::ingest::ledger::LedgerOptions;
use crate::ingest::{self, Ingested};
use crate::metrics::ledger::Window;
use crate::model::period::Period;
use crate::report::text::printable;
use crate::report::{self, sink, Format, Report};
use crate::verdict::Verdict;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Score every client: metrics, verdict (fire / reprice / retain), reasons and next step.
///
/// Reads one row per client (any column but `client` may be missing) and prints a
/// table on a terminal, JSON when piped. Rejected rows are reported with file,
/// line, column, value and what was expected.
///
/// Polarity: health 0-100, 100 = healthy; churn_risk 0-1, 1 = about to leave;
/// fit_score 0-100, 100 = excellent fit; ratios are fractions (0.25 = 25%).
/// Exit codes: 0 ok, 1 bad input or usage, 3 when --fail-on matched.
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

/// Reads, validates and scores the input.
pub fn analyze(
    input: &InputArgs,
    analysis: &AnalysisArgs,
    ctx: &Ctx,
) -> Result<(Ingested, Report)> {
    let opts = input.read_options()?;
    let base = analysis.base_settings(ctx)?;
    let mut settings = analysis.settings(base, opts.default_currency.clone())?;
    let as_of = analysis.as_of.unwrap_or(ctx.today);
    let (ingested, period) = ingest_input(input, as_of, Some(&settings), ctx)?;
    if let (Some(p), None) = (period, analysis.period_months) {
        settings.period_months = p.whole_months();
    }
    if ingested.clients.is_empty() {
        // Every row was rejected: an empty report would read as "all fine" to cron.
        if let Some(first) = ingested.rejected.first() {
            let listed: Vec<String> = ingested
                .rejected
                .iter()
                .skip(1)
                .take(19)
                .map(|r| format!("\n  {r}"))
                .collect();
            return Err(Error::Usage(format!(
                "{first}\nno client could be scored: every row ({}) was rejected{}",
                ingested.counts.rejected,
                listed.concat()
            )));
        }
    }
    let mut report = crate::pipeline::score(&ingested, &settings, as_of);
    report.period = period;
    Ok((ingested, report))
}

/// Reads the input: one summary file, or the ledger files added up for their period.
pub fn ingest_input(
    input: &InputArgs,
    as_of: NaiveDate,
    settings: Option<&crate::model::settings::Settings>,
    ctx: &Ctx,
) -> Result<(Ingested, Option<Period>)> {
    let sources = input.ledger_sources()?;
    let mut opts = input.read_options()?;
    // Rows that name no currency are in --currency, else the settings file's.
    if opts.default_currency.is_none() {
        opts.default_currency = settings.and_then(|s| s.currency.clone());
    }
    if !sources.any() {
        if input.file == "-" && ctx.stdin_is_tty {
            return Err(Error::Usage(
                "no input: name a client file (e.g. `portfolio score examples/clients.csv`) or pipe one in".into(),
            ));
        }
        let rates = exchange_rates(input, settings, &opts)?;
        opts.convert = rates.is_some();
        let mut ingested = ingest::read_clients(&input.source(), &opts)?;
        strict_check(input, &ingested)?;
        if let Some((rates, to)) = rates {
            let notes = crate::ingest::fx::convert(&mut ingested.clients, &rates, &to, as_of)?;
            ingested.warnings.extend(notes);
            ingested.currency = Some(to);
        }
        return Ok((ingested, None));
    }
    let mut period = input.period(as_of)?;
    if period.from > as_of {
        return Err(Error::Usage(format!(
            "the period {period} starts after the report date {as_of}: pass an earlier --period or a later --as-of"
        )));
    }
    if period.to > as_of {
        // Month, quarter or year to date: nothing after the report date can count, so
        // contracts are prorated up to it too.
        period = Period::between(period.from, as_of).map_err(Error::Usage)?;
        // Compared with as many days before, even when the cut lands on a calendar
        // unit (2026 cut at 31 March is not "Q1", whose previous period is Q4).
        period.kind = crate::model::period::PeriodKind::Days;
    }
    let bar = super::progress::ledger_bar(&sources, ctx);
    let ledger_opts = LedgerOptions {
        decimal_comma: input.decimal_comma,
        date_format: opts.date_format.clone(),
        as_of,
        threads: crate::ingest::ledger::threads(),
        progress: bar.as_ref().map(super::progress::Bar::observer),
        cost_rates: cost_rates(input, settings)?,
        encoding: opts.encoding,
        columns: settings.map(|s| std::sync::Arc::new(s.columns.clone())),
        rates: exchange_rates(input, settings, &opts)?.map(std::sync::Arc::new),
    };
    let mut window = Window::new(period, as_of);
    if let Some(s) = settings {
        window = window.with_clv(s);
    }
    let ingested = crate::ledger::read(&sources, &ledger_opts, &opts, &window);
    if let Some(bar) = bar {
        bar.done();
    }
    let ingested = ingested?;
    if ingested.counts.read == 0 {
        // An empty report would read as "all fine" to cron.
        return Err(Error::Usage(
            "the ledger files have no data rows (only headers?): nothing to score".into(),
        ));
    }
    strict_check(input, &ingested)?;
    let mut ingested = ingested;
    if ingested.currency.is_none() {
        ingested.currency.clone_from(&opts.default_currency);
    }
    if let Some(fx) = &ledger_opts.rates {
        ingested.currency = Some(fx.1.clone());
        ingested.warnings.push(format!(
            "rows in other currencies were converted into {} at the latest rate on or before each row's date ({}); metrics.conversion keeps a client's invoices in their own currency",
            fx.1, fx.0.source
        ));
    }
    Ok((ingested, Some(period)))
}

/// Exchange rates (`--rates FILE`, else `[rates]` of the settings) and the report
/// currency they convert into; `None` without rates.
fn exchange_rates(
    input: &InputArgs,
    settings: Option<&crate::model::settings::Settings>,
    opts: &ingest::ReadOptions,
) -> Result<Option<(crate::ingest::fx::Rates, String)>> {
    use crate::ingest::fx::Rates;
    let rates = if let Some(file) = &input.rates {
        let source = ingest::Source::from_arg(file);
        let bytes = crate::ingest::encoding::decode(source.read_all()?, None, &source.name())?;
        let text = String::from_utf8_lossy(&bytes);
        Rates::parse_csv(&text, &source.name())?
    } else {
        match settings.filter(|s| !s.rates.is_empty()) {
            Some(s) => Rates::fixed(&s.rates, "[rates] of the settings file"),
            None => return Ok(None),
        }
    };
    let to = opts.default_currency.clone().ok_or_else(|| {
        Error::Usage(
            "exchange rates convert into the report currency: name it with --currency EUR (or `currency` in portfolio.toml)".into(),
        )
    })?;
    Ok(Some((rates, to)))
}

/// Cost rates for exports without them: `[people]` of the settings, and
/// `--default-cost-rate`; `None` when neither is given.
fn cost_rates(
    input: &InputArgs,
    settings: Option<&crate::model::settings::Settings>,
) -> Result<Option<std::sync::Arc<crate::ingest::ledger::CostRates>>> {
    if let Some(r) = input.default_cost_rate {
        if r.is_sign_negative() || r > crate::model::money::MONEY_MAX {
            return Err(Error::Usage(format!(
                "--default-cost-rate {r}: expected a cost per hour from 0 to 10^15"
            )));
        }
    }
    let by_person: std::collections::HashMap<String, rust_decimal::Decimal> = settings
        .map(|s| {
            s.people
                .iter()
                .map(|(name, p)| (crate::model::client::client_key(name), p.cost_rate))
                .collect()
        })
        .unwrap_or_default();
    if by_person.is_empty() && input.default_cost_rate.is_none() {
        return Ok(None);
    }
    Ok(Some(std::sync::Arc::new(
        crate::ingest::ledger::CostRates {
            by_person,
            default: input.default_cost_rate,
        },
    )))
}

/// `--strict`: any rejected row is an error (exit 1), named by the first one.
fn strict_check(input: &InputArgs, ingested: &Ingested) -> Result<()> {
    match ingested.rejected.first() {
        Some(first) if input.strict => Err(Error::Strict {
            rejected: ingested.counts.rejected,
            first: first.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Runs `portfolio score`.
pub fn run(args: ScoreArgs, ctx: &Ctx) -> Result<Exit> {
    // -q: no progress bar either.
    let quiet_ctx = Ctx {
        stderr_is_tty: ctx.stderr_is_tty && !args.quiet,
        ..ctx.clone()
    };
    let ctx = &quiet_ctx;
    let (_, report) = analyze(&args.input, &args.analysis, ctx)?;
    let format = output_format(args.format, args.output.as_ref(), ctx.stdout_is_tty);
    let color = use_color(format, args.output.is_some(), ctx);
    let mut sink = match &args.output {
        Some(path) => sink::Sink::file(path)?,
        None => sink::Sink::stdout(),
    };
    let style = report::Style {
        color,
        pretty: args.pretty || args.output.is_some() || ctx.stdout_is_tty,
        terminal_width: ctx.terminal_width.filter(|_| args.output.is_none()),
    };
    // Dates for people in their calendar; JSON and CSV stay ISO for scripts.
    let report = if matches!(format, Format::Table | Format::Markdown) {
        report.in_calendar(args.input.calendar)
    } else {
        report
    };
    report::renderer(format, style)
        .render(&report, sink.writer())
        .map_err(|e| sink.error(e))?;
    sink.finish()?;
    if !args.quiet {
        // Piped JSON carries warnings and rejections itself; every other output gets them on stderr.
        diagnostics(&report, format != Format::Json || args.output.is_some());
    }
    Ok(fail_on_exit(args.fail_on, &report))
}

/// Colour only for a table going to a terminal, and never with `NO_COLOR`.
pub fn use_color(format: Format, to_file: bool, ctx: &Ctx) -> bool {
    format == Format::Table && !to_file && ctx.stdout_is_tty && !ctx.no_color
}

/// Warnings and rejections on standard error: all of them for people, a count for pipes.
fn diagnostics(report: &Report, verbose: bool) {
    if verbose {
        for w in &report.warnings {
            eprintln!("portfolio: warning: {}", printable(w));
        }
        for c in &report.clients {
            for w in &c.warnings {
                eprintln!(
                    "portfolio: warning: {}: {}",
                    printable(&c.client),
                    printable(w)
                );
            }
        }
        super::print_rejected(&report.rejected);
        eprintln!("portfolio: {}", report.rows);
    } else if report.rows.rejected > 0 {
        eprintln!("portfolio: {} (details under \"rejected\")", report.rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(tty: bool, no_color: bool) -> Ctx {
        Ctx {
            today: "2026-10-31".parse().unwrap(),
            stdout_is_tty: tty,
            terminal_width: None,
            stdin_is_tty: false,
            stderr_is_tty: false,
            no_color,
            config_env: None,
        }
    }

    #[test]
    fn colour_needs_a_terminal_a_table_and_no_no_color() {
        assert!(use_color(Format::Table, false, &ctx(true, false)));
        assert!(
            !use_color(Format::Table, false, &ctx(true, true)),
            "NO_COLOR"
        );
        assert!(
            !use_color(Format::Table, false, &ctx(false, false)),
            "piped"
        );
        assert!(
            !use_color(Format::Table, true, &ctx(true, false)),
            "to a file"
        );
        assert!(!use_color(Format::Json, false, &ctx(true, false)));
    }
}
