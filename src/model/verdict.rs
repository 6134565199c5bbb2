//! The verdict's nouns: the decision, the rule that gave it, each reason with its
//! figures, and the next step as numbers and dates. No sentences here: they are
//! written once, in `report::wording`, in the reader's language and calendar.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The one decision per client.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// End the engagement.
    Fire,
    /// Keep, at a new price or on new terms.
    Reprice,
    /// Keep as is (with a retention action when valuable and at risk).
    Retain,
}

/// The name the command line and the JSON give it: `fire`, `reprice`, `retain`.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = clap::ValueEnum::to_possible_value(self).expect("no verdict is skipped");
        f.write_str(name.get_name())
    }
}

/// Value tier: A = the top clients making up the first 80% of profit, then B, then C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Tier {
    /// Top clients: together the first `tier_a_profit_share` of profit.
    A,
    /// The next clients up to `tier_b_profit_share`.
    B,
    /// The rest, and every client without positive profit.
    C,
}

/// The rule behind a reason (and the one that decided a verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum RuleId {
    /// A red flag: abusive or unethical conduct.
    RedFlag,
    /// A margin below the floor that no acceptable rise repairs (or unpaid work).
    UnrepairableMargin,
    /// Poor fit with chronic late payment.
    PoorFitLatePayer,
    /// Poor fit with chronic scope creep.
    PoorFitScopeCreep,
    /// Margin below the target.
    UnderTargetMargin,
    /// Hours over the contract beyond the allowance.
    ScopeOverrun,
    /// Too many out-of-scope requests.
    OutOfScopeRequests,
    /// Pays late on average.
    LatePayer,
    /// Money more than 60 days past due.
    #[serde(rename = "overdue_over_60_days")]
    #[value(name = "overdue_over_60_days")]
    OverdueOver60Days,
    /// The last rate increase is too old.
    RateReviewDue,
    /// The settings file set the verdict by hand.
    Override,
    /// The client gave notice.
    NoticeGiven,
    /// The rise the target margin needs is over the cap.
    RiseOverCap,
    /// Poor fit alone (a note).
    PoorFit,
    /// No margin to judge (a note).
    MarginUnknown,
    /// No rule fired.
    Healthy,
}

/// The id as JSON and the documentation write it: `red_flag`, `late_payer`, …
impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = clap::ValueEnum::to_possible_value(self).expect("no rule is skipped");
        f.pad(name.get_name())
    }
}

/// A reason's value or threshold: a plain JSON number, text or null.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    /// A ratio, score or day count.
    Number(f64),
    /// A whole number (counts, months).
    Count(i64),
    /// Money, exact.
    Money(Decimal),
    /// Text (a red flag).
    Text(String),
    /// Nothing (no threshold, an unknown value).
    Null,
}

/// Real work a client paid nothing for: zero revenue against a cost, or against hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnpaidWork {
    /// A cost of delivery.
    Cost(Decimal),
    /// Hours delivered (no cost figure).
    Hours(Decimal),
}

/// A churn signal's input, kept as numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SignalInput {
    /// Days since the last contact.
    DaysSinceContact(i64),
    /// Complaints in the period.
    Complaints(u32),
    /// The NPS answer.
    Nps(u8),
    /// Days to the contract end (negative: ended).
    DaysToContractEnd(i64),
    /// Revenue change against the previous period, as a fraction.
    RevenueTrend(f64),
    /// Days since the client gave notice.
    NoticeGiven(i64),
}

/// The chronic scope creep that, with poor fit, means fire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Creep {
    /// Hours over the contract, at least the chronic ratio.
    Overrun {
        /// The overrun ratio.
        overrun: f64,
        /// `scope_overrun_chronic_ratio`.
        chronic: f64,
    },
    /// Out-of-scope requests, at least twice the maximum.
    Requests {
        /// The requests.
        requests: u32,
        /// Twice `out_of_scope_requests_max`.
        chronic: u32,
    },
}

