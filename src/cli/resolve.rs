//! Flags shared by the subcommands, and their resolution, with the settings file,
//! into a [`Run`] the pipeline executes (the "low -> high" step): every flag is
//! checked here, before any data file is read.

use super::ctx::Ctx;
use super::progress;
use crate::error::{Error, Result};
use crate::ingest::ledger::{CostRates, LedgerOptions, LedgerSources};
use crate::ingest::{InputFormat, ReadOptions, Source};
pub use crate::model::calendar::Calendar;
use crate::model::period::{Period, PeriodKind};
use crate::model::{NaturalConclusion, Settings};
use crate::pipeline::{Analysis, Input, RatesFrom, Run};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;

/// How to read the client file.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Client file (CSV, JSON or NDJSON); `-` or nothing reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: String,
    /// Input format; by default from the extension (.csv .tsv .txt .json .ndjson .jsonl), else from the first character ([ JSON, { NDJSON, anything else CSV).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// How numbers and dates are written.
    #[command(flatten)]
    pub notation: NotationArgs,
    /// Add up rows of the same client instead of failing.
    #[arg(long)]
    pub merge_duplicates: bool,
    /// Any rejected row is an error (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// Currency of rows that name none (ISO 4217, e.g. EUR, HUF, IRR).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Calendar of the input's dates: persian reads Solar Hijri dates (1405/08/02,
    /// Persian digits too); Gregorian ones beside them still read as such.
    #[arg(long, value_enum, default_value = "gregorian")]
    pub calendar: Calendar,
    /// Text encoding of the input files when not UTF-8: windows-1250, windows-1252,
    /// windows-1256, iso-8859-2, … (UTF-16 with a byte-order mark is read as is).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Exchange rates (CSV: date, currency, rate = what one unit is worth in the
    /// report currency, --currency): clients in other currencies are converted at
    /// the latest rate on or before the report date.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<String>,
    /// Ledger mode: cost per hour of time entries whose export has no cost rate, for
    /// people without one in `[people]` of the settings file.
    #[arg(long, value_name = "RATE", help_heading = "Ledger mode")]
    pub default_cost_rate: Option<rust_decimal::Decimal>,
    /// Ledger mode: time entries (date, client, hours, cost_rate, bill_rate, billable, in_scope).
    #[arg(long, value_name = "FILE", help_heading = "Ledger mode")]
    pub time: Option<String>,
    /// Ledger mode: invoices (invoice, client, issued, due, paid, amount, paid_amount).
    #[arg(long, value_name = "FILE", help_heading = "Ledger mode")]
    pub invoices: Option<String>,
    /// Ledger mode: contracts (client, start, end, hours_per_month, monthly_fee or hourly_rate, notice_days).
    #[arg(long, value_name = "FILE", help_heading = "Ledger mode")]
    pub contracts: Option<String>,
    /// Ledger mode: interactions (date, client, kind = contact|complaint|request|cancellation|nps, value).
    #[arg(long, value_name = "FILE", help_heading = "Ledger mode")]
    pub interactions: Option<String>,
    /// Ledger mode: per-client facts (fit, red_flag, source, ...) merged by client; FILE as the positional argument works too.
    #[arg(long, value_name = "FILE", help_heading = "Ledger mode")]
    pub clients: Option<String>,
    /// Ledger mode: the period to add up: 2026-10, 2026-Q3, 2026, last-month (default), last-quarter, this-month.
    #[arg(long, value_name = "PERIOD", help_heading = "Ledger mode", conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// Ledger mode: first day of a custom period (with --to).
    #[arg(
        long,
        value_name = "DATE",
        help_heading = "Ledger mode",
        requires = "to"
    )]
    pub from: Option<NaiveDate>,
    /// Ledger mode: last day of a custom period (with --from).
    #[arg(
        long,
        value_name = "DATE",
        help_heading = "Ledger mode",
        requires = "from"
    )]
    pub to: Option<NaiveDate>,
}

/// How the files write numbers and dates, for when the files cannot tell.
#[derive(Debug, Clone, Default, Args)]
pub struct NotationArgs {
    /// Numbers use a decimal comma (1.234,50); by default detected from the numbers.
    #[arg(long, conflicts_with = "decimal_point")]
    pub decimal_comma: bool,
    /// Numbers use a decimal point (1,234.50); by default detected from the numbers.
    #[arg(long)]
    pub decimal_point: bool,
    /// Date format besides ISO YYYY-MM-DD, in chrono/strftime syntax, e.g. %d/%m/%Y,
    /// %m/%d/%Y or %d.%m.%Y; by default the order of day and month is detected from
    /// the dates, and a file whose dates read both ways stops the run.
    #[arg(long, value_name = "FMT")]
    pub date_format: Option<String>,
    /// The sheet of a spreadsheet input (.xlsx, .xls, .ods) to read; default the first.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

impl NotationArgs {
    /// The decimal separator the flags name, if any.
    pub fn decimal(&self) -> Option<crate::ingest::fields::DecimalStyle> {
        use crate::ingest::fields::DecimalStyle;
        match (self.decimal_comma, self.decimal_point) {
            (true, _) => Some(DecimalStyle::Comma),
            (_, true) => Some(DecimalStyle::Point),
            _ => None,
        }
    }

