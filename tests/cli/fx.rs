//! Several currencies: a HUF/USD/EUR portfolio scored in EUR with a rates file
//! (tests/data/fx/README.md has the arithmetic).

use crate::harness::{client, data, Case};

/// A ledger run for October 2026 in euros, as JSON.
const EUR_OCTOBER_JSON: [&str; 8] = [
    "--currency",
    "EUR",
    "--period",
    "2026-10",
    "--as-of",
    "2026-10-31",
    "--format",
    "json",
];

fn score(as_of: &str) -> crate::harness::Run {
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--rates"])
        .arg_path(data("fx/rates.csv"))
        .args(["--currency", "EUR", "--as-of", as_of, "--format", "json"])
        .run()
}

#[test]
fn a_mixed_portfolio_is_scored_in_the_report_currency() {
    let doc = score("2026-10-31").code(0).json();
    assert_eq!(doc["currency"], "EUR");
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "10160.00");
    assert_eq!(k["cost"].to_string(), "5080.00");
    assert_eq!(k["conversion"]["currency"], "HUF");
    assert_eq!(k["conversion"]["rate"].to_string(), "0.00254");
    assert_eq!(k["conversion"]["rate_date"], "2026-10-31");
    assert_eq!(k["conversion"]["revenue"].to_string(), "4000000.00");
    let b = &client(&doc, "Brightline Ltd")["metrics"];
    assert_eq!(b["revenue"].to_string(), "9200.00");
    assert_eq!(b["conversion"]["rate"].to_string(), "0.92");
    assert!(client(&doc, "Acme Robotics")["metrics"]["conversion"].is_null());
    let now = &doc["portfolio"];
    assert_eq!(now["revenue"].to_string(), "25360.00");
    assert_eq!(now["cost"].to_string(), "14000.00");
    assert_eq!(now["profit"].to_string(), "11360.00");
    assert_eq!(now["margin_ratio"], 0.4479);
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w == "1 client(s) converted from HUF to EUR at 0.00254 (rate of 2026-10-31)"));
}

#[test]
fn a_missing_rate_names_the_currency_and_the_date() {
    score("2026-09-15")
        .code(1)
        .stderr_has("no exchange rate for HUF on or before 2026-09-15 in ")
        .stderr_has("(its first rate there is of 2026-09-30): add a row such as `2026-09-15,HUF,RATE` (what one HUF is worth in EUR)");
}

#[test]
fn fixed_rates_from_the_settings_file_and_the_report_currency_is_needed() {
    let doc = Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--as-of", "2026-10-31", "--format", "json"])
        .file(
            "portfolio.toml",
            "currency = \"EUR\"\n\n[rates]\nHUF = 0.0025\nUSD = 0.9\n",
        )
        .run()
        .code(0)
        .json();
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "10000.00");
    assert!(
        k["conversion"]["rate_date"].is_null(),
        "a fixed rate has no date"
    );
    // Without rates, a mixed file is still an error that names the way out.
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--as-of", "2026-10-31"])
        .run()
        .code(1)
        .stderr_has("mixing currencies needs exchange rates");
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--rates"])
        .arg_path(data("fx/rates.csv"))
        .args(["--as-of", "2026-10-31"])
        .run()
        .code(1)
        .stderr_has("name it with --currency EUR");
}

fn ledger(rates: &str) -> crate::harness::Run {
    Case::new(["score", "--invoices"])
        .arg_path(data("fx/invoices.csv"))
        .args(["--rates"])
        .arg_path(data(rates))
        .args(EUR_OCTOBER_JSON)
        .run()
}

#[test]
fn ledger_invoices_are_converted_at_the_rate_of_their_issue_date() {
    let doc = ledger("fx/ledger_rates.csv").code(0).json();
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["revenue"].to_string(), "2500.00");
    // 1,240.00 in September against 2,500.00 in October.
    assert_eq!(k["revenue_trend_ratio"], 1.0161);
    assert_eq!(
        client(&doc, "Acme Robotics")["metrics"]["revenue"].to_string(),
        "2000.00"
    );
    assert_eq!(doc["currency"], "EUR");
    // The JSON keeps the invoices' own total and the rate they were converted at.
    assert_eq!(k["conversion"]["currency"], "HUF");
    assert_eq!(k["conversion"]["revenue"].to_string(), "1000000");
    assert_eq!(k["conversion"]["rate"].to_string(), "0.0025");
    assert!(k["conversion"]["rate_date"].is_null());
    assert!(client(&doc, "Acme Robotics")["metrics"]["conversion"].is_null());
}

/// The example clients in euros at the rates of a `rates.csv` with this text, as JSON.
fn clients_at(rates: &str) -> crate::harness::Run {
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--rates", "rates.csv", "--currency", "EUR"])
        .args(["--as-of", "2026-10-31", "--format", "json"])
        .file("rates.csv", rates)
        .run()
}

