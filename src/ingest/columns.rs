//! The one column table: for a summary (clients) file and each kind of ledger file,
//! every column, the header spellings that mean it (English, Hungarian, Persian),
//! whether it holds numbers, and what is lost without it; how a header is
//! normalized (case, spaces, `-` and `_` ignored). Vendors' own header names are
//! in [`super::vendors`].

use crate::model::records::FileKind;

/// The summary column a header feeds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Field {
    /// Its name in [`CLIENTS`].
    pub name: &'static str,
    /// For `fit` ratings, the aspect: `overall`, or `<aspect>` of `fit_<aspect>`.
    pub aspect: Option<String>,
}

/// Spellings of the `client` column, shared with the ledger files.
const CLIENT: &str = "client clientname customer customername account accountname ügyfél ugyfel megrendelő مشتری کارفرما";

/// One column a file may have.
pub struct ColSpec {
    /// Canonical name (SPEC 2.2).
    pub name: &'static str,
    /// Normalized header spellings that mean it, separated by spaces (a normalized
    /// header has none).
    pub aliases: &'static str,
    /// A file without it cannot be read.
    pub required: bool,
    /// Holds numbers (for decimal-style detection).
    pub numeric: bool,
    /// What is lost when the column is absent (for the warning), if anything.
    pub missing: Option<&'static str>,
}

const fn col(name: &'static str, aliases: &'static str) -> ColSpec {
    ColSpec {
        name,
        aliases,
        required: true,
        numeric: false,
        missing: None,
    }
}

const fn num(name: &'static str, aliases: &'static str) -> ColSpec {
    ColSpec {
        numeric: true,
        ..col(name, aliases)
    }
}

impl ColSpec {
    /// The column may be absent.
    const fn optional(self) -> ColSpec {
        ColSpec {
            required: false,
            ..self
        }
    }

    /// The column may be absent, at the cost of `missing`.
    const fn missing(self, missing: &'static str) -> ColSpec {
        ColSpec {
            missing: Some(missing),
            ..self.optional()
        }
    }
}

/// Time-entry columns; the constants are positions in this list.
pub(crate) mod time {
    pub(crate) const DATE: usize = 0;
    pub(crate) const CLIENT: usize = 1;
    pub(crate) const HOURS: usize = 2;
    pub(crate) const COST_RATE: usize = 3;
    pub(crate) const BILL_RATE: usize = 4;
    pub(crate) const BILLABLE: usize = 5;
    pub(crate) const IN_SCOPE: usize = 6;
    pub(crate) const PROJECT: usize = 7;
    pub(crate) const PERSON: usize = 8;
    /// `bill_amount`: billable value of the entry (a rate is derived from it)
    pub(crate) const BILL_AMOUNT: usize = 9;
    /// `cost_amount`: cost of the entry (a cost rate is derived from it)
    pub(crate) const COST_AMOUNT: usize = 10;
    /// `person_last`: a last name, when the export splits the person's name
    pub(crate) const PERSON_LAST: usize = 11;
    /// `currency` of the entry's rates (read when exchange rates are given)
    pub(crate) const CURRENCY: usize = 12;
}

const TIME: &[ColSpec] = &[
    col("date", "date day spentdate workdate dátum nap تاریخ"),
    col("client", CLIENT),
    num("hours", "hours duration durationdecimal óra órák ساعت"),
    num(
        "cost_rate",
        "costrate hourlycost loadedcost önköltség نرخهزینه",
    )
    .missing("cost and margin are unknown"),
    num(
        "bill_rate",
        "billrate billablerate hourlyrate rate óradíj نرخ",
    )
    .missing("billable value is unknown; out-of-scope work is valued at the effective rate"),
    col("billable", "billable billable? számlázható قابلصورتحساب")
        .missing("every entry counts as billable"),
    col("in_scope", "inscope scope withinscope")
        .missing("out-of-scope hours are the hours over contract"),
    col("project", "project projekt پروژه").optional(),
    col(
        "person",
        "person user employee member name munkatárs کارمند",
    )
    .optional(),
    num("bill_amount", "billableamount billamount billablevalue").optional(),
    num("cost_amount", "costamount costvalue").optional(),
    col("person_last", "lastname surname vezetéknév").optional(),
    col("currency", "currency ccy pénznem ارز").optional(),
];

