//! Every sentence the tool says about a client, written once: reasons, next steps,
//! retention actions, churn signals, when each rule fires, and the plain-words
//! reasons of an exit notice. The stages before this one hand over numbers, dates
//! and enums; dates are shown here in the reader's calendar (JSON and CSV keep ISO).

use crate::model::calendar::{show_date, Calendar};
use crate::model::money::{Fixed, Grouped, Pct};
use crate::model::settings::Lang;
use crate::model::verdict::{
    Creep, Incentive, NextStep, Prepayment, Price, RaiseBasis, Reason, RetentionAction, RuleId,
    SignalInput, Step, UnpaidWork,
};
use crate::verdict::vet::{OverrunBasis, VetReason};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::fmt;

/// A period label (`2026-10`, `2026-Q3`, `2026-10-05..2026-11-04`, as `Period`
/// writes it and the history stores it) with its whole dates in `calendar`; a
/// month, quarter or year label has none and stays as it is.
pub fn period_label(label: &str, calendar: Calendar) -> std::borrow::Cow<'_, str> {
    let days = label.split_once("..").and_then(|(from, to)| {
        Some((
            from.parse::<NaiveDate>().ok()?,
            to.parse::<NaiveDate>().ok()?,
        ))
    });
    match (calendar, days) {
        (Calendar::Gregorian, _) | (_, None) => label.into(),
        (_, Some((from, to))) => {
            format!("{}..{}", show_date(from, calendar), show_date(to, calendar)).into()
        }
    }
}

impl fmt::Display for SignalInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match *self {
            SignalInput::DaysSinceContact(d) => format!("{d} days since last contact"),
            SignalInput::Complaints(n) => format!("{n} complaint(s)"),
            SignalInput::Nps(n) => format!("NPS answer {n}"),
            SignalInput::DaysToContractEnd(d) if d < 0 => {
                format!("contract ended {} days ago", d.unsigned_abs())
            }
            SignalInput::DaysToContractEnd(d) => format!("contract ends in {d} days"),
            SignalInput::NoticeGiven(d) => format!("gave notice {d} days ago"),
            SignalInput::RevenueTrend(t) => {
                format!("revenue {:+}% vs previous period", Fixed(t * 100.0, 1))
            }
        };
        f.pad(&text)
    }
}

/// Types whose JSON is their words (`Display`), as the tables show them.
macro_rules! serialize_as_words {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}

// A signal's input in the JSON `churn_signals`, and the vetting's reasons and overrun basis.
serialize_as_words!(SignalInput, VetReason, OverrunBasis);

impl fmt::Display for UnpaidWork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnpaidWork::Cost(c) => write!(f, "a cost of {}", Grouped(*c)),
            UnpaidWork::Hours(h) => write!(f, "{} hours", h.normalize()),
        }
    }
}

/// When a rule fires, in words (for `explain`).
pub fn rule_when(rule: RuleId) -> &'static str {
    match rule {
        RuleId::RedFlag => "the client has a red flag (abusive or unethical conduct)",
        RuleId::UnrepairableMargin => "margin below margin_floor_ratio, and reaching the floor needs a rise over max_rate_rise_ratio",
        RuleId::PoorFitLatePayer => "fit_score below poor_fit_score and avg_days_late at least days_late_chronic",
        RuleId::PoorFitScopeCreep => "fit_score below poor_fit_score and overrun at least scope_overrun_chronic_ratio (or out-of-scope requests at least twice out_of_scope_requests_max)",
        RuleId::UnderTargetMargin => "margin below target_margin_ratio",
        RuleId::ScopeOverrun => "hours over contract by more than scope_overrun_max_ratio",
        RuleId::OutOfScopeRequests => "out-of-scope requests at least out_of_scope_requests_max",
        RuleId::LatePayer => "avg_days_late over days_late_max",
        RuleId::OverdueOver60Days => "any amount more than 60 days past due",
        RuleId::RateReviewDue => "last rate increase more than rate_review_months ago",
        RuleId::Override => "the settings file sets the verdict by hand",
        RuleId::NoticeGiven => "the client gave notice",
        RuleId::RiseOverCap => "the rise the target margin needs is over max_rate_rise_ratio",
        RuleId::PoorFit => "fit_score below poor_fit_score",
        RuleId::MarginUnknown => "no revenue and cost to judge profitability by",
        RuleId::Healthy => "no rule fired",
    }
}

