//! The exports of the tools owners already use, all in one place: Harvest, Toggl
//! Track, Clockify and Kimai time reports and Xero invoices, recognised by their
//! header names (never by position: vendors add and reorder columns) and mapped
//! onto our columns; QuickBooks' A/R Aging Summary, a report rather than a table,
//! is converted into a summary file ([`quickbooks`]).
//!
//! A profile names, for each of our columns, the vendor's header; what the
//! vendor's values look like (hours as `hh:mm:ss`, US dates, amounts rather than
//! rates) is handled by the row parser for every file alike.

pub mod quickbooks;
pub mod wave;

use crate::model::records::FileKind;

/// A known export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    /// Harvest detailed time report.
    Harvest,
    /// Toggl Track detailed report.
    Toggl,
    /// Clockify detailed report.
    Clockify,
    /// Kimai timesheet export (English headers).
    Kimai,
    /// Xero sales invoice export (one row per invoice line).
    Xero,
    /// Zoho Invoice / Books invoice export (one row per invoice line).
    Zoho,
    /// Invoice Ninja v4 invoice export (title rows, one row per invoice line).
    InvoiceNinja,
    /// Invoice2go invoice export (one row per invoice).
    Invoice2go,
    /// FreshBooks invoice export (one row per line, no invoice total).
    FreshBooks,
    /// Invoicely invoice export (one row per invoice, a status, no payment date).
    Invoicely,
}

impl Vendor {
    /// The export's name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Vendor::Harvest => "a Harvest detailed time report",
            Vendor::Toggl => "a Toggl Track detailed report",
            Vendor::Clockify => "a Clockify detailed report",
            Vendor::Kimai => "a Kimai timesheet export",
            Vendor::Xero => "a Xero sales invoice export",
            Vendor::Zoho => "a Zoho invoice export",
            Vendor::InvoiceNinja => "an Invoice Ninja invoice export",
            Vendor::Invoice2go => "an Invoice2go invoice export",
            Vendor::FreshBooks => "a FreshBooks invoice export",
            Vendor::Invoicely => "an Invoicely invoice export",
        }
    }
}

/// How one export maps onto our columns.
#[derive(Debug)]
pub struct Profile {
    /// Which export.
    pub vendor: Vendor,
    /// The file kind it is.
    pub kind: FileKind,
    /// Headers (normalized, currency suffix removed) that all must be present.
    signature: &'static [&'static str],
    /// Our column name → the vendor's header (normalized, currency suffix removed).
    pub map: &'static [(&'static str, &'static str)],
    /// An invoice export with one row per invoice line, the invoice's figures on
    /// each: a repeated number is the same invoice, counted once, not a duplicate.
    pub rows_per_invoice_line: bool,
    /// An empty billable cell means not billable (Kimai writes `1` or nothing).
    pub blank_is_unbillable: bool,
    /// A duration without a colon is in seconds (Kimai writes `2700` as well as
    /// `0:45`), and a last row without a date or a client is the export's totals.
    pub seconds_and_totals: bool,
    /// An invoice export with one row per line and no invoice total (FreshBooks):
    /// a repeated number is the same invoice, and its lines' amounts add up.
    pub lines_without_total: bool,
}

/// A profile with no quirks, for the others to start from.
const PLAIN: Profile = Profile {
    vendor: Vendor::Harvest,
    kind: FileKind::Time,
    signature: &[],
    map: &[],
    rows_per_invoice_line: false,
    blank_is_unbillable: false,
    seconds_and_totals: false,
    lines_without_total: false,
};

