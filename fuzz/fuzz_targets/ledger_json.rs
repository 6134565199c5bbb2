//! A ledger time file as a JSON array or NDJSON (see `portfolio_fuzz::ledger_file`):
//! the streamed element reader (`ingest::json_stream`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| portfolio_fuzz::ledger_file("--time", "time.json", data));
