//! cli: argument definitions (clap derive), their resolution into `Settings`, and
//! one file per subcommand wiring ingest -> metrics -> verdict -> report.

pub mod aggregate;
pub mod churn;
pub mod columns;
pub mod completions;
pub mod ctx;
pub mod explain;
pub mod history;
pub mod init;
pub mod models;
pub mod notice;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod resolve;
pub mod score;
pub mod vet;
pub mod whatif;

use crate::error::{Exit, Result};
use clap::{CommandFactory, Parser, Subcommand};

pub use ctx::Ctx;

/// Tells a service business which clients to fire, reprice or retain, and why.
///
/// Pipeline: ingest (read and validate the file) -> metrics (margin, scope creep,
/// lateness, fit, churn risk, value, health) -> verdict (ordered rules) -> report
/// (table, json, ndjson, csv, markdown).
///
/// Polarity: health 0-100, 100 = healthy. churn_risk 0-1, 1 = about to leave.
/// fit_score 0-100, 100 = excellent fit.
///
/// Exit codes: 0 ok; 1 bad input or usage; 3 when `score --fail-on` matched.
///
/// Start with: portfolio score examples/clients.csv
#[derive(Debug, Parser)]
#[command(
    name = "portfolio",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Print the run's wall time and peak memory to standard error at the end.
    #[arg(long, global = true)]
    pub stats: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every client: metrics, verdict (fire / reprice / retain), reasons and next step.
    ///
    /// Reads one row per client (any column but `client` may be missing; see docs/reference.md) and prints a
    /// table on a terminal, JSON when piped. Rejected rows are reported with file,
    /// line, column, value and what was expected.
    ///
    /// Polarity: health 0-100, 100 = healthy; churn_risk 0-1, 1 = about to leave;
    /// fit_score 0-100, 100 = excellent fit; ratios are fractions (0.25 = 25%).
    ///
    /// Exit codes: 0 ok, 1 bad input or usage, 3 when --fail-on matched.
    Score(score::ScoreArgs),
    /// Show how each number and the verdict of one client were reached.
    ///
    /// Takes the same input and threshold options as `score`; the client name
    /// comes first: `portfolio explain "Acme Kft." clients.csv`. Names match
    /// case-insensitively.
    ///
    /// Polarity: health 0-100, 100 = healthy; churn_risk 0-1, 1 = about to leave;
    /// fit_score 0-100, 100 = excellent fit.
    ///
    /// Exit codes: 0 ok, 1 bad input, usage, or no such client.
    Explain(explain::ExplainArgs),
    /// Add ledgers (time entries, invoices, contracts, interactions) up into a summary file.
    ///
    /// Writes one CSV row per client with the SPEC 2.1 columns, exactly as `score`
    /// computes them from the same ledgers and period.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage.
    Aggregate(aggregate::AggregateArgs),
    /// Write a fully commented portfolio.toml with the built-in defaults.
    ///
    /// Every threshold and weight, its unit and why that default. `score` and
    /// `explain` read it as --config FILE, else $PORTFOLIO_CONFIG, else
    /// ./portfolio.toml; their flags override it.
    ///
    /// Exit codes: 0 ok, 1 when the file exists (without --force) or cannot be written.
    Init(init::InitArgs),
    /// Compare the portfolio before and after firing, repricing or trimming clients.
    ///
    /// `portfolio whatif clients.csv --fire "Acme" --reprice "Kovács Kft.=+15%"
    /// --drop-scope "Blue Harbor=20h"`: revenue, cost, profit, margin,
    /// concentration and freed hours per month, before and after.
    ///
    /// Exit codes: 0 ok, 1 bad input, usage, or an action naming no client.
    Whatif(whatif::WhatIfArgs),
    /// The fire plan: exit and notice dates, and the team hours freed month by month.
    ///
    /// Takes the input and flags of `score`. Per person when time entries name
    /// people (ledger mode), so the team can be moved before the hours free up.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage.
    Plan(plan::PlanArgs),
    /// Fit purchase (BG/NBD) and value (Gamma-Gamma) models on invoice histories.
    ///
    /// `portfolio models --invoices invoices.csv --as-of 2026-11-01 --time-unit week
    /// --horizon 39`: the parameters, and per client P(alive), expected purchases,
    /// expected profit per purchase and CLV. Null models, with a warning, when the
    /// history is too thin.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage.
    Models(models::ModelsArgs),
    /// Retention cohorts from contracts, with the shifted-beta-geometric model.
    ///
    /// `portfolio churn --contracts contracts.csv [--clients clients.csv --by source]
    /// --as-of 2026-11-01 --renewal year`: per start period (and segment) the
    /// survivors at each renewal, gamma and delta, projected survivors, churn and
    /// revenue churn.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage.
    Churn(churn::ChurnArgs),
    /// The monthly report: `<period>.html`, `.md` and `.json` in --out-dir, stored in
    /// the history database, and one summary line for cron mail.
    ///
    /// `portfolio report --time time.csv --invoices invoices.csv ... --period last-month
    /// --out-dir reports`. HTML: one self-contained file with charts (margin against
    /// fit, revenue concentration, receivables by age, trends) and what changed since
    /// the last stored period.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage (or a damaged history), 3 when
    /// --fail-on matched.
    Report(report::ReportArgs),
    /// Health, margin and verdict by stored period: of the portfolio, or of one client.
    ///
    /// Exit codes: 0 ok, 1 no history or no such client.
    History(history::HistoryArgs),
    /// What changed between two stored periods: verdict transitions, clients newly at
    /// risk, the biggest margin moves, clients new and gone.
    ///
    /// Exit codes: 0 ok, 1 no history or no such period.
    Diff(history::DiffArgs),
    /// Show how a file's headers are read: the column each feeds, the export it was
    /// recognised as, and what is missing.
    ///
    /// Exit codes: 0 ok, 1 unreadable file or a `[columns]` name the header lacks.
    Columns(columns::ColumnsArgs),
    /// Vet prospects before signing: take, take at a price, or decline.
    ///
    /// `portfolio vet prospects.csv --portfolio clients.csv`: the margin the quote
    /// earns once scope creeps as it does for your clients of the same source, the
    /// price that reaches the target margin, fit and red flags.
    ///
    /// Exit codes: 0 ok, 1 bad input or usage.
    Vet(vet::VetArgs),
    /// Draft the exit notice for a client to fire: dates, reasons in plain words, a
    /// handover offer; English, Hungarian or Persian, or your own template.
    ///
    /// Exit codes: 0 ok, 1 bad input, no such client, or not a fire verdict without --force.
    Notice(notice::NoticeArgs),
    /// Print a shell completion script: bash, zsh, fish or powershell.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff): `portfolio man > portfolio.1`.
    Man(completions::ManArgs),
}

/// Runs a parsed command line.
pub fn run(cli: Cli, ctx: &Ctx) -> Result<Exit> {
    match cli.command {
        Command::Score(args) => score::run(args, ctx),
        Command::Explain(args) => explain::run(args, ctx),
        Command::Aggregate(args) => aggregate::run(args, ctx),
        Command::Init(args) => init::run(args, ctx),
        Command::Whatif(args) => whatif::run(args, ctx),
        Command::Plan(args) => plan::run(args, ctx),
        Command::Models(args) => models::run(args, ctx),
        Command::Churn(args) => churn::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::History(args) => history::run_history(args, ctx),
        Command::Diff(args) => history::run_diff(args, ctx),
        Command::Columns(args) => columns::run(args, ctx),
        Command::Vet(args) => vet::run(args, ctx),
        Command::Notice(args) => notice::run(args, ctx),
        Command::Completions(args) => completions::run_completions(args, Cli::command()),
        Command::Man(args) => completions::run_man(args, Cli::command()),
    }
}
