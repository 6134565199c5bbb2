//! `portfolio completions SHELL` and `portfolio man`: shell completion scripts and
//! the manual, generated from the same argument definitions as the parser.

use crate::error::{Error, Exit, Result};
use clap::Args;
use std::path::PathBuf;

/// `portfolio completions`: the shell.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `portfolio man`: one page, or a page per command.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write one page per command instead (portfolio.1, portfolio-score.1, …) into DIR.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Runs `portfolio completions` for the command line `cli` defines.
pub fn run_completions(args: CompletionsArgs, mut cli: clap::Command) -> Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "portfolio", &mut out);
    crate::report::sink::write_stdout(&out)?;
    Ok(Exit::Ok)
}

/// Runs `portfolio man` for the command line `cli` defines.
pub fn run_man(args: ManArgs, cli: clap::Command) -> Result<Exit> {
    let Some(dir) = args.out_dir else {
        crate::report::sink::write_stdout(&one_page(cli).map_err(Error::Output)?)?;
        return Ok(Exit::Ok);
    };
    let io = Error::io(&dir);
    std::fs::create_dir_all(&dir).map_err(io)?;
    clap_mangen::generate_to(cli, &dir).map_err(io)?;
    eprintln!("portfolio: wrote the manual pages into {}", dir.display());
    Ok(Exit::Ok)
}

/// The whole manual as one page: the top level, then a subsection per command with
/// its synopsis, description and options (clap_mangen's sections, their headings
/// turned into subsection headings under COMMANDS).
fn one_page(cli: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    let top = clap_mangen::Man::new(cli.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("portfolio {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        for line in String::from_utf8_lossy(&part).lines() {
            let line = match line.strip_prefix(".SH ") {
                Some("SYNOPSIS") => format!(".SS \"{name}\""),
                Some("DESCRIPTION") => ".PP".to_string(),
                // OPTIONS, LEDGER MODE: a bold paragraph under the command.
                Some(title) => {
                    let title = title.trim_matches('"').to_lowercase();
                    let mut chars = title.chars();
                    let first = chars.next().map(|c| c.to_uppercase().to_string());
                    format!(
                        ".PP\n\\fB{}{}\\fR",
                        first.unwrap_or_default(),
                        chars.as_str()
                    )
                }
                None => line.to_string(),
            };
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    top.render_version_section(&mut out)?;
    Ok(out)
}
