//! Payment lateness: how late a client pays and what is overdue.

/// Score 0-100: 100 when paying on time or early, 50 at the chronic lateness, 0 at twice that.
pub fn score(avg_days_late: f64, chronic_days: f64) -> f64 {
    super::health::falling(avg_days_late, chronic_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_points() {
        assert_eq!(score(-3.0, 30.0), 100.0);
        assert_eq!(score(15.0, 30.0), 75.0);
        assert_eq!(score(30.0, 30.0), 50.0);
        assert_eq!(score(75.0, 30.0), 0.0);
    }
}
