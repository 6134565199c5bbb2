//! `portfolio whatif` on the bundled example, checked against its own figures.

use crate::harness::{client, example, Case};
use serde_json::Value;

fn whatif(actions: &[&str]) -> crate::harness::Run {
    Case::new(["whatif"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31", "--format", "json"])
        .args(actions.iter().copied())
        .run()
}

fn money(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn the_after_column_is_the_before_column_minus_the_actions() {
    let scored = Case::new(["score"])
        .arg_path(example("clients.csv"))
        .args(["--as-of", "2026-10-31", "--format", "json"])
        .run()
        .code(0)
        .json();
    let nw = &client(&scored, "Northwind Traders")["metrics"];
    let kv = &client(&scored, "Kovács és Társa Kft.")["metrics"];
    let w = whatif(&[
        "--fire",
        "northwind traders",
        "--reprice",
        "Kovács és Társa Kft.=+10%",
    ])
    .code(0)
    .json();
    let (before, after) = (&w["before"], &w["after"]);
    assert_eq!(
        money(&before["revenue"]),
        money(&scored["portfolio"]["revenue"])
    );
    let expected_revenue =
        money(&before["revenue"]) - money(&nw["revenue"]) + 0.1 * money(&kv["revenue"]);
    assert!(
        (money(&after["revenue"]) - expected_revenue).abs() < 0.005,
        "{after}"
    );
    let expected_cost = money(&before["cost"]) - money(&nw["cost"]);
    assert!((money(&after["cost"]) - expected_cost).abs() < 0.005);
    assert_eq!(money(&after["freed_hours_per_month"]), money(&nw["hours"]));
    assert_eq!(money(&before["freed_hours_per_month"]), 0.0);
}

#[test]
fn an_action_on_no_client_or_a_bad_value_is_a_usage_error() {
    whatif(&["--fire", "Nobody"])
        .code(1)
        .stderr_has("no client named \"Nobody\" in the input");
    whatif(&["--reprice", "Northwind Traders=lots"])
        .code(1)
        .stderr_has("expected CLIENT=+15%");
    whatif(&[]).code(1).stderr_has("name at least one action");
}
