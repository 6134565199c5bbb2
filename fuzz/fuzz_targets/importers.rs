//! The exports portfolio recognises by their header: the first byte picks one, the
//! target writes that export's real header, and the fuzzer supplies the rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files_with, Input, Render};

/// (flag, header line) of each recognised export, from tests/data/imports.
const EXPORTS: [(Option<&str>, &str); 7] = [
    (
        Some("--time"),
        include_str!("../../tests/data/imports/harvest.csv"),
    ),
    (
        Some("--time"),
        include_str!("../../tests/data/imports/harvest_eu.csv"),
    ),
    (
        Some("--time"),
        include_str!("../../tests/data/imports/toggl.csv"),
    ),
    (
        Some("--time"),
        include_str!("../../tests/data/imports/clockify.csv"),
    ),
    (
        Some("--time"),
        include_str!("../../tests/data/imports/kimai.csv"),
    ),
    (
        Some("--invoices"),
        include_str!("../../tests/data/imports/xero.csv"),
    ),
    (
        None,
        include_str!("../../tests/data/imports/quickbooks_aging.csv"),
    ),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rows)) = data.split_first() else {
        return;
    };
    let (flag, sample) = EXPORTS[pick as usize % EXPORTS.len()];
    // The QuickBooks report has title lines above its header; keep them all.
    let head_lines = if flag.is_none() { 5 } else { 1 };
    let head: String = sample.split_inclusive('\n').take(head_lines).collect();
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(rows);
    let name = if flag.is_none() {
        "aging.csv"
    } else {
        "export.csv"
    };
    let extra: &[&str] = if flag.is_some() {
        &["--period", "2026-10", "--default-cost-rate", "40"]
    } else {
        &[]
    };
    score_files_with(
        &[Input {
            flag,
            name,
            bytes: &bytes,
        }],
        extra,
        Render::Json,
    );
});
