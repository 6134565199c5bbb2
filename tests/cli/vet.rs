//! `portfolio vet`: take, take at a price, or decline, as the numbers imply
//! (tests/data/vet/README.md has the arithmetic).

use crate::harness::{data, Case};

fn vet(extra: &[&str]) -> serde_json::Value {
    Case::new(["vet"])
        .arg_path(data("vet/prospects.csv"))
        .args(["--portfolio"])
        .arg_path(data("vet/portfolio.csv"))
        .args(["--format", "json"])
        .args(extra.iter().copied())
        .run()
        .code(0)
        .json()
}

#[test]
fn each_prospect_gets_the_verdict_its_numbers_imply() {
    let doc = vet(&[]);
    assert_eq!(doc["baseline"]["cost_rate"].to_string(), "40.00");
    let rows: Vec<(String, serde_json::Value, String, String)> = doc["prospects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["prospect"].as_str().unwrap().to_string(),
                p["verdict"].clone(),
                p["expected_cost"].to_string(),
                p["expected_margin_ratio"].to_string(),
            )
        })
        .collect();
    let want = [
        ("Fekete Pékség Zrt.", "take", "4800.00", "0.52"),
        ("Harbor Media plc", "take_at_price", "6000.00", "0.4"),
        ("پارس طراحی", "decline", "6000.00", "0.3333"),
        ("Lumen Studio", "decline", "4160.00", "0.6533"),
        ("Northwind Traders", "decline", "1920.00", "0.76"),
    ];
    for (got, want) in rows.iter().zip(want) {
        assert_eq!(
            (
                got.0.as_str(),
                got.1.as_str().unwrap(),
                got.2.as_str(),
                got.3.as_str()
            ),
            want
        );
    }
    let harbor = &doc["prospects"][1];
    assert_eq!(harbor["price_rate"].to_string(), "120.00");
    assert_eq!(harbor["price_total"].to_string(), "12000.00");
    assert_eq!(harbor["overrun_basis"], "source ads (1 clients)");
    assert!(doc["prospects"][2]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("business class on an economy budget"));
    assert!(doc["prospects"][3]["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("poor fit (16.7 < 40)"));
    assert!(doc["prospects"][4]["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("red flag: Threatened a designer"));
}

#[test]
fn a_lower_target_margin_takes_the_ads_prospect_as_quoted() {
    let doc = vet(&["--target-margin", "0.4"]);
    assert_eq!(doc["prospects"][1]["verdict"], "take");
    // 6,000 of cost at a 40% margin: 10,000, 100 an hour.
    assert_eq!(doc["prospects"][1]["price_rate"].to_string(), "100.00");
}

#[test]
fn without_a_portfolio_the_prospects_own_cost_rate_is_needed() {
    let doc = Case::new(["vet", "p.csv", "--format", "json"])
        .file(
            "p.csv",
            "client,quoted_rate,estimated_hours,cost_rate\nAcme,100,10,30\nBeta,100,10,\n",
        )
        .run()
        .code(0)
        .json();
    // No history: no overrun; 10 h at 30 against 1,000.
    assert_eq!(doc["prospects"][0]["verdict"], "take");
    assert_eq!(doc["prospects"][0]["expected_margin_ratio"], 0.7);
    assert_eq!(doc["prospects"][0]["overrun_basis"], "none");
    assert!(doc["prospects"][1]["verdict"].is_null());
}
