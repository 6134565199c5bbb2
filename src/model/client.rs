//! Validated input records: one `Client` per summary row (or per client in ledger mode).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// A client name as written, cleaned: Unicode NFC (so `Kovács` typed with a combining
/// accent is the same text), without surrounding blanks or invisible format characters
/// (a lone zero-width space is no name).
pub fn clean_name(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let invisible = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
    };
    let trimmed = text.trim_matches(invisible);
    match unicode_normalization::is_nfc_quick(trimmed.chars()) {
        unicode_normalization::IsNormalized::Yes => trimmed.to_string(),
        _ => trimmed.nfc().collect(),
    }
}

/// The key clients are matched by everywhere (duplicates, `explain`): the cleaned
/// name, lower-cased.
pub fn client_key(name: &str) -> String {
    clean_name(name).to_lowercase()
}

/// One fit rating (1-5) for one aspect; the plain `fit` column is the aspect `overall`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitRating {
    /// Aspect name, e.g. `respect` from `fit_respect`.
    pub aspect: String,
    /// The rating, 1 (poor) to 5 (excellent).
    pub rating: Decimal,
}

/// Open receivables by age as of the report date; buckets sum to what is outstanding.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Aging {
    /// Not yet due.
    pub current: Decimal,
    /// 1-30 days past due.
    pub d1_30: Decimal,
    /// 31-60 days past due.
    pub d31_60: Decimal,
    /// 61-90 days past due.
    pub d61_90: Decimal,
    /// More than 90 days past due.
    pub d90_plus: Decimal,
}

impl Aging {
    /// Everything past due (all buckets but `current`).
    pub fn overdue(&self) -> Decimal {
        self.d1_30 + self.d31_60 + self.d61_90 + self.d90_plus
    }

    /// Past due by more than 60 days: the part that needs a collection call.
    pub fn over_60(&self) -> Decimal {
        self.d61_90 + self.d90_plus
    }
}

/// A client as read from the input, its summary columns as given (SPEC 2.1): every
/// figure optional, since any column may be missing. What else a row carries, or the
/// tool derives, is in its [`Extra`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Client {
    /// Client name as written (trimmed); the key everywhere.
    pub name: String,
    /// Where the client came from, for messages: `file:line`.
    pub origin: String,
    /// Billed in the period.
    pub revenue: Option<Decimal>,
    /// Billed in the previous period of equal length (for the revenue trend).
    pub previous_revenue: Option<Decimal>,
    /// Cost of delivery in the period (explicit, or `hours * cost_rate`).
    pub cost: Option<Decimal>,
    /// Whether `cost` was derived as `hours * cost_rate`.
    pub cost_derived: bool,
    /// Hours delivered in the period.
    pub hours: Option<Decimal>,
    /// Loaded cost per hour.
    pub cost_rate: Option<Decimal>,
    /// Rate at which out-of-scope work would be billed.
    pub bill_rate: Option<Decimal>,
    /// Hours the contract covers in the period.
    pub contracted_hours: Option<Decimal>,
    /// Hours known to be outside the agreed scope.
    pub out_of_scope_hours: Option<Decimal>,
    /// Requests outside the agreed scope in the period.
    pub out_of_scope_requests: Option<u32>,
    /// Out-of-scope hours at their own bill rates, when a ledger knows them exactly.
    pub out_of_scope_value: Option<Decimal>,
    /// Amount-weighted mean days paid after the due date.
    pub avg_days_late: Option<Decimal>,
    /// Share of invoices paid late, 0-1.
    pub late_invoice_ratio: Option<f64>,
    /// Amount past due as of the report date.
    pub overdue: Option<Decimal>,
    /// Receivables by age, when the input has the buckets.
    pub aging: Option<Aging>,
    /// Fit ratings, 1-5, one per aspect.
    pub fit: Vec<FitRating>,
    /// Abusive or unethical conduct; forces fire now.
    pub red_flag: Option<String>,
    /// Last meaningful two-way contact.
    pub last_contact: Option<NaiveDate>,
    /// Complaints in the period.
    pub complaints: Option<u32>,
    /// Latest likelihood-to-recommend answer, 0-10.
    pub nps: Option<u8>,
    /// Start of the relationship.
    pub client_since: Option<NaiveDate>,
    /// End of the current contract or project.
    pub contract_end: Option<NaiveDate>,
    /// When the client gave notice (cancelled), if it has and has not signed again since.
    pub notice_given: Option<NaiveDate>,
    /// When the rate last went up.
    pub last_rate_increase: Option<NaiveDate>,
    /// Notice the contract requires, overriding the default.
    pub notice_days: Option<u32>,
    /// Acquisition channel.
    pub source: Option<String>,
    /// ISO 4217 currency code.
    pub currency: Option<String>,
    /// Notes from ingest about this client's empty cells.
    pub warnings: Vec<String>,
    /// Rows merged into this one beyond the first (`--merge-duplicates`).
    pub merged_rows: u32,
    /// Probability the client is still active (BG/NBD on its invoice history).
    pub p_alive: Option<f64>,
}

/// A prospect's quote (`portfolio vet`): columns only a prospects file has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quote {
    /// The hourly price quoted.
    pub quoted_rate: Option<Decimal>,
    /// The hours the work is estimated at.
    pub estimated_hours: Option<Decimal>,
    /// What the client says it can spend on the work.
    pub budget: Option<Decimal>,
}

/// What a client's row carries besides its summary columns: a prospect's quote,
/// and what the tool derived from the ledgers (the figures only they know, hours by
/// person, the purchase models' expected value) or from exchange rates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// The quote, for a prospect.
    pub quote: Quote,
    /// How the amounts were converted into the report currency, with the originals.
    pub conversion: Option<Box<crate::model::money::Conversion>>,
    /// Discounted invoice value the purchase models (BG/NBD and Gamma-Gamma) expect
    /// from the client over the CLV horizon; the model CLV is this times its margin.
    pub expected_purchase_value: Option<Decimal>,
    /// Hours in the period by person (ledger time entries naming people), most first.
    pub people_hours: Vec<(String, Decimal)>,
    /// Ledger-only figures, when the client was added up from ledgers.
    pub ledger: Option<Box<crate::model::records::LedgerFigures>>,
}
