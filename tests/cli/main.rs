//! The one integration test binary: runs the real `portfolio` on fixtures.

// Shared workdir harness.
mod harness;
// SPEC 6: one test per bad-input class, exact message and exit code.
mod bad_input;
// `portfolio explain`.
mod explain;
// The JSON document: schema, stable keys, exact money.
mod json_contract;
// portfolio.toml and `init`.
mod config;
// Ledger mode: raw exports added up per client.
mod ledger;
// Hostile input and failing outputs.
mod hostile;
// Time trackers' exports, unchanged.
mod imports;
// Real exports from public repositories.
mod real;
// Several currencies and exchange rates.
mod fx;
// `portfolio models`: BG/NBD and Gamma-Gamma on invoices.
mod models;
// `portfolio notice`: exit notices.
mod notice;
// `portfolio report`, `history` and `diff`.
mod report;
// `portfolio vet`: prospects.
mod vet;
// `portfolio whatif`.
mod whatif;
// End-to-end `score` runs per format, exit codes, stdin, -o.
mod score;
