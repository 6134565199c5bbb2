//! metrics: pure functions from clients and settings to per-client figures.
//!
//! No file is read and no clock is consulted here: `as_of` comes in as an argument.

pub mod churn;
pub mod churn_history;
pub mod client;
pub mod fit;
pub mod health;
pub mod lateness;
pub mod ledger;
pub mod margin;
pub mod models;
pub mod portfolio;
pub mod scope_creep;
pub mod value;
pub mod whatif;

pub use churn::Signal;
pub use client::{compute, ClientMetrics, ClvBasis};
pub use health::Component;
pub use portfolio::{AfterActions, PortfolioTotals};
pub use value::Tier;
