//! The verdict's nouns: the decision, a reason's figures, and the override note.

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

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Fire => "fire",
            Verdict::Reprice => "reprice",
            Verdict::Retain => "retain",
        })
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

/// Why: the metric, its value, the threshold it crossed, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Rule id that produced it (see the README's rule table).
    pub rule: &'static str,
    /// Metric key, as in `metrics`.
    pub metric: &'static str,
    /// The client's value (number, or text for a red flag).
    pub value: Figure,
    /// The threshold crossed (`null` for a red flag).
    pub threshold: Figure,
    /// The reason in a sentence.
    pub text: String,
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
