//! `Settings`: every threshold, weight and default the metrics and verdicts use.
//!
//! The JSON report echoes this struct, so field names carry their units and are
//! part of the stable output. Defaults, with the reasoning behind each, are
//! documented in docs/reference.md ("Default thresholds, and why").

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A notice's language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Hungarian.
    Hu,
    /// Persian (right to left).
    Fa,
}

/// Where a fired client's engagement ends when the contract does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NaturalConclusion {
    /// The next month end at least `notice_days` away.
    Month,
    /// The next quarter end at least `notice_days` away.
    Quarter,
}

/// How the health dimensions combine into one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthModel {
    /// Weighted mean of the dimensions that could be computed.
    Weighted,
    /// The worst dimension: any poor dimension makes the client poor.
    Worst,
}

/// Weights of the health score's dimensions; missing dimensions are dropped and the rest re-normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthWeights {
    /// Margin against target.
    pub margin: f64,
    /// Staying within contracted hours.
    pub scope: f64,
    /// Paying on time.
    pub lateness: f64,
    /// Fit ratings.
    pub fit: f64,
    /// Likelihood of staying (1 - churn risk).
    pub churn: f64,
}

/// Largest contribution each churn signal can make (combined as a noisy-OR).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChurnWeights {
    /// Days since the last two-way contact.
    pub silence: f64,
    /// Complaints in the period.
    pub complaints: f64,
    /// Latest NPS answer.
    pub nps: f64,
    /// Contract ending soon (or already ended).
    pub contract_end: f64,
    /// Revenue falling against the previous period.
    pub revenue_trend: f64,
}

/// The resolved configuration of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Currency of the report when the input names none.
    pub currency: Option<String>,
    /// Length of the period the summary figures cover, in months.
    pub period_months: u32,
    /// Margin a client should reach; repricing aims here.
    pub target_margin_ratio: f64,
    /// Margin below which a client is a fire candidate if no acceptable rise repairs it.
    pub margin_floor_ratio: f64,
    /// Largest rate rise a client can be expected to accept.
    pub max_rate_rise_ratio: f64,
    /// Hours over contract above which scope creep calls for a change-order policy.
    pub scope_overrun_max_ratio: f64,
    /// Overrun that counts as chronic creep (a fire signal with poor fit).
    pub scope_overrun_chronic_ratio: f64,
    /// Out-of-scope requests in a period that call for a change-order policy.
    pub out_of_scope_requests_max: u32,
    /// Average days late above which prepayment terms are proposed.
    pub days_late_max: f64,
    /// Average days late that counts as chronic (a fire signal with poor fit).
    pub days_late_chronic: f64,
    /// Fit score (0-100) below which fit is poor.
    pub poor_fit_score: f64,
    /// Weight of each fit aspect (`fit_<aspect>` columns); unlisted aspects weigh 1.
    pub fit_aspect_weights: BTreeMap<String, f64>,
    /// Months after the last rate increase when a rate review is due.
    pub rate_review_months: u32,
    /// Rise a rate review proposes when the margin itself needs none.
    pub rate_review_rise_ratio: f64,
    /// Minimum notice before an exit, in days.
    pub notice_days: u32,
    /// Exit at the next month or quarter end when the contract end is too close or unknown.
    pub natural_conclusion: NaturalConclusion,
    /// Churn risk at or above which a client is at risk.
    pub at_risk_churn: f64,
    /// Days without contact that start to count as silence.
    pub contact_quiet_days: u32,
    /// Days without contact at which silence counts fully.
    pub contact_silent_days: u32,
    /// Days before the contract end at which its approach starts to count.
    pub contract_end_window_days: u32,
    /// Largest contribution of each churn signal.
    pub churn_weights: ChurnWeights,
    /// Cumulative profit share that makes tier A (the top clients).
    pub tier_a_profit_share: f64,
    /// Cumulative profit share that ends tier B.
    pub tier_b_profit_share: f64,
    /// Health score dimension weights.
    pub health_weights: HealthWeights,
    /// `weighted` mean of the dimensions, or `worst` (the lowest dimension).
    pub health_model: HealthModel,
    /// Health at or above which a client is `healthy`.
    pub health_healthy_min_score: f64,
    /// Health at or above which a client is `watch` (below: `at_risk`).
    pub health_watch_min_score: f64,
    /// Largest share of the profit at risk a retention incentive may cost.
    pub retention_incentive_max_share: f64,
    /// Months of future profit counted in the heuristic CLV.
    pub clv_horizon_months: u32,
    /// Monthly discount rate for the CLV.
    pub clv_monthly_discount_ratio: f64,
    /// Discount offered only in exchange for prepayment.
    pub prepayment_discount_ratio: f64,
    /// Verdicts the owner decided by hand (`[[override]]` in the settings file).
    #[serde(rename = "override")]
    pub overrides: Vec<Override>,
    /// The team, by name as the time tracker writes it (`[people."Anna Kovács"]`):
    /// cost rates for exports that carry none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub people: BTreeMap<String, Person>,
    /// Header names of files whose columns are named otherwise (`[columns.time]`
    /// `date = "Munkanap"`): our column → the file's header.
    #[serde(skip_serializing_if = "ColumnMaps::is_empty")]
    pub columns: ColumnMaps,
    /// The exit notice (`portfolio notice`): who signs, the language, a template.
    #[serde(skip_serializing_if = "NoticeSettings::is_empty")]
    pub notice: NoticeSettings,
    /// Fixed exchange rates (`[rates]` `HUF = 0.00254`): what one unit is worth in
    /// the report currency, on any date.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub rates: BTreeMap<String, rust_decimal::Decimal>,
}

