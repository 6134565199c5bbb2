"""Writes examples/clients.xlsx from examples/clients.csv with typed cells.

Amounts become numbers (shown with two decimals), dates Excel dates, counts
whole numbers, the rest text: the workbook an owner keeps, not a CSV pasted
into one. Run with openpyxl installed (`pip install openpyxl`):

    python3 examples/make_clients_xlsx.py
"""

import csv
import datetime
import pathlib

import openpyxl

HERE = pathlib.Path(__file__).parent
DATES = {"last_contact", "client_since", "contract_end", "last_rate_increase"}
TEXT = {"client", "red_flag", "source", "currency"}


def typed(column, text):
    if text == "":
        return None
    if column in TEXT:
        return text
    if column in DATES:
        return datetime.datetime.strptime(text, "%Y-%m-%d")
    number = text.replace(",", "")
    return float(number) if "." in number else int(number)


def main():
    with open(HERE / "clients.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Clients"
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([typed(c, v) for c, v in zip(rows[0], row)])
    for column, name in enumerate(rows[0], start=1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if name in DATES:
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    book.save(HERE / "clients.xlsx")


if __name__ == "__main__":
    main()
