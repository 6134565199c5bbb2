//! The columns of each ledger file (SPEC 2.2), their aliases, and header mapping.

use crate::error::{Error, Result};
use crate::ingest::columns::normalize;
use crate::model::records::FileKind;
use std::collections::BTreeMap;

/// One column a ledger file may have.
pub struct ColSpec {
    /// Canonical name (SPEC 2.2).
    pub name: &'static str,
    /// Normalized header spellings that mean it.
    pub aliases: &'static [&'static str],
    /// A file without it cannot be read.
    pub required: bool,
    /// Holds numbers (for decimal-style detection).
    pub numeric: bool,
    /// What is lost when the column is absent (for the warning), if anything.
    pub missing: Option<&'static str>,
}

const fn col(name: &'static str, aliases: &'static [&'static str]) -> ColSpec {
    ColSpec {
        name,
        aliases,
        required: true,
        numeric: false,
        missing: None,
    }
}

const fn num(name: &'static str, aliases: &'static [&'static str]) -> ColSpec {
    ColSpec {
        numeric: true,
        ..col(name, aliases)
    }
}

const fn optional(spec: ColSpec, missing: Option<&'static str>) -> ColSpec {
    ColSpec {
        required: false,
        missing,
        ..spec
    }
}

const CLIENT: &[&str] = crate::ingest::columns::CLIENT_ALIASES;

/// Time-entry columns; the constants are positions in this list.
pub mod time {
    /// `date`
    pub const DATE: usize = 0;
    /// `client`
    pub const CLIENT: usize = 1;
    /// `hours`
    pub const HOURS: usize = 2;
    /// `cost_rate`
    pub const COST_RATE: usize = 3;
    /// `bill_rate`
    pub const BILL_RATE: usize = 4;
    /// `billable`
    pub const BILLABLE: usize = 5;
    /// `in_scope`
    pub const IN_SCOPE: usize = 6;
    /// `person`
    pub const PERSON: usize = 8;
    /// `bill_amount`: billable value of the entry (a rate is derived from it)
    pub const BILL_AMOUNT: usize = 9;
    /// `cost_amount`: cost of the entry (a cost rate is derived from it)
    pub const COST_AMOUNT: usize = 10;
    /// `person_last`: a last name, when the export splits the person's name
    pub const PERSON_LAST: usize = 11;
    /// `currency` of the entry's rates (read when exchange rates are given)
    pub const CURRENCY: usize = 12;
}

const TIME: &[ColSpec] = &[
    col(
        "date",
        &[
            "date",
            "day",
            "spentdate",
            "workdate",
            "dátum",
            "nap",
            "تاریخ",
        ],
    ),
    col("client", CLIENT),
    num(
        "hours",
        &[
            "hours",
            "duration",
            "durationdecimal",
            "óra",
            "órák",
            "ساعت",
        ],
    ),
    optional(
        num(
            "cost_rate",
            &[
                "costrate",
                "hourlycost",
                "loadedcost",
                "önköltség",
                "نرخهزینه",
            ],
        ),
        Some("cost and margin are unknown"),
    ),
    optional(
        num(
            "bill_rate",
            &[
                "billrate",
                "billablerate",
                "hourlyrate",
                "rate",
                "óradíj",
                "نرخ",
            ],
        ),
        Some("billable value is unknown; out-of-scope work is valued at the effective rate"),
    ),
    optional(
        col(
            "billable",
            &["billable", "billable?", "számlázható", "قابلصورتحساب"],
        ),
        Some("every entry counts as billable"),
    ),
    optional(
        col("in_scope", &["inscope", "scope", "withinscope"]),
        Some("out-of-scope hours are the hours over contract"),
    ),
    optional(col("project", &["project", "projekt", "پروژه"]), None),
    optional(
        col(
            "person",
            &[
                "person",
                "user",
                "employee",
                "member",
                "name",
                "munkatárs",
                "کارمند",
            ],
        ),
        None,
    ),
    optional(
        num(
            "bill_amount",
            &["billableamount", "billamount", "billablevalue"],
        ),
        None,
    ),
    optional(num("cost_amount", &["costamount", "costvalue"]), None),
    optional(
        col("person_last", &["lastname", "surname", "vezetéknév"]),
        None,
    ),
    optional(
        col("currency", &["currency", "ccy", "pénznem", "ارز"]),
        None,
    ),
];

/// Invoice columns.
pub mod inv {
    /// `invoice`
    pub const INVOICE: usize = 0;
    /// `client`
    pub const CLIENT: usize = 1;
    /// `issued`
    pub const ISSUED: usize = 2;
    /// `due`
    pub const DUE: usize = 3;
    /// `paid`
    pub const PAID: usize = 4;
    /// `amount`
    pub const AMOUNT: usize = 5;
    /// `paid_amount`
    pub const PAID_AMOUNT: usize = 6;
    /// `currency`
    pub const CURRENCY: usize = 7;
}

const INVOICES: &[ColSpec] = &[
    col(
        "invoice",
        &[
            "invoice",
            "invoicenumber",
            "invoiceno",
            "invoiceid",
            "number",
            "számla",
            "számlaszám",
            "شمارهفاکتور",
            "فاکتور",
        ],
    ),
    col("client", CLIENT),
    col(
        "issued",
        &[
            "issued",
            "issuedate",
            "issuedon",
            "invoicedate",
            "date",
            "kelte",
            "kiállítás",
            "تاریخصدور",
        ],
    ),
    optional(
        col(
            "due",
            &[
                "due",
                "duedate",
                "dueon",
                "határidő",
                "fizetésihatáridő",
                "سررسید",
            ],
        ),
        Some("payment lateness and aging are unknown"),
    ),
    optional(
        col(
            "paid",
            &[
                "paid",
                "paiddate",
                "paidon",
                "paymentdate",
                "fizetve",
                "تاریخپرداخت",
            ],
        ),
        Some("every invoice counts as unpaid"),
    ),
    num(
        "amount",
        &[
            "amount",
            "total",
            "invoiceamount",
            "invoicetotal",
            "összeg",
            "مبلغ",
        ],
    ),
    optional(
        num(
            "paid_amount",
            &["paidamount", "amountpaid", "payments", "fizetettösszeg"],
        ),
        None,
    ),
    optional(col("currency", &["currency", "pénznem", "ارز"]), None),
];

/// Contract columns.
pub mod con {
    /// `client`
    pub const CLIENT: usize = 0;
    /// `start`
    pub const START: usize = 1;
    /// `end`
    pub const END: usize = 2;
    /// `hours_per_month`
    pub const HOURS_PER_MONTH: usize = 3;
    /// `monthly_fee`
    pub const MONTHLY_FEE: usize = 4;
    /// `hourly_rate`
    pub const HOURLY_RATE: usize = 5;
    /// `notice_days`
    pub const NOTICE_DAYS: usize = 6;
    /// `currency` of the fee and rate (read when exchange rates are given)
    pub const CURRENCY: usize = 7;
}

const CONTRACTS: &[ColSpec] = &[
    col("client", CLIENT),
    col("start", &["start", "startdate", "from", "kezdet", "شروع"]),
    optional(
        col("end", &["end", "enddate", "to", "until", "vége", "پایان"]),
        None,
    ),
    optional(
        num(
            "hours_per_month",
            &[
                "hourspermonth",
                "monthlyhours",
                "contractedhours",
                "óraperhó",
            ],
        ),
        Some("scope overrun is unknown"),
    ),
    optional(
        num("monthly_fee", &["monthlyfee", "retainer", "fee", "havidíj"]),
        None,
    ),
    optional(num("hourly_rate", &["hourlyrate", "rate", "óradíj"]), None),
    optional(
        num("notice_days", &["noticedays", "notice", "felmondásiidő"]),
        None,
    ),
    optional(
        col("currency", &["currency", "ccy", "pénznem", "ارز"]),
        None,
    ),
];

/// Interaction columns.
pub mod int {
    /// `date`
    pub const DATE: usize = 0;
    /// `client`
    pub const CLIENT: usize = 1;
    /// `kind`
    pub const KIND: usize = 2;
    /// `value`
    pub const VALUE: usize = 3;
    /// `note`
    pub const NOTE: usize = 4;
    /// `reason` (why a client cancelled; the note stands in without one)
    pub const REASON: usize = 5;
}

const INTERACTIONS: &[ColSpec] = &[
    col("date", &["date", "day", "dátum", "تاریخ"]),
    col("client", CLIENT),
    col("kind", &["kind", "type", "event", "típus", "نوع"]),
    optional(num("value", &["value", "score", "érték", "مقدار"]), None),
    optional(
        col(
            "note",
            &["note", "notes", "comment", "megjegyzés", "یادداشت"],
        ),
        None,
    ),
    optional(
        col(
            "reason",
            &[
                "reason",
                "cancellationreason",
                "churnreason",
                "indok",
                "دلیل",
            ],
        ),
        None,
    ),
];

impl FileKind {
    /// The columns of this kind of file.
    pub fn columns(self) -> &'static [ColSpec] {
        match self {
            FileKind::Time => TIME,
            FileKind::Invoices => INVOICES,
            FileKind::Contracts => CONTRACTS,
            FileKind::Interactions => INTERACTIONS,
        }
    }
}

/// A file's header mapped to its columns.
#[derive(Debug, Clone)]
pub struct Header {
    /// Header cells as written.
    pub names: Vec<String>,
    /// For each schema column, its position in the row.
    pub position: Vec<Option<usize>>,
    /// Positions of numeric columns.
    pub numeric: Vec<usize>,
    /// Header cells that match no column.
    pub unknown: Vec<String>,
    /// The file's name.
    pub file: String,
    /// The export the header was recognised as, if any.
    pub profile: Option<&'static super::formats::Profile>,
    /// A currency named in the header (`Billable Rate (EUR)`).
    pub currency: Option<String>,
}

impl Header {
    /// Maps a header record (bytes of the first line) to the schema of `kind`.
    pub fn parse(
        kind: FileKind,
        line: &[u8],
        delimiter: u8,
        file: &str,
        user: Option<&BTreeMap<String, String>>,
    ) -> Result<Header> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(line);
        let mut rec = csv::StringRecord::new();
        let ok = rdr.read_record(&mut rec).map_err(|e| Error::Syntax {
            source_name: file.to_string(),
            line: 1,
            column: 1,
            message: format!("the header is not readable UTF-8 CSV ({e})"),
        })?;
        if !ok {
            return Err(Error::EmptyFile {
                source_name: file.to_string(),
            });
        }
        Header::from_names(
            kind,
            rec.iter().map(|h| h.trim().to_string()).collect(),
            file,
            user,
        )
    }

    /// Maps header names (CSV header cells or JSON keys) to the schema of `kind`.
    pub fn from_names(
        kind: FileKind,
        names: Vec<String>,
        file: &str,
        user: Option<&BTreeMap<String, String>>,
    ) -> Result<Header> {
        let spec = kind.columns();
        let mut position = vec![None; spec.len()];
        let mut unknown = Vec::new();
        // `[columns.<file>]` of the settings first: the owner's word wins.
        let mut taken = vec![false; names.len()];
        for (ours, theirs) in user.into_iter().flatten() {
            let wanted = normalize(theirs);
            let Some(at) = names.iter().position(|n| normalize(n) == wanted) else {
                return Err(Error::Usage(format!(
                    "{file}: [columns.{}] maps `{ours}` to {theirs:?}, which the header lacks (found: {})",
                    kind.table(),
                    names.join(", ")
                )));
            };
            if let Some(f) = spec.iter().position(|c| c.name == ours) {
                position[f] = Some(at);
                taken[at] = true;
            }
        }
        let normalized: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let mut currency = None;
        let bare: Vec<&str> = normalized
            .iter()
            .map(|n| {
                // Xero marks required columns `*ContactName`.
                let (base, code) = super::formats::split_currency(n.trim_start_matches('*'));
                currency = currency.take().or(code);
                base
            })
            .collect();
        let profile = super::formats::detect(kind, &bare);
        match profile {
            // A known export: its own header names, and nothing guessed from aliases
            // (Kimai's `Rate` is an amount, not an hourly rate).
            Some(p) => {
                for (ours, theirs) in p.map {
                    let f = spec.iter().position(|c| c.name == *ours);
                    let at = bare.iter().position(|b| b == theirs);
                    if let (Some(f), Some(at)) = (f, at) {
                        if position[f].is_none() && !taken[at] {
                            position[f] = Some(at);
                        }
                    }
                }
            }
            None => {
                for (i, written) in names.iter().enumerate() {
                    if taken[i] {
                        continue;
                    }
                    let n = bare[i];
                    match spec.iter().position(|c| c.aliases.contains(&n)) {
                        // The first column of a meaning wins; a second one is reported as unused.
                        Some(f) if position[f].is_none() => position[f] = Some(i),
                        _ => unknown.push(written.clone()),
                    }
                }
            }
        }
        if let Some(missing) = spec
            .iter()
            .zip(&position)
            .find(|(c, p)| c.required && p.is_none())
        {
            let mut found = names.join(", ");
            if kind == FileKind::Time {
                found.push_str(
                    "; or an unchanged export of Harvest, Toggl Track, Clockify or Kimai (English headers)",
                );
            }
            return Err(Error::MissingColumn {
                source_name: file.to_string(),
                column: missing.0.name,
                found,
            });
        }
        let numeric = spec
            .iter()
            .zip(&position)
            .filter_map(|(c, p)| p.filter(|_| c.numeric))
            .collect();
        Ok(Header {
            names,
            position,
            numeric,
            unknown,
            file: file.to_string(),
            profile,
            currency,
        })
    }

    /// One warning per unknown column list and per missing optional column.
    pub fn warnings(&self, kind: FileKind) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.profile {
            out.push(format!(
                "{}: read as {}{}",
                self.file,
                p.vendor.label(),
                self.currency
                    .as_deref()
                    .map(|c| format!(" (amounts in {c}, from the header)"))
                    .unwrap_or_default()
            ));
            if p.vendor == super::formats::Vendor::Xero {
                out.push(format!(
                    "{}: Xero exports no payment dates: invoice lines are merged into their invoices, and paid amounts count as paid on an unknown date (lateness of paid invoices is unknown; pass a file with a `paid` column for it)",
                    self.file
                ));
            }
        }
        if !self.unknown.is_empty() {
            out.push(format!(
                "{}: unknown {} columns ignored: {}",
                self.file,
                kind.label(),
                self.unknown.join(", ")
            ));
        }
        // A rate is derived from the entry's amount when the export has that instead.
        // So are payments from a paid amount without a date (Xero).
        let derived = |name: &str| match (kind, name) {
            (FileKind::Time, "bill_rate") => self.position[time::BILL_AMOUNT].is_some(),
            (FileKind::Time, "cost_rate") => self.position[time::COST_AMOUNT].is_some(),
            (FileKind::Invoices, "paid") => self.position[inv::PAID_AMOUNT].is_some(),
            _ => false,
        };
        for (c, p) in kind.columns().iter().zip(&self.position) {
            if derived(c.name) {
                continue;
            }
            if let (None, Some(lost)) = (p, c.missing) {
                out.push(format!("{}: no `{}` column: {lost}", self.file, c.name));
            }
        }
        out
    }
}
