//! Where every command's output goes, in which format: `--format` and `-o`, one
//! path for all of them ([`emit`]), and the diagnostics on standard error.

use super::ctx::Ctx;
use crate::error::{Error, Exit, Result};
use crate::model::records::Rejection;
use crate::report::text::printable;
use crate::report::{sink, Document, Format, Style};
use clap::Args;
use std::path::PathBuf;

/// The output flags every printing command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Output format; default: from the -o extension, else table on a terminal and
    /// json when piped (a command without a table: its own format).
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// "table or json", "markdown or html".
fn listed(formats: &[Format]) -> String {
    let names: Vec<String> = formats.iter().map(Format::to_string).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The format to write: `--format`, else the `-o` extension, else table on a
/// terminal and JSON when piped; always one the document offers.
pub fn choose(offered: &[Format], args: &OutputArgs, stdout_is_tty: bool) -> Result<Format> {
    let offer = |f: Format, why: &str| {
        if offered.contains(&f) {
            Ok(f)
        } else {
            Err(Error::Usage(format!(
                "{why}: this command writes {} (expected one of them)",
                listed(offered)
            )))
        }
    };
    if let Some(f) = args.format {
        return offer(f, &format!("--format {f}"));
    }
    if let Some(path) = &args.output {
        return match (Format::from_extension(path), offered) {
            // One format: whatever the file is called.
            (_, [only]) => Ok(*only),
            (Some(f), _) => offer(f, &format!("-o {}", path.display())),
            (None, _) => Err(Error::Usage(format!(
                "-o {}: the format cannot be told from the file name (expected an extension for {}, or --format)",
                path.display(),
                listed(offered)
            ))),
        };
    }
    let preferred: &[Format] = match stdout_is_tty {
        true => &[Format::Table, Format::Json],
        false => &[Format::Json],
    };
    let found = preferred.iter().find(|f| offered.contains(f));
    Ok(*found.unwrap_or(&offered[0]))
}

/// Writes a document to standard output or, atomically, to `-o FILE`; `pretty`
/// indents JSON that would be compact when piped. Returns the format written.
pub fn emit(doc: &dyn Document, args: &OutputArgs, pretty: bool, ctx: &Ctx) -> Result<Format> {
    let format = choose(doc.formats(), args, ctx.stdout_is_tty)?;
    let to_file = args.output.is_some();
    let style = Style {
        color: format == Format::Table && !to_file && ctx.stdout_is_tty && !ctx.no_color,
        pretty: !doc.compact_when_piped() || pretty || to_file || ctx.stdout_is_tty,
        terminal_width: ctx.terminal_width.filter(|_| !to_file),
    };
    let mut out = match &args.output {
        Some(path) => sink::Sink::file(path)?,
        None => sink::Sink::stdout(),
    };
    doc.write(format, style, out.writer())
        .map_err(|e| out.error(e))?;
    out.finish()?;
    Ok(format)
}

/// [`emit`] for a command whose output is all it does: exit 0.
pub fn show(doc: &dyn Document, args: &OutputArgs, ctx: &Ctx) -> Result<Exit> {
    emit(doc, args, false, ctx).map(|_| Exit::Ok)
}

/// Prints rejected rows to standard error, one per line, control characters shown.
pub fn print_rejected<'a>(rows: impl IntoIterator<Item = &'a Rejection>) {
    for r in rows {
        eprintln!("portfolio: rejected: {}", printable(&r.to_string()));
    }
}

/// Prints warnings to standard error, one per line.
pub fn print_warnings<'a>(warnings: impl IntoIterator<Item = &'a String>) {
    for w in warnings {
        eprintln!("portfolio: warning: {}", printable(w));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(path: Option<&str>, format: Option<Format>) -> OutputArgs {
        OutputArgs {
            format,
            output: path.map(PathBuf::from),
        }
    }

    const SCORE: &[Format] = &[
        Format::Table,
        Format::Json,
        Format::Ndjson,
        Format::Csv,
        Format::Markdown,
    ];

    #[test]
    fn format_comes_from_the_flag_then_the_extension_then_the_terminal() {
        let choose = |offered, args: OutputArgs, tty| choose(offered, &args, tty).unwrap();
        assert_eq!(
            choose(SCORE, to(Some("r.csv"), Some(Format::Markdown)), true),
            Format::Markdown
        );
        assert_eq!(choose(SCORE, to(Some("r.csv"), None), true), Format::Csv);
        assert_eq!(choose(SCORE, to(None, None), true), Format::Table);
        assert_eq!(choose(SCORE, to(None, None), false), Format::Json);
        // No table: its own format, on a terminal too.
        let letter = &[Format::Markdown, Format::Html];
        assert_eq!(choose(letter, to(None, None), true), Format::Markdown);
        assert_eq!(choose(letter, to(Some("n.html"), None), true), Format::Html);
        // One format: any file name.
        assert_eq!(
            choose(&[Format::Csv], to(Some("summary.txt"), None), true),
            Format::Csv
        );
    }

    #[test]
    fn a_format_not_offered_or_not_known_is_refused_by_name() {
        let e = choose(
            &[Format::Table, Format::Json],
            &to(None, Some(Format::Csv)),
            true,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "--format csv: this command writes table or json (expected one of them)"
        );
        let e = choose(SCORE, &to(Some("report.xlsx"), None), true)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("-o report.xlsx: the format cannot be told from the file name"),
            "{e}"
        );
    }
}