/// Invoice columns.
pub(crate) mod inv {
    pub(crate) const INVOICE: usize = 0;
    pub(crate) const CLIENT: usize = 1;
    pub(crate) const ISSUED: usize = 2;
    pub(crate) const DUE: usize = 3;
    pub(crate) const PAID: usize = 4;
    pub(crate) const AMOUNT: usize = 5;
    pub(crate) const PAID_AMOUNT: usize = 6;
    pub(crate) const CURRENCY: usize = 7;
    /// `status`: drafts and void invoices are left out
    pub(crate) const STATUS: usize = 8;
    /// `balance`: what is still owed (the paid amount is the rest)
    pub(crate) const BALANCE: usize = 9;
    /// `quantity` and `unit_price` of an invoice line, for files without an amount
    pub(crate) const QUANTITY: usize = 10;
    pub(crate) const UNIT_PRICE: usize = 11;
}

const INVOICES: &[ColSpec] = &[
    col(
        "invoice",
        "invoice invoicenumber invoiceno invoiceid number számla számlaszám شمارهفاکتور فاکتور",
    ),
    col("client", CLIENT),
    col(
        "issued",
        "issued issuedate issuedon invoicedate date kelte kiállítás تاریخصدور",
    ),
    col("due", "due duedate dueon határidő fizetésihatáridő سررسید")
        .missing("payment lateness and aging are unknown"),
    col(
        "paid",
        "paid paiddate paidon paymentdate fizetve تاریخپرداخت",
    )
    .missing("every invoice counts as unpaid"),
    num(
        "amount",
        "amount total invoiceamount invoicetotal összeg مبلغ",
    ),
    num(
        "paid_amount",
        "paidamount amountpaid payments fizetettösszeg",
    )
    .optional(),
    col("currency", "currency pénznem ارز").optional(),
    col("status", "status invoicestatus állapot وضعیت").optional(),
    num("balance", "balance balancedue amountdue").optional(),
    num("quantity", "quantity qty mennyiség").optional(),
    num("unit_price", "unitprice unitamount egységár").optional(),
];

/// Contract columns.
pub(crate) mod con {
    pub(crate) const CLIENT: usize = 0;
    pub(crate) const START: usize = 1;
    pub(crate) const END: usize = 2;
    pub(crate) const HOURS_PER_MONTH: usize = 3;
    pub(crate) const MONTHLY_FEE: usize = 4;
    pub(crate) const HOURLY_RATE: usize = 5;
    pub(crate) const NOTICE_DAYS: usize = 6;
    /// `currency` of the fee and rate (read when exchange rates are given)
    pub(crate) const CURRENCY: usize = 7;
}

const CONTRACTS: &[ColSpec] = &[
    col("client", CLIENT),
    col("start", "start startdate from kezdet شروع"),
    col("end", "end enddate to until vége پایان").optional(),
    num(
        "hours_per_month",
        "hourspermonth monthlyhours contractedhours óraperhó",
    )
    .missing("scope overrun is unknown"),
    num("monthly_fee", "monthlyfee retainer fee havidíj").optional(),
    num("hourly_rate", "hourlyrate rate óradíj").optional(),
    num("notice_days", "noticedays notice felmondásiidő").optional(),
    col("currency", "currency ccy pénznem ارز").optional(),
];

/// Interaction columns.
pub(crate) mod int {
    pub(crate) const DATE: usize = 0;
    pub(crate) const CLIENT: usize = 1;
    pub(crate) const KIND: usize = 2;
    pub(crate) const VALUE: usize = 3;
    pub(crate) const NOTE: usize = 4;
    /// `reason` (why a client cancelled; the note stands in without one)
    pub(crate) const REASON: usize = 5;
}

