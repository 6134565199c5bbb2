//! The library's error type and the process exit codes, in one place.
//!
//! A bad *row* is not an error: it becomes a [`crate::model::records::Rejection`] and the
//! run goes on. These are the failures that stop a run.

use std::path::PathBuf;

/// Exit status of the `portfolio` process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Ok = 0,
    /// Bad input or usage.
    BadInput = 1,
    /// `--fail-on` matched a verdict.
    FailOn = 3,
}

/// Everything that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}", path = path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Writing the report to standard output failed.
    #[error("writing the report: {0}")]
    Output(#[source] std::io::Error),
    /// The input has no bytes (or only whitespace).
    #[error("{source_name}: the file is empty (expected a header row with a `client` column)")]
    EmptyFile {
        /// File name or `<stdin>`.
        source_name: String,
    },
    /// A header but no data rows.
    #[error("{source_name}: no client rows after the header (expected one row per client)")]
    NoRows {
        /// File name or `<stdin>`.
        source_name: String,
    },
    /// The header row is not valid UTF-8 text.
    #[error("{source_name}:{line}: the header row is not valid UTF-8 (save the file as UTF-8 or UTF-16)")]
    HeaderEncoding {
        /// File name or `<stdin>`.
        source_name: String,
        /// Line of the header.
        line: u64,
    },
    /// A required column is missing.
    #[error("{source_name}: no `{column}` column (expected a header naming it; found: {found})")]
    MissingColumn {
        /// File name or `<stdin>`.
        source_name: String,
        /// The missing column.
        column: &'static str,
        /// The columns the header has.
        found: String,
    },
    /// Two columns map to the same field.
    #[error("{source_name}: columns `{first}` and `{second}` both mean `{field}` (keep one)")]
    AmbiguousColumn {
        /// File name or `<stdin>`.
        source_name: String,
        /// The field both map to.
        field: &'static str,
        /// The first column.
        first: String,
        /// The second column.
        second: String,
    },
    /// A column the margin needs is missing, and a header is a misspelling of it.
    #[error("{source_name}: no `{column}` column, but `{written}` is close to it (rename the header to `{column}`; margins would be wrong without it)")]
    NearMissColumn {
        /// File name, or `<stdin>`.
        source_name: String,
        /// The column that is missing.
        column: &'static str,
        /// The header that is close to it.
        written: String,
    },
    /// Every numeric date of a file reads both day-first and month-first.
    #[error("{source_name}: dates such as \"{value}\" in `{column}` read both day-first and month-first, and no date in the file tells which (none has a day above 12); pass --date-format {day_first} or --date-format {month_first}")]
    AmbiguousDates {
        /// File name, or `<stdin>`.
        source_name: String,
        /// The first such date, as written.
        value: String,
        /// Its column.
        column: String,
        /// The format that reads it day-first.
        day_first: String,
        /// The format that reads it month-first.
        month_first: String,
    },
    /// Every number of a file reads with either decimal separator.
    #[error("{source_name}: numbers such as \"{value}\" in `{column}` read either as {point} (decimal point) or as {comma} (decimal comma), and no number in the file tells which; pass --decimal-point or --decimal-comma")]
    AmbiguousDecimals {
        /// File name, or `<stdin>`.
        source_name: String,
        /// The first such number, as written.
        value: String,
        /// Its column.
        column: String,
        /// Its value read with a decimal point.
        point: String,
        /// Its value read with a decimal comma.
        comma: String,
    },
    /// A document that does not parse at all (truncated JSON, broken CSV quoting).
    #[error("{source_name}:{line}:{column}: {message}")]
    Syntax {
        /// File name or `<stdin>`.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The same client appears twice.
    #[error("{source_name}:{line}: client {client:?} already appears on line {first_line} (merge the rows, or pass --merge-duplicates to add them up)")]
    Duplicate {
        /// File name or `<stdin>`.
        source_name: String,
        /// The client.
        client: String,
        /// Line of the first row.
        first_line: u64,
        /// Line of the duplicate.
        line: u64,
    },
    /// Rows in different currencies and no exchange rates.
    #[error("{source_name}:{line}: currency {other} differs from {first} ({first_at}); mixing currencies needs exchange rates (convert the file to one currency)")]
    MixedCurrencies {
        /// File name or `<stdin>`.
        source_name: String,
        /// The first currency seen.
        first: String,
        /// Where it was named: `line 2`, or `--currency`.
        first_at: String,
        /// The other currency.
        other: String,
        /// Where that was seen.
        line: u64,
    },
    /// `--strict` and at least one row was rejected.
    #[error("{rejected} row(s) rejected and --strict is set (first: {first})")]
    Strict {
        /// How many rows were rejected.
        rejected: usize,
        /// The first rejection, rendered.
        first: String,
    },
    /// `explain` named a client the input does not have.
    #[error("no client named {name:?}{hint}")]
    UnknownClient {
        /// What was asked for.
        name: String,
        /// " (did you mean …?)" or empty.
        hint: String,
    },
    /// Arguments that parse but make no sense together.
    #[error("{0}")]
    Usage(String),
    /// The report history database cannot be opened, read or written.
    #[error("{path}: {message}", path = path.display())]
    History {
        /// The database file.
        path: PathBuf,
        /// What went wrong and what to do.
        message: String,
    },
    /// A settings file that does not parse or holds a bad key or value.
    #[error("{file}: {message}")]
    Config {
        /// The settings file.
        file: String,
        /// What was wrong, naming the key.
        message: String,
    },
}

impl Error {
    /// What turns an I/O failure on `path` into an [`Error::Io`] (for `map_err`).
    pub fn io(path: &std::path::Path) -> impl Fn(std::io::Error) -> Error + Copy + '_ {
        move |source| Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the error is a closed pipe on output: `portfolio … | head` is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Result with the library's error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
