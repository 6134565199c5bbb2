//! A summary client file as CSV (any separator, decimal style, encoding marks).
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files, Input};

fuzz_target!(|data: &[u8]| {
    let file = Input {
        flag: None,
        name: "clients.csv",
        bytes: data,
    };
    score_files(&[file], &[]);
});
