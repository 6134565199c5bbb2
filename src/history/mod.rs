//! The report history: one snapshot per period (settings, the full report, and each
//! client's key figures and verdict) in an embedded SQLite database, so monthly
//! reports can show trends and what changed.
//!
//! Writes happen in one immediate transaction with a busy timeout, so two runs at
//! once queue instead of corrupting the file; a re-run of a period replaces it.

pub mod changes;
pub mod snapshot;
mod store;

pub use changes::{changes, Changes};
pub use snapshot::{ClientSnapshot, Snapshot};
pub use store::History;
