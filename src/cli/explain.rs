//! `portfolio explain CLIENT`: every metric's inputs, formula and value, the churn
//! signals and health dimensions behind the scores, and which rule decided.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use super::resolve::{analyze, RunArgs};
use crate::error::{Error, Exit, Result};
use crate::model::client::client_key;
use crate::report::explain::Explanation;
use crate::report::Report;
use clap::Args;

/// Show how each number and the verdict of one client were reached.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The client's name (case-insensitive).
    pub client: String,
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// Output file (the explanation is text).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `portfolio explain`.
pub fn run(args: ExplainArgs, ctx: &Ctx) -> Result<Exit> {
    let crate::pipeline::Analysis { ingested, report } = analyze(&args.run, ctx)?;
    let Some(c) = report.find(&args.client) else {
        let wanted = client_key(&args.client);
        let rejected = ingested
            .rejected_clients
            .iter()
            .find(|(name, _)| client_key(name) == wanted);
        if let Some((name, line)) = rejected {
            let why = report
                .rejected
                .iter()
                .find(|r| r.line == *line)
                .map(|r| r.to_string())
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "client \"{name}\" was not scored: its row was rejected ({why})"
            )));
        }
        return Err(unknown(&args.client, &report));
    };
    let explanation = Explanation {
        report: &report,
        client: c,
        input: ingested.clients.iter().find(|i| i.name == c.client),
    };
    show(&explanation, &args.output, ctx)
}

fn unknown(name: &str, report: &Report) -> Error {
    let wanted = client_key(name);
    let close: Vec<&str> = report
        .clients
        .iter()
        .map(|c| c.client.as_str())
        .filter(|c| {
            let l = client_key(c);
            l.contains(&wanted)
                || wanted.contains(&l)
                || l.chars().take(3).eq(wanted.chars().take(3))
        })
        .take(3)
        .collect();
    let hint = if close.is_empty() {
        format!(
            " (the input has {} client{}; `portfolio score` lists them)",
            report.clients.len(),
            if report.clients.len() == 1 { "" } else { "s" }
        )
    } else {
        format!(
            " (did you mean {}?)",
            close
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Error::UnknownClient {
        name: name.to_string(),
        hint,
    }
}
