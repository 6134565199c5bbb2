"""DuckDB's side of `benches/ledger.sh` (issue 24): exact per-client sums of a
generated ledger, the same figures `portfolio score --time ... --invoices ...`
reports, for timing against it and for checking it.

    python ledger_duckdb.py sums  DIR FROM TO          the timed job: sums, printed as CSV
    python ledger_duckdb.py shape DIR                  rows and distinct clients, people, projects
    python ledger_duckdb.py check DIR FROM TO REPORT   portfolio's JSON report against the sums

DIR holds `time.csv` and `invoices.csv` as `examples/gen_ledger.rs` writes
them. Per client, over time rows dated FROM..TO: hours, billable hours,
cost = sum(hours * cost_rate), billable value = sum(hours * bill_rate) over
billable rows, out-of-scope hours and their value at the bill rate; over
invoices issued FROM..TO: sum(amount) and their count.

Every amount is a DECIMAL, so the sums are exact: hours DECIMAL(18,4), money
DECIMAL(18,2). The generator writes hours in quarters ("2.25") and whole-euro
rates with two decimals ("45.00"), so the cast loses nothing, and a product
such as hours * cost_rate is DECIMAL(38,6) in DuckDB, exact too. DuckDB runs
on every core (its default thread count).
"""

import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal

import duckdb

TIME_COLUMNS = {
    "date": "DATE",
    "client": "VARCHAR",
    "project": "VARCHAR",
    "person": "VARCHAR",
    "hours": "DECIMAL(18,4)",
    "billable": "BOOLEAN",
    "cost_rate": "DECIMAL(18,2)",
    "bill_rate": "DECIMAL(18,2)",
    "in_scope": "BOOLEAN",
}
INVOICE_COLUMNS = {
    "invoice": "VARCHAR",
    "client": "VARCHAR",
    "issued": "DATE",
    "due": "DATE",
    "paid": "DATE",
    "amount": "DECIMAL(18,2)",
    "paid_amount": "DECIMAL(18,2)",
    "currency": "VARCHAR",
}
# The figures, in the order `sums` prints them.
FIGURES = [
    "hours",
    "billable_hours",
    "cost",
    "billable_value",
    "out_of_scope_hours",
    "out_of_scope_value",
    "invoiced",
    "invoices",
]


def read_csv(path, columns):
    cols = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    path = path.replace("'", "''")
    return f"read_csv('{path}', header = true, delim = ',', quote = '\"', columns = {{{cols}}})"


def sums(con, directory, start, end):
    """{client: {figure: Decimal or int}}; a figure with no rows is 0."""
    time_sql = f"""
        SELECT client,
               sum(hours),
               sum(hours) FILTER (WHERE billable),
               sum(hours * cost_rate),
               sum(hours * bill_rate) FILTER (WHERE billable),
               sum(hours) FILTER (WHERE NOT in_scope),
               sum(hours * bill_rate) FILTER (WHERE NOT in_scope)
        FROM {read_csv(f"{directory}/time.csv", TIME_COLUMNS)}
        WHERE date BETWEEN DATE '{start}' AND DATE '{end}'
        GROUP BY client"""
    invoice_sql = f"""
        SELECT client, sum(amount), count(*)
        FROM {read_csv(f"{directory}/invoices.csv", INVOICE_COLUMNS)}
        WHERE issued BETWEEN DATE '{start}' AND DATE '{end}'
        GROUP BY client"""
    out = {}
    zero = Decimal(0)
    for row in con.sql(time_sql).fetchall():
        fig = out.setdefault(row[0], dict.fromkeys(FIGURES, zero))
        for name, value in zip(FIGURES[:6], row[1:]):
            fig[name] = zero if value is None else value
    for client, invoiced, count in con.sql(invoice_sql).fetchall():
        fig = out.setdefault(client, dict.fromkeys(FIGURES, zero))
        fig["invoiced"] = invoiced
        fig["invoices"] = count
    return out


