//! Where input comes from, and in which format.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Input file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Comma-, semicolon- or tab-separated values (detected from the header).
    Csv,
    /// A JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Where input comes from: a path, or standard input for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Source {
    /// `-` means standard input; anything else is a path.
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::Path(p) => p.display().to_string(),
        }
    }

    /// The format implied by the extension, if any.
    pub fn format_from_extension(&self) -> Option<InputFormat> {
        let Source::Path(p) = self else { return None };
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(InputFormat::Csv),
            "json" => Some(InputFormat::Json),
            "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
            _ => None,
        }
    }

    /// The format: by the extension, else by the first character of `head` (the
    /// file's first bytes): `[` is a JSON array, `{` NDJSON, anything else CSV.
    pub fn format(&self, head: &[u8]) -> InputFormat {
        let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
        self.format_from_extension().unwrap_or(
            match text.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'[') => InputFormat::Json,
                Some(b'{') => InputFormat::Ndjson,
                _ => InputFormat::Csv,
            },
        )
    }

    /// Reads all bytes.
    pub fn read_all(&self) -> Result<Vec<u8>> {
        match self {
            Source::Stdin => {
                let mut buf = Vec::new();
                let read = std::io::stdin().lock().read_to_end(&mut buf);
                read.map(|_| buf).map_err(Error::io(Path::new("<stdin>")))
            }
            Source::Path(p) => std::fs::read(p).map_err(Error::io(p)),
        }
    }
}

/// The most a settings file or a letter template may hold: such files are a few
/// KiB, and a mistaken path (`/dev/zero`, a log file) must not be read until memory
/// runs out.
pub const SMALL_TEXT_MAX: u64 = 4 << 20;

/// The UTF-8 text of a small file the run is configured by (settings, a template),
/// at most [`SMALL_TEXT_MAX`] bytes; `what` names it in the error.
pub fn read_small_text(path: &Path, what: &str) -> Result<String> {
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut bytes = Vec::new();
    file.take(SMALL_TEXT_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(Error::io(path))?;
    if bytes.len() as u64 > SMALL_TEXT_MAX {
        return Err(Error::Usage(format!(
            "{}: more than {} MiB, too large for {what} (is it the right file?)",
            path.display(),
            SMALL_TEXT_MAX >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::io(path)(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{what} is not UTF-8 text"),
        ))
    })
}
