//! Health: a 0-100 composite (100 = healthy) of margin, scope, lateness, fit and churn.
//!
//! Each dimension scores 0-100; the health is their weighted mean over the
//! dimensions that could be computed, so missing inputs re-normalize the weights.

use crate::model::money::round_to;
use serde::Serialize;

/// One dimension's part in the health score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// `margin`, `scope`, `lateness`, `fit` or `churn`.
    pub dimension: &'static str,
    /// Score 0-100.
    pub score: f64,
    /// Weight as configured (before re-normalizing).
    pub weight: f64,
}

/// Builds a component, rounding its score to one decimal.
pub fn component(dimension: &'static str, score: f64, weight: f64) -> Component {
    Component {
        dimension,
        score: round_to(score, 1),
        weight,
    }
}

/// A score that falls linearly with a badness figure: 100 at or below 0, 50 at
/// `half_at`, 0 at twice that (used for scope overrun and days late).
pub fn falling(x: f64, half_at: f64) -> f64 {
    if half_at <= 0.0 {
        return if x <= 0.0 { 100.0 } else { 0.0 };
    }
    (1.0 - x.max(0.0) / (2.0 * half_at)).clamp(0.0, 1.0) * 100.0
}

/// Weighted mean of the components; `None` when none (or only zero weights) remain.
pub fn health(components: &[Component]) -> Option<f64> {
    let total: f64 = components.iter().map(|c| c.weight.max(0.0)).sum();
    if total <= 0.0 {
        return None;
    }
    let sum: f64 = components.iter().map(|c| c.weight.max(0.0) * c.score).sum();
    Some(round_to(sum / total, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_renormalizes_over_present_dimensions() {
        // margin 50 (w .3) and fit 100 (w .2): (15 + 20) / .5 = 70
        let c = [component("margin", 50.0, 0.3), component("fit", 100.0, 0.2)];
        assert_eq!(health(&c), Some(70.0));
        assert_eq!(health(&[]), None);
    }
}
