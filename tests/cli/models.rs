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

/// The CDNOW calibration period only (to 1997-09-30), as `score` reads invoices.
fn cdnow_calibration_invoices() -> String {
    cdnow_invoices()
        .lines()
        .filter(|l| !l.contains(",1997-1") && !l.contains(",1998-"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn score_fills_p_alive_and_a_model_clv_from_the_invoice_histories() {
    // C0088 bought 14.96 + 12.99 + 11.49 = 39.44 in September 1997; an hour at 19.72
    // of cost makes its margin exactly one half.
    let time = "date,client,hours,billable,cost_rate,bill_rate\n1997-09-10,C0088,1,true,19.72,30\n";
    let score = Case::new(["score", "--invoices", "cdnow.csv", "--time", "time.csv"])
        .args([
            "--period",
            "1997-09",
            "--as-of",
            "1997-09-30",
            "--format",
            "json",
        ])
        .file("cdnow.csv", cdnow_calibration_invoices())
        .file("time.csv", time)
        .run()
        .code(0)
        .json();
    let client = score["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "C0088")
        .unwrap();
    let m = &client["metrics"];
    assert_eq!(m["margin_ratio"], 0.5);
    assert_eq!(m["clv_basis"], "model");
    // The same client in `portfolio models` over the 36-month CLV horizon, in weeks,
    // at the same margin.
    let horizon = format!("{}", 36.0 * 30.4375 / 7.0);
    let models = Case::new(["models", "--invoices", "cdnow.csv", "--as-of", "1997-09-30"])
        .args(["--horizon", &horizon, "--margin", "0.5", "--format", "json"])
        .file("cdnow.csv", cdnow_calibration_invoices())
        .run()
        .code(0)
        .json();
    let row = models["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "C0088")
        .unwrap();
    assert_eq!(m["p_alive"], row["p_alive"]);
    let (got, want) = (m["clv"].as_f64().unwrap(), row["clv"].as_f64().unwrap());
    assert!(want > 0.0 && (got - want).abs() <= 0.01, "{got} vs {want}");
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
    // One cohort pooled is that cohort.
    let pooled = &doc["pooled"];
    assert_eq!(pooled["clients"], 1000);
    assert!((pooled["sbg"]["gamma"].as_f64().unwrap() - 0.704).abs() < 0.0005);
    // S(1) = 1 - gamma / (gamma + delta) = 1 - 0.704 / 1.886.
    assert!(
        (pooled["survival"][0].as_f64().unwrap() - 0.6267).abs() < 0.0002,
        "{pooled}"
    );
    // 1,000 clients pin gamma down to a few hundredths.
    let se = c["sbg"]["standard_errors"]["gamma"].as_f64().unwrap();
    assert!(se > 0.005 && se < 0.1, "{c}");
    let interval = &c["sbg"]["intervals_95"]["gamma"];
    let (lo, hi) = (interval[0].as_f64().unwrap(), interval[1].as_f64().unwrap());
    assert!(
        lo < 0.704 && 0.704 < hi && hi - lo < 4.0 * 1.96 * se,
        "{interval}"
    );
}

#[test]
fn churn_history_counts_losses_reasons_and_sources() {
    let dir = data("churn");
    let f = |name: &str| dir.join(name).display().to_string();
    let doc = Case::new(["churn", "--as-of", "2026-11-15", "--periods", "4"])
        .args(["--contracts", &f("contracts.csv")])
        .args(["--interactions", &f("interactions.csv")])
        .args(["--clients", &f("clients.csv"), "--by", "source"])
        .args(["--time", &f("time.csv"), "--invoices", &f("invoices.csv")])
        .args(["--format", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(doc["every"], "quarter");
    assert!(
        doc["pooled"].is_null(),
        "four contract clients: too few to fit"
    );
    let periods: Vec<_> = doc["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["clients_at_start"].as_u64().unwrap(),
                p["lost"].as_u64().unwrap(),
                p["mrr_at_start"].as_f64().unwrap(),
                p["net_revenue_retention"].as_f64().unwrap(),
            )
        })
        .collect();
    // Q2: Kovács 1,200 + Brightline 2,000 + پارس 500 + Delta 1,000 = 4,700 at the
    // start; Brightline's 2,000 goes, 2,700 stays.
    assert_eq!(
        periods,
        vec![
            ("2026-Q1".to_string(), 3, 0, 3700.0, 1.0),
            ("2026-Q2".to_string(), 4, 1, 4700.0, 0.5745),
            ("2026-Q3".to_string(), 3, 1, 2700.0, 0.8148),
            ("2026-Q4".to_string(), 2, 1, 2200.0, 0.5455),
        ]
    );
    assert_eq!(doc["periods"][1]["revenue_churn"], 0.4255);
    assert_eq!(doc["periods"][3]["to"], "2026-11-15");
    let reasons = &doc["reasons"];
    assert_eq!(reasons[0]["reason"], "Budget cuts");
    assert_eq!(reasons[0]["clients"], 2);
    assert_eq!(reasons[0]["share"], 0.5);
    assert_eq!(reasons[1]["reason"], "(no reason recorded)");
    let losses = doc["losses"].as_array().unwrap();
    assert_eq!(losses.len(), 4);
    assert_eq!(losses[1]["client"], "Brightline Ltd");
    assert_eq!(losses[1]["how"], "not_renewed");
    assert_eq!(losses[3]["client"], "Delta Studio");
    assert_eq!(losses[3]["monthly_revenue"], 1000.0);
    // ads: پارس 500 (no time logged: no cost) and Delta 150 against 200 of cost.
    let ads = &doc["sources"][0];
    assert_eq!(ads["source"], "ads");
    assert_eq!(
        (ads["clients"].as_u64(), ads["lost"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(ads["revenue"], 650.0);
    assert_eq!(ads["margin_ratio"], 0.6923);
    // referral: 3,000 + 2,000 of revenue against 10 h x 60 + 20 h x 50.
    let referral = &doc["sources"][1];
    assert_eq!(referral["churn_rate"], 0.5);
    assert_eq!(referral["margin_ratio"], 0.68);
}

#[test]
fn churn_table_names_the_reasons_and_losses() {
    let dir = data("churn");
    let f = |name: &str| dir.join(name).display().to_string();
    Case::new([
        "churn",
        "--as-of",
        "2026-11-15",
        "--every",
        "month",
        "--periods",
        "12",
    ])
    .args(["--contracts", &f("contracts.csv")])
    .args([
        "--interactions",
        &f("interactions.csv"),
        "--format",
        "table",
    ])
    .run()
    .code(0)
    .stdout_has("2026-05          4     0     1   25.0%")
    .stdout_has("2026-05-31 Brightline Ltd (not renewed, 2,000 a month)")
    .stdout_has("2026-02          3     1     0    0.0%")
    .stdout_has("    2  50.0%  Budget cuts");
}

#[test]
fn churn_refuses_a_bad_setting_as_score_does() {
    let contracts = data("churn").join("contracts.csv").display().to_string();
    Case::new(["churn", "--as-of", "2026-11-15", "--contracts", &contracts])
        .args(["--target-margin", "7"])
        .run()
        .code(1)
        .stderr_has("--target-margin 7: expected a ratio from 0 to below 1");
}