const PROFILES: &[Profile] = &[
    // Date, Client, Project, Project Code, Task, Notes, Hours, Billable?, Invoiced?,
    // Approved?, First Name, Last Name, [Employee Id,] Roles, Employee?, Billable
    // Rate, Billable Amount, Cost Rate, Cost Amount, Currency, External Reference URL.
    Profile {
        vendor: Vendor::Harvest,
        kind: FileKind::Time,
        signature: &[
            "date",
            "client",
            "hours",
            "billable?",
            "firstname",
            "lastname",
        ],
        map: &[
            ("date", "date"),
            ("client", "client"),
            ("hours", "hours"),
            ("billable", "billable?"),
            ("project", "project"),
            ("person", "firstname"),
            ("person_last", "lastname"),
            ("bill_rate", "billablerate"),
            ("bill_amount", "billableamount"),
            ("cost_rate", "costrate"),
            ("cost_amount", "costamount"),
            ("currency", "currency"),
        ],
        ..PLAIN
    },
    // User, Email, Client, Project, Task, Description, Billable, Start date, Start
    // time, End date, End time, Duration (hh:mm:ss), Tags[, Amount (USD)].
    Profile {
        vendor: Vendor::Toggl,
        kind: FileKind::Time,
        signature: &["user", "email", "client", "startdate", "duration"],
        map: &[
            ("date", "startdate"),
            ("client", "client"),
            ("hours", "duration"),
            ("billable", "billable"),
            ("project", "project"),
            ("person", "user"),
            ("bill_amount", "amount"),
        ],
        ..PLAIN
    },
    // Project, Client, Description, Task, User, Group, Email, Tags, [Type,] Billable,
    // [Invoiced, Invoice ID,] Start Date, Start Time, End Date, End Time, Duration (h),
    // Duration (decimal), Billable Rate (EUR), Billable Amount (EUR)[, Date of creation].
    Profile {
        vendor: Vendor::Clockify,
        kind: FileKind::Time,
        signature: &["user", "startdate", "duration(decimal)"],
        map: &[
            ("date", "startdate"),
            ("client", "client"),
            // `Duration (h)` is exact to the second; the decimal column is rounded
            // to hundredths, and some exports have it 0.00 beside a real duration.
            ("hours", "duration(h)"),
            ("hours", "duration(decimal)"),
            ("billable", "billable"),
            ("project", "project"),
            ("person", "user"),
            ("bill_rate", "billablerate"),
            ("bill_amount", "billableamount"),
        ],
        ..PLAIN
    },
    // Date, From, To, Duration, Rate, Internal rate, User, Name, Customer, Project,
    // Activity, Description, Exported, Billable, Tags, Hourly rate, Fixed rate, …
    // `Rate` and `Internal rate` are amounts of the entry, not hourly rates.
    Profile {
        vendor: Vendor::Kimai,
        kind: FileKind::Time,
        signature: &["date", "from", "to", "duration", "customer", "activity"],
        map: &[
            ("date", "date"),
            ("client", "customer"),
            ("hours", "duration"),
            ("billable", "billable"),
            ("project", "project"),
            ("person", "user"),
            ("bill_amount", "rate"),
            ("cost_amount", "internalrate"),
        ],
        blank_is_unbillable: true,
        seconds_and_totals: true,
        ..PLAIN
    },
    // ContactName, EmailAddress, …, InvoiceNumber, Reference, InvoiceDate, DueDate,
    // Total, InvoiceAmountPaid, InvoiceAmountDue, …, Description, Quantity,
    // UnitAmount, …, Currency: one row per invoice line, the invoice's figures on
    // each; no payment date.
    Profile {
        vendor: Vendor::Xero,
        kind: FileKind::Invoices,
        signature: &[
            "contactname",
            "invoicenumber",
            "invoicedate",
            "total",
            "invoiceamountpaid",
        ],
        map: &[
            ("invoice", "invoicenumber"),
            ("client", "contactname"),
            ("issued", "invoicedate"),
            ("due", "duedate"),
            ("amount", "total"),
            ("paid_amount", "invoiceamountpaid"),
            ("status", "status"),
            ("currency", "currency"),
        ],
        rows_per_invoice_line: true,
        ..PLAIN
    },
    // Xero's older invoice export, without `InvoiceAmountPaid`: what is still due
    // says what was paid.
    Profile {
        vendor: Vendor::Xero,
        kind: FileKind::Invoices,
        signature: &["contactname", "invoicenumber", "invoicedate", "total"],
        map: &[
            ("invoice", "invoicenumber"),
            ("client", "contactname"),
            ("issued", "invoicedate"),
            ("due", "duedate"),
            ("amount", "total"),
            ("balance", "invoiceamountdue"),
            ("status", "status"),
            ("currency", "currency"),
        ],
        rows_per_invoice_line: true,
        ..PLAIN
    },
    // Xero's invoice import template: one row per line, no totals: quantity times
    // unit amount, the lines of an invoice added up; nothing is paid yet.
    Profile {
        vendor: Vendor::Xero,
        kind: FileKind::Invoices,
        signature: &[
            "contactname",
            "invoicenumber",
            "invoicedate",
            "quantity",
            "unitamount",
        ],
        map: &[
            ("invoice", "invoicenumber"),
            ("client", "contactname"),
            ("issued", "invoicedate"),
            ("due", "duedate"),
            ("quantity", "quantity"),
            ("unit_price", "unitamount"),
            ("currency", "currency"),
        ],
        lines_without_total: true,
        ..PLAIN
    },
    // Invoice Date, Invoice ID, Invoice Number, …, Invoice Status, Customer Name,
    // Company Name, …, Due Date, …, Currency Code, …, Item Total, SubTotal, Total,
    // Balance, …: one row per line, the invoice's Total and Balance on each.
    Profile {
        vendor: Vendor::Zoho,
        kind: FileKind::Invoices,
        signature: &[
            "invoicenumber",
            "invoicestatus",
            "customername",
            "total",
            "balance",
        ],
        map: &[
            ("invoice", "invoicenumber"),
            ("client", "customername"),
            ("issued", "invoicedate"),
            ("due", "duedate"),
            ("amount", "total"),
            ("balance", "balance"),
            ("status", "invoicestatus"),
            ("currency", "currencycode"),
        ],
        rows_per_invoice_line: true,
        ..PLAIN
    },
    // (title rows) Client, Email, Invoice Number, Amount, Paid, PO Number, Status,
    // Invoice Date, Due Date, …, Item Product, Item Notes, Item Cost, Item Quantity:
    // Invoice Ninja v4, one row per line, `$540.00` amounts repeated on each.
    Profile {
        vendor: Vendor::InvoiceNinja,
        kind: FileKind::Invoices,
        signature: &[
            "client",
            "invoicenumber",
            "amount",
            "paid",
            "status",
            "itemproduct",
        ],
        map: &[
            ("invoice", "invoicenumber"),
            ("client", "client"),
            ("issued", "invoicedate"),
            ("due", "duedate"),
            ("amount", "amount"),
            ("paid_amount", "paid"),
            ("status", "status"),
        ],
        rows_per_invoice_line: true,
        ..PLAIN
    },
    // Id, …, DocumentDate, DocumentNumber, Comment, Name, …, DocumentStatus, …,
    // DatePaid, …, CurrencyCode, TotalAmount, BalanceDueAmount, AmountPaidAmount:
    // Invoice2go, one row per invoice.
    Profile {
        vendor: Vendor::Invoice2go,
        kind: FileKind::Invoices,
        signature: &[
            "documentnumber",
            "documentdate",
            "documentstatus",
            "totalamount",
        ],
        map: &[
            ("invoice", "documentnumber"),
            ("client", "name"),
            ("issued", "documentdate"),
            ("paid", "datepaid"),
            ("amount", "totalamount"),
            ("paid_amount", "amountpaidamount"),
            ("balance", "balancedueamount"),
            ("status", "documentstatus"),
            ("currency", "currencycode"),
        ],
        ..PLAIN
    },
    // Client Name, Invoice #, Date Issued, Invoice Status, Date Paid, Item Name, Item
    // Description, Rate, Quantity, Discount Percentage, Line Subtotal, Tax 1 Type, Tax 1
    // Amount, Tax 2 Type, Tax 2 Amount, Line Total, Currency: one row per line, and no
    // invoice total: the lines add up.
    Profile {
        vendor: Vendor::FreshBooks,
        kind: FileKind::Invoices,
        signature: &["clientname", "invoice#", "dateissued", "linetotal"],
        map: &[
            ("invoice", "invoice#"),
            ("client", "clientname"),
            ("issued", "dateissued"),
            ("paid", "datepaid"),
            ("amount", "linetotal"),
            ("status", "invoicestatus"),
            ("currency", "currency"),
        ],
        lines_without_total: true,
        ..PLAIN
    },
    // "Date","Due","Details","Client","Status","Total": one row per invoice, `Feb 13
    // 2023` dates, `Paid` or `Due` and no payment date.
    Profile {
        vendor: Vendor::Invoicely,
        kind: FileKind::Invoices,
        signature: &["date", "due", "details", "client", "status", "total"],
        map: &[
            ("invoice", "details"),
            ("client", "client"),
            ("issued", "date"),
            ("due", "due"),
            ("amount", "total"),
            ("status", "status"),
        ],
        ..PLAIN
    },
];