    /// `--date-format`, checked.
    pub fn date_format(&self) -> Result<Option<String>> {
        use chrono::format::{Item, StrftimeItems};
        match &self.date_format {
            Some(fmt) if StrftimeItems::new(fmt).any(|item| matches!(item, Item::Error)) => {
                Err(Error::Usage(format!(
                    "--date-format {fmt:?}: not a valid strftime format (expected e.g. %d/%m/%Y or %Y. %m. %d.)"
                )))
            }
            other => Ok(other.clone()),
        }
    }

    /// How to read files written this way.
    pub fn read_options(&self) -> Result<ReadOptions> {
        Ok(ReadOptions {
            decimal: self.decimal(),
            date_format: self.date_format()?,
            sheet: self.sheet.clone(),
            ..ReadOptions::default()
        })
    }

    /// How to read ledgers written this way as history: every row counts (no
    /// period), on `threads` threads, with the settings' header names.
    pub fn ledger_options(
        &self,
        as_of: NaiveDate,
        threads: usize,
        columns: crate::model::settings::ColumnMaps,
    ) -> Result<LedgerOptions> {
        Ok(LedgerOptions {
            period: None,
            sheet: self.sheet.clone(),
            decimal: self.decimal(),
            date_format: self.date_format()?,
            as_of,
            threads,
            progress: None,
            cost_rates: None,
            encoding: None,
            rates: None,
            columns: Some(Arc::new(columns)),
        })
    }
}

/// The settings file in force: `config`, else `PORTFOLIO_CONFIG`, else
/// `./portfolio.toml` when it exists, else the built-in defaults.
pub fn settings_file(config: Option<PathBuf>, ctx: &Ctx) -> Result<Settings> {
    let local = || Some(PathBuf::from("portfolio.toml")).filter(|p| p.is_file());
    let Some(path) = config.or_else(|| ctx.config_env.clone()).or_else(local) else {
        return Ok(Settings::default());
    };
    let text = crate::ingest::source::read_small_text(&path, "a settings file")?;
    crate::ingest::config::parse_settings(&text, &path.display().to_string())
}

/// The report date and the thresholds that can be set from the command line.
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    /// Settings file (TOML, see `portfolio init`); default $PORTFOLIO_CONFIG, else ./portfolio.toml if present. Flags below override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Months the summary figures cover (1-120, default 1): monthly fees, freed hours per month, CLV and the profit a retention offer protects are scaled by it.
    #[arg(long, value_name = "N")]
    pub period_months: Option<u32>,
    /// Target margin, from 0 to below 1 (default 0.5): repricing aims here.
    #[arg(long, value_name = "RATIO")]
    pub target_margin: Option<f64>,
    /// Margin floor, from 0 to the target (default 0.3): below it, and beyond repair, a client is fired.
    #[arg(long, value_name = "RATIO")]
    pub margin_floor: Option<f64>,
    /// Largest rate rise a client accepts, as a fraction (default 0.25 = 25%; at most 10).
    #[arg(long, value_name = "RATIO")]
    pub max_rate_rise: Option<f64>,
    /// Minimum notice before an exit, 0-3650 days (default 30); a contract's longer notice wins.
    #[arg(long, value_name = "DAYS")]
    pub notice_days: Option<u32>,
    /// Exit at the next month or quarter end when the contract end does not fit (default month).
    #[arg(long, value_enum, value_name = "WHEN")]
    pub natural_conclusion: Option<NaturalConclusion>,
}

impl InputArgs {
    /// The source to read.
    pub fn source(&self) -> Source {
        Source::from_arg(&self.file)
    }

    /// The ledger files named; [`LedgerSources::any`] is false for a summary run.
    pub fn ledger_sources(&self) -> Result<LedgerSources> {
        let src = |f: &Option<String>| f.as_deref().map(Source::from_arg);
        let mut sources = LedgerSources {
            time: src(&self.time),
            invoices: src(&self.invoices),
            contracts: src(&self.contracts),
            interactions: src(&self.interactions),
            clients: src(&self.clients),
        };
        if !sources.any() {
            if self.clients.is_some() || self.period.is_some() || self.from.is_some() {
                return Err(Error::Usage(
                    "--clients, --period and --from/--to belong to ledger mode: add --time, --invoices, --contracts or --interactions".into(),
                ));
            }
            return Ok(sources);
        }
        if self.file != "-" {
            if sources.clients.is_some() {
                return Err(Error::Usage(format!(
                    "two clients files ({} and --clients): name one",
                    self.file
                )));
            }
            sources.clients = Some(self.source());
        }
        let stdin_uses = [
            &self.time,
            &self.invoices,
            &self.contracts,
            &self.interactions,
            &self.clients,
        ]
        .iter()
        .filter(|f| f.as_deref() == Some("-"))
        .count();
        if stdin_uses > 1 {
            return Err(Error::Usage(
                "only one ledger file can come from standard input (-)".into(),
            ));
        }
        Ok(sources)
    }

