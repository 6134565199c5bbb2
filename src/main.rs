//! The `portfolio` binary: parses arguments, reads the clock and environment once,
//! runs the library and maps the outcome to an exit code.

use clap::Parser;

use portfolio::cli::{self, Cli, Ctx};
use portfolio::Exit;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are successes; every other parse error is bad usage (exit 1).
            let code = if e.use_stderr() {
                Exit::BadInput as u8
            } else {
                Exit::Ok as u8
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ctx = Ctx {
        today: chrono::Local::now().date_naive(),
        stdout_is_tty: std::io::stdout().is_terminal(),
        terminal_width: terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0),
        stdin_is_tty: std::io::stdin().is_terminal(),
        stderr_is_tty: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        config_env: std::env::var_os("PORTFOLIO_CONFIG")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from),
    };
    let (started, stats) = (std::time::Instant::now(), cli.stats);
    let outcome = cli::run(cli, &ctx);
    if stats {
        let memory = peak_memory_kib().map_or("unknown".to_string(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        });
        eprintln!(
            "portfolio: stats: {:.3} s, peak memory {memory}",
            started.elapsed().as_secs_f64()
        );
    }
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Line by line: a message's own lines stay, a line break in a value does not.
            let message = e.to_string();
            let mut lines = message.lines().map(portfolio::report::text::printable);
            eprintln!("portfolio: error: {}", lines.next().unwrap_or_default());
            lines.for_each(|line| eprintln!("{line}"));
            ExitCode::from(Exit::BadInput as u8)
        }
    }
}

/// The process's peak resident memory in KiB (Linux: `VmHWM` in /proc/self/status).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
