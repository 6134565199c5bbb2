//! `Rejection`: one input row that was not used, and why; plus row accounting.

use serde::Serialize;
use std::fmt;

/// A rejected row (or cell): file, line, column, the value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// File name, or `<stdin>`.
    pub file: String,
    /// 1-based line of the row in the file.
    pub line: u64,
    /// Column name as written in the header (or a JSON key).
    pub column: String,
    /// The offending value as written.
    pub value: String,
    /// What would have been accepted.
    pub expected: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: column `{}`: {:?} is not valid (expected {})",
            self.file, self.line, self.column, self.value, self.expected
        )
    }
}

/// How many rows were read, used and rejected (SPEC 6 summary line).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    /// Data rows read (blank rows excluded).
    pub read: usize,
    /// Rows that became a client.
    pub used: usize,
    /// Rows rejected (a row with several bad cells counts once).
    pub rejected: usize,
}

impl fmt::Display for RowCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.read == 1 { "row" } else { "rows" };
        write!(
            f,
            "{} {rows} read, {} used, {} rejected",
            self.read, self.used, self.rejected
        )
    }
}
