//! Benchmark: fitting BG/NBD on 100,000 simulated clients (issue 5: under 2 s).
//!
//! `cargo bench --bench models`. Histories are drawn from the model itself with
//! the CDNOW parameters (r 0.243, alpha 4.414, a 0.793, b 2.426), ages 27-39 weeks,
//! so the fit has a known answer to land near.

#![allow(missing_docs)] // criterion_group! generates undocumented functions.

use criterion::{criterion_group, criterion_main, Criterion};
use portfolio::metrics::models::bgnbd::{fit, History};
use std::hint::black_box;

/// xorshift64*: deterministic, good enough for a benchmark's draws.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        (-2.0 * self.uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.uniform()).cos()
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang, boosted for shape < 1.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

fn simulate(n: usize) -> Vec<History> {
    let (r, alpha, a, b) = (0.243, 4.414, 0.793, 2.426);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|_| {
            let lambda = rng.gamma(r) / alpha;
            let (ga, gb) = (rng.gamma(a), rng.gamma(b));
            let p = ga / (ga + gb);
            let age = 27.0 + 12.0 * rng.uniform();
            // Purchases on whole days, as ledgers count them.
            let (mut t, mut x, mut last) = (0.0, 0.0, 0.0);
            loop {
                t += -rng.uniform().ln() / lambda.max(1e-12);
                if t > age {
                    break;
                }
                x += 1.0;
                last = (t * 7.0).floor() / 7.0;
                if rng.uniform() < p {
                    break;
                }
            }
            History {
                frequency: x,
                recency: last,
                age: (age * 7.0).floor() / 7.0,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let clients = simulate(100_000);
    let m = fit(&clients).expect("a fit");
    eprintln!(
        "fit on 100,000 simulated clients: r {:.3} alpha {:.3} a {:.3} b {:.3}",
        m.r, m.alpha, m.a, m.b
    );
    let mut group = c.benchmark_group("bgnbd");
    group.sample_size(10);
    group.bench_function("fit_100k_clients", |b| b.iter(|| black_box(fit(&clients))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
