//! An exchange-rate file, used to convert the multi-currency example.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files, Input};

const CLIENTS: &[u8] = include_bytes!("../../tests/data/fx/clients.csv");

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = portfolio::ingest::fx::Rates::parse_csv(text, "rates.csv");
    }
    let clients = Input {
        flag: None,
        name: "clients.csv",
        bytes: CLIENTS,
    };
    let rates = Input {
        flag: Some("--rates"),
        name: "rates.csv",
        bytes: data,
    };
    score_files(&[clients, rates], &["--currency", "EUR"]);
});