impl fmt::Display for OverrunBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverrunBasis::Source(source, n) => write!(f, "source {source} ({n} clients)"),
            OverrunBasis::AllClients(n) => write!(f, "all clients ({n})"),
            OverrunBasis::None => f.write_str("none"),
        }
    }
}

/// A percentage with one decimal, as the vetting writes it (`{:.1}`).
fn vet_pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

impl fmt::Display for VetReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VetReason::RedFlag(flag) => write!(
                f,
                "red flag: {flag}; abusive or unethical conduct is a no at any price"
            ),
            VetReason::PoorFit(fit, poor) => write!(
                f,
                "poor fit ({fit:.1} < {poor:.0}): most bad engagements were visible before signing"
            ),
            VetReason::NoMargin => f.write_str(
                "no margin figure: needs quoted_rate, estimated_hours and a cost rate (the prospect's cost_rate, or --portfolio with the agency's costs and hours)",
            ),
            VetReason::Reaches {
                margin,
                target,
                overrun,
                basis,
            } => write!(
                f,
                "expected margin {} at the quote reaches the {} target, with {} scope overrun ({basis})",
                vet_pct(*margin),
                vet_pct(*target),
                vet_pct(*overrun)
            ),
            VetReason::BudgetTooLow {
                budget,
                total,
                target,
                rate,
                overrun,
            } => write!(
                f,
                "budget {budget} is below {total} (the {} target margin at {rate} an hour with {} overrun): business class on an economy budget",
                vet_pct(*target),
                vet_pct(*overrun)
            ),
            VetReason::MarginAtQuote(m) => write!(f, "expected margin at the quote: {}", vet_pct(*m)),
            VetReason::Misses {
                margin,
                target,
                overrun,
                basis,
                rate,
            } => write!(
                f,
                "expected margin {} at the quote misses the {} target once {} overrun ({basis}) is counted: quote {rate} an hour instead",
                margin.map_or("-".into(), vet_pct),
                vet_pct(*target),
                vet_pct(*overrun)
            ),
        }
    }
}