    /// The ledger period: `--period`, `--from/--to`, or the month before `as_of`.
    pub fn period(&self, as_of: NaiveDate) -> Result<Period> {
        match (&self.period, self.from, self.to) {
            (Some(p), _, _) => {
                Period::parse(p, as_of).map_err(|e| Error::Usage(format!("--period {e}")))
            }
            (None, Some(from), Some(to)) => {
                Period::between(from, to).map_err(|e| Error::Usage(format!("--from/--to: {e}")))
            }
            _ => Period::parse("last-month", as_of).map_err(Error::Usage),
        }
    }

    /// Resolves the read options.
    pub fn read_options(&self) -> Result<ReadOptions> {
        let currency = self.currency.as_deref().map(|c| {
            crate::ingest::fields::parse_currency(c)
                .map_err(|e| Error::Usage(format!("--currency {c:?}: expected {}", e.0)))
        });
        let date_format = match (self.calendar, self.notation.date_format()?) {
            (Calendar::Persian, Some(_)) => {
                return Err(Error::Usage(
                    "--calendar persian reads Solar Hijri dates (1405/08/02); it cannot be combined with --date-format".into(),
                ))
            }
            (Calendar::Persian, None) => Some(crate::model::calendar::PERSIAN_FORMAT.to_string()),
            (Calendar::Gregorian, format) => format,
        };
        Ok(ReadOptions {
            format: self.input_format,
            date_format,
            merge_duplicates: self.merge_duplicates,
            default_currency: currency.transpose()?,
            encoding: encoding(self.encoding.as_deref())?,
            ..self.notation.read_options()?
        })
    }
}

impl AnalysisArgs {
    /// Resolves the settings over the settings file in force ([`settings_file`]); every
    /// value is checked before anything runs.
    pub fn settings(&self, ctx: &Ctx, currency: Option<String>) -> Result<Settings> {
        let mut s = settings_file(self.config.clone(), ctx)?;
        if let Some(d) = self.as_of {
            let years = crate::ingest::fields::YEARS;
            if !years.contains(&chrono::Datelike::year(&d)) {
                return Err(Error::Usage(format!(
                    "--as-of {d}: expected a date between {}-01-01 and {}-12-31",
                    years.start(),
                    years.end()
                )));
            }
        }
        if currency.is_some() {
            s.currency = currency;
        }
        // Each ratio flag, checked, over the setting it replaces.
        for (name, v, below_one, to) in [
            (
                "target-margin",
                self.target_margin,
                true,
                &mut s.target_margin_ratio,
            ),
            (
                "margin-floor",
                self.margin_floor,
                true,
                &mut s.margin_floor_ratio,
            ),
            (
                "max-rate-rise",
                self.max_rate_rise,
                false,
                &mut s.max_rate_rise_ratio,
            ),
        ] {
            match v {
                Some(x) if !x.is_finite() || x < 0.0 || (below_one && x >= 1.0) || x > 10.0 => {
                    return Err(Error::Usage(format!(
                        "--{name} {x}: expected a ratio from 0 to {} (e.g. 0.5 for 50%)",
                        if below_one { "below 1" } else { "10" }
                    )))
                }
                Some(x) => *to = x,
                None => {}
            }
        }
        if s.margin_floor_ratio > s.target_margin_ratio {
            return Err(Error::Usage(format!(
                "the margin floor ({}) is above the target margin ({}): expected floor <= target",
                s.margin_floor_ratio, s.target_margin_ratio
            )));
        }
        if let Some(n) = self.period_months {
            if !(1..=120).contains(&n) {
                return Err(Error::Usage(format!(
                    "--period-months {n}: expected 1 to 120 months"
                )));
            }
            s.period_months = n;
        }
        if let Some(n) = self.notice_days {
            let max = crate::ingest::summary::MAX_NOTICE_DAYS;
            if n > max {
                return Err(Error::Usage(format!(
                    "--notice-days {n}: expected 0 to {max} days"
                )));
            }
            s.notice_days = n;
        }
        if let Some(c) = self.natural_conclusion {
            s.natural_conclusion = c;
        }
        Ok(s)
    }
}