/// `[notice]` of the settings file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoticeSettings {
    /// A Markdown template with placeholders, instead of the built-in one.
    pub template: Option<std::path::PathBuf>,
    /// The agency's name as it signs.
    pub agency: Option<String>,
    /// Who signs.
    pub signer: Option<String>,
    /// `en`, `hu` or `fa`.
    pub language: Option<Lang>,
    /// The handover offer, instead of the built-in sentence.
    pub handover: Option<String>,
}

impl NoticeSettings {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == NoticeSettings::default()
    }
}

/// Our column → the file's header, per ledger file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnMaps {
    /// Time entries.
    pub time: BTreeMap<String, String>,
    /// Invoices.
    pub invoices: BTreeMap<String, String>,
    /// Contracts.
    pub contracts: BTreeMap<String, String>,
    /// Interactions.
    pub interactions: BTreeMap<String, String>,
}

impl ColumnMaps {
    /// The map of one kind of ledger file, if it has one.
    pub fn get(&self, kind: crate::model::records::FileKind) -> Option<&BTreeMap<String, String>> {
        use crate::model::records::FileKind;
        let map = match kind {
            FileKind::Time => &self.time,
            FileKind::Invoices => &self.invoices,
            FileKind::Contracts => &self.contracts,
            FileKind::Interactions => &self.interactions,
        };
        (!map.is_empty()).then_some(map)
    }

    /// Whether no file has a map.
    pub fn is_empty(&self) -> bool {
        *self == ColumnMaps::default()
    }
}

/// One team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Loaded cost of one hour of this person's time.
    pub cost_rate: rust_decimal::Decimal,
}

/// A verdict decided by hand for one client, with why and until when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The client, as named in the input (case and accents as `explain` matches them).
    pub client: String,
    /// The verdict to give instead of the rules' one.
    pub verdict: crate::model::verdict::Verdict,
    /// Why, in the owner's words (shown with the verdict).
    pub reason: String,
    /// Last day the override holds; after it the rules decide again (with a warning).
    #[serde(default, deserialize_with = "date_or_toml_date")]
    pub until: Option<chrono::NaiveDate>,
}