/// A reason in a sentence.
pub fn reason(r: &Reason, calendar: Calendar) -> String {
    match r {
        Reason::RedFlag { flag } => {
            format!("red flag: {flag}; abusive or unethical conduct ends the engagement now")
        }
        Reason::UnpaidWork { work } => format!(
            "no revenue against {work}: no rate rise repairs unpaid work (override if it is deliberate pro bono work)"
        ),
        Reason::UnrepairableMargin {
            margin,
            floor,
            rise,
            cap,
        } => format!(
            "margin {} is below the {} floor, and reaching even the floor needs a {} rate rise (more than the {} a client can be expected to accept)",
            Pct(*margin),
            Pct(*floor),
            Pct(*rise),
            Pct(*cap)
        ),
        Reason::PoorFitLatePayer {
            fit,
            poor,
            days_late,
            chronic,
        } => format!(
            "poor fit ({} < {}) combined with chronic late payment ({} days late on average, chronic at {})",
            Fixed(*fit, 1),
            Fixed(*poor, 0),
            Fixed(*days_late, 1),
            Fixed(*chronic, 0)
        ),
        Reason::PoorFitScopeCreep { fit, poor, creep } => {
            let creep = match creep {
                Creep::Overrun { overrun, chronic } => format!(
                    "{} over contracted hours, chronic at {}",
                    Pct(*overrun),
                    Pct(*chronic)
                ),
                Creep::Requests { requests, chronic } => {
                    format!("{requests} out-of-scope requests, chronic at {chronic}")
                }
            };
            format!(
                "poor fit ({} < {}) combined with chronic scope creep ({creep})",
                Fixed(*fit, 1),
                Fixed(*poor, 0)
            )
        }
        Reason::UnderTargetMargin { margin, target } => format!(
            "margin {} is below the {} target",
            Pct(*margin),
            Pct(*target)
        ),
        Reason::ScopeOverrun {
            overrun,
            hours,
            value,
            allowance,
        } => {
            // The value is only told beside the hours it is the value of.
            let hours = match (hours, value) {
                (Some(h), Some(v)) => format!(" ({} h, worth {v} unbilled)", h.normalize()),
                (Some(h), None) => format!(" ({} h)", h.normalize()),
                (None, _) => String::new(),
            };
            format!(
                "{} over contracted hours{hours}, above the {} allowance",
                Pct(*overrun),
                Pct(*allowance)
            )
        }
        Reason::OutOfScopeRequests { requests, max } => format!(
            "{requests} out-of-scope requests this period (a change-order policy is due at {max})"
        ),
        Reason::LatePayer { days_late, max } => format!(
            "pays {} days late on average (more than {})",
            Fixed(crate::model::money::to_f64(*days_late), 1),
            Fixed(*max, 0)
        ),
        Reason::OverdueOver60Days { amount } => {
            format!("{} is more than 60 days past due", Grouped(*amount))
        }
        Reason::RateReviewDue { months, every } => format!(
            "last rate increase {months} months ago (review at least every {every} months)"
        ),
        Reason::Override {
            verdict,
            reason,
            until,
            rules_verdict,
        } => {
            let until = until.map(|d| format!(" until {}", show_date(d, calendar)));
            let until = until.unwrap_or_default();
            format!("set to {verdict} by hand{until}: {reason} (the rules say {rules_verdict})")
        }
        Reason::NoticeGiven { signal } => format!(
            "the client {signal}: the verdict's next step gives way to the handover"
        ),
        Reason::RiseOverCap { rise, cap } => format!(
            "the {} rise exceeds the {}% a client can be expected to accept: a fire candidate if they refuse",
            Pct(*rise),
            Fixed(cap * 100.0, 0)
        ),
        Reason::PoorFit { fit, poor } => format!(
            "poor fit ({} < {}): talk through expectations and working norms; with late payment or scope creep it means fire",
            Fixed(*fit, 1),
            Fixed(*poor, 0)
        ),
        Reason::MarginUnknown { .. } => {
            "margin unknown: add revenue and cost (or hours and cost_rate) to judge profitability"
                .to_string()
        }
    }
}

/// Prepayment terms in a sentence (the JSON `prepayment`).
pub fn prepayment(p: &Prepayment) -> String {
    format!(
        "Invoice monthly in advance; offer a {}% discount only for quarterly or annual prepayment",
        Fixed(p.discount * 100.0, 0)
    )
}

/// A retention action in words.
pub fn retention_action(a: &RetentionAction) -> String {
    match a {
        RetentionAction::AnswerComplaint => {
            "a senior person calls about the complaint this week and agrees a fix".to_string()
        }
        RetentionAction::Reconnect(input) => format!(
            "a senior person calls to reconnect ({input}); most unhappy clients leave without complaining"
        ),
        RetentionAction::ServiceReview(input) => format!("run a service review ({input})"),
        RetentionAction::LongerContract(input) => {
            format!("offer a longer contract before it ends ({input})")
        }
        RetentionAction::AskWhatChanged(input) => {
            format!("ask what changed and review the account plan ({input})")
        }
        RetentionAction::BestPeople => "put your best people on the account".to_string(),
    }
}

/// "; move the N h/month to other accounts", when the hours are known.
fn freed_hours(freed: Option<Decimal>) -> String {
    freed.map_or_else(String::new, |h| {
        format!("; move the {} h/month to other accounts", h.normalize())
    })
}