const INTERACTIONS: &[ColSpec] = &[
    col("date", "date day dátum تاریخ"),
    col("client", CLIENT),
    col("kind", "kind type event típus نوع"),
    num("value", "value score érték مقدار").optional(),
    col("note", "note notes comment megjegyzés یادداشت").optional(),
    col("reason", "reason cancellationreason churnreason indok دلیل").optional(),
];

/// Summary (clients) file columns: one row per client (SPEC 2.1). What a missing
/// column takes away is said once; `fit_<aspect>` columns are matched apart.
pub(crate) const CLIENTS: &[ColSpec] = &[
    col("client", CLIENT),
    num(
        "revenue",
        "revenue billed billings sales income fees bevétel árbevétel درآمد",
    )
    .missing("margin, profit, effective rate, value tier and revenue share are null"),
    num(
        "previous_revenue",
        "previousrevenue prevrevenue lastperiodrevenue priorrevenue",
    )
    .optional(),
    num(
        "cost",
        "cost costs deliverycost costofdelivery költség هزینه",
    )
    .missing("margin and profit are null unless hours and cost_rate are given"),
    num("hours", "hours hoursdelivered hoursworked óra órák ساعت")
        .missing("effective rate and scope overrun are null"),
    num(
        "cost_rate",
        "costrate hourlycost loadedcostrate costperhour",
    )
    .optional(),
    num("bill_rate", "billrate billablerate hourlyrate rate").optional(),
    num(
        "contracted_hours",
        "contractedhours budgethours retainerhours sowhours budgetedhours",
    )
    .missing("scope overrun is null"),
    num("out_of_scope_hours", "outofscopehours offscopehours").optional(),
    num("out_of_scope_value", "outofscopevalue unbilledvalue").optional(),
    num(
        "out_of_scope_requests",
        "outofscoperequests changerequests scoperequests offscoperequests",
    )
    .optional(),
    num(
        "avg_days_late",
        "avgdayslate averagedayslate dayslate meandayslate",
    )
    .missing("payment lateness leaves the health score"),
    num(
        "late_invoice_ratio",
        "lateinvoiceratio lateinvoiceshare shareinvoiceslate",
    )
    .optional(),
    num("p_alive", "palive probabilityalive").optional(),
    num(
        "overdue",
        "overdue overdueamount pastdue amountoverdue lejárt",
    )
    .missing("overdue amounts are null"),
    num("aging_current", "agingcurrent notyetdue current").optional(),
    num("aging_1_30", "aging130 overdue130 d130").optional(),
    num("aging_31_60", "aging3160 overdue3160 d3160").optional(),
    num("aging_61_90", "aging6190 overdue6190 d6190").optional(),
    num(
        "aging_90_plus",
        "aging90plus overdue90plus d90plus aging90 overdue90 aging90+ overdue90+ d90+ 90+ over90",
    )
    .optional(),
    num("fit", "fit fitrating fitscore")
        .missing("fit score is null (no fit or fit_<aspect> column)"),
    col("red_flag", "redflag redflags").optional(),
    col(
        "last_contact",
        "lastcontact lastcontacted lastcontactdate lasttouch",
    )
    .missing("churn risk leaves out silence"),
    num("complaints", "complaints complaintcount panaszok شکایت")
        .missing("churn risk leaves out complaints"),
    num("nps", "nps npsscore likelihoodtorecommend").missing("churn risk leaves out NPS"),
    col(
        "client_since",
        "clientsince customersince since startdate relationshipstart",
    )
    .optional(),
    col(
        "contract_end",
        "contractend contractenddate enddate renewaldate",
    )
    .missing("churn risk leaves out the contract end; exits fall on the next month end"),
    col(
        "notice_given",
        "noticegiven gavenotice noticereceived cancelledon cancellationdate",
    )
    .optional(),
    col(
        "last_rate_increase",
        "lastrateincrease lastraise lastpriceincrease lastrateincreasedate",
    )
    .missing("no rate-review check"),
    num("notice_days", "noticedays noticeperiod noticeperioddays").optional(),
    col("source", "source channel acquisitionchannel leadsource").optional(),
    num(
        "quoted_rate",
        "quotedrate quotedhourlyrate offeredrate ajánlottóradíj",
    )
    .optional(),
    num(
        "estimated_hours",
        "estimatedhours estimate hoursestimate becsültóra",
    )
    .optional(),
    num("budget", "budget clientbudget keret بودجه").optional(),
    col("currency", "currency ccy pénznem ارز").optional(),
];