/// A date written as `"2026-12-31"` or as a TOML date `2026-12-31`.
fn date_or_toml_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<chrono::NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.trim()
                .parse()
                .map(Some)
                .map_err(|_| E::custom(format!("{v:?} is not a date as YYYY-MM-DD")))
        }
        // A TOML date arrives as a one-entry map holding its text.
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            match map.next_entry::<String, String>()? {
                Some((_, text)) => self.visit_str(&text),
                None => Err(serde::de::Error::custom("a date as YYYY-MM-DD")),
            }
        }
    }
    d.deserialize_any(Visitor)
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            currency: None,
            period_months: 1,
            target_margin_ratio: 0.5,
            margin_floor_ratio: 0.3,
            max_rate_rise_ratio: 0.25,
            scope_overrun_max_ratio: 0.15,
            scope_overrun_chronic_ratio: 0.3,
            out_of_scope_requests_max: 3,
            days_late_max: 15.0,
            days_late_chronic: 30.0,
            poor_fit_score: 40.0,
            fit_aspect_weights: BTreeMap::from([("respect".to_string(), 2.0)]),
            rate_review_months: 12,
            rate_review_rise_ratio: 0.05,
            notice_days: 30,
            natural_conclusion: NaturalConclusion::Month,
            at_risk_churn: 0.5,
            contact_quiet_days: 21,
            contact_silent_days: 90,
            contract_end_window_days: 90,
            churn_weights: ChurnWeights::default(),
            tier_a_profit_share: 0.8,
            tier_b_profit_share: 0.95,
            health_weights: HealthWeights::default(),
            health_model: HealthModel::Weighted,
            health_healthy_min_score: 70.0,
            health_watch_min_score: 40.0,
            retention_incentive_max_share: 0.25,
            clv_horizon_months: 36,
            clv_monthly_discount_ratio: 0.01,
            prepayment_discount_ratio: 0.03,
            overrides: Vec::new(),
            people: BTreeMap::new(),
            columns: ColumnMaps::default(),
            notice: NoticeSettings::default(),
            rates: BTreeMap::new(),
        }
    }
}

impl Default for HealthWeights {
    fn default() -> Self {
        HealthWeights {
            margin: 0.3,
            scope: 0.15,
            lateness: 0.15,
            fit: 0.2,
            churn: 0.2,
        }
    }
}

impl Default for ChurnWeights {
    fn default() -> Self {
        ChurnWeights {
            silence: 0.6,
            complaints: 0.7,
            nps: 0.5,
            contract_end: 0.4,
            revenue_trend: 0.5,
        }
    }
}

/// What a value must be: a message naming the key and the accepted range.
type Check = Result<(), String>;

/// `Ok` when `ok`, else the message.
fn ensure(ok: bool, message: impl FnOnce() -> String) -> Check {
    if ok {
        Ok(())
    } else {
        Err(message())
    }
}

fn within(key: &str, v: f64, lo: f64, hi: f64, what: &str) -> Check {
    ensure(v.is_finite() && (lo..=hi).contains(&v), || {
        format!("`{key}` = {v}: expected {what}")
    })
}

fn count_within(key: &str, v: u32, lo: u32, hi: u32) -> Check {
    ensure((lo..=hi).contains(&v), || {
        format!("`{key}` = {v}: expected a whole number from {lo} to {hi}")
    })
}

/// `low` must not be above `high`.
fn not_above((lk, low): (&str, f64), (hk, high): (&str, f64), expected: &str) -> Check {
    ensure(low <= high, || {
        format!("`{lk}` = {low} is above `{hk}` = {high}: expected {expected}")
    })
}

