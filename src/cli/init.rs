//! `portfolio init`: writes the commented default settings file.

use super::ctx::Ctx;
use crate::error::{Error, Exit, Result};
use crate::model::Settings;
use crate::report::{settings_file, sink};
use clap::Args;
use std::path::PathBuf;

/// `portfolio init`: where to write the settings file.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Where to write it ("-" for standard output).
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        default_value = "portfolio.toml"
    )]
    pub output: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Runs `portfolio init`.
pub fn run(args: InitArgs, _ctx: &Ctx) -> Result<Exit> {
    let text = settings_file::commented(&Settings::default());
    if args.output.as_os_str() == "-" {
        // Not `print!`: a full disk or a closed pipe is an error to report, not a panic.
        sink::write_stdout(text.as_bytes())?;
        return Ok(Exit::Ok);
    }
    if args.output.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists: pass --force to replace it, or -o another file",
            args.output.display()
        )));
    }
    sink::write_all_atomic(&[(args.output.clone(), text.into_bytes())])?;
    eprintln!("portfolio: wrote {}", args.output.display());
    Ok(Exit::Ok)
}
