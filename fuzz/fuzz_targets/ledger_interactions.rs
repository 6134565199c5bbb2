//! A ledger interactions file, scored for a period with the bundled example's other files
//! absent, and once more beside a clients file so the merge runs too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files_with, Input, Render};

const CLIENTS: &[u8] = include_bytes!("../../examples/ledger/clients.csv");

fuzz_target!(|data: &[u8]| {
    let ledger = Input {
        flag: Some("--interactions"),
        name: "interactions.csv",
        bytes: data,
    };
    score_files_with(&[ledger], &["--period", "2026-10"], Render::Json);
    let ledger = Input {
        flag: Some("--interactions"),
        name: "interactions.csv",
        bytes: data,
    };
    let clients = Input {
        flag: Some("--clients"),
        name: "clients.csv",
        bytes: CLIENTS,
    };
    score_files_with(&[ledger, clients], &["--period", "2026-Q3"], Render::Json);
});
