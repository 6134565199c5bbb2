//! `portfolio whatif`: the portfolio before and after actions the owner is weighing.

use super::ctx::Ctx;
use super::output::{show, OutputArgs};
use super::resolve::{analyze, RunArgs};
use crate::error::{Error, Exit, Result};
use crate::ingest::fields::{parse_decimal, DecimalStyle};
use crate::metrics::whatif::{what_if, Action};
use clap::Args;
use rust_decimal::Decimal;

/// `portfolio whatif`: the input and the actions to weigh.
#[derive(Debug, Clone, Args)]
pub struct WhatIfArgs {
    /// Input options, report date and thresholds.
    #[command(flatten)]
    pub run: RunArgs,
    /// End this client's engagement.
    #[arg(long, value_name = "CLIENT")]
    pub fire: Vec<String>,
    /// Change a client's price: CLIENT=+15% (or -5%, or a fraction such as 0.15).
    #[arg(long, value_name = "CLIENT=CHANGE")]
    pub reprice: Vec<String>,
    /// Stop out-of-scope work: CLIENT=20h, hours a period, at the client's cost per hour.
    #[arg(long, value_name = "CLIENT=HOURS")]
    pub drop_scope: Vec<String>,
    /// Output format and file (table or json).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Splits `CLIENT=VALUE` at its last `=` (client names may hold one).
fn split<'a>(flag: &str, arg: &'a str) -> Result<(&'a str, &'a str)> {
    arg.rsplit_once('=')
        .map(|(c, v)| (c.trim(), v.trim()))
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .ok_or_else(|| Error::Usage(format!("--{flag} {arg:?}: expected CLIENT=VALUE")))
}

fn actions(args: &WhatIfArgs) -> Result<Vec<Action>> {
    let mut out: Vec<Action> = args.fire.iter().map(|c| Action::Fire(c.clone())).collect();
    for arg in &args.reprice {
        let (client, change) = split("reprice", arg)?;
        let bad = || {
            Error::Usage(format!(
                "--reprice {arg:?}: expected CLIENT=+15% (or -5%, or a fraction such as 0.15)"
            ))
        };
        let body = change.strip_prefix('+').unwrap_or(change);
        let rise = match body.strip_suffix('%') {
            Some(p) => {
                parse_decimal(p, DecimalStyle::Point).map_err(|_| bad())? / Decimal::from(100)
            }
            None => parse_decimal(body, DecimalStyle::Point).map_err(|_| bad())?,
        };
        out.push(Action::Reprice(client.to_string(), rise));
    }
    for arg in &args.drop_scope {
        let (client, hours) = split("drop-scope", arg)?;
        let text = hours.strip_suffix('h').unwrap_or(hours);
        let h = parse_decimal(text, DecimalStyle::Point)
            .ok()
            .filter(|h| *h > Decimal::ZERO)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--drop-scope {arg:?}: expected CLIENT=20h (hours above 0)"
                ))
            })?;
        out.push(Action::DropScope(client.to_string(), h));
    }
    if out.is_empty() {
        return Err(Error::Usage(
            "name at least one action: --fire CLIENT, --reprice CLIENT=+15% or --drop-scope CLIENT=20h".into(),
        ));
    }
    Ok(out)
}

/// Runs `portfolio whatif`.
pub fn run(args: WhatIfArgs, ctx: &Ctx) -> Result<Exit> {
    let actions = actions(&args)?;
    let report = analyze(&args.run, ctx)?.report;
    let clients = report
        .clients
        .iter()
        .map(|c| (c.client.as_str(), &c.metrics));
    let result = what_if(clients, &actions, report.settings.period_months).map_err(Error::Usage)?;
    show(&result, &args.output, ctx)
}