/// A step in a sentence.
pub fn step(s: &Step, calendar: Calendar) -> String {
    match s {
        Step::EndNow { flag, freed } => format!(
            "End the engagement now ({flag}): give notice today{}",
            freed_hours(*freed)
        ),
        Step::ProtectTeam => "Protect the team: take them off the account today".to_string(),
        Step::GiveNotice {
            notice,
            exit,
            at_contract_end,
            freed,
        } => format!(
            "Give notice by {} and end on {}{}{}",
            show_date(*notice, calendar),
            show_date(*exit, calendar),
            if *at_contract_end {
                " (contract end)"
            } else {
                ""
            },
            freed_hours(*freed)
        ),
        Step::PlanMove { notice_days } => format!(
            "Plan the team's move now: {notice_days} days' notice, finish open work cleanly, hand over files"
        ),
        Step::BillUntilExit { rate } => format!(
            "Until the exit, bill every out-of-scope request; the current effective rate is {rate}/h"
        ),
        Step::Raise { price, rise, basis } => {
            let price = match price {
                Price::Rate { old, new } => {
                    format!("Raise the rate from {old}/h to {new}/h (+{})", Pct(*rise))
                }
                Price::Fee(fee) => {
                    format!("Raise the fee to {} a month (+{})", Grouped(*fee), Pct(*rise))
                }
                Price::Unknown => format!("Raise prices by {}", Pct(*rise)),
            };
            let basis = match basis {
                RaiseBasis::TargetMargin(target) => {
                    format!(" to reach the {}% target margin", Fixed(target * 100.0, 0))
                }
                RaiseBasis::RateReview(months) => {
                    format!(" at the rate review (last increase {months} months ago)")
                }
            };
            format!("{price}{basis}, from the next natural conclusion")
        }
        Step::IfRefused => {
            "If they refuse the rise, plan an exit at the next natural conclusion".to_string()
        }
        Step::ChangeOrder { rate, unbilled } => {
            let mut line = String::from(
                "Introduce a change-order policy: quote out-of-scope requests before doing them",
            );
            if let Some(r) = rate {
                line.push_str(&format!(" at {r}/h"));
            }
            if let Some((h, v)) = unbilled {
                line.push_str(&format!(
                    "; last period {} h ({}) went unbilled",
                    h.normalize(),
                    Grouped(*v)
                ));
            }
            line
        }
        Step::Prepay { terms, overdue } => {
            let mut line = prepayment(terms);
            if let Some(o) = overdue {
                line.push_str(&format!("; collect the {} overdue first", Grouped(crate::model::money::round_money(*o))));
            }
            line
        }
        Step::ReviewPricing => "Review the account's pricing and terms".to_string(),
        Step::RateReviewDue(since) => match since {
            Some(d) => format!("Rate review due since {}", show_date(*d, calendar)),
            None => "Rate review due since unknown".to_string(),
        },
        Step::RetainValuable {
            tier,
            risk,
            first,
            incentive,
        } => {
            let incentive = match incentive {
                Incentive::UpTo(b) => format!(
                    "; an incentive (discount for a longer contract or prepayment) may cost up to {}",
                    Grouped(*b)
                ),
                Incentive::NotWorth => {
                    "; no incentive: it would cost more than the profit it protects".to_string()
                }
                Incentive::ProfitUnknown => {
                    "; no incentive until its profit is known (add cost or hours and cost_rate)"
                        .to_string()
                }
            };
            format!(
                "Retain: valuable ({}) and at risk (churn risk {}): {}{incentive}",
                tier.map_or("-".into(), |t| format!("tier {t:?}")),
                Fixed(*risk, 2),
                first.as_ref().map(retention_action).unwrap_or_default()
            )
        }
        Step::Retention(action) => retention_action(action),
        Step::Watch { risk } => format!(
            "Keep, and watch: at risk (churn risk {}) but not a top-value client, so no incentive",
            Fixed(*risk, 2)
        ),
        Step::KeepAsIs { review } => match review {
            Some(d) => format!("Keep as is; next rate review by {}", show_date(*d, calendar)),
            None => "Keep as is".to_string(),
        },
        Step::Note(r) => format!("Note: {}", reason(r, calendar)),
        Step::Leaving { signal } => format!(
            "The client is leaving ({signal}): confirm the last day in writing, hand over cleanly, plan the team's freed hours, and ask what made them go"
        ),
    }
}

