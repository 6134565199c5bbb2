#!/usr/bin/env python3
"""Per-client totals for every file in tests/data/real, computed from the raw bytes.

Standard library only. Run from anywhere:

    python3 tests/data/real/expected.py > tests/data/real/expected.md

Money is summed with decimal.Decimal, hours with fractions.Fraction (exact), then
printed rounded to 4 decimal places for hours and 2 for money. Every rule is stated
in the output next to the numbers it produced.
"""

import csv
import io
import os
import sys
from collections import OrderedDict
from decimal import Decimal
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
NO_CLIENT = "(no client)"


def read_rows(rel, delimiter=","):
    """Return the file's rows as lists of str. A UTF-8 BOM is dropped; nothing else is changed."""
    with open(os.path.join(HERE, rel), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def table(rows, header_index=0):
    header = rows[header_index]
    out = []
    for r in rows[header_index + 1:]:
        if not any(c.strip() for c in r):
            continue
        out.append({h: (r[i] if i < len(r) else None) for i, h in enumerate(header)})
    return header, out


def client_of(rec, col):
    v = rec.get(col) if col else None
    return v if v else NO_CLIENT


# ---------- value parsers (one per notation found in the files)

def hms_hours(s):
    """'01:00:01' or '1:00:01' -> hours (Fraction)."""
    h, m, sec = s.split(":")
    return Fraction(int(h)) + Fraction(int(m), 60) + Fraction(int(sec), 3600)


def hm_hours(s):
    """'2:30' -> hours (Fraction)."""
    h, m = s.split(":")
    return Fraction(int(h)) + Fraction(int(m), 60)


def dec_point(s):
    """'3.50' -> Fraction/Decimal-friendly string with '.' decimal point."""
    return Fraction(Decimal(s))


def dec_comma(s):
    """'0,01' / '2.000,0' (comma decimal, dot thousands) -> Fraction."""
    return Fraction(Decimal(s.replace(".", "").replace(",", ".")))


def money(s):
    """'1,020.00', '$13.50', '$13.50 ', '($400.00)', '-570.00' -> Decimal."""
    t = s.strip()
    neg = t.startswith("(") and t.endswith(")")
    t = t.strip("()").replace("$", "").replace(",", "")
    d = Decimal(t)
    return -d if neg else d


def fmt_h(x):
    return "%.4f" % float(x)


def fmt_m(x):
    return "%.2f" % x


# ---------- time files: hours per client

def time_totals(rel, client_col, hours_col, parse, extra_cols=()):
    _, recs = table(read_rows(rel))
    res = OrderedDict()
    for r in recs:
        c = client_of(r, client_col)
        acc = res.setdefault(c, {"rows": 0, "hours": Fraction(0), **{k: Fraction(0) for k, _ in extra_cols}})
        acc["rows"] += 1
        acc["hours"] += parse(r[hours_col])
        for k, (col, p) in extra_cols:
            acc[k] += p(r[col]) if r.get(col) else Fraction(0)
    return res


# ---------- invoice files: totals per client, one invoice counted once

def invoice_totals(recs, client_col, inv_col, total_fn, status_fn=None, paid_fn=None, balance_fn=None):
    """total_fn(list_of_rows_of_one_invoice) -> Decimal. Invoices are grouped by inv_col
    (in file order); the client is the client of the invoice's first row."""
    invoices = OrderedDict()
    for r in recs:
        invoices.setdefault(r[inv_col], []).append(r)
    res = OrderedDict()
    for num, rows in invoices.items():
        c = client_of(rows[0], client_col)
        st = status_fn(rows[0]) if status_fn else ""
        acc = res.setdefault(c, {"invoices": [], "total": Decimal(0), "by_status": OrderedDict(),
                                 "paid": Decimal(0), "balance": Decimal(0)})
        t = total_fn(rows)
        acc["invoices"].append(num)
        acc["total"] += t
        acc["by_status"][st] = acc["by_status"].get(st, Decimal(0)) + t
        if paid_fn:
            acc["paid"] += paid_fn(rows)
        if balance_fn:
            acc["balance"] += balance_fn(rows)
    return res


def first(col, parse=money):
    return lambda rows: parse(rows[0][col])


def line_sum(col, parse=money):
    return lambda rows: sum((parse(r[col]) for r in rows), Decimal(0))


# ---------- output

out = []


def p(s=""):
    out.append(s)


def emit_time(title, rel, rule, res, extra=()):
    p("### `%s`" % rel)
    p()
    p(title)
    p()
    p("Rule: " + rule)
    p()
    cols = ["client", "entries", "hours"] + [k for k, _ in extra]
    p("| " + " | ".join(cols) + " |")
    p("|" + "---|" * len(cols))
    tot = Fraction(0)
    n = 0
    for c, a in res.items():
        cells = [c, str(a["rows"]), fmt_h(a["hours"])] + [fmt_h(a[k]) for k, _ in extra]
        p("| " + " | ".join(cells) + " |")
        tot += a["hours"]
        n += a["rows"]
    p("| **all** | %d | %s |%s" % (n, fmt_h(tot), " |" * len(extra)))
    p()


def emit_inv(title, rel, rule, res, show_paid=False, show_balance=False, exclude=()):
    p("### `%s`" % rel)
    p()
    p(title)
    p()
    p("Rule: " + rule)
    p()
    cols = ["client", "invoices", "total (all statuses)", "by status"]
    if exclude:
        cols.append("total excluding %s" % "/".join(exclude))
    if show_paid:
        cols.append("paid")
    if show_balance:
        cols.append("balance")
    p("| " + " | ".join(cols) + " |")
    p("|" + "---|" * len(cols))
    for c, a in res.items():
        bys = ", ".join("%s %s" % (s or "-", fmt_m(v)) for s, v in a["by_status"].items())
        cells = [c, ", ".join(a["invoices"]), fmt_m(a["total"]), bys]
        if exclude:
            cells.append(fmt_m(sum((v for s, v in a["by_status"].items() if s not in exclude), Decimal(0))))
        if show_paid:
            cells.append(fmt_m(a["paid"]))
        if show_balance:
            cells.append(fmt_m(a["balance"]))
        p("| " + " | ".join(cells) + " |")
    p()


p("# Expected per-client totals for `tests/data/real`")
p()
p("Generated by `expected.py` (stdlib only) from the raw files; do not edit by hand.")
p("Hours are exact sums printed to 4 decimals; money is exact (Decimal) printed to 2 decimals.")
p("`%s` stands for an empty or absent client cell." % NO_CLIENT)
p()
p("## Time entries (hours per client)")
p()

# Toggl
for rel, title in [
    ("toggl/timba_detailed.csv", "Toggl Track detailed report (real)."),
    ("toggl/solidtime_detailed_eur.csv", "Toggl Track detailed report (real)."),
    ("toggl/solidtime_detailed_quoted.csv", "Toggl Track detailed report (real)."),
]:
    emit_time(title, rel, "sum of `Duration` (h:mm:ss) per `Client`; every row counted (billable or not).",
              time_totals(rel, "Client", "Duration", hms_hours))

# Clockify
extra = (("hours from `Duration (decimal)`", ("Duration (decimal)", dec_point)),)
for rel in ["clockify/solidtime_detailed_usd.csv", "clockify/solidtime_detailed_eur_invoiced.csv",
            "clockify/solidtime_detailed_no_client.csv"]:
    hdr = read_rows(rel)[0]
    ccol = "Client" if "Client" in hdr else None
    emit_time("Clockify detailed report (real).", rel,
              "sum of `Duration (h)` (h:mm:ss) per `Client`%s; every row counted. The `Duration (decimal)` "
              "sum is shown next to it because the two disagree in some files."
              % ("" if ccol else " (this file has no `Client` column, so every row is " + NO_CLIENT + ")"),
              time_totals(rel, ccol, "Duration (h)", hms_hours, extra), extra)

# Harvest
rel = "harvest/solidtime_detailed_eu.csv"
emit_time("Harvest detailed time report, European number format (real).", rel,
          "sum of `Hours` per `Client`, read with `,` as decimal separator and `.` as thousands separator; "
          "billable and non-billable rows both counted.",
          time_totals(rel, "Client", "Hours", dec_comma))

# Kimai
rel = "kimai/kimai2_default_en.csv"
emit_time("Kimai 2 default CSV export, English (re-created).", rel,
          "sum of `Duration` (h:mm) per `Customer`; billable and non-billable rows both counted.",
          time_totals(rel, "Customer", "Duration", hm_hours))

p("## Invoices (totals per client)")
p()

# FreshBooks: one row per line, no invoice-total column.
rel = "freshbooks/invoice_lines.csv"
_, recs = table(read_rows(rel))
emit_inv("FreshBooks invoice export, one row per invoice line (re-created).", rel,
         "invoice total = sum of `Line Total` over the invoice's lines, invoices grouped by `Invoice #` "
         "(kept as text: `0000011`), client = `Client Name`, status = `Invoice Status`.",
         invoice_totals(recs, "Client Name", "Invoice #", line_sum("Line Total"), lambda r: r["Invoice Status"]),
         exclude=("draft",))

# Wave: accounting transactions; the Accounts Receivable row of an invoice carries its total.
rel = "wave/accounting_transactions.csv"
_, recs = table(read_rows(rel))
inv_rows = [r for r in recs if r["Account Name"] == "Accounts Receivable" and r["Transaction Description"] != "Invoice Payment"]
pay_rows = [r for r in recs if r["Account Name"] == "Accounts Receivable" and r["Transaction Description"] == "Invoice Payment"]
res = invoice_totals(inv_rows, "Customer", "Invoice Number", first("Amount (One column)"))
for r in pay_rows:
    res.setdefault(client_of(r, "Customer"), {"invoices": [], "total": Decimal(0), "by_status": OrderedDict(),
                                              "paid": Decimal(0), "balance": Decimal(0)})["paid"] += -money(r["Amount (One column)"])
for a in res.values():
    a["balance"] = a["total"] - a["paid"]
emit_inv("Wave accounting transactions export (re-created).", rel,
         "invoice total = `Amount (One column)` of the row with `Account Name` = `Accounts Receivable` whose "
         "`Transaction Description` is not `Invoice Payment` (one such row per invoice; the `Income` rows are its "
         "lines and are not added again); client = `Customer`. Paid = minus the `Amount (One column)` of the "
         "`Accounts Receivable` rows described `Invoice Payment`; balance = total - paid. Wave has no status column.",
         res, show_paid=True, show_balance=True)

# Zoho: one row per line, invoice Total and Balance repeated on every line.
rel = "zoho/invoice_lines.csv"
_, recs = table(read_rows(rel))
emit_inv("Zoho Invoice/Books invoice export, one row per invoice line (re-created).", rel,
         "invoice total = `Total` of the invoice's first row (it is repeated on every line; counted once per "
         "invoice; `Invoice Number` and `Invoice ID` group the rows identically), balance likewise from `Balance`; client = `Customer Name` (not `Company Name`).",
         invoice_totals(recs, "Customer Name", "Invoice Number", first("Total"), lambda r: r["Invoice Status"],
                        balance_fn=first("Balance")),
         show_balance=True, exclude=("Draft",))

# Invoice2go: one row per invoice.
rel = "invoice2go/invoices.csv"
_, recs = table(read_rows(rel))
emit_inv("Invoice2go invoice export, one row per invoice (re-created).", rel,
         "total = `TotalAmount`, paid = `AmountPaidAmount`, balance = `BalanceDueAmount`, client = `Name`, "
         "status = `DocumentStatus`, invoices keyed by `DocumentNumber`. Currencies differ per row (`CurrencyCode`) "
         "and are NOT converted; each client here uses a single currency.",
         invoice_totals(recs, "Name", "DocumentNumber", first("TotalAmount"), lambda r: r["DocumentStatus"],
                        paid_fn=first("AmountPaidAmount"), balance_fn=first("BalanceDueAmount")),
         show_paid=True, show_balance=True, exclude=("unsent",))

# Invoicely: one row per invoice.
rel = "invoicely/invoices.csv"
_, recs = table(read_rows(rel))
emit_inv("Invoicely invoice export, one row per invoice (re-created).", rel,
         "total = `Total` with `,` thousands separators removed, client = `Client`, status = `Status`, "
         "invoices keyed by `Details`.",
         invoice_totals(recs, "Client", "Details", first("Total"), lambda r: r["Status"]))

# Invoice Ninja v4: three title rows, header on the 4th row, one row per invoice line.
rel = "invoiceninja/v4_invoices.csv"
_, recs = table(read_rows(rel), header_index=3)
emit_inv("Invoice Ninja v4 invoice export, one row per invoice line (re-created).", rel,
         "skip the 3 title rows (header is row 4); invoice total = `Amount` of the invoice's first row "
         "(`$` stripped; repeated on every line, counted once per `Invoice Number`), paid = `Paid` likewise; "
         "client = `Client`; status = `Status`.",
         invoice_totals(recs, "Client", "Invoice Number", first("Amount"), lambda r: r["Status"],
                        paid_fn=first("Paid")),
         show_paid=True, exclude=("Draft",))

p("## Payments")
p()
rel = "invoiceninja/v4_payments.csv"
_, recs = table(read_rows(rel), header_index=3)
p("### `%s`" % rel)
p()
p("Invoice Ninja v4 payment export (re-created).")
p()
p("Rule: skip the 3 title rows; sum `Amount` per `Client`, where `$540.00 ` (trailing space) is 540.00 and "
  "`($60.00)` (parentheses) is -60.00; every row counted, including refunds.")
p()
p("| client | payments | sum |")
p("|---|---|---|")
acc = OrderedDict()
for r in recs:
    a = acc.setdefault(client_of(r, "Client"), [0, Decimal(0)])
    a[0] += 1
    a[1] += money(r["Amount"])
for c, (k, s) in acc.items():
    p("| %s | %d | %s |" % (c, k, fmt_m(s)))
p()

sys.stdout.write("\n".join(out))
