//! Column vocabulary of summary files: what each header means (with aliases in
//! English, Hungarian and Persian), which columns a metric needs, and how a
//! header is normalized (case, spaces, `-` and `_` ignored).

/// A column's meaning.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Client,
    Revenue,
    PreviousRevenue,
    Cost,
    Hours,
    CostRate,
    BillRate,
    ContractedHours,
    OutOfScopeHours,
    OutOfScopeValue,
    OutOfScopeRequests,
    AvgDaysLate,
    LateInvoiceRatio,
    PAlive,
    Overdue,
    Aging(usize),
    Fit,
    FitAspect(String),
    RedFlag,
    LastContact,
    Complaints,
    Nps,
    ClientSince,
    ContractEnd,
    NoticeGiven,
    LastRateIncrease,
    NoticeDays,
    QuotedRate,
    EstimatedHours,
    Budget,
    Source,
    Currency,
}

/// Spellings of the `client` column, shared with the ledger files.
pub(super) const CLIENT_ALIASES: &[&str] = &[
    "client",
    "clientname",
    "customer",
    "customername",
    "account",
    "accountname",
    "ügyfél",
    "ugyfel",
    "megrendelő",
    "مشتری",
    "کارفرما",
];

/// Canonical column names and their aliases, all in normalized form.
pub(super) const ALIASES: &[(&str, &[&str])] = &[
    ("client", CLIENT_ALIASES),
    (
        "revenue",
        &[
            "revenue",
            "billed",
            "billings",
            "sales",
            "income",
            "fees",
            "bevétel",
            "árbevétel",
            "درآمد",
        ],
    ),
    (
        "previous_revenue",
        &[
            "previousrevenue",
            "prevrevenue",
            "lastperiodrevenue",
            "priorrevenue",
        ],
    ),
    (
        "cost",
        &[
            "cost",
            "costs",
            "deliverycost",
            "costofdelivery",
            "költség",
            "هزینه",
        ],
    ),
    (
        "hours",
        &[
            "hours",
            "hoursdelivered",
            "hoursworked",
            "óra",
            "órák",
            "ساعت",
        ],
    ),
    (
        "cost_rate",
        &["costrate", "hourlycost", "loadedcostrate", "costperhour"],
    ),
    (
        "bill_rate",
        &["billrate", "billablerate", "hourlyrate", "rate"],
    ),
    (
        "contracted_hours",
        &[
            "contractedhours",
            "budgethours",
            "retainerhours",
            "sowhours",
            "budgetedhours",
        ],
    ),
    ("out_of_scope_hours", &["outofscopehours", "offscopehours"]),
    ("out_of_scope_value", &["outofscopevalue", "unbilledvalue"]),
    (
        "out_of_scope_requests",
        &[
            "outofscoperequests",
            "changerequests",
            "scoperequests",
            "offscoperequests",
        ],
    ),
    (
        "avg_days_late",
        &["avgdayslate", "averagedayslate", "dayslate", "meandayslate"],
    ),
    (
        "late_invoice_ratio",
        &["lateinvoiceratio", "lateinvoiceshare", "shareinvoiceslate"],
    ),
    ("p_alive", &["palive", "probabilityalive"]),
    (
        "overdue",
        &[
            "overdue",
            "overdueamount",
            "pastdue",
            "amountoverdue",
            "lejárt",
        ],
    ),
    ("aging_current", &["agingcurrent", "notyetdue", "current"]),
    ("aging_1_30", &["aging130", "overdue130", "d130"]),
    ("aging_31_60", &["aging3160", "overdue3160", "d3160"]),
    ("aging_61_90", &["aging6190", "overdue6190", "d6190"]),
    (
        "aging_90_plus",
        &[
            "aging90plus",
            "overdue90plus",
            "d90plus",
            "aging90",
            "overdue90",
            "aging90+",
            "overdue90+",
            "d90+",
            "90+",
            "over90",
        ],
    ),
    ("fit", &["fit", "fitrating", "fitscore"]),
    ("red_flag", &["redflag", "redflags"]),
    (
        "last_contact",
        &[
            "lastcontact",
            "lastcontacted",
            "lastcontactdate",
            "lasttouch",
        ],
    ),
    (
        "complaints",
        &["complaints", "complaintcount", "panaszok", "شکایت"],
    ),
    ("nps", &["nps", "npsscore", "likelihoodtorecommend"]),
    (
        "client_since",
        &[
            "clientsince",
            "customersince",
            "since",
            "startdate",
            "relationshipstart",
        ],
    ),
    (
        "contract_end",
        &["contractend", "contractenddate", "enddate", "renewaldate"],
    ),
    (
        "notice_given",
        &[
            "noticegiven",
            "gavenotice",
            "noticereceived",
            "cancelledon",
            "cancellationdate",
        ],
    ),
    (
        "last_rate_increase",
        &[
            "lastrateincrease",
            "lastraise",
            "lastpriceincrease",
            "lastrateincreasedate",
        ],
    ),
    (
        "notice_days",
        &["noticedays", "noticeperiod", "noticeperioddays"],
    ),
    (
        "source",
        &["source", "channel", "acquisitionchannel", "leadsource"],
    ),
    (
        "quoted_rate",
        &[
            "quotedrate",
            "quotedhourlyrate",
            "offeredrate",
            "ajánlottóradíj",
        ],
    ),
    (
        "estimated_hours",
        &["estimatedhours", "estimate", "hoursestimate", "becsültóra"],
    ),
    ("budget", &["budget", "clientbudget", "keret", "بودجه"]),
    ("currency", &["currency", "ccy", "pénznem", "ارز"]),
];

