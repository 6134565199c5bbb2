//! `portfolio explain`: every metric's inputs, formula and value, the churn signals
//! and health dimensions behind the scores, which rule decided, and the next step.

use super::document::{ClientReport, Format, Report, Style};
use super::render::Document;
use super::text::{hours, money, opt, pct, printable};
use super::wording;
use crate::model::records::RevenueBasis;
use crate::model::Client;
use crate::verdict::{RuleId, RULES};
use std::fmt::{self, Write as _};
use std::io;

/// How one client's numbers and verdict were reached.
#[derive(Debug, Clone, Copy)]
pub struct Explanation<'a> {
    /// The whole report (settings, period, calendar).
    pub report: &'a Report,
    /// The client's line.
    pub client: &'a ClientReport,
    /// The client's input record, when it is at hand.
    pub input: Option<&'a Client>,
}

impl Document for Explanation<'_> {
    fn formats(&self) -> &'static [Format] {
        &[Format::Table]
    }

    fn write(&self, _: Format, _: Style, out: &mut (dyn io::Write + Send)) -> io::Result<()> {
        let mut text = String::new();
        explain(self.report, self.client, self.input, &mut text).map_err(io::Error::other)?;
        for line in text.lines() {
            writeln!(out, "{}", printable(line))?;
        }
        Ok(())
    }
}

