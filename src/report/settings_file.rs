//! The commented `portfolio.toml` that `portfolio init` writes: every setting with
//! its value, its unit and why that default.

use crate::model::Settings;

/// Why each setting has its default, by key (nested keys as `table.key`).
pub const NOTES: &[(&str, &str)] = &[
    ("currency", "Report currency when the input names none (ISO 4217: EUR, HUF, IRR, USD)."),
    ("period_months", "Months the summary figures cover (1-120); ledger runs set it from --period."),
    ("target_margin_ratio", "Delivery margin a healthy agency aims at: half of what a client pays covers overhead and profit. Repricing aims here."),
    ("margin_floor_ratio", "Below it a client barely covers its share of overhead; with no acceptable rise to repair it, fire."),
    ("max_rate_rise_ratio", "About the largest rise a client accepts without re-tendering (0.25 = 25%)."),
    ("scope_overrun_max_ratio", "A few hours over is service; more than 15% over the contracted hours is a second, unpaid scope."),
    ("scope_overrun_chronic_ratio", "A third more work than paid for: chronic creep (a fire signal with poor fit)."),
    ("out_of_scope_requests_max", "One request is a favour, this many a pattern that needs a change-order policy."),
    ("days_late_max", "Average days late above which prepayment terms are proposed: net-30 invoices paid two weeks late finance the client."),
    ("days_late_chronic", "A month late on average is a habit (a fire signal with poor fit)."),
    ("poor_fit_score", "Fit score (0-100) below which fit is poor: a mean rating below 2.6 of 5."),
    ("fit_aspect_weights", "Weight of each fit_<aspect> rating; aspects not listed weigh 1. Respect for the team counts double."),
    ("rate_review_months", "Raise every client's rates at least this often (months)."),
    ("rate_review_rise_ratio", "Rise a rate review proposes when the margin itself needs none (keeps pace with salaries)."),
    ("notice_days", "Minimum notice before an exit, in days: at least a month."),
    ("natural_conclusion", "Exit at the next \"month\" or \"quarter\" end when the contract end does not fit."),
    ("at_risk_churn", "Churn risk (0-1) at or above which a client is at risk: even odds of leaving."),
    ("contact_quiet_days", "Days without contact that start to count as silence: three weeks of quiet is normal."),
    ("contact_silent_days", "Days without contact at which silence counts fully: a quarter is a lost relationship."),
    ("contract_end_window_days", "Days before a contract's end at which its approach starts to count: renewal talks start a quarter ahead."),
    ("churn_weights", "Largest contribution of each churn signal (0-1), combined as a noisy-OR. One complaint weighs a lot: most unhappy clients never complain."),
    ("tier_a_profit_share", "Cumulative profit share that makes tier A: the few clients that make 80% of the profit."),
    ("tier_b_profit_share", "Cumulative profit share that ends tier B; the rest is C."),
    ("health_weights", "Weights of the health score's dimensions; a dimension without data is dropped and the rest re-weighted."),
    ("health_model", "How the health dimensions combine: \"weighted\" mean (a strong margin can carry a late payer) or \"worst\" (any poor dimension makes the client poor)."),
    ("health_healthy_min_score", "Health (0-100) at or above which a client is `healthy`."),
    ("health_watch_min_score", "Health at or above which a client is `watch`; below it, `at_risk`."),
    ("retention_incentive_max_share", "Largest share of the profit at risk a retention incentive may cost: it must cost well under what it saves."),
    ("clv_horizon_months", "Months of future profit in the heuristic CLV: three years."),
    ("clv_monthly_discount_ratio", "Monthly discount rate of the CLV (0.01 = about 12.7% a year)."),
    ("prepayment_discount_ratio", "Discount offered only in exchange for quarterly or annual prepayment."),
    ("override", "Verdicts decided by hand: the verdict shows it was overridden and why; after `until` the rules decide again (with a warning). One [[override]] table per client."),
];

/// Wraps a note as `# ` comment lines of at most 80 columns.
fn comment(note: &str, out: &mut String) {
    let mut line = String::from("#");
    for word in note.split_whitespace() {
        if line.len() + word.len() + 1 > 80 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

fn note(key: &str) -> &'static str {
    NOTES.iter().find(|(k, _)| *k == key).map_or("", |(_, n)| n)
}

/// The settings as a commented TOML file (the built-in defaults for `portfolio init`).
pub fn commented(settings: &Settings) -> String {
    let mut out = String::from(
        "# portfolio.toml: the thresholds and weights behind every verdict.\n\
         # Found as --config FILE, else $PORTFOLIO_CONFIG, else ./portfolio.toml.\n\
         # Every key is optional: a key left out keeps the default shown here.\n\
         # Ratios are fractions (0.25 = 25%); units are in the key names.\n\n",
    );
    let Ok(table) = toml::Table::try_from(settings) else {
        return out;
    };
    if settings.currency.is_none() {
        comment(note("currency"), &mut out);
        out.push_str("# currency = \"EUR\"\n\n");
    }
    // Plain keys first: TOML puts every [table] after them.
    for (key, value) in table.iter().filter(|(_, v)| !v.is_table() && !v.is_array()) {
        comment(note(key), &mut out);
        out.push_str(&format!("{key} = {value}\n\n"));
    }
    let pairs =
        |t: &toml::Table| -> String { t.iter().map(|(k, v)| format!("{k} = {v}\n")).collect() };
    for (key, inner) in table.iter().filter_map(|(k, v)| Some((k, v.as_table()?))) {
        comment(note(key), &mut out);
        out.push_str(&format!("[{key}]\n{}\n", pairs(inner)));
    }
    comment(note("override"), &mut out);
    if settings.overrides.is_empty() {
        out.push_str(
            "# [[override]]\n# client = \"Acme Kft.\"\n# verdict = \"retain\"\n# reason = \"strategic account; renegotiating in Q1\"\n# until = 2027-03-31\n",
        );
    } else if let Some(list) = table.get("override").and_then(toml::Value::as_array) {
        for o in list.iter().filter_map(toml::Value::as_table) {
            out.push_str(&format!("[[override]]\n{}\n", pairs(o)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::config::parse_settings;

    #[test]
    fn the_commented_defaults_read_back_as_the_defaults() {
        let text = commented(&Settings::default());
        assert_eq!(
            parse_settings(&text, "init.toml").unwrap(),
            Settings::default()
        );
        assert!(text.contains("target_margin_ratio = 0.5\n"));
        assert!(text.contains("[health_weights]\nmargin = 0.3\n"));
    }

    #[test]
    fn every_setting_has_a_note() {
        let table = toml::Table::try_from(Settings::default()).unwrap();
        for key in table.keys() {
            assert!(!note(key).is_empty(), "no note for `{key}`");
        }
        assert!(!note("currency").is_empty());
    }
}
