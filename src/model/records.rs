//! What ingest reads: raw ledger records (SPEC 2.2: one time entry, invoice,
//! contract or interaction), which kind of file they come from, and the rows it
//! rejected.
//!
//! Records borrow their text from the reader's buffer, so streaming millions of
//! rows allocates nothing per row.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// One row of a time tracker's export.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeEntry<'a> {
    /// Day the work was done.
    pub date: NaiveDate,
    /// Client name as written (trimmed).
    pub client: &'a str,
    /// The reader's number for this client name: equal names, equal ids (within one reader thread).
    pub client_id: u32,
    /// Hours worked (0 to 24).
    pub hours: Decimal,
    /// Loaded cost per hour of the person; `None` when the file has no cost rates.
    pub cost_rate: Option<Decimal>,
    /// Price per billable hour; `None` when the file has no bill rates.
    pub bill_rate: Option<Decimal>,
    /// Whether the hours may be billed.
    pub billable: bool,
    /// Whether the work was inside the agreed scope (an empty cell: true); `None` when
    /// the file has no `in_scope` column, so out-of-scope hours are unknown.
    pub in_scope: Option<bool>,
    /// Who did the work, for entries in the period whose export says: the reader's
    /// number for the person (equal names, equal ids within one reader thread) and
    /// the name as written (a split first and last name joined by a space). Bytes:
    /// read as text only for the people a plan shows.
    pub person: Option<(u32, &'a [u8])>,
}

/// One row of an invoice list.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoice<'a> {
    /// Invoice number (unique within the file).
    pub invoice: &'a str,
    /// Client name as written (trimmed).
    pub client: &'a str,
    /// The reader's number for this client name: equal names, equal ids (within one reader thread).
    pub client_id: u32,
    /// Issue date.
    pub issued: NaiveDate,
    /// Due date; `None` when the file has none (then lateness is unknown).
    pub due: Option<NaiveDate>,
    /// Payment date; `None` while unpaid.
    pub paid: Option<NaiveDate>,
    /// Invoice total.
    pub amount: Decimal,
    /// Amount paid so far when not the whole invoice (partial payments).
    pub paid_amount: Option<Decimal>,
    /// ISO 4217 currency, if the row names one.
    pub currency: Option<&'a str>,
    /// Before conversion into the report currency: the invoice's own currency and amount.
    pub original: Option<(&'a str, Decimal)>,
    /// A further line of an invoice already counted (exports with one row per line
    /// and no invoice total): its amount adds up, the invoice count does not.
    pub further_line: bool,
}

/// One contract, statement of work or retainer.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Client name, cleaned.
    pub client: String,
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered; `None` while open-ended.
    pub end: Option<NaiveDate>,
    /// Hours the contract covers per month.
    pub hours_per_month: Option<Decimal>,
    /// Fixed fee per month (retainers).
    pub monthly_fee: Option<Decimal>,
    /// Price per hour (time and materials).
    pub hourly_rate: Option<Decimal>,
    /// Notice the contract requires, in days.
    pub notice_days: Option<u32>,
}

impl Contract {
    /// What the contract brings in a month: its fee, else its hourly rate times its
    /// monthly hours (for recurring revenue figures; time and materials has neither).
    pub fn monthly_value(&self) -> Option<Decimal> {
        self.monthly_fee
            .or_else(|| Some(self.hourly_rate? * self.hours_per_month?))
    }
}

/// What kind of touchpoint an interaction row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionKind {
    /// A meaningful two-way contact (call, meeting, answered mail).
    Contact,
    /// A complaint.
    Complaint,
    /// A request outside the agreed scope.
    Request,
    /// The client gave notice or cancelled.
    Cancellation,
    /// A likelihood-to-recommend answer (value 0-10).
    Nps,
}

/// One row of a CRM log.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction<'a> {
    /// Day of the interaction.
    pub date: NaiveDate,
    /// Client name as written (trimmed).
    pub client: &'a str,
    /// The reader's number for this client name: equal names, equal ids (within one reader thread).
    pub client_id: u32,
    /// What happened.
    pub kind: InteractionKind,
    /// The NPS answer for `nps` rows.
    pub nps: Option<u8>,
    /// Why the client left, for `cancellation` rows: the `reason` cell, else the note.
    pub reason: Option<&'a str>,
}

/// Where a ledger client's revenue figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RevenueBasis {
    /// Invoices issued in the period.
    Invoices,
    /// Contract fees for the period.
    Contracts,
    /// Billable hours at their bill rates.
    Time,
}

/// Figures only a ledger run can know; `null` per key when the file behind it is absent.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LedgerFigures {
    /// Which file the revenue came from.
    pub revenue_basis: Option<RevenueBasis>,
    /// Billable hours in the period.
    pub billable_hours: Option<Decimal>,
    /// Billable hours at their bill rates.
    pub billable_value: Option<Decimal>,
    /// Of the last six months (ending with the period's last), how many went over the contracted hours.
    pub months_over_contract: Option<u32>,
    /// Cancellations logged in the period.
    pub cancellations: Option<u32>,
    /// Invoices issued in the period.
    pub invoices: Option<u32>,
    /// Unpaid invoice amounts as of the report date (every bucket of `aging`).
    pub outstanding: Option<Decimal>,
    /// Plain (not amount-weighted) mean days late over the last 12 months.
    pub avg_days_late_plain: Option<Decimal>,
    /// Days sales outstanding: outstanding / invoiced in the last 365 days x 365.
    pub dso_days: Option<Decimal>,
}

/// Which ledger file a header belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Time entries.
    Time,
    /// Invoices.
    Invoices,
    /// Contracts.
    Contracts,
    /// Interactions (CRM log).
    Interactions,
}

impl FileKind {
    /// Every kind, in the order the files are named on the command line.
    pub const ALL: [FileKind; 4] = [
        FileKind::Time,
        FileKind::Invoices,
        FileKind::Contracts,
        FileKind::Interactions,
    ];

    /// Its table in `[columns.<table>]` of the settings file.
    pub fn table(self) -> &'static str {
        match self {
            FileKind::Time => "time",
            FileKind::Invoices => "invoices",
            FileKind::Contracts => "contracts",
            FileKind::Interactions => "interactions",
        }
    }

    /// How the file is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Time => "time-entry",
            FileKind::Invoices => "invoice",
            FileKind::Contracts => "contract",
            FileKind::Interactions => "interaction",
        }
    }
}

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
    /// Ledger rows outside the period (history before it, rows after the report
    /// date, drafts and void invoices): neither used for its figures nor bad.
    pub outside_period: usize,
}

impl fmt::Display for RowCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.read == 1 { "row" } else { "rows" };
        write!(f, "{} {rows} read, {} used, ", self.read, self.used)?;
        if self.outside_period > 0 {
            write!(f, "{} outside the period, ", self.outside_period)?;
        }
        write!(f, "{} rejected", self.rejected)
    }
}
