//! The purchase and value models for people: the fits with their standard errors,
//! and per client P(alive), expected purchases and CLV.

use super::render::{notes, Tabled};
use super::text::{opt, printable};
use crate::metrics::models::optimize::Uncertainty;
use crate::metrics::models::{bgnbd, gamma_gamma, Models, TimeUnit};
use serde::Serialize;
use std::io::{self, Write};

/// The models with what the table needs besides them: the horizon and its unit.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct ModelsView<'a> {
    /// The fitted models.
    pub models: &'a Models,
    /// The horizon, in time units.
    #[serde(skip)]
    pub horizon: f64,
    /// The time unit.
    #[serde(skip)]
    pub unit: TimeUnit,
}

/// `standard errors: r 0.0126 (95% 0.2192-0.2685), ...`, or why there are none.
pub fn spread<const N: usize>(u: &Uncertainty<N>, names: &[&str; N]) -> String {
    let Some(se) = u.standard_errors() else {
        return "standard errors: none (the likelihood is too flat to tell)".into();
    };
    let parts: Vec<String> = (0..N)
        .map(|i| {
            let (lo, hi) = u.interval(i).unwrap_or((f64::NAN, f64::NAN));
            format!("{} {:.4} (95% {:.4}-{:.4})", names[i], se[i], lo, hi)
        })
        .collect();
    format!("standard errors: {}", parts.join(", "))
}

impl Tabled for ModelsView<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let m = self.models;
        match &m.bgnbd {
            Some(b) => {
                let f = &b.fit;
                writeln!(
                    out,
                    "BG/NBD: r {:.4} alpha {:.4} a {:.4} b {:.4} (log-likelihood {:.1}, time in {:?}s)",
                    f.r, f.alpha, f.a, f.b, f.log_likelihood, self.unit
                )?;
                writeln!(out, "  {}", spread(&f.uncertainty, &bgnbd::NAMES))?;
            }
            None => writeln!(out, "BG/NBD: not fitted")?,
        }
        if let Some(g) = &m.gamma_gamma {
            writeln!(
                out,
                "Gamma-Gamma: p {:.4} q {:.4} v {:.4} (log-likelihood {:.1})",
                g.p, g.q, g.v, g.log_likelihood
            )?;
            writeln!(out, "  {}", spread(&g.uncertainty, &gamma_gamma::NAMES))?;
        }
        notes(&m.warnings, out)?;
        writeln!(
            out,
            "\n{:<32} {:>5} {:>9} {:>9} {:>8} {:>10} {:>12}",
            "client",
            "x",
            "recency",
            "T",
            "P(alive)",
            format!("E[{}]", self.horizon),
            "CLV"
        )?;
        for c in &m.clients {
            writeln!(
                out,
                "{:<32} {:>5} {:>9.2} {:>9.2} {:>8} {:>10} {:>12}",
                printable(&c.client),
                c.frequency,
                c.recency,
                c.age,
                opt(c.p_alive),
                opt(c.expected_purchases),
                opt(c.clv)
            )?;
        }
        Ok(())
    }
}
