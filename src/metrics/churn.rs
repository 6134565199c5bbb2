//! Heuristic churn risk (0-1, 1 = about to leave) from the signals the churn guide names.
//!
//! Each signal gives a risk 0-1, scaled by its weight (its largest contribution);
//! they combine as a noisy-OR, `1 - Π(1 - weight × risk)`: any one signal can raise
//! the risk on its own, and more signals raise it further, never past 1.

use crate::model::money::round_ratio;
pub use crate::model::verdict::SignalInput;
use crate::model::Settings;
use serde::Serialize;

/// One churn signal's reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// `notice`, `silence`, `complaints`, `nps`, `contract_end` or `revenue_trend`.
    pub signal: &'static str,
    /// The input (shown in words: "52 days since last contact").
    pub input: SignalInput,
    /// This signal's risk, 0-1.
    pub risk: f64,
    /// Its largest contribution (the setting).
    pub weight: f64,
    /// `risk` before rounding, so the combined risk is not rounded twice.
    #[serde(skip)]
    pub exact_risk: f64,
}

/// The inputs churn risk reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChurnInputs {
    /// Days since the last two-way contact.
    pub days_since_contact: Option<i64>,
    /// Complaints in the period.
    pub complaints: Option<u32>,
    /// Latest NPS answer.
    pub nps: Option<u8>,
    /// Days until the contract ends (negative: ended).
    pub days_to_contract_end: Option<i64>,
    /// `(revenue - previous) / previous`.
    pub revenue_trend_ratio: Option<f64>,
    /// Days since the client gave notice (a cancellation).
    pub days_since_notice: Option<i64>,
}

/// Risk of each available signal.
pub fn signals(i: &ChurnInputs, s: &Settings) -> Vec<Signal> {
    use SignalInput as In;
    let w = &s.churn_weights;
    // Not a sign of leaving but the act: certain, whatever the other signals say.
    let notice = i
        .days_since_notice
        .map(|d| sig("notice", In::NoticeGiven(d), 1.0, 1.0));
    let silence = i.days_since_contact.map(|d| {
        let (quiet, silent) = (s.contact_quiet_days as f64, s.contact_silent_days as f64);
        let risk = if silent <= quiet {
            f64::from(d as f64 >= silent)
        } else {
            ((d as f64 - quiet) / (silent - quiet)).clamp(0.0, 1.0)
        };
        sig("silence", In::DaysSinceContact(d), risk, w.silence)
    });
    // Most unhappy clients never complain, so the first complaint counts for half.
    let complaints = i.complaints.map(|n| {
        let risk = 1.0 - 0.5f64.powi(n.min(64) as i32);
        sig("complaints", In::Complaints(n), risk, w.complaints)
    });
    let nps = i.nps.map(|n| {
        let risk = match n {
            9..=10 => 0.0,
            7..=8 => 0.3,
            _ => 0.5 + (6.0 - n as f64) / 12.0,
        };
        sig("nps", In::Nps(n), risk, w.nps)
    });
    let contract_end = i.days_to_contract_end.map(|d| {
        let window = s.contract_end_window_days as f64;
        let risk = if d <= 0 {
            1.0
        } else if window <= 0.0 {
            0.0
        } else {
            (1.0 - d as f64 / window).clamp(0.0, 1.0)
        };
        sig(
            "contract_end",
            In::DaysToContractEnd(d),
            risk,
            w.contract_end,
        )
    });
    // A halving of revenue counts fully.
    let trend = i.revenue_trend_ratio.map(|t| {
        let risk = (-t / 0.5).clamp(0.0, 1.0);
        sig("revenue_trend", In::RevenueTrend(t), risk, w.revenue_trend)
    });
    [notice, silence, complaints, nps, contract_end, trend]
        .into_iter()
        .flatten()
        .collect()
}