/// The next step in one sentence: its first step.
pub fn action(n: &NextStep, calendar: Calendar) -> String {
    n.steps
        .first()
        .map(|s| step(s, calendar))
        .unwrap_or_default()
}

/// The JSON `reasons`: each with its rule, metric, value, threshold and text.
pub fn serialize_reasons<S: Serializer>(reasons: &[Reason], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(reasons.iter().map(JsonReason))
}

struct JsonReason<'a>(&'a Reason);

impl Serialize for JsonReason<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let (metric, value, threshold) = r.figures();
        let mut o = s.serialize_struct("Reason", 5)?;
        o.serialize_field("rule", &r.rule())?;
        o.serialize_field("metric", metric)?;
        o.serialize_field("value", &value)?;
        o.serialize_field("threshold", &threshold)?;
        o.serialize_field("text", &reason(r, Calendar::Gregorian))?;
        o.end()
    }
}

/// The JSON `next_step`: its figures, with the action, the steps, the prepayment
/// terms and the retention actions in words.
pub fn serialize_next_step<S: Serializer>(n: &NextStep, s: S) -> Result<S::Ok, S::Error> {
    let mut o = s.serialize_struct("NextStep", 13)?;
    o.serialize_field("action", &action(n, Calendar::Gregorian))?;
    o.serialize_field("new_rate", &n.new_rate)?;
    o.serialize_field("rate_rise_ratio", &n.rate_rise_ratio)?;
    o.serialize_field("new_monthly_fee", &n.new_monthly_fee)?;
    o.serialize_field("change_order_rate", &n.change_order_rate)?;
    o.serialize_field("prepayment", &n.prepayment.as_ref().map(prepayment))?;
    o.serialize_field("exit_date", &n.exit_date)?;
    o.serialize_field("notice_date", &n.notice_date)?;
    o.serialize_field("freed_hours_per_month", &n.freed_hours_per_month)?;
    o.serialize_field("freed_hours_by_person", &n.freed_hours_by_person)?;
    o.serialize_field("capacity", &n.capacity)?;
    o.serialize_field(
        "retention_offer",
        &n.retention_offer.as_ref().map(JsonOffer),
    )?;
    let steps: Vec<String> = n
        .steps
        .iter()
        .map(|s| step(s, Calendar::Gregorian))
        .collect();
    o.serialize_field("steps", &steps)?;
    o.end()
}

struct JsonOffer<'a>(&'a crate::model::verdict::RetentionOffer);

impl Serialize for JsonOffer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut o = s.serialize_struct("RetentionOffer", 3)?;
        let actions: Vec<String> = r.actions.iter().map(retention_action).collect();
        o.serialize_field("actions", &actions)?;
        o.serialize_field("protected_profit", &r.protected_profit)?;
        o.serialize_field("incentive_budget", &r.incentive_budget)?;
        o.end()
    }
}

