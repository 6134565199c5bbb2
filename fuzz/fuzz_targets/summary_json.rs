//! A summary client file as a JSON array or NDJSON (the first byte picks which).
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files, Input};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = if pick % 2 == 0 {
        "clients.json"
    } else {
        "clients.ndjson"
    };
    score_files(
        &[Input {
            flag: None,
            name,
            bytes,
        }],
        &[],
    );
});