impl ColSpec {
    /// Whether a normalized header is one of this column's spellings.
    pub fn means(&self, normalized: &str) -> bool {
        self.aliases.split(' ').any(|a| a == normalized)
    }
}

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

pub(crate) fn normalize(header: &str) -> String {
    header
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\u{200C}'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn field_of(header: &str) -> Option<Field> {
    let n = normalize(header);
    if let Some(spec) = CLIENTS.iter().find(|c| c.means(&n)) {
        return Some(Field {
            name: spec.name,
            aspect: (spec.name == "fit").then(|| "overall".to_string()),
        });
    }
    // `fit_<aspect>` (or `fit-<aspect>`, `fit <aspect>`): the separator is required, so
    // `Fitout cost` is not a rating; free-text note columns are not ratings either.
    let written = header.trim();
    let rest = written
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("fit"))
        .and(written.get(3..))?;
    let label = rest
        .strip_prefix(['_', '-', ' '])?
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_");
    if label.is_empty() || NOT_RATINGS.contains(&label.as_str()) {
        return None;
    }
    Some(Field {
        name: "fit",
        aspect: Some(label),
    })
}

/// `fit_…` columns that hold text about fit rather than a rating.
const NOT_RATINGS: &[&str] = &["notes", "note", "comment", "comments", "reason", "reasons"];

/// Edit distance over characters, a swap of two neighbours counting as one edit
/// (`dtae` is one from `date`): optimal string alignment.
pub(crate) use strsim::osa_distance as edit_distance;

/// The column of `spec` an unknown header is probably a misspelling of
/// (`reveune`, `Hourss`): one edit away from a spelling of up to five
/// characters, two from a longer one.
pub(crate) fn near_miss(header: &str, spec: &'static [ColSpec]) -> Option<&'static str> {
    let n = normalize(header);
    let len = n.chars().count();
    if len < 3 {
        return None;
    }
    spec.iter()
        .flat_map(|c| c.aliases.split(' ').map(move |a| (c.name, a)))
        .filter(|(_, alias)| alias.chars().count().abs_diff(len) <= 2)
        .map(|(name, alias)| (edit_distance(&n, alias), alias.chars().count(), name))
        .filter(|&(d, len, _)| d > 0 && d <= if len <= 5 { 1 } else { 2 })
        .min_by_key(|&(d, _, _)| d)
        .map(|(_, _, name)| name)
}

/// A header with a unit or currency after the name (`Revenue (EUR)`, `Hours
/// (h)`, `Cost [€]`): the name and what was in the brackets.
pub(crate) fn split_unit(header: &str) -> Option<(&str, &str)> {
    let h = header.trim();
    let (open, close) = match h.chars().last()? {
        ')' => ('(', ')'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let at = h.rfind(open)?;
    let name = h[..at].trim();
    let unit = h[at + 1..h.len() - close.len_utf8()].trim();
    (!name.is_empty() && !unit.is_empty()).then_some((name, unit))
}

/// Whether a column (of any kind of file) holds dates.
pub(crate) fn holds_dates(name: &str) -> bool {
    matches!(name, "date" | "issued" | "due" | "paid" | "start" | "end")
        || kind_of(name) == "a date"
}

/// What a value of the summary column `name` must be, in words.
pub(crate) fn kind_of(name: &str) -> &'static str {
    match name {
        "client" | "red_flag" | "source" => "text",
        "currency" => "a currency code",
        "last_contact" | "client_since" | "contract_end" | "notice_given"
        | "last_rate_increase" => "a date",
        "fit" => "a rating from 1 to 5",
        "nps" => "a whole number from 0 to 10",
        "out_of_scope_requests" | "complaints" | "notice_days" => "a whole number",
        _ => "a number",
    }
}
