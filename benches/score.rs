//! Benchmarks: scoring generated summary files of 3,000 and 10,000 clients.
//!
//! `cargo bench --bench score` measures (1) ingest + metrics + verdict + JSON render in
//! process, and (2) the release binary end to end (process start, read, score, write
//! to a pipe), as JSON, CSV and the terminal table. Summary mode has no speed target
//! beyond "instant": tens of milliseconds for thousands of clients.

#![allow(missing_docs)] // criterion_group! generates undocumented functions.

use criterion::{criterion_group, criterion_main, Criterion};

use portfolio::ingest::{read_clients, ReadOptions, Source};
use portfolio::report::{Document, Format};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A deterministic, realistic summary file: Pareto-ish revenues, mixed signals, some gaps.
fn generate(clients: usize) -> String {
    let mut s = String::from(
        "client,revenue,cost,hours,contracted_hours,out_of_scope_requests,avg_days_late,overdue,fit_respect,fit_expectations,red_flag,last_contact,complaints,nps,contract_end,last_rate_increase,source,currency\n",
    );
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    for i in 0..clients {
        let revenue = 500 + 200_000 / (1 + i as u64 % 400) + next(5_000);
        let cost = revenue * (35 + next(70)) / 100;
        let hours = cost / 60 + 1;
        let contracted = hours * (80 + next(40)) / 100;
        let flag = if next(200) == 0 { "abusive emails" } else { "" };
        let _ = writeln!(
            s,
            "Client {i} Kft.,\"{revenue}.{:02}\",{cost}.00,{hours},{contracted},{},{},{},{},{},{flag},2026-{:02}-{:02},{},{},2027-{:02}-28,2025-{:02}-01,{},EUR",
            next(100),
            next(6),
            next(45),
            next(3) * 500,
            1 + next(5),
            1 + next(5),
            1 + next(10),
            1 + next(28),
            next(3),
            next(11),
            1 + next(12),
            1 + next(12),
            ["referral", "ads", "marketplace"][next(3) as usize],
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    for clients in [3_000, 10_000] {
        bench_size(c, clients);
    }
}

fn bench_size(c: &mut Criterion, clients: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join(format!("clients-{clients}.csv"));
    std::fs::write(&path, generate(clients)).unwrap();
    let source = Source::Path(path.clone());
    let as_of = "2026-10-31".parse().unwrap();
    let settings = portfolio::Settings::default();

    let mut group = c.benchmark_group(format!("score_{clients}_clients"));
    group.sample_size(20);
    group.bench_function("in_process_csv_to_json", |b| {
        b.iter(|| {
            let ingested = read_clients(&source, &ReadOptions::default()).unwrap();
            let report = portfolio::pipeline::score(&ingested, &settings, as_of);
            let mut out = Vec::with_capacity(16 << 20);
            report
                .write(Format::Json, Default::default(), &mut out)
                .unwrap();
            black_box(out.len())
        })
    });

    // The binary is built by `cargo bench` (bench profile = release) next to this bench's deps dir.
    let exe = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("portfolio");
    if exe.exists() {
        for format in ["json", "csv", "table"] {
            group.bench_function(format!("binary_end_to_end_{format}"), |b| {
                b.iter(|| {
                    let status = Command::new(&exe)
                        .args([
                            "score",
                            path.to_str().unwrap(),
                            "--as-of",
                            "2026-10-31",
                            "-q",
                            "--format",
                            format,
                        ])
                        .stdout(Stdio::null())
                        .status()
                        .unwrap();
                    assert!(status.success());
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