def cmd_sums(directory, start, end):
    con = duckdb.connect()
    result = sums(con, directory, start, end)
    write = sys.stdout.write
    write("client," + ",".join(FIGURES) + "\n")
    for client in sorted(result):
        fig = result[client]
        write(client + "," + ",".join(str(fig[f]) for f in FIGURES) + "\n")


def cmd_shape(directory):
    con = duckdb.connect()
    t = read_csv(f"{directory}/time.csv", TIME_COLUMNS)
    i = read_csv(f"{directory}/invoices.csv", INVOICE_COLUMNS)
    rows, clients, people, projects = con.sql(
        f"SELECT count(*), count(DISTINCT client), count(DISTINCT person), "
        f"count(DISTINCT project) FROM {t}"
    ).fetchall()[0]
    (invoices,) = con.sql(f"SELECT count(*) FROM {i}").fetchall()[0]
    threads = "SELECT current_setting('threads')"
    # The three largest clients by rows, with their distinct people.
    top = con.sql(
        f"SELECT count(DISTINCT person) FROM {t} GROUP BY client ORDER BY count(*) DESC LIMIT 3"
    ).fetchall()
    print(
        f"{rows} {invoices} {clients} {people} {projects} "
        f"{','.join(str(n) for (n,) in top)} {duckdb.__version__} "
        f"{con.sql(threads).fetchall()[0][0]}"
    )


def cents(x):
    """Money to cents, half to even (rust_decimal's `round_dp` rounding)."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def cmd_check(directory, start, end, report_path):
    con = duckdb.connect()
    expected = sums(con, directory, start, end)
    with open(report_path, encoding="utf-8") as f:
        # Numbers as Decimal / int: the report's numbers carry exact decimals.
        report = json.load(f, parse_float=Decimal)
    got = {c["client"]: c["metrics"] for c in report["clients"]}

    # Where each figure sits in the report (docs/reference.md, "Derived
    # figures") and whether it is money. Hours are compared exactly. Money is
    # compared after rounding DuckDB's exact sum to cents, half to even, in
    # case the report rounds to cents; on generated data that rounding changes
    # nothing (quarter hours times whole-euro rates are whole cents), so the
    # comparison is exact there. `revenue` is the sum of invoices issued in the
    # period because an invoice file is given (revenue_basis "invoices").
    paths = {
        "hours": (("hours",), False),
        "cost": (("cost",), True),
        "billable_hours": (("ledger", "billable_hours"), False),
        "billable_value": (("ledger", "billable_value"), True),
        "out_of_scope_hours": (("out_of_scope_hours",), False),
        "out_of_scope_value": (("out_of_scope_value",), True),
        "invoiced": (("revenue",), True),
        "invoices": (("ledger", "invoices"), False),
    }
    mismatches = []
    for client in sorted(set(expected) | set(got)):
        if client not in got:
            mismatches.append(f"{client}: in the files, missing from the report")
            continue
        if client not in expected:
            mismatches.append(f"{client}: in the report, not in the files")
            continue
        metrics = got[client]
        for name, (path, money) in paths.items():
            value = metrics
            for key in path:
                value = None if value is None else value.get(key)
            want = expected[client][name]
            if money:
                want = cents(want)
            if value is None or Decimal(value) != want:
                mismatches.append(
                    f"{client}: {'.'.join(path)} portfolio {value}, DuckDB {want}"
                    + ("" if not money else f" (exact {expected[client][name]})")
                )
    figures = ", ".join(paths)
    if mismatches:
        print(
            f"exactness: MISMATCH in {len(mismatches)} figures "
            f"({len(expected)} clients in the files, {len(got)} in the report); first ones:"
        )
        for m in mismatches[:10]:
            print("  " + m)
        return 1
    rows = report.get("rows", {})
    print(
        f"exactness: OK, {len(got)} clients: {figures} equal DuckDB's exact sums "
        f"(report rows: {rows.get('read')} read, {rows.get('rejected')} rejected)"
    )
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "sums":
        cmd_sums(*argv[2:])
        return 0
    if len(argv) == 3 and argv[1] == "shape":
        cmd_shape(argv[2])
        return 0
    if len(argv) == 6 and argv[1] == "check":
        return cmd_check(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
