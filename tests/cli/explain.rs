//! `portfolio explain CLIENT`: formulas with the client's numbers, the rule trail.

use crate::harness::{example, Case};

fn explain(name: &str) -> String {
    Case::new(["explain", name])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .run()
        .code(0)
        .stdout
}

#[test]
fn shows_formulas_with_the_clients_numbers() {
    let out = explain("kovács és társa kft.");
    assert!(out.starts_with("Kovács és Társa Kft. ("), "{out}");
    assert!(
        out.contains("margin_ratio   = profit / revenue = 6500.00 / 18500.00 = 0.3514 (35.1%)"),
        "{out}"
    );
    assert!(
        out.contains("effective_rate = revenue / hours = 18500.00 / 160 = 115.63"),
        "{out}"
    );
    assert!(
        out.contains("=> under_target_margin    reprice  margin 35.1% is below the 50.0% target"),
        "{out}"
    );
    assert!(out.contains(" + rate_review_due"), "{out}");
    assert!(out.contains("new_rate 150.00"), "{out}");
}

#[test]
fn shows_the_churn_signals_and_health_dimensions() {
    let out = explain("شرکت آوا نت");
    assert!(
        out.contains("silence        77 days since last contact"),
        "{out}"
    );
    assert!(out.contains("complaints     2 complaint(s)"), "{out}");
    assert!(
        out.contains("churn_risk = 1 - product(1 - weight x risk)"),
        "{out}"
    );
    assert!(out.contains("=> healthy"), "{out}");
    assert!(out.contains("retention: protected profit"), "{out}");
}

#[test]
fn derived_cost_is_shown_as_hours_times_rate() {
    let out = explain("Atlas Manufacturing");
    assert!(
        out.contains("cost           5800.00 = hours 100 x cost_rate 58.00"),
        "{out}"
    );
}

#[test]
fn unknown_client_suggests_close_names() {
    Case::new(["explain", "Acme"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .run()
        .code(1)
        .stderr_has("portfolio: error: no client named \"Acme\" (did you mean \"Acme Robotics\"?)");
}

#[test]
fn a_rejected_client_is_named_with_its_rejection() {
    Case::new(["explain", "a", "c.csv", "--as-of", "2026-10-31"])
        .file("c.csv", "client,revenue\nA,abc\nB,1\n")
        .run()
        .code(1)
        .stderr_has("portfolio: error: client \"A\" was not scored: its row was rejected (c.csv:2: column `revenue`: \"abc\" is not valid");
}