#[test]
fn a_hungarian_rates_file_reads_like_the_plain_one() {
    // BOM, semicolons, CRLF, decimal commas and a blank line: the same rates.
    let hu = "\u{feff}date;currency;rate\r\n2026-09-30;HUF;0,00250\r\n\r\n\
        2026-10-31;HUF;0,00254\r\n2026-10-31;USD;0,92\r\n2026-11-05;USD;0,95\r\n";
    let run = |rates: &str| clients_at(rates).code(0).json()["clients"].clone();
    let plain = std::fs::read_to_string(data("fx/rates.csv")).unwrap();
    assert_eq!(run(hu), run(&plain));
    // Three decimals after a decimal comma are decimals, not thousands: 0,925 not 925.
    let three = run("date;currency;rate\n2026-09-30;HUF;0,0025\n2026-10-31;USD;0,925\n");
    let brightline = three
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "Brightline Ltd")
        .unwrap();
    assert_eq!(brightline["metrics"]["revenue"].to_string(), "9250.00");
    // A bad rate is named by its physical line, blank lines counted.
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--rates", "rates.csv", "--currency", "EUR"])
        .file("rates.csv", "date;currency;rate\n\n2026-09-30;HUF;x\n")
        .run()
        .code(1)
        .stderr_has("rates.csv:3:1: column `rate`: \"x\" is not a rate above 0");
}

/// Found by `fuzz/run.sh` (target `rates`): a rate of 5.5 * 10^24 overflowed the
/// multiplication of an amount and panicked.
#[test]
fn absurd_rates_and_conversions_are_refused_not_a_panic() {
    let crash = "date,currency,rate\n2026-09-30,HUF,05555555555555555555555555.095\n";
    clients_at(crash)
        .code(1)
        .stderr_has("rates.csv:2:1: column `rate`: \"05555555555555555555555555.095\" is not a rate above 0 and at most 1000000000");
    // A rate in range that takes an amount past 10^15 names the client.
    let big = "date,currency,rate\n2026-09-30,HUF,900000\n2026-09-30,USD,0.9\n";
    Case::new([
        "score",
        "c.csv",
        "--rates",
        "rates.csv",
        "--currency",
        "EUR",
    ])
    .args(["--as-of", "2026-10-31", "--format", "json"])
    .file("rates.csv", big)
    .file(
        "c.csv",
        "client,revenue,cost,currency\nKovács Kft.,4000000000000,2000000,HUF\nAcme,100,50,EUR\n",
    )
    .run()
    .code(1)
    .stderr_has("Kovács Kft.: an amount in HUF passes 10^15 EUR at the rate 900000");
    // The same in a ledger: the invoice is rejected, the run goes on.
    let doc = Case::new(["score", "--invoices", "inv.csv", "--rates", "rates.csv"])
        .args(EUR_OCTOBER_JSON)
        .file("rates.csv", big)
        .file(
            "inv.csv",
            "invoice,client,issued,due,paid,amount,currency\n\
             1,Acme,2026-10-05,2026-11-04,,5000000000,HUF\n\
             2,Acme,2026-10-06,2026-11-05,,100,HUF\n",
        )
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rejected"][0]["line"], 2);
    assert_eq!(doc["rejected"][0]["column"], "amount");
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "90000000.00"
    );
    // Fixed rates in the settings are held to the same bounds.
    Case::new(["score"])
        .arg_path(data("fx/clients.csv"))
        .args(["--currency", "EUR", "--as-of", "2026-10-31"])
        .file("portfolio.toml", "[rates]\nHUF = 0\nUSD = 0.9\n")
        .run()
        .code(1)
        .stderr_has("`rates.HUF` is 0: expected a rate above 0 and at most 1000000000");
}

#[test]
fn a_ledger_invoice_without_a_rate_stops_the_run() {
    // rates.csv has HUF from 2026-09-30 only: the September invoice has none.
    ledger("fx/rates.csv")
        .code(1)
        .stderr_has("column `currency`: \"HUF\" is not valid (expected an exchange rate for HUF on or before 2026-09-20 (none in ");
}

#[test]
fn a_missing_rate_stops_the_run_even_after_a_thousand_listed_rejections() {
    // Only the first 1,000 rejections are listed; the missing rate comes after them.
    let mut invoices = String::from("invoice,client,issued,due,paid,amount,currency\n");
    for i in 0..1200 {
        // Rejected: an amount that is no number.
        invoices.push_str(&format!("X{i},Acme,2026-10-05,2026-11-04,,x,EUR\n"));
    }
    invoices.push_str("Z1,Kovács Kft.,2026-09-20,2026-10-20,,1000000,HUF\n");
    Case::new(["score", "--invoices", "inv.csv", "--rates"])
        .arg_path(data("fx/rates.csv"))
        .args(EUR_OCTOBER_JSON)
        .file("inv.csv", invoices)
        .run()
        .code(1)
        .stderr_has("inv.csv:1202: column `currency`: \"HUF\" is not valid (expected an exchange rate for HUF on or before 2026-09-20");
}

