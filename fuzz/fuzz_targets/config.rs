//! The settings file (portfolio.toml): parsed, then used to score the bundled
//! example, so odd thresholds meet every rule and renderer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_fuzz::{score_files, Input};

const CLIENTS: &[u8] = include_bytes!("../../examples/clients.csv");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if portfolio::ingest::config::parse_settings(text, "portfolio.toml").is_err() {
        return;
    }
    let path = std::env::temp_dir().join(format!("portfolio-fuzz-{}.toml", std::process::id()));
    std::fs::write(&path, data).expect("write the settings");
    let config = path.display().to_string();
    score_files(
        &[Input {
            flag: None,
            name: "clients.csv",
            bytes: CLIENTS,
        }],
        &["--config", &config],
    );
});
