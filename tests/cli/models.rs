//! `portfolio models` end to end: the CDNOW sample as an invoice file reproduces
//! the published BG/NBD and Gamma-Gamma fits.

use crate::harness::{data, Case};

/// The CDNOW sample (tests/data/cdnow) written as an invoice list.
fn cdnow_invoices() -> String {
    let text = std::fs::read_to_string(data("cdnow/CDNOW_sample.txt")).unwrap();
    let mut csv = String::from("invoice,client,issued,amount\n");
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let d = f[2];
        csv.push_str(&format!(
            "T{i},C{},{}-{}-{},{}\n",
            f[1],
            &d[..4],
            &d[4..6],
            &d[6..],
            f[4]
        ));
    }
    csv
}

#[test]
fn cdnow_as_invoices_gives_the_published_fits() {
    let doc = Case::new(["models", "--invoices", "cdnow.csv", "--as-of", "1997-09-30"])
        .args(["--time-unit", "week", "--horizon", "39", "--format", "json"])
        .file("cdnow.csv", cdnow_invoices())
        .run()
        .code(0)
        .json();
    let bg = &doc["bgnbd"];
    for (key, want) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        let got = bg[key].as_f64().unwrap();
        assert!((got - want).abs() < 0.0005, "{key}: {got}");
    }
    assert!((bg["log_likelihood"].as_f64().unwrap() - -9582.4).abs() < 0.1);
    assert_eq!(bg["time_unit"], "week");
    let gg = &doc["gamma_gamma"];
    for (key, want) in [("p", 6.25), ("q", 3.74), ("v", 15.44)] {
        let got = gg[key].as_f64().unwrap();
        assert!((got - want).abs() < 0.005, "{key}: {got}");
    }
    assert_eq!(doc["clients"].as_array().unwrap().len(), 2357);
}

#[test]
fn too_few_clients_give_null_models_and_a_warning() {
    let doc = Case::new([
        "models",
        "--invoices",
        "i.csv",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ])
    .file(
        "i.csv",
        "invoice,client,issued,amount\nA1,Acme,2026-01-05,100\nA2,Acme,2026-03-05,120\n",
    )
    .run()
    .code(0)
    .json();
    assert!(doc["bgnbd"].is_null() && doc["gamma_gamma"].is_null());
    assert!(doc["warnings"][0]
        .as_str()
        .unwrap()
        .contains("BG/NBD not fitted"));
    assert_eq!(doc["clients"][0]["frequency"], 1.0);
    assert_eq!(doc["clients"][0]["monetary_value"].to_string(), "120.00");
}

#[test]
fn score_fills_p_alive_from_the_invoice_histories() {
    let doc = Case::new(["score", "--invoices", "cdnow.csv", "--as-of", "1997-09-30"])
        .args(["--period", "1997-09", "--format", "json"])
        .file("cdnow.csv", cdnow_invoices())
        .run()
        .code(0)
        .json();
    let clients = doc["clients"].as_array().unwrap();
    assert!(!clients.is_empty());
    for c in clients {
        let p = c["metrics"]["p_alive"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{}", c["client"]);
    }
}

/// Fader & Hardie's (2007) regular cohort as a contract file: yearly contracts
/// from 2000-01-01, ending as the survivors say.
fn regular_cohort_contracts() -> String {
    let survivors = [1000u64, 631, 468, 382, 326, 289, 262, 241];
    let mut csv = String::from("client,start,end,monthly_fee\n");
    let mut id = 0;
    for (t, pair) in survivors.windows(2).enumerate() {
        for _ in 0..(pair[0] - pair[1]) {
            id += 1;
            csv.push_str(&format!("C{id},2000-01-01,{}-12-31,100\n", 2000 + t));
        }
    }
    for _ in 0..survivors[7] {
        id += 1;
        csv.push_str(&format!("C{id},2000-01-01,,100\n"));
    }
    csv
}

#[test]
fn churn_fits_the_published_cohort_from_a_contract_file() {
    let doc = Case::new(["churn", "--contracts", "c.csv", "--as-of", "2007-01-01"])
        .args(["--renewal", "year", "--format", "json"])
        .file("c.csv", regular_cohort_contracts())
        .run()
        .code(0)
        .json();
    let c = &doc["cohorts"][0];
    assert_eq!(c["cohort"], "2000");
    assert_eq!(
        c["survivors"],
        serde_json::json!([1000, 631, 468, 382, 326, 289, 262, 241])
    );
    assert!(
        (c["sbg"]["gamma"].as_f64().unwrap() - 0.704).abs() < 0.0005,
        "{c}"
    );
    assert!(
        (c["sbg"]["delta"].as_f64().unwrap() - 1.182).abs() < 0.0005,
        "{c}"
    );
    assert_eq!(c["churn_rate"], 0.0802);
}