/// Why a client got its verdict: one per rule that fired (or note), with the
/// figures that decided it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A red flag.
    RedFlag {
        /// The red flag as written.
        flag: String,
    },
    /// No revenue for real work.
    UnpaidWork {
        /// The cost or hours given away.
        work: UnpaidWork,
    },
    /// A margin below the floor that only a rise over the cap would repair.
    UnrepairableMargin {
        /// The margin.
        margin: f64,
        /// `margin_floor_ratio`.
        floor: f64,
        /// The rise the floor needs.
        rise: f64,
        /// `max_rate_rise_ratio`.
        cap: f64,
    },
    /// Poor fit with chronic late payment.
    PoorFitLatePayer {
        /// The fit score.
        fit: f64,
        /// `poor_fit_score`.
        poor: f64,
        /// Average days late.
        days_late: f64,
        /// `days_late_chronic`.
        chronic: f64,
    },
    /// Poor fit with chronic scope creep.
    PoorFitScopeCreep {
        /// The fit score.
        fit: f64,
        /// `poor_fit_score`.
        poor: f64,
        /// The creep.
        creep: Creep,
    },
    /// A margin below the target.
    UnderTargetMargin {
        /// The margin.
        margin: f64,
        /// `target_margin_ratio`.
        target: f64,
    },
    /// Hours over the contract beyond the allowance.
    ScopeOverrun {
        /// The overrun ratio.
        overrun: f64,
        /// Out-of-scope hours, when known.
        hours: Option<Decimal>,
        /// Their unbilled value, when known.
        value: Option<Decimal>,
        /// `scope_overrun_max_ratio`.
        allowance: f64,
    },
    /// Out-of-scope requests at the maximum or more.
    OutOfScopeRequests {
        /// The requests.
        requests: u32,
        /// `out_of_scope_requests_max`.
        max: u32,
    },
    /// Pays late on average.
    LatePayer {
        /// Average days late, exact.
        days_late: Decimal,
        /// `days_late_max`.
        max: f64,
    },
    /// Money more than 60 days past due.
    OverdueOver60Days {
        /// The amount.
        amount: Decimal,
    },
    /// The last rate increase is older than the review interval.
    RateReviewDue {
        /// Whole months since it.
        months: i32,
        /// `rate_review_months`.
        every: u32,
    },
    /// The settings file set the verdict.
    Override {
        /// The verdict set.
        verdict: Verdict,
        /// The owner's reason.
        reason: String,
        /// Last day it holds.
        until: Option<NaiveDate>,
        /// The verdict the rules gave.
        rules_verdict: Verdict,
    },
    /// The client gave notice: the next step is the handover.
    NoticeGiven {
        /// When, as the churn signal reads it.
        signal: SignalInput,
    },
    /// The rise the target margin needs is over the cap.
    RiseOverCap {
        /// The rise (unrounded).
        rise: f64,
        /// `max_rate_rise_ratio`.
        cap: f64,
    },
    /// Poor fit alone: a note on a kept client.
    PoorFit {
        /// The fit score.
        fit: f64,
        /// `poor_fit_score`.
        poor: f64,
    },
    /// No margin to judge profitability by.
    MarginUnknown {
        /// `target_margin_ratio`.
        target: f64,
    },
}

impl Reason {
    /// The rule it comes from.
    pub fn rule(&self) -> RuleId {
        match self {
            Reason::RedFlag { .. } => RuleId::RedFlag,
            Reason::UnpaidWork { .. } | Reason::UnrepairableMargin { .. } => {
                RuleId::UnrepairableMargin
            }
            Reason::PoorFitLatePayer { .. } => RuleId::PoorFitLatePayer,
            Reason::PoorFitScopeCreep { .. } => RuleId::PoorFitScopeCreep,
            Reason::UnderTargetMargin { .. } => RuleId::UnderTargetMargin,
            Reason::ScopeOverrun { .. } => RuleId::ScopeOverrun,
            Reason::OutOfScopeRequests { .. } => RuleId::OutOfScopeRequests,
            Reason::LatePayer { .. } => RuleId::LatePayer,
            Reason::OverdueOver60Days { .. } => RuleId::OverdueOver60Days,
            Reason::RateReviewDue { .. } => RuleId::RateReviewDue,
            Reason::Override { .. } => RuleId::Override,
            Reason::NoticeGiven { .. } => RuleId::NoticeGiven,
            Reason::RiseOverCap { .. } => RuleId::RiseOverCap,
            Reason::PoorFit { .. } => RuleId::PoorFit,
            Reason::MarginUnknown { .. } => RuleId::MarginUnknown,
        }
    }