impl Settings {
    /// Checks every value against its range; the error names the key and what it accepts.
    /// The checks run in this order: the first that fails is the error.
    pub fn validate(&self) -> Check {
        let s = self;
        let ratio = |key: &str, v| within(key, v, 0.0, 1.0, "a ratio from 0 to 1 (0.25 = 25%)");
        let factor = |key: &str, v| within(key, v, 0.0, 10.0, "a ratio from 0 to 10 (0.25 = 25%)");
        let days = |key: &str, v| within(key, v, 0.0, 3650.0, "days from 0 to 3650");
        let score = |key: &str, v| within(key, v, 0.0, 100.0, "a score from 0 to 100");
        let weight = |key: &str, v| within(key, v, 0.0, 100.0, "a weight from 0 to 100");
        let (c, h) = (&s.churn_weights, &s.health_weights);
        let health = [
            ("health_weights.margin", h.margin),
            ("health_weights.scope", h.scope),
            ("health_weights.lateness", h.lateness),
            ("health_weights.fit", h.fit),
            ("health_weights.churn", h.churn),
        ];
        let target = ("target_margin_ratio", s.target_margin_ratio);
        let floor = ("margin_floor_ratio", s.margin_floor_ratio);
        let tiers = [
            ("tier_a_profit_share", s.tier_a_profit_share),
            ("tier_b_profit_share", s.tier_b_profit_share),
        ];
        let (watch, healthy) = (
            ("health_watch_min_score", s.health_watch_min_score),
            ("health_healthy_min_score", s.health_healthy_min_score),
        );
        let (quiet, silent) = (s.contact_quiet_days, s.contact_silent_days);
        let quiet_before_silent = ensure(quiet < silent, || {
            format!("`contact_quiet_days` = {quiet} is not below `contact_silent_days` = {silent}: expected quiet < silent")
        });
        let some_health_weight = ensure(health.iter().any(|(_, v)| *v != 0.0), || {
            "`health_weights`: expected at least one weight above 0".into()
        });
        let what = "a ratio from 0 to below 1 (0.5 = 50%)";
        [
            within(target.0, target.1, 0.0, 0.9999, what),
            ratio(floor.0, floor.1),
            not_above(floor, target, "floor <= target"),
            factor("max_rate_rise_ratio", s.max_rate_rise_ratio),
            factor("scope_overrun_max_ratio", s.scope_overrun_max_ratio),
            factor("scope_overrun_chronic_ratio", s.scope_overrun_chronic_ratio),
            count_within(
                "out_of_scope_requests_max",
                s.out_of_scope_requests_max,
                0,
                10_000,
            ),
            days("days_late_max", s.days_late_max),
            days("days_late_chronic", s.days_late_chronic),
            score("poor_fit_score", s.poor_fit_score),
        ]
        .into_iter()
        .chain(
            s.fit_aspect_weights
                .iter()
                .map(|(aspect, w)| weight(&format!("fit_aspect_weights.{aspect}"), *w)),
        )
        .chain([
            count_within("rate_review_months", s.rate_review_months, 1, 120),
            factor("rate_review_rise_ratio", s.rate_review_rise_ratio),
            count_within("notice_days", s.notice_days, 0, 3650),
            count_within("period_months", s.period_months, 1, 120),
            ratio("at_risk_churn", s.at_risk_churn),
            count_within("contact_quiet_days", s.contact_quiet_days, 0, 3650),
            count_within("contact_silent_days", s.contact_silent_days, 1, 3650),
            quiet_before_silent,
            count_within(
                "contract_end_window_days",
                s.contract_end_window_days,
                1,
                3650,
            ),
            ratio("churn_weights.silence", c.silence),
            ratio("churn_weights.complaints", c.complaints),
            ratio("churn_weights.nps", c.nps),
            ratio("churn_weights.contract_end", c.contract_end),
            ratio("churn_weights.revenue_trend", c.revenue_trend),
            ratio(tiers[0].0, tiers[0].1),
            ratio(tiers[1].0, tiers[1].1),
            not_above(tiers[0], tiers[1], "A <= B"),
        ])
        .chain(health.map(|(key, v)| weight(key, v)))
        .chain([
            some_health_weight,
            score(healthy.0, healthy.1),
            score(watch.0, watch.1),
            not_above(watch, healthy, "watch <= healthy"),
            ratio(
                "retention_incentive_max_share",
                s.retention_incentive_max_share,
            ),
            count_within("clv_horizon_months", s.clv_horizon_months, 1, 600),
            ratio("clv_monthly_discount_ratio", s.clv_monthly_discount_ratio),
            ratio("prepayment_discount_ratio", s.prepayment_discount_ratio),
        ])
        .collect::<Check>()?;
        // The bounds of amounts read from files: products and sums cannot overflow.
        let money_max = crate::model::money::MONEY_MAX;
        for (name, p) in &self.people {
            if p.cost_rate.is_sign_negative() || p.cost_rate > money_max {
                return Err(format!(
                    "`people.{name:?}.cost_rate` is {}: expected a cost per hour from 0 to 10^15",
                    p.cost_rate
                ));
            }
        }
        for (code, rate) in &self.rates {
            if *rate <= rust_decimal::Decimal::ZERO || *rate > crate::model::money::RATE_MAX {
                return Err(format!(
                    "`rates.{code}` is {rate}: expected a rate above 0 and at most 1000000000 (what one {code} is worth in the report currency)"
                ));
            }
        }
        for o in &self.overrides {
            if crate::model::client::clean_name(&o.client).is_empty() {
                return Err("`override.client`: expected a client name".into());
            }
            if o.reason.trim().is_empty() {
                return Err(format!(
                    "`override.reason` for {:?}: expected why, in a few words",
                    o.client
                ));
            }
        }
        if let Some(code) = &self.currency {
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!(
                    "`currency` = {code:?}: expected a three-letter ISO 4217 code such as EUR, HUF or IRR"
                ));
            }
        }
        Ok(())
    }
}