/// A rule's reason in plain words for the client, in `lang` (the exit notice).
pub fn notice_reason(rule: RuleId, lang: Lang) -> Option<&'static str> {
    use RuleId as R;
    Some(match (lang, rule) {
        (Lang::En, R::RedFlag) => "the conduct towards our team that we have already raised with you",
        (Lang::En, R::UnrepairableMargin) => "the work this engagement needs costs more than its fee covers, and the price change that would take is not one we can fairly ask of you",
        (Lang::En, R::PoorFitLatePayer) => "our ways of working have not come together, and invoices have repeatedly been paid late",
        (Lang::En, R::PoorFitScopeCreep) => "our ways of working have not come together, and the work has repeatedly grown beyond what our agreement covers",
        (Lang::En, R::UnderTargetMargin) => "the engagement no longer covers its costs at the current fee",
        (Lang::En, R::ScopeOverrun | R::OutOfScopeRequests) => "the work has grown well beyond what our agreement covers",
        (Lang::En, R::LatePayer | R::OverdueOver60Days) => "invoices have repeatedly been paid late",
        (Lang::Hu, R::RedFlag) => "a csapatunkkal szembeni magatartás, amelyet korábban már jeleztünk",
        (Lang::Hu, R::UnrepairableMargin) => "a megbízás által igényelt munka többe kerül, mint amennyit a díja fedez, és a szükséges áremelést nem kérhetjük méltányosan",
        (Lang::Hu, R::PoorFitLatePayer) => "munkamódszereink nem illeszkednek egymáshoz, és a számlák kiegyenlítése rendszeresen késett",
        (Lang::Hu, R::PoorFitScopeCreep) => "munkamódszereink nem illeszkednek egymáshoz, és a feladatok rendszeresen túlnőttek a szerződésben rögzítetteken",
        (Lang::Hu, R::UnderTargetMargin) => "a megbízás a jelenlegi díj mellett már nem fedezi a költségeit",
        (Lang::Hu, R::ScopeOverrun | R::OutOfScopeRequests) => "a munka jelentősen túlnőtt a szerződésünkben rögzítetteken",
        (Lang::Hu, R::LatePayer | R::OverdueOver60Days) => "a számlák kiegyenlítése rendszeresen késett",
        (Lang::Fa, R::RedFlag) => "رفتاری با تیم ما که پیش‌تر با شما در میان گذاشته بودیم",
        (Lang::Fa, R::UnrepairableMargin) => "هزینهٔ کاری که این همکاری لازم دارد بیش از مبلغ قرارداد است و افزایش قیمتی که لازم است را نمی‌توانیم منصفانه از شما بخواهیم",
        (Lang::Fa, R::PoorFitLatePayer) => "شیوه‌های کاری ما با هم سازگار نشد و پرداخت صورت‌حساب‌ها بارها با تأخیر انجام شد",
        (Lang::Fa, R::PoorFitScopeCreep) => "شیوه‌های کاری ما با هم سازگار نشد و کار بارها از آنچه در قرارداد آمده فراتر رفت",
        (Lang::Fa, R::UnderTargetMargin) => "این همکاری با مبلغ فعلی دیگر هزینه‌های خود را پوشش نمی‌دهد",
        (Lang::Fa, R::ScopeOverrun | R::OutOfScopeRequests) => "کار بسیار فراتر از آنچه در قرارداد آمده رفته است",
        (Lang::Fa, R::LatePayer | R::OverdueOver60Days) => "پرداخت صورت‌حساب‌ها بارها با تأخیر انجام شده است",
        _ => return None,
    })
}

/// The notice's reason when no rule names one a client should hear (an override, a forced notice).
pub fn notice_general_reason(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "we are no longer the right team for where your business is going",
        Lang::Hu => "már nem mi vagyunk a megfelelő csapat vállalkozása következő szakaszához",
        Lang::Fa => "دیگر تیم مناسبی برای مسیر پیش روی کسب‌وکار شما نیستیم",
    }
}

/// Who gives notice when the settings name no agency.
pub fn notice_default_agency(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "our team",
        Lang::Hu => "csapatunk",
        Lang::Fa => "تیم ما",
    }
}

