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