/// A header name without a trailing currency in parentheses (`Billable Rate (EUR)`),
/// normalized, with the currency if there was one.
pub fn split_currency(normalized: &str) -> (&str, Option<String>) {
    match crate::ingest::columns::split_unit(normalized) {
        Some((name, code)) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            (name, Some(code.to_ascii_uppercase()))
        }
        _ => (normalized, None),
    }
}

/// The profile whose signature the (normalized, currency-free) headers carry.
pub fn detect(kind: FileKind, names: &[&str]) -> Option<&'static Profile> {
    PROFILES
        .iter()
        .filter(|p| p.kind == kind)
        .find(|p| p.signature.iter().all(|s| names.contains(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_in_header_names_are_split_off() {
        assert_eq!(
            split_currency("billablerate(eur)"),
            ("billablerate", Some("EUR".into()))
        );
        assert_eq!(split_currency("duration(h)"), ("duration(h)", None));
        assert_eq!(split_currency("hours"), ("hours", None));
    }

    #[test]
    fn each_export_is_told_apart_by_its_headers() {
        let harvest = [
            "date",
            "client",
            "project",
            "hours",
            "billable?",
            "firstname",
            "lastname",
        ];
        let toggl = ["user", "email", "client", "startdate", "duration", "amount"];
        let clockify = [
            "client",
            "user",
            "email",
            "startdate",
            "duration(h)",
            "duration(decimal)",
        ];
        let kimai = [
            "date", "from", "to", "duration", "rate", "customer", "activity",
        ];
        let xero = [
            "contactname",
            "invoicenumber",
            "invoicedate",
            "duedate",
            "total",
            "invoiceamountpaid",
            "currency",
        ];
        let ours = ["date", "client", "hours", "costrate"];
        for (kind, names, vendor) in [
            (FileKind::Time, &harvest[..], Some(Vendor::Harvest)),
            (FileKind::Time, &toggl, Some(Vendor::Toggl)),
            (FileKind::Time, &clockify, Some(Vendor::Clockify)),
            (FileKind::Time, &kimai, Some(Vendor::Kimai)),
            (FileKind::Invoices, &xero, Some(Vendor::Xero)),
            (FileKind::Time, &xero, None),
            (FileKind::Time, &ours, None),
        ] {
            assert_eq!(detect(kind, names).map(|p| p.vendor), vendor, "{names:?}");
        }
    }
}