/// Columns whose absence removes a metric, and what it removes (one warning each).
pub(crate) const CONSEQUENCES: &[(&str, &str)] = &[
    (
        "revenue",
        "margin, profit, effective rate, value tier and revenue share are null",
    ),
    (
        "cost",
        "margin and profit are null unless hours and cost_rate are given",
    ),
    ("hours", "effective rate and scope overrun are null"),
    ("contracted_hours", "scope overrun is null"),
    ("avg_days_late", "payment lateness leaves the health score"),
    ("overdue", "overdue amounts are null"),
    ("fit", "fit score is null (no fit or fit_<aspect> column)"),
    ("last_contact", "churn risk leaves out silence"),
    ("complaints", "churn risk leaves out complaints"),
    ("nps", "churn risk leaves out NPS"),
    (
        "contract_end",
        "churn risk leaves out the contract end; exits fall on the next month end",
    ),
    ("last_rate_increase", "no rate-review check"),
];

pub(super) fn normalize(header: &str) -> String {
    header
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\u{200C}'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn field_of(header: &str) -> Option<(Field, &'static str)> {
    let n = normalize(header);
    for (canonical, aliases) in ALIASES {
        if aliases.contains(&n.as_str()) {
            let field = match *canonical {
                "client" => Field::Client,
                "revenue" => Field::Revenue,
                "previous_revenue" => Field::PreviousRevenue,
                "cost" => Field::Cost,
                "hours" => Field::Hours,
                "cost_rate" => Field::CostRate,
                "bill_rate" => Field::BillRate,
                "contracted_hours" => Field::ContractedHours,
                "out_of_scope_hours" => Field::OutOfScopeHours,
                "out_of_scope_value" => Field::OutOfScopeValue,
                "out_of_scope_requests" => Field::OutOfScopeRequests,
                "avg_days_late" => Field::AvgDaysLate,
                "late_invoice_ratio" => Field::LateInvoiceRatio,
                "p_alive" => Field::PAlive,
                "overdue" => Field::Overdue,
                "aging_current" => Field::Aging(0),
                "aging_1_30" => Field::Aging(1),
                "aging_31_60" => Field::Aging(2),
                "aging_61_90" => Field::Aging(3),
                "aging_90_plus" => Field::Aging(4),
                "fit" => Field::Fit,
                "red_flag" => Field::RedFlag,
                "last_contact" => Field::LastContact,
                "complaints" => Field::Complaints,
                "nps" => Field::Nps,
                "client_since" => Field::ClientSince,
                "contract_end" => Field::ContractEnd,
                "notice_given" => Field::NoticeGiven,
                "last_rate_increase" => Field::LastRateIncrease,
                "notice_days" => Field::NoticeDays,
                "source" => Field::Source,
                "quoted_rate" => Field::QuotedRate,
                "estimated_hours" => Field::EstimatedHours,
                "budget" => Field::Budget,
                _ => Field::Currency,
            };
            return Some((field, canonical));
        }
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
    if label == "overall" {
        return Some((Field::Fit, "fit"));
    }
    Some((Field::FitAspect(label), "fit"))
}

/// `fit_…` columns that hold text about fit rather than a rating.
const NOT_RATINGS: &[&str] = &["notes", "note", "comment", "comments", "reason", "reasons"];

pub(super) fn kind_of(field: &Field) -> &'static str {
    match field {
        Field::Client | Field::RedFlag | Field::Source => "text",
        Field::Currency => "a currency code",
        Field::LastContact
        | Field::ClientSince
        | Field::ContractEnd
        | Field::NoticeGiven
        | Field::LastRateIncrease => "a date",
        Field::Fit | Field::FitAspect(_) => "a rating from 1 to 5",
        Field::Nps => "a whole number from 0 to 10",
        Field::OutOfScopeRequests | Field::Complaints | Field::NoticeDays => "a whole number",
        _ => "a number",
    }
}
