//! Probability models of churn and value (SPEC 7), fitted by maximum likelihood.

pub mod bgnbd;
pub mod gamma_gamma;
pub mod optimize;
pub mod sbg;
pub mod special;