    /// The metric it is about (as the JSON `metrics` object names it), the client's
    /// value of it, and the threshold the value crossed (`null` where there is none).
    pub fn figures(&self) -> (&'static str, Figure, Figure) {
        use Figure::{Count, Money, Null, Number, Text};
        let count = |n: u32| Count(i64::from(n));
        match self {
            Reason::RedFlag { flag } => ("red_flag", Text(flag.clone()), Null),
            Reason::UnpaidWork { .. } => ("revenue", Money(Decimal::ZERO), Null),
            Reason::UnrepairableMargin { margin, floor, .. } => {
                ("margin_ratio", Number(*margin), Number(*floor))
            }
            Reason::UnderTargetMargin { margin, target } => {
                ("margin_ratio", Number(*margin), Number(*target))
            }
            Reason::MarginUnknown { target } => ("margin_ratio", Null, Number(*target)),
            Reason::PoorFitLatePayer { fit, poor, .. }
            | Reason::PoorFitScopeCreep { fit, poor, .. }
            | Reason::PoorFit { fit, poor } => ("fit_score", Number(*fit), Number(*poor)),
            Reason::ScopeOverrun {
                overrun, allowance, ..
            } => ("scope_overrun_ratio", Number(*overrun), Number(*allowance)),
            Reason::OutOfScopeRequests { requests, max } => {
                ("out_of_scope_requests", count(*requests), count(*max))
            }
            Reason::LatePayer { days_late, max } => {
                ("avg_days_late", Money(*days_late), Number(*max))
            }
            Reason::OverdueOver60Days { amount } => ("aging", Money(*amount), Count(0)),
            Reason::RateReviewDue { months, every } => (
                "months_since_rate_increase",
                Count(i64::from(*months)),
                count(*every),
            ),
            Reason::Override { verdict, .. } => ("verdict", Text(verdict.to_string()), Null),
            Reason::NoticeGiven { .. } => ("churn_risk", Number(1.0), Null),
            Reason::RiseOverCap { rise, cap } => (
                "rate_rise_ratio",
                Number(crate::model::money::round_ratio(*rise)),
                Number(*cap),
            ),
        }
    }
}

/// Why a verdict was set by hand, and until when (the JSON `override` object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverrideNote {
    /// The owner's reason.
    pub reason: String,
    /// Last day it holds (`null`: until removed).
    pub until: Option<NaiveDate>,
    /// The verdict the rules gave.
    pub rules_verdict: Verdict,
}

/// The price a rise is told in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Price {
    /// An hourly rate, from and to.
    Rate {
        /// The effective rate now.
        old: Decimal,
        /// The proposed rate.
        new: Decimal,
    },
    /// A monthly fee.
    Fee(Decimal),
    /// Neither is known: the rise alone.
    Unknown,
}

/// Why a rise is proposed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RaiseBasis {
    /// To reach the target margin (`target_margin_ratio`).
    TargetMargin(f64),
    /// At the rate review, so many months after the last increase.
    RateReview(i32),
}

/// What a retention incentive may cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Incentive {
    /// Up to this much.
    UpTo(Decimal),
    /// None: it would cost more than the profit it protects.
    NotWorth,
    /// None until the client's profit is known.
    ProfitUnknown,
}

/// One thing to do to keep a valuable client at risk, answering a churn signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RetentionAction {
    /// A senior person calls about the complaint.
    AnswerComplaint,
    /// A senior person calls to reconnect after a silence.
    Reconnect(SignalInput),
    /// A service review after a low NPS answer.
    ServiceReview(SignalInput),
    /// A longer contract before the current one ends.
    LongerContract(SignalInput),
    /// Ask what changed (falling revenue, any other signal).
    AskWhatChanged(SignalInput),
    /// No signal to answer: the best people on the account.
    BestPeople,
}

