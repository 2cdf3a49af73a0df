"""Reading and writing the spreadsheet files: .xlsx and CSV, checked before anything is parsed."""

import csv
import datetime
import io
import re
import unicodedata
import warnings
import zipfile

import openpyxl
from import_export.formats import base_formats
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tablib import Dataset

from sites.spreadsheets.messages import (
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UNPACKED_MB,
    NO_HEADER,
    NO_ROWS,
    NOT_CSV,
    NOT_XLSX,
    TOO_MANY_ROWS,
    UNNAMED_COLUMN,
    UNPACKS_TOO_LARGE,
    UNREADABLE,
)


class SpreadsheetError(Exception):
    """A problem with the file as a whole; its messages are for the user."""

    def __init__(self, *messages):
        self.messages = [str(message) for message in messages]
        super().__init__(*self.messages)

    def __str__(self):
        return " ".join(self.messages)


# A spreadsheet program runs a cell starting with one of these as a formula (or a command, through DDE):
# text typed by staff must never become one in an export (CSV or formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text_cell(cell) -> None:
    """Keep an openpyxl ``cell`` holding text that looks like a formula as plain text, never a formula."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"


def cell_text(value) -> str:
    """A cell as text: whole numbers without ".0", dates as YYYY-MM-DD, surrounding spaces gone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    # Undo the apostrophe our CSV export puts before text that looks like a formula.
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def header_key(text) -> str:
    """A column name compared loosely: no spaces, half-width brackets, any case."""
    return re.sub(r"\s+", "", cell_text(text)).replace("\uff08", "(").replace("\uff09", ")").casefold()


# --- Files --------------------------------------------------------------------------


def read_table(rows) -> Dataset:
    """A Dataset of ``rows``, (row number, cell values) pairs from row 1 on; blank rows are dropped.

    The Dataset's ``sheet_rows`` keeps each record's row number in the file.
    """
    number, header = next(iter(rows), (None, ()))
    header = [cell_text(value) for value in header]
    while header and not header[-1]:
        header.pop()
    if number != 1 or not header:
        raise SpreadsheetError(NO_HEADER)
    width, data, numbers = len(header), [], []
    for number, values in rows:
        values = list(values)
        if number > 4 * MAX_ROWS:
            raise SpreadsheetError(TOO_MANY_ROWS % {"max": MAX_ROWS})
        if not any(cell_text(value) for value in values):
            continue
        if len(data) == MAX_ROWS:
            raise SpreadsheetError(TOO_MANY_ROWS % {"max": MAX_ROWS})
        values += [None] * (width - len(values))
        unnamed = [i for i, value in enumerate(values) if cell_text(value) and (i >= width or not header[i])]
        if unnamed:
            raise SpreadsheetError(UNNAMED_COLUMN % {"column": get_column_letter(unnamed[0] + 1)})
        data.append(values[:width])
        numbers.append(number)
    if not data:
        raise SpreadsheetError(NO_ROWS)
    dataset = Dataset(*data, headers=header)
    dataset.sheet_rows = numbers
    return dataset


def display_width(value) -> int:
    """How many columns ``value`` takes in a sheet: wide (CJK) characters two, others one; at most 60 counted."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in cell_text(value)[:60])


def write_sheet(sheet, headers, rows):
    """Column names in bold in row 1, then ``rows``; dates as date cells, text never taken for a formula."""
    widths = [display_width(header) for header in headers]
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            as_text_cell(cell)
            widths[column - 1] = max(widths[column - 1], display_width(value))
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XLSXFormat(base_formats.XLSX):
    """Excel workbooks: the first sheet is read; dates and numbers are written as real cells."""

    def create_dataset(self, in_stream):
        if not isinstance(in_stream, bytes):
            raise SpreadsheetError(UNREADABLE)
        try:
            if sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(in_stream)).infolist()) > MAX_UNPACKED_BYTES:
                raise SpreadsheetError(UNPACKS_TOO_LARGE % {"max": MAX_UNPACKED_MB})
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
                workbook = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
                try:
                    sheet = workbook.worksheets[0]
                    sheet.reset_dimensions()  # trust the rows present, not the size the file claims
                    return read_table(enumerate(sheet.iter_rows(values_only=True), 1))
                finally:
                    workbook.close()
        except SpreadsheetError:
            raise
        except Exception as error:  # a zip, XML or openpyxl error: not a workbook we can read
            raise SpreadsheetError(NOT_XLSX) from error

    def export_data(self, dataset, **kwargs):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = re.sub(r"[\[\]:*?/\\]", "", dataset.title or "")[:31] or "Sheet1"
        write_sheet(sheet, dataset.headers, dataset)
        return workbook_bytes(workbook)


class CSVFormat(base_formats.CSV):
    """CSV as Excel writes it in China (UTF-8 with a byte-order mark, or GB18030), read as bytes."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if not isinstance(in_stream, bytes):
            raise SpreadsheetError(UNREADABLE)
        if in_stream.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in in_stream:
            raise SpreadsheetError(NOT_CSV)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = in_stream.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SpreadsheetError(NOT_CSV)
        try:
            return read_table(enumerate(csv.reader(io.StringIO(text, newline="")), 1))
        except csv.Error as error:
            raise SpreadsheetError(NOT_CSV) from error

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow(["'" + value if looks_like_formula(value) else value for value in row])
        return "\ufeff" + buffer.getvalue()  # the mark tells Excel the file is UTF-8
