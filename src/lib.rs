//! `portfolio` tells a service business which clients to fire, reprice or retain, and why.
//!
//! The pipeline runs one way: [`ingest`] (files -> typed records and rejections) ->
//! [`metrics`] (pure figures per client) -> [`verdict`] (ordered rules) ->
//! [`report`] (one model, several renderers). [`cli`] wires it to the command line;
//! `main` only reads the process state (arguments, clock, environment).

pub mod cli;
pub mod error;
pub mod history;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod verdict;

pub use error::{Error, Exit, Result};
pub use metrics::ClientMetrics;
pub use model::{Client, Settings};
pub use report::Report;
pub use verdict::{Assessment, Reason, Verdict};