/// The text encoding `--encoding` names; none for UTF-8, which named explicitly is
/// checked like the default, not decoded with replacement characters.
pub fn encoding(label: Option<&str>) -> Result<Option<&'static encoding_rs::Encoding>> {
    let encoding = label.map(crate::ingest::encoding::by_label).transpose()?;
    Ok(encoding.filter(|e| *e != encoding_rs::UTF_8))
}

/// Resolves the input flags, with `settings`, into a run on `as_of`; in ledger
/// mode, a progress bar for a big time file (on a terminal). `period_months_given`:
/// `--period-months` was passed, so a ledger period does not set it.
pub fn run(
    input: &InputArgs,
    mut settings: Settings,
    as_of: NaiveDate,
    period_months_given: bool,
    ctx: &Ctx,
) -> Result<(Run, Option<progress::Bar>)> {
    let sources = input.ledger_sources()?;
    let mut options = input.read_options()?;
    // Rows that name no currency are in --currency, else the settings file's.
    if options.default_currency.is_none() {
        options.default_currency.clone_from(&settings.currency);
    }
    if !sources.any() && input.file == "-" && ctx.stdin_is_tty {
        return Err(Error::Usage(
            "no input: name a client file (e.g. `portfolio score examples/clients.csv`) or pipe one in".into(),
        ));
    }
    let rates = rates_from(input, &settings, &options)?;
    if !sources.any() {
        let source = input.source();
        let run = Run {
            input: Input::Summary {
                source,
                options,
                rates,
            },
            settings,
            as_of,
            strict: input.strict,
        };
        return Ok((run, None));
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
        period.kind = PeriodKind::Days;
    }
    if !period_months_given {
        settings.period_months = period.whole_months();
    }
    let bar = progress::ledger_bar(&sources, ctx);
    let ledger_options = LedgerOptions {
        period: Some(period),
        sheet: input.notation.sheet.clone(),
        decimal: input.notation.decimal(),
        date_format: options.date_format.clone(),
        as_of,
        threads: crate::ingest::ledger::threads(),
        progress: bar.as_ref().map(progress::Bar::observer),
        cost_rates: cost_rates(input, &settings)?,
        encoding: options.encoding,
        columns: Some(Arc::new(settings.columns.clone())),
        rates: None,
    };
    let run = Run {
        input: Input::Ledger {
            sources,
            period,
            options: ledger_options,
            read: options,
            rates,
        },
        settings,
        as_of,
        strict: input.strict,
    };
    Ok((run, bar))
}

/// The input and the thresholds of a scoring run: what `score`, `explain`, `plan`,
/// `whatif`, `notice` and `report` start from.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Report date and thresholds.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Resolves the input and analysis flags and scores the run.
pub fn analyze(RunArgs { input, analysis }: &RunArgs, ctx: &Ctx) -> Result<Analysis> {
    let currency = input.read_options()?.default_currency;
    let settings = analysis.settings(ctx, currency)?;
    let as_of = analysis.as_of.unwrap_or(ctx.today);
    let (run, bar) = run(
        input,
        settings,
        as_of,
        analysis.period_months.is_some(),
        ctx,
    )?;
    let analysis = crate::pipeline::analyze(&run);
    drop(bar);
    analysis
}

/// Exchange rates (`--rates FILE`, else `[rates]` of the settings) and the report
/// currency they convert into; `None` without rates.
fn rates_from(
    input: &InputArgs,
    settings: &Settings,
    options: &ReadOptions,
) -> Result<Option<RatesFrom>> {
    let file = input.rates.as_deref().map(Source::from_arg);
    if file.is_none() && settings.rates.is_empty() {
        return Ok(None);
    }
    let to = options.default_currency.clone().ok_or_else(|| {
        Error::Usage(
            "exchange rates convert into the report currency: name it with --currency EUR (or `currency` in portfolio.toml)".into(),
        )
    })?;
    Ok(Some(RatesFrom { file, to }))
}

/// Cost rates for exports without them: `[people]` of the settings, and
/// `--default-cost-rate`; `None` when neither is given.
fn cost_rates(input: &InputArgs, settings: &Settings) -> Result<Option<Arc<CostRates>>> {
    if let Some(r) = input.default_cost_rate {
        if r.is_sign_negative() || r > crate::model::money::MONEY_MAX {
            return Err(Error::Usage(format!(
                "--default-cost-rate {r}: expected a cost per hour from 0 to 10^15"
            )));
        }
    }
    let by_person: std::collections::HashMap<String, rust_decimal::Decimal> = settings
        .people
        .iter()
        .map(|(name, p)| (crate::model::client::client_key(name), p.cost_rate))
        .collect();
    if by_person.is_empty() && input.default_cost_rate.is_none() {
        return Ok(None);
    }
    Ok(Some(Arc::new(CostRates {
        by_person,
        default: input.default_cost_rate,
    })))
}
