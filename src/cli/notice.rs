//! `portfolio notice CLIENT`: the exit notice for a client to fire.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use super::resolve::{analyze, RunArgs};
use crate::error::{Error, Exit, Result};
use crate::report::notice::{self, Lang, Letter, NoticeFacts};
use crate::verdict::{exit, Verdict};
use clap::Args;

/// `portfolio notice`: the client, the input and the letter's language.
#[derive(Debug, Clone, Args)]
pub struct NoticeArgs {
    /// The client's name (case-insensitive).
    pub client: String,
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// Language of the built-in template; default: `[notice] language`, else en.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Draft it even when the verdict is not fire.
    #[arg(long)]
    pub force: bool,
    /// Output format and file: markdown (the default) or html.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio notice`.
pub fn run(args: NoticeArgs, ctx: &Ctx) -> Result<Exit> {
    let report = analyze(&args.run, ctx)?.report;
    let Some(c) = report.find(&args.client) else {
        return Err(Error::UnknownClient {
            name: args.client.clone(),
            hint: " (`portfolio score` lists the clients)".into(),
        });
    };
    if c.verdict != Verdict::Fire && !args.force {
        return Err(Error::Usage(format!(
            "{}'s verdict is {}, not fire: pass --force to draft a notice anyway",
            c.client, c.verdict
        )));
    }
    let s = &report.settings.notice;
    let lang = args.lang.or(s.language).unwrap_or(Lang::En);
    // A forced notice (not a fire verdict) is given today; the exit follows the fire
    // step's rule, so the contract's longer notice and the natural conclusion hold.
    let (notice_date, exit_date) = match (c.next_step.notice_date, c.next_step.exit_date) {
        (Some(n), Some(e)) => (n, e),
        _ => (
            report.as_of,
            exit::ending_dates(&c.metrics, &report.settings, report.as_of).1,
        ),
    };
    let mut facts = NoticeFacts::of(c, report.as_of, notice_date, exit_date);
    facts.agency = s
        .agency
        .clone()
        .unwrap_or_else(|| crate::report::wording::notice_default_agency(lang).into());
    facts.signer = s.signer.clone().unwrap_or_default();
    facts.handover = s.handover.clone();
    let template = match &s.template {
        Some(path) => crate::ingest::source::read_small_text(path, "a letter template")?,
        None => notice::builtin(lang, facts.red_flag).to_string(),
    };
    let letter = Letter::new(&template, &facts, lang).map_err(|e| {
        Error::Usage(match &s.template {
            Some(p) => format!("{}: {e}", p.display()),
            None => e,
        })
    })?;
    show(&letter, &args.output, ctx)
}
