//! The nouns every stage shares: clients, money, dates and settings. No I/O, no rules.

pub mod calendar;
pub mod client;
pub mod ledger;
pub mod money;
pub mod period;
pub mod settings;
pub mod text;

pub use client::{Aging, Client, FitRating};
pub use settings::{HealthModel, NaturalConclusion, Settings};