#[test]
fn time_entries_and_contracts_in_other_currencies() {
    let doc = Case::new(["score", "--time"])
        .arg_path(data("fx/time.csv"))
        .args(["--contracts"])
        .arg_path(data("fx/contracts.csv"))
        .args(["--rates"])
        .arg_path(data("fx/ledger_rates.csv"))
        .args(EUR_OCTOBER_JSON)
        .run()
        .code(0)
        .json();
    let k = &client(&doc, "Kovács Kft.")["metrics"];
    assert_eq!(k["cost"].to_string(), "400.00");
    assert_eq!(k["ledger"]["billable_value"].to_string(), "1000.00");
    let a = &client(&doc, "Acme Robotics")["metrics"];
    assert_eq!(a["revenue"].to_string(), "900.00");
    assert_eq!(a["ledger"]["revenue_basis"], "contracts");
    assert_eq!(doc["currency"], "EUR");
    assert!(doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().starts_with("rows in other currencies were converted into EUR at the latest rate on or before each row's date (")));
}

/// A rate within 10^15 in its own currency that passes it once converted: the
/// entry is rejected at its rate column and the run goes on.
#[test]
fn a_time_rate_that_passes_the_cap_only_once_converted_is_rejected() {
    let doc = Case::new(["score", "--time", "time.csv", "--rates", "rates.csv"])
        .args(EUR_OCTOBER_JSON)
        .file("rates.csv", "date,currency,rate\n2026-09-30,HUF,900000\n")
        .file(
            "time.csv",
            "date,client,hours,cost_rate,bill_rate,currency\n\
             2026-10-05,Acme,2,5000000000,100,HUF\n\
             2026-10-06,Acme,1,10,20,EUR\n",
        )
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rows"]["rejected"], 1);
    assert_eq!(doc["rejected"][0]["line"], 2);
    assert_eq!(doc["rejected"][0]["column"], "cost_rate");
    // Only the EUR entry counts: 1 h at 10.
    assert_eq!(client(&doc, "Acme")["metrics"]["cost"].to_string(), "10.00");
}

/// A contract fee within 10^15 in its own currency that passes it once converted:
/// the contract is rejected at its fee column, the others count.
#[test]
fn a_contract_fee_that_passes_the_cap_only_once_converted_is_rejected() {
    let doc = Case::new(["score", "--contracts", "c.csv", "--rates", "rates.csv"])
        .args(EUR_OCTOBER_JSON)
        .file("rates.csv", "date,currency,rate\n2026-09-30,HUF,900000\n")
        .file(
            "c.csv",
            "client,start,end,hours_per_month,monthly_fee,currency\n\
             Acme,2026-10-01,2026-12-31,10,5000000000,HUF\n\
             Acme,2026-10-01,2026-12-31,10,300,EUR\n",
        )
        .run()
        .code(0)
        .json();
    assert_eq!(doc["rows"]["rejected"], 1);
    assert_eq!(doc["rejected"][0]["line"], 2);
    assert_eq!(doc["rejected"][0]["column"], "monthly_fee");
    assert_eq!(
        doc["rejected"][0]["expected"],
        "a monthly fee within 10^15 once converted at 900000"
    );
    // Only the EUR contract counts: one month of 300.
    assert_eq!(
        client(&doc, "Acme")["metrics"]["revenue"].to_string(),
        "300.00"
    );
}

/// `[people]` and `--default-cost-rate` are in the report currency: a HUF entry's
/// bill rate is converted, the cost rate the settings give it is not.
#[test]
fn settings_cost_rates_are_not_converted_with_the_row() {
    let doc = Case::new(["score", "--time", "time.csv", "--rates", "rates.csv"])
        .args(EUR_OCTOBER_JSON)
        .args(["--default-cost-rate", "40"])
        .file("rates.csv", "date,currency,rate\n2026-09-30,HUF,0.0025\n")
        .file("portfolio.toml", "[people.\"Anna\"]\ncost_rate = 45\n")
        .file(
            "time.csv",
            "date,client,hours,person,bill_rate,currency\n\
             2026-10-05,Acme,2,Anna,10000,HUF\n\
             2026-10-06,Acme,1,Reza,20000,HUF\n",
        )
        .run()
        .code(0)
        .json();
    let m = &client(&doc, "Acme")["metrics"];
    // 2 h at 45 and 1 h at 40, not at 45 × 0.0025 and 40 × 0.0025.
    assert_eq!(m["cost"].to_string(), "130.00");
    // 2 h at 10,000 HUF (25 EUR) and 1 h at 20,000 HUF (50 EUR).
    assert_eq!(m["ledger"]["billable_value"].to_string(), "100.00");
}