fn sig(signal: &'static str, input: SignalInput, risk: f64, weight: f64) -> Signal {
    Signal {
        signal,
        input,
        risk: round_ratio(risk),
        weight,
        exact_risk: risk,
    }
}

/// Noisy-OR of the signals, unrounded; `None` when there are none.
pub fn churn_risk(signals: &[Signal]) -> Option<f64> {
    if signals.is_empty() {
        return None;
    }
    let stay: f64 = signals
        .iter()
        .map(|s| 1.0 - (s.weight * s.exact_risk).clamp(0.0, 1.0))
        .product();
    Some(1.0 - stay)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk_of(i: ChurnInputs) -> Option<f64> {
        churn_risk(&signals(&i, &Settings::default())).map(round_ratio)
    }

    #[test]
    fn notice_given_is_certain_churn() {
        let happy = ChurnInputs {
            days_since_contact: Some(2),
            nps: Some(10),
            days_since_notice: Some(12),
            ..Default::default()
        };
        assert_eq!(risk_of(happy), Some(1.0));
        let s = signals(&happy, &Settings::default());
        assert_eq!(s[0].signal, "notice");
        assert_eq!(s[0].input, SignalInput::NoticeGiven(12));
    }

    #[test]
    fn no_signals_no_risk_figure() {
        assert_eq!(risk_of(ChurnInputs::default()), None);
    }

    #[test]
    fn silence_is_linear_from_quiet_to_silent() {
        // Defaults: 21 quiet, 90 silent, weight 0.6. 21 days -> 0; 90 -> 0.6; 55.5 -> 0.3.
        let at = |d| {
            risk_of(ChurnInputs {
                days_since_contact: Some(d),
                ..Default::default()
            })
        };
        assert_eq!(at(21), Some(0.0));
        assert_eq!(at(90), Some(0.6));
        assert_eq!(at(200), Some(0.6));
        let mid = signals(
            &ChurnInputs {
                days_since_contact: Some(55),
                ..Default::default()
            },
            &Settings::default(),
        );
        assert_eq!(mid[0].risk, 0.4928); // (55-21)/69
    }

    #[test]
    fn one_complaint_weighs_a_lot() {
        // 1 complaint: 0.7 * 0.5 = 0.35; 2: 0.7 * 0.75 = 0.525.
        let at = |n| {
            risk_of(ChurnInputs {
                complaints: Some(n),
                ..Default::default()
            })
        };
        assert_eq!(at(1), Some(0.35));
        assert_eq!(at(2), Some(0.525));
        assert_eq!(at(0), Some(0.0));
    }

    #[test]
    fn nps_bands() {
        let at = |n| {
            risk_of(ChurnInputs {
                nps: Some(n),
                ..Default::default()
            })
        };
        assert_eq!(at(10), Some(0.0));
        assert_eq!(at(8), Some(0.15)); // 0.5 * 0.3
        assert_eq!(at(6), Some(0.25)); // 0.5 * 0.5
        assert_eq!(at(0), Some(0.5)); // 0.5 * 1.0
    }

    #[test]
    fn contract_end_and_trend() {
        let end = |d| {
            risk_of(ChurnInputs {
                days_to_contract_end: Some(d),
                ..Default::default()
            })
        };
        assert_eq!(end(-5), Some(0.4));
        assert_eq!(end(45), Some(0.2));
        assert_eq!(end(120), Some(0.0));
        let trend = |t| {
            risk_of(ChurnInputs {
                revenue_trend_ratio: Some(t),
                ..Default::default()
            })
        };
        assert_eq!(trend(-0.25), Some(0.25));
        assert_eq!(trend(0.4), Some(0.0));
    }

    #[test]
    fn signals_combine_as_noisy_or() {
        // complaint 0.35 and silence 0.6: 1 - 0.65 * 0.4 = 0.74
        let r = risk_of(ChurnInputs {
            complaints: Some(1),
            days_since_contact: Some(120),
            ..Default::default()
        });
        assert_eq!(r, Some(0.74));
    }
}
