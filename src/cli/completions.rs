//! `portfolio completions SHELL` and `portfolio man`: shell completion scripts and
//! the man page, generated from the same argument definitions as the parser.

use crate::error::{Error, Exit, Result};
use clap::Args;

/// Print a shell completion script.
///
/// bash: `portfolio completions bash > ~/.local/share/bash-completion/completions/portfolio`;
/// zsh: `portfolio completions zsh > "${fpath[1]}/_portfolio"`; fish:
/// `portfolio completions fish > ~/.config/fish/completions/portfolio.fish`;
/// PowerShell: `portfolio completions powershell >> $PROFILE`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff): `portfolio man > portfolio.1; man ./portfolio.1`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {}

/// Runs `portfolio completions` for the command line `cli` defines.
pub fn run_completions(args: CompletionsArgs, mut cli: clap::Command) -> Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "portfolio", &mut out);
    emit(&out)
}

/// Runs `portfolio man` for the command line `cli` defines.
pub fn run_man(_args: ManArgs, cli: clap::Command) -> Result<Exit> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cli)
        .render(&mut out)
        .map_err(Error::Output)?;
    emit(&out)
}

fn emit(bytes: &[u8]) -> Result<Exit> {
    crate::report::sink::write_stdout(bytes)?;
    Ok(Exit::Ok)
}