/// Writes the explanation as text.
fn explain(
    report: &Report,
    c: &ClientReport,
    input: Option<&Client>,
    o: &mut String,
) -> fmt::Result {
    let (m, s) = (&c.metrics, &report.settings);
    // The figures more than one line shows.
    let (revenue, profit, worked) = (opt(m.revenue), opt(m.profit), hours(m.hours));
    let (health, days_late) = (opt(c.health), opt(m.avg_days_late));
    let origin = input.map(|i| format!(" ({})", i.origin));
    writeln!(o, "{}{}", c.client, origin.unwrap_or_default())?;
    let verdict = c.verdict.to_string().to_uppercase();
    writeln!(
        o,
        "verdict: {verdict} (rule `{}`) · health {health} / 100 (100 = healthy) · as of {}\n",
        c.rule, report.as_of
    )?;
    if let Some(ov) = &c.overridden {
        let until = ov
            .until
            .map_or_else(|| "until removed".to_string(), |d| format!("until {d}"));
        writeln!(
            o,
            "set by hand in the settings file ({until}): {}; the rules say {}\n",
            ov.reason, ov.rules_verdict
        )?;
    }

    writeln!(o, "Profitability")?;
    let ledger = m.ledger.as_deref();
    let period = report
        .period
        .map_or_else(|| "the period".to_string(), |p| p.to_string());
    let cost_how = match input {
        _ if ledger.is_some() => " = sum of hours x cost_rate over the time entries".into(),
        Some(i) if i.cost_derived => format!(
            " = hours {} x cost_rate {}",
            hours(i.hours),
            opt(i.cost_rate)
        ),
        _ => " (as given)".into(),
    };
    let revenue_how = match ledger.and_then(|l| l.revenue_basis) {
        Some(RevenueBasis::Invoices) => format!(" = invoices issued in {period}"),
        Some(RevenueBasis::Contracts) => format!(" = contract fees for {period}"),
        Some(RevenueBasis::Time) => " = billable hours x bill_rate".into(),
        None => " (as given)".into(),
    };
    writeln!(o, "  revenue        {revenue}{revenue_how}")?;
    writeln!(o, "  cost           {}{cost_how}", opt(m.cost))?;
    writeln!(o, "  profit         = revenue - cost = {profit}")?;
    writeln!(
        o,
        "  margin_ratio   = profit / revenue = {profit} / {revenue} = {} ({})",
        opt(m.margin_ratio),
        pct(m.margin_ratio)
    )?;
    let rate = opt(m.effective_rate);
    writeln!(
        o,
        "  effective_rate = revenue / hours = {revenue} / {worked} = {rate}"
    )?;

    writeln!(o, "\nScope")?;
    let contracted = hours(m.contracted_hours);
    writeln!(
        o,
        "  scope_overrun_ratio = (hours - contracted_hours) / contracted_hours = ({worked} - {contracted}) / {contracted} = {} ({})",
        opt(m.scope_overrun_ratio),
        pct(m.scope_overrun_ratio)
    )?;
    let oos_how = match input.and_then(|i| i.out_of_scope_hours) {
        Some(_) if ledger.is_some() => "time entries marked in_scope = false",
        Some(_) => "as given",
        None => "max(0, hours - contracted_hours)",
    };
    let oos_hours = hours(m.out_of_scope_hours);
    writeln!(o, "  out_of_scope_hours  = {oos_how} = {oos_hours}")?;
    let value_how = if input.and_then(|i| i.out_of_scope_value).is_some() {
        "each out-of-scope entry's hours x its bill_rate"
    } else {
        "out_of_scope_hours x bill rate (else effective rate)"
    };
    let (value, requests) = (opt(m.out_of_scope_value), opt(m.out_of_scope_requests));
    writeln!(o, "  out_of_scope_value  = {value_how} = {value}")?;
    writeln!(o, "  out_of_scope_requests {requests}")?;

    writeln!(o, "\nPayment")?;
    writeln!(
        o,
        "  avg_days_late {days_late} · late_invoice_ratio {} · overdue {}",
        opt(m.late_invoice_ratio),
        opt(m.overdue)
    )?;
    if let Some(a) = &m.aging {
        writeln!(
            o,
            "  aging: current {} · 1-30 {} · 31-60 {} · 61-90 {} · 90+ {}",
            a.current, a.d1_30, a.d31_60, a.d61_90, a.d90_plus
        )?;
    }
    if let Some(l) = ledger {
        writeln!(
            o,
            "  over invoices due in the 12 months to {}: amount-weighted days late {days_late} · plain mean {}",
            report.as_of,
            opt(l.avg_days_late_plain)
        )?;
        writeln!(
            o,
            "  outstanding {} · dso_days = outstanding / invoiced in the last 365 days x 365 = {}",
            opt(l.outstanding),
            opt(l.dso_days)
        )?;
        writeln!(o, "\nLedger ({period})")?;
        writeln!(
            o,
            "  billable_hours {} · billable_value {} · invoices {} · cancellations {}",
            hours(l.billable_hours),
            opt(l.billable_value),
            opt(l.invoices),
            opt(l.cancellations)
        )?;
        writeln!(
            o,
            "  months_over_contract {} (of the 6 months to the period's end)",
            opt(l.months_over_contract)
        )?;
    }

    writeln!(o, "\nFit")?;
    match input.map(|i| &i.fit) {
        Some(ratings) if !ratings.is_empty() => {
            let parts: Vec<String> = ratings
                .iter()
                .map(|r| {
                    format!(
                        "{} {} (weight {})",
                        r.aspect,
                        r.rating,
                        crate::metrics::fit::aspect_weight(&s.fit_aspect_weights, &r.aspect)
                    )
                })
                .collect();
            writeln!(o, "  ratings: {}", parts.join(", "))?;
            writeln!(
                o,
                "  fit_score = (weighted mean rating - 1) / 4 x 100 = {} (100 = excellent)",
                opt(m.fit_score)
            )?;
        }
        _ => writeln!(o, "  no fit ratings: fit_score is null")?,
    }

    writeln!(o, "\nChurn risk (0-1, 1 = about to leave)")?;
    for sig in &m.churn_signals {
        writeln!(
            o,
            "  {:<14} {:<36} risk {:.4} x weight {:.2} = {:.4}",
            sig.signal,
            sig.input,
            sig.risk,
            sig.weight,
            // `+ 0.0` turns a -0.0 (a falling risk of nothing) into 0.
            sig.exact_risk * sig.weight + 0.0
        )?;
    }
    let risk = opt(m.churn_risk);
    writeln!(o, "  churn_risk = 1 - product(1 - weight x risk) = {risk}")?;

    writeln!(o, "\nValue")?;
    writeln!(
        o,
        "  value_tier {} (A = top clients making up the first {:.0}% of profit, B up to {:.0}%) · revenue_share {} · profit_share {}",
        opt(m.value_tier.map(|t| format!("{t:?}"))),
        s.tier_a_profit_share * 100.0,
        s.tier_b_profit_share * 100.0,
        pct(m.revenue_share),
        pct(m.profit_share)
    )?;
    let (months, discount, clv) = (
        s.clv_horizon_months,
        s.clv_monthly_discount_ratio,
        opt(m.clv),
    );
    match m.clv_basis {
        Some(crate::metrics::ClvBasis::Model) => writeln!(
            o,
            "  clv = margin x sum over {months} months of (BG/NBD purchases expected in month t x Gamma-Gamma value per purchase) / (1 + {discount})^t = {clv} (p_alive {})",
            opt(m.p_alive)
        )?,
        _ => writeln!(
            o,
            "  clv = monthly profit x sum over {months} months of ((1 - churn_risk)^(1/12) / (1 + {discount}))^t = {clv}",
        )?,
    }

    writeln!(
        o,
        "\nHealth (0-100, 100 = healthy) = sum(weight x score) / sum(weight)"
    )?;
    for comp in &m.health_components {
        writeln!(
            o,
            "  {:<9} score {:>5.1} x weight {:.2}",
            comp.dimension, comp.score, comp.weight
        )?;
    }
    writeln!(o, "  health = {health}")?;

    writeln!(o, "\nRules (tried in order; the first that fires decides)")?;
    for rule in RULES {
        let fired = c.reasons.iter().find(|r| r.rule() == rule.id);
        let mark = match fired {
            Some(_) if rule.id == c.rule => "=> ",
            Some(_) => " + ",
            None => "   ",
        };
        let text = fired.map_or_else(
            || format!("no: {}", wording::rule_when(rule.id)),
            |r| report.reason_text(r),
        );
        let verdict = rule.verdict.to_string();
        writeln!(o, "{mark}{:<22} {verdict:<8} {text}", rule.id)?;
    }
    if c.rule == RuleId::Healthy {
        writeln!(o, "=> healthy                retain   no rule fired")?;
    }
    for r in c
        .reasons
        .iter()
        .filter(|r| !RULES.iter().any(|x| x.id == r.rule()))
    {
        writeln!(o, " + {:<22} note     {}", r.rule(), report.reason_text(r))?;
    }

    writeln!(o, "\nNext step")?;
    for step in &c.next_step.steps {
        writeln!(o, "  - {}", wording::step(step, report.calendar))?;
    }
    let n = &c.next_step;
    if n.new_rate.is_some() || n.new_monthly_fee.is_some() {
        writeln!(
            o,
            "  new_rate {} · rate_rise_ratio {} · new_monthly_fee {}",
            opt(n.new_rate),
            opt(n.rate_rise_ratio),
            money(n.new_monthly_fee)
        )?;
    }
    if let (Some(exit), Some(notice)) = (n.exit_date, n.notice_date) {
        writeln!(
            o,
            "  exit_date {exit} · notice_date {notice} · freed_hours_per_month {}",
            opt(n.freed_hours_per_month)
        )?;
    }
    if let Some(offer) = &n.retention_offer {
        writeln!(
            o,
            "  retention: protected profit {} (12 months of profit x churn risk) · incentive budget {}",
            opt(offer.protected_profit),
            opt(offer.incentive_budget)
        )?;
    }
    if !c.warnings.is_empty() {
        writeln!(o, "\nWarnings")?;
        for w in &c.warnings {
            writeln!(o, "  - {w}")?;
        }
    }
    Ok(())
}
