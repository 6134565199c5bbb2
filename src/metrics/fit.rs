//! Fit: the weighted mean of the 1-5 ratings mapped to 0-100 (1 -> 0, 3 -> 50, 5 -> 100).

use crate::model::money::{round_to, to_f64};
use crate::model::FitRating;
use std::collections::BTreeMap;

/// The weight of one aspect: as configured, else 1.
pub fn aspect_weight(weights: &BTreeMap<String, f64>, aspect: &str) -> f64 {
    weights.get(aspect).copied().unwrap_or(1.0)
}

/// Fit score 0-100 (100 = excellent fit); `None` without ratings.
/// Aspects missing from `weights` weigh 1.
pub fn fit_score(ratings: &[FitRating], weights: &BTreeMap<String, f64>) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for r in ratings {
        let w = aspect_weight(weights, &r.aspect);
        sum += w * to_f64(r.rating);
        total += w;
    }
    if total <= 0.0 {
        return None;
    }
    Some(round_to((sum / total - 1.0) / 4.0 * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn r(aspect: &str, v: &str) -> FitRating {
        FitRating {
            aspect: aspect.into(),
            rating: dec(v),
        }
    }

    #[test]
    fn maps_mean_rating_to_0_100() {
        let none = BTreeMap::new();
        assert_eq!(fit_score(&[r("overall", "3")], &none), Some(50.0));
        assert_eq!(fit_score(&[r("overall", "1")], &none), Some(0.0));
        assert_eq!(fit_score(&[r("overall", "5")], &none), Some(100.0));
        // respect 2, communication 4, strategic 5 -> mean 11/3 -> (11/3 - 1)/4 = 66.7
        let three = [
            r("respect", "2"),
            r("communication", "4"),
            r("strategic", "5"),
        ];
        assert_eq!(fit_score(&three, &none), Some(66.7));
        assert_eq!(fit_score(&[], &none), None);
    }

    #[test]
    fn weights_tilt_the_mean() {
        // respect weighs 2: (2*2 + 4 + 5) / 4 = 3.25 -> 56.3
        let w = BTreeMap::from([("respect".to_string(), 2.0)]);
        let three = [
            r("respect", "2"),
            r("communication", "4"),
            r("strategic", "5"),
        ];
        assert_eq!(fit_score(&three, &w), Some(56.3));
    }
}
