//! report: the report model, built once, and its renderers. Renderers format; they never compute.

pub mod charts;
pub mod churn;
pub mod columns;
pub mod csv;
pub mod document;
pub mod explain;
pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
pub mod models;
pub mod monthly;
pub mod notice;
pub mod plan;
pub mod render;
pub mod settings_file;
pub mod sink;
pub mod summary;
pub mod table;
pub mod text;
pub mod vet;
pub mod whatif;
pub mod wording;

pub use document::{ClientReport, Format, Report, Style, SCHEMA_VERSION};
pub use render::{Document, Tabled};
