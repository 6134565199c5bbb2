//! A ledger interactions file (see `portfolio_fuzz::ledger_file`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| portfolio_fuzz::ledger_file("--interactions", "interactions.csv", data));