/// One step of a client's next step, in order; the first is the action.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A red flag: end it now.
    EndNow {
        /// The red flag.
        flag: String,
        /// Hours a month it frees.
        freed: Option<Decimal>,
    },
    /// Take the team off a red-flag account today.
    ProtectTeam,
    /// Give notice and end at the natural conclusion.
    GiveNotice {
        /// Notice by this day.
        notice: NaiveDate,
        /// Last day.
        exit: NaiveDate,
        /// The exit is the contract's end.
        at_contract_end: bool,
        /// Hours a month it frees.
        freed: Option<Decimal>,
    },
    /// Plan the team's move within the notice.
    PlanMove {
        /// Days of notice.
        notice_days: u32,
    },
    /// Bill every out-of-scope request until the exit.
    BillUntilExit {
        /// The effective rate.
        rate: Decimal,
    },
    /// Raise the price.
    Raise {
        /// Of what, from and to.
        price: Price,
        /// The rise (unrounded).
        rise: f64,
        /// Why.
        basis: RaiseBasis,
    },
    /// Plan an exit if the client refuses a rise over the cap.
    IfRefused,
    /// Bill out-of-scope work by change order.
    ChangeOrder {
        /// At this hourly price, when known.
        rate: Option<Decimal>,
        /// Last period's unbilled out-of-scope hours and their value.
        unbilled: Option<(Decimal, Decimal)>,
    },
    /// Prepayment terms for a late payer.
    Prepay {
        /// The terms.
        terms: Prepayment,
        /// What is overdue, to collect first.
        overdue: Option<Decimal>,
    },
    /// Nothing specific fired: review pricing and terms.
    ReviewPricing,
    /// A rate review is due, since this day (when known).
    RateReviewDue(Option<NaiveDate>),
    /// Retain a valuable client at risk.
    RetainValuable {
        /// Its tier.
        tier: Option<Tier>,
        /// Its churn risk.
        risk: f64,
        /// The first retention action.
        first: Option<RetentionAction>,
        /// What an incentive may cost.
        incentive: Incentive,
    },
    /// A further retention action.
    Retention(RetentionAction),
    /// At risk but not top value: keep and watch.
    Watch {
        /// Its churn risk.
        risk: f64,
    },
    /// Healthy: keep as is, with the next rate review when due.
    KeepAsIs {
        /// The next rate review.
        review: Option<NaiveDate>,
    },
    /// A note for the owner.
    Note(Reason),
    /// The client is leaving: the handover.
    Leaving {
        /// When it gave notice.
        signal: SignalInput,
    },
}

/// Prepayment terms: monthly in advance, a discount only for longer prepayment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prepayment {
    /// The discount offered for quarterly or annual prepayment (`prepayment_discount_ratio`).
    pub discount: f64,
}

/// A retention plan for a valuable client at risk.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionOffer {
    /// What to do, one action per signal.
    pub actions: Vec<RetentionAction>,
    /// Expected profit lost over the next 12 months if nothing is done (`annual profit × churn_risk`).
    /// `None` when the client's profit is unknown (no cost).
    pub protected_profit: Option<Decimal>,
    /// Largest incentive worth offering; `None` when it would not pay for itself.
    pub incentive_budget: Option<Decimal>,
}

/// One person's hours a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonHours {
    /// The person, as the time entries name them.
    pub person: String,
    /// Hours a month.
    pub hours_per_month: Decimal,
}

/// Hours freed in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthHours {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Hours freed in it.
    pub freed_hours: Decimal,
}

/// What to do now: the figures of the step and its steps in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NextStep {
    /// Hourly rate at the proposed price: the one that reaches the target margin on the
    /// observed hours and cost, or the rate-review rise when the margin needs none.
    pub new_rate: Option<Decimal>,
    /// The rise that rate (or fee) means, 0.25 = 25%.
    pub rate_rise_ratio: Option<f64>,
    /// Monthly fee at the proposed price (same basis as `new_rate`).
    pub new_monthly_fee: Option<Decimal>,
    /// Hourly price for out-of-scope work, billed by change order.
    pub change_order_rate: Option<Decimal>,
    /// Payment terms for a late payer.
    pub prepayment: Option<Prepayment>,
    /// Last day of the engagement.
    pub exit_date: Option<NaiveDate>,
    /// Date by which to give notice.
    pub notice_date: Option<NaiveDate>,
    /// Hours per month the exit frees for other accounts.
    pub freed_hours_per_month: Option<Decimal>,
    /// The same by person, most first (ledger runs whose time entries name people).
    pub freed_hours_by_person: Vec<PersonHours>,
    /// Hours freed in each of the six months from the report date's month: the
    /// months after the exit in full, the exit month for its days after the exit.
    pub capacity: Vec<MonthHours>,
    /// Retention plan for a valuable client at risk.
    pub retention_offer: Option<RetentionOffer>,
    /// Every step, in order (the first is the action).
    pub steps: Vec<Step>,
    /// The period's revenue at the proposed price, unrounded (for the what-if).
    pub new_period_revenue: Option<Decimal>,
}
