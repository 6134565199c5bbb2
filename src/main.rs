//! The `portfolio` binary: parses arguments, reads the clock and environment once,
//! runs the library and maps the outcome to an exit code.

use clap::Parser;

// Reports allocate many small strings (reasons, next steps); mimalloc is ~2x faster than
// the system allocator on this workload (see benches/score.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use portfolio::cli::{self, Cli, Ctx};
use portfolio::Exit;
use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc returns freed memory to the OS 10 ms after it is freed by default; the
/// ledger readers free their buffers and per-thread tables in bursts, so the
/// resident peak held 10 MiB of memory already freed (32.7 MiB on the 10M-row
/// benchmark, 22.5 MiB at once, in the same time). A summary file of 10,000
/// clients is 10% slower at once, so only ledger runs ask for it.
fn return_freed_memory_at_once() {
    // `mi_option_purge_delay` in mimalloc v2's `mi_option_t` (mimalloc.h); the crate
    // names no constant for it. Its default is 10: anything else means the enum moved,
    // and nothing is changed.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    #[allow(unsafe_code)]
    // SAFETY: mimalloc's option calls are thread-safe, take plain integers and touch
    // no Rust memory.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        }
    }
}

/// Has mimalloc commit each arena (its 1 GiB reservation) when it reserves it,
/// instead of piece by piece as blocks are handed out. An arena committed at once
/// is one read-write mapping that mimalloc advises for 2 MiB pages (`MADV_HUGEPAGE`,
/// its `prim/unix/prim.c`). A 10,000-client report then takes about 200 page
/// faults instead of 11,500, and about a quarter less time (interleaved medians of
/// 15: 58.7 to 43.2 ms as JSON); small runs take 0.4 ms and 10 MiB more. The
/// first arena is reserved before `main` runs, so this is set from the binary's
/// initializers; `MIMALLOC_ARENA_EAGER_COMMIT` in the environment still wins.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[link_section = ".init_array"]
static COMMIT_ARENAS_AT_ONCE: extern "C" fn() = commit_arenas_at_once;

#[cfg(target_os = "linux")]
extern "C" fn commit_arenas_at_once() {
    // `mi_option_arena_eager_commit` in mimalloc v2's `mi_option_t` (mimalloc.h),
    // which the crate names no constant for; the feature pins v2 (Cargo.toml).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    #[allow(unsafe_code)]
    // SAFETY: runs before `main`, on the only thread; the call takes plain
    // integers, touches no Rust memory and allocates nothing.
    unsafe {
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 1);
    }
}

/// Ledger runs stream gigabytes through small buffers and are held to a memory
/// budget: 2 MiB pages would raise their peak by half (25 to 40 MiB on the 10M-row
/// benchmark) for no gain in time, so they get the kernel's 4 KiB pages.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
        extern "C" {
            fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
        }
        #[allow(unsafe_code)]
        // SAFETY: prctl(2) with PR_SET_THP_DISABLE takes an integer flag and only
        // changes how the kernel backs this process's future page faults.
        unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                1 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
            );
        }
    }
}

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
    if cli.streams_ledgers() {
        return_freed_memory_at_once();
        no_huge_pages();
    }
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
            eprintln!(
                "portfolio: error: {}",
                portfolio::report::text::printable(&e.to_string())
            );
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
