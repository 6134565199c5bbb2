//! Health: a 0-100 composite (100 = healthy) of margin, scope, lateness, fit and churn.
//!
//! Each dimension scores 0-100; the health is their weighted mean over the
//! dimensions that could be computed, so missing inputs re-normalize the weights.

use crate::model::money::round_to;
use crate::model::{HealthModel, Settings};
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

/// The health of the components: their weighted mean, or under `Worst` the lowest
/// score among weighted dimensions; `None` when none (or only zero weights) remain.
pub fn health(components: &[Component], model: HealthModel) -> Option<f64> {
    let total: f64 = components.iter().map(|c| c.weight.max(0.0)).sum();
    if total <= 0.0 {
        return None;
    }
    match model {
        HealthModel::Weighted => {
            let sum: f64 = components.iter().map(|c| c.weight.max(0.0) * c.score).sum();
            Some(round_to(sum / total, 1))
        }
        HealthModel::Worst => components
            .iter()
            .filter(|c| c.weight > 0.0)
            .map(|c| c.score)
            .min_by(f64::total_cmp)
            .map(|s| round_to(s, 1)),
    }
}

/// Where a health score falls: healthy, watch or at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// At or above `health_healthy_min_score`.
    Healthy,
    /// At or above `health_watch_min_score`.
    Watch,
    /// Below both.
    AtRisk,
}

/// The band of a health score under the settings' limits.
pub fn band(health: f64, s: &Settings) -> Band {
    if health >= s.health_healthy_min_score {
        Band::Healthy
    } else if health >= s.health_watch_min_score {
        Band::Watch
    } else {
        Band::AtRisk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_renormalizes_over_present_dimensions() {
        // margin 50 (w .3) and fit 100 (w .2): (15 + 20) / .5 = 70
        let c = [component("margin", 50.0, 0.3), component("fit", 100.0, 0.2)];
        assert_eq!(health(&c, HealthModel::Weighted), Some(70.0));
        assert_eq!(health(&[], HealthModel::Weighted), None);
    }

    #[test]
    fn worst_wins_takes_the_lowest_weighted_dimension() {
        let c = [
            component("margin", 90.0, 0.3),
            component("lateness", 12.5, 0.15),
            component("fit", 5.0, 0.0), // weighted 0: left out
        ];
        assert_eq!(health(&c, HealthModel::Worst), Some(12.5));
        assert_eq!(health(&c, HealthModel::Weighted), Some(64.2)); // (27 + 1.875) / .45
    }

    #[test]
    fn bands_start_at_their_minimum_scores() {
        let s = Settings::default(); // healthy from 70, watch from 40
        assert_eq!(band(70.0, &s), Band::Healthy);
        assert_eq!(band(69.9, &s), Band::Watch);
        assert_eq!(band(40.0, &s), Band::Watch);
        assert_eq!(band(39.9, &s), Band::AtRisk);
    }
}