/// The notice's handover offer.
pub fn notice_handover(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "We will hand over every file, account and document in good order, and we are glad to introduce you to a team that fits your needs better.",
        Lang::Hu => "Minden fájlt, hozzáférést és dokumentációt rendezetten átadunk, és szívesen ajánlunk Önnek olyan csapatot, amely jobban illeszkedik az igényeihez.",
        Lang::Fa => "همهٔ فایل‌ها، حساب‌ها و مستندات را به‌طور کامل تحویل می‌دهیم و با کمال میل شما را به تیمی معرفی می‌کنیم که با نیازهای شما سازگارتر است.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn scope_overrun_tells_the_hours_and_their_value_when_known() {
        let text = |hours: Option<&str>, value: Option<&str>| {
            reason(
                &Reason::ScopeOverrun {
                    overrun: 0.25,
                    hours: hours.map(dec),
                    value: value.map(dec),
                    allowance: 0.15,
                },
                Calendar::Gregorian,
            )
        };
        assert_eq!(
            text(Some("12.50"), Some("1500.00")),
            "25.0% over contracted hours (12.5 h, worth 1500.00 unbilled), above the 15.0% allowance"
        );
        assert_eq!(
            text(Some("12"), None),
            "25.0% over contracted hours (12 h), above the 15.0% allowance"
        );
        assert_eq!(
            text(None, Some("1500.00")),
            "25.0% over contracted hours, above the 15.0% allowance"
        );
    }

    #[test]
    fn dates_in_steps_follow_the_calendar() {
        let s = Step::GiveNotice {
            notice: "2026-12-01".parse().unwrap(),
            exit: "2026-12-31".parse().unwrap(),
            at_contract_end: true,
            freed: Some(dec("7.250")),
        };
        assert_eq!(
            step(&s, Calendar::Gregorian),
            "Give notice by 2026-12-01 and end on 2026-12-31 (contract end); move the 7.25 h/month to other accounts"
        );
        // 1 December 2026 is 10 Azar 1405; 31 December is 10 Dey.
        assert_eq!(
            step(&s, Calendar::Persian),
            "Give notice by 1405/09/10 and end on 1405/10/10 (contract end); move the 7.25 h/month to other accounts"
        );
    }

    #[test]
    fn repricing_steps_read_as_the_owner_acts_on_them() {
        let raise = Step::Raise {
            price: Price::Rate {
                old: dec("100.00"),
                new: dec("150.00"),
            },
            rise: 0.5,
            basis: RaiseBasis::TargetMargin(0.5),
        };
        assert_eq!(
            step(&raise, Calendar::Gregorian),
            "Raise the rate from 100.00/h to 150.00/h (+50.0%) to reach the 50% target margin, from the next natural conclusion"
        );
        let change = Step::ChangeOrder {
            rate: Some(dec("150.00")),
            unbilled: Some((dec("16"), dec("1600.00"))),
        };
        assert_eq!(
            step(&change, Calendar::Gregorian),
            "Introduce a change-order policy: quote out-of-scope requests before doing them at 150.00/h; last period 16 h (1,600.00) went unbilled"
        );
        let prepay = Step::Prepay {
            terms: Prepayment { discount: 0.03 },
            overdue: Some(dec("2500")),
        };
        assert_eq!(
            step(&prepay, Calendar::Gregorian),
            "Invoice monthly in advance; offer a 3% discount only for quarterly or annual prepayment; collect the 2,500.00 overdue first"
        );
    }

    #[test]
    fn period_labels_show_their_days_in_the_calendar() {
        assert_eq!(period_label("2026-10", Calendar::Persian), "2026-10");
        assert_eq!(
            period_label("2026-12-01..2026-12-31", Calendar::Persian),
            "1405/09/10..1405/10/10"
        );
        assert_eq!(
            period_label("2026-12-01..2026-12-31", Calendar::Gregorian),
            "2026-12-01..2026-12-31"
        );
    }

    #[test]
    fn vetting_reasons_read_with_their_figures() {
        let budget = VetReason::BudgetTooLow {
            budget: dec("9000.00"),
            total: dec("12000.00"),
            target: 0.5,
            rate: dec("120"),
            overrun: 0.5,
        };
        assert_eq!(
            budget.to_string(),
            "budget 9000.00 is below 12000.00 (the 50.0% target margin at 120 an hour with 50.0% overrun): business class on an economy budget"
        );
        assert_eq!(
            VetReason::PoorFit(0.0, 40.0).to_string(),
            "poor fit (0.0 < 40): most bad engagements were visible before signing"
        );
        assert_eq!(
            OverrunBasis::Source("ads".into(), 4).to_string(),
            "source ads (4 clients)"
        );
    }

    #[test]
    fn signals_read_as_numbers_in_words() {
        assert_eq!(
            SignalInput::NoticeGiven(12).to_string(),
            "gave notice 12 days ago"
        );
        assert_eq!(
            SignalInput::DaysToContractEnd(-3).to_string(),
            "contract ended 3 days ago"
        );
        assert_eq!(
            SignalInput::RevenueTrend(-0.25).to_string(),
            "revenue -25.0% vs previous period"
        );
    }
}
