//! What `main` reads from the process once and hands down to every command.

use chrono::NaiveDate;

/// The process state a run depends on, read once in `main`.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Today, read once from the system clock (used when `--as-of` is absent).
    pub today: NaiveDate,
    /// Whether standard output is a terminal.
    pub stdout_is_tty: bool,
    /// The width of that terminal in characters, when it is one and says.
    pub terminal_width: Option<u16>,
    /// Whether standard input is a terminal (then `-` would wait for typing).
    pub stdin_is_tty: bool,
    /// Whether standard error is a terminal (then big inputs show a progress bar).
    pub stderr_is_tty: bool,
    /// Whether `NO_COLOR` is set (to anything non-empty).
    pub no_color: bool,
    /// `PORTFOLIO_CONFIG`: the settings file when `--config` is absent.
    pub config_env: Option<std::path::PathBuf>,
}
