"""Import of the existing regional lists of certificates (XLSX or CSV), all or nothing.

Every row is validated before anything is written; a row already imported (same number,
holder, status and date) is skipped, so importing the same file twice changes nothing.

The file is never held in memory whole: it is read row by row twice, a first pass that checks
every row and writes nothing, and (only when every row is good) a second that checks each row
again and writes it, in one transaction. What is kept between rows is the certificate numbers
seen so far (to find duplicates) and the errors. A file over ``CERTIFICATE_IMPORT_MAX_SIZE``
is refused before it is read.

Every message is Russian: the errors of the CSV and XLSX libraries are caught and told in the
portal's own words, never passed on.
"""

import codecs
import csv
import datetime
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from workflows.choices import CertificateKind
from workflows.models import Certificate, Organisation, Person
from workflows.spreadsheets import looks_like_formula
from workflows.text import organisation_key, search_key

# The column headings of the regional lists (a data format, not interface text).
COLUMNS = {
    "surname": "Фамилия",
    "name": "Имя",
    "patronymic": "Отчество",
    "organisation": "Организация",
    "position": "Должность",
    "kind": "Статус",
    "number": "Номер свидетельства",
    "issued_on": "Дата выдачи",
    "direction": "Направление",
    "order_number": "Номер приказа",
    "order_date": "Дата приказа",
}
REQUIRED = ("surname", "name", "organisation", "position", "kind", "number", "issued_on")
DATES = ("issued_on", "order_date")
# The model field each text column is stored in: its max_length is checked before writing
# (PostgreSQL refuses a longer value only at the INSERT, SQLite not at all).
STORED_IN = {
    "surname": (Person, "surname"),
    "name": (Person, "name"),
    "patronymic": (Person, "patronymic"),
    "position": (Person, "position"),
    "number": (Certificate, "number"),
    "direction": (Certificate, "direction"),
    "order_number": (Certificate, "order_number"),
}
KINDS = {"ментор": CertificateKind.MENTOR, "тьютор": CertificateKind.TUTOR}
KINDS.update({kind.value: kind for kind in CertificateKind})
# Lists often come with a title (and a date, a signature line) above the heading row.
HEADER_SEARCH_ROWS = 10
# Russian paperwork writes a dash for "none": such a cell is empty, not a formula.
DASHES = {"-", "–", "—"}
# Rows are checked in batches: one query for the numbers already in the database per batch.
BATCH = 200
# How much larger than the file an XLSX may unpack (a legitimate one is about 5–10 times):
# the guard against a small archive that unpacks to gigabytes.
XLSX_UNPACK_RATIO = 10
# Excel serial dates: day 36526 is 01.01.2000, so a smaller number is not one of our dates
# (and a year such as 2025 is not read as 17.07.1905).
FIRST_DATE = datetime.date(2000, 1, 1)
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


class ImportFileError(Exception):
    """The file cannot be read as a list at all (format, encoding, headings, size)."""


@dataclass
class ImportRow:
    line: int
    values: dict
    organisation: Organisation | None = None
    kind: str = ""
    issued_on: datetime.date | None = None
    order_date: datetime.date | None = None
    already_imported: bool = False


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """The data rows of an XLSX or CSV file as (row number, {column: text}), one at a time.

    The heading row may have title rows above it. Raises :class:`ImportFileError` when the
    file cannot be read as a list (at once for its size and type, else when iterated).
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError(_("Only .xlsx and .csv files can be imported."))
    limit = settings.CERTIFICATE_IMPORT_MAX_SIZE
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(_("The file cannot be read.")) from error
    if size > limit:
        raise ImportFileError(
            _("The file is larger than %(limit)s: split the list into several files.")
            % {"limit": filesizeformat(limit)}
        )
    if suffix == ".xlsx":
        return _data_rows(_xlsx_rows(path, limit * XLSX_UNPACK_RATIO))
    return _data_rows(_csv_rows(path))


def _xlsx_rows(path: Path, unpacked_limit: int) -> Iterator[tuple[list, datetime.datetime]]:
    """The sheet's rows as raw cell values, each with the workbook's date epoch."""
    unreadable = _("The file is not a readable XLSX workbook: it is damaged or not an XLSX file.")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(unreadable) from error
    if unpacked > unpacked_limit:
        raise ImportFileError(
            _("The XLSX file unpacks to more than %(limit)s: split the list into several files.")
            % {"limit": filesizeformat(unpacked_limit)}
        )
    # Formulas are read as written (not their cached results), so that a formula cell is
    # refused rather than imported as whatever it last showed.
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # any failure of the parser on a foreign file means "unreadable"
        raise ImportFileError(unreadable) from error
    try:
        sheet = workbook.active
        if sheet is None:
            raise ImportFileError(_("The file is empty."))
        # Some programs write a wrong sheet size; without this the rows past it are not read.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            yield list(row), workbook.epoch
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet fails only when its rows are read
        raise ImportFileError(unreadable) from error
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[tuple[list, datetime.datetime]]:
    """The records of a CSV file as Excel writes it: its quoting kept, any of ; , tab."""
    encoding = _csv_encoding(path)
    delimiter = _csv_delimiter(path, encoding)
    with path.open(encoding=encoding, newline="") as file:
        # The Excel dialect: a quote inside a quoted cell is doubled (""). csv.Sniffer is not
        # used because it turns that off whenever its sample holds no such quote.
        reader = csv.reader(_text_lines(file), dialect=csv.excel, delimiter=delimiter)
        try:
            for record in reader:
                yield record, EXCEL_EPOCH
        except csv.Error as error:
            raise ImportFileError(
                _(
                    "Row %(line)s of the CSV file cannot be read: "
                    "an unclosed quote or a cell too long."
                )
                % {"line": reader.line_num}
            ) from error


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark) or Windows-1251, read in chunks."""
    for encoding in ("utf-8-sig", "cp1251"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(1 << 16):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    # cp1251 leaves only one byte undefined, so this is rare
    raise ImportFileError(_("The CSV file is neither in UTF-8 nor in Windows-1251."))


def _text_lines(file) -> Iterator[str]:
    for line in file:
        if "\x00" in line:
            raise ImportFileError(_("The file is not a text CSV file."))
        yield line


def _csv_delimiter(path: Path, encoding: str) -> str:
    """The separator with which the first rows hold the most of the known headings."""
    with path.open(encoding=encoding, newline="") as file:
        sample = file.read(1 << 16)
    best, best_score = ";", 0
    for delimiter in (";", ",", "\t"):
        rows = []
        try:
            for row in csv.reader(sample.splitlines(), delimiter=delimiter):
                rows.append(row)
                if len(rows) == HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            pass  # the sample may end inside a quoted cell; the rows before it count
        score = max((len(_known_headings(row)) for row in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _heading(value) -> str:
    return search_key(_text(value))


def _known_headings(cells: list) -> dict[str, int]:
    """{column: position} of the known headings in ``cells``."""
    headings = [_heading(cell) for cell in cells]
    return {
        key: headings.index(search_key(title))
        for key, title in COLUMNS.items()
        if search_key(title) in headings
    }


def _data_rows(rows: Iterator[tuple[list, datetime.datetime]]) -> Iterator[tuple[int, dict]]:
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    if not any(_text(cell) for cells, _epoch in head for cell in cells):
        raise ImportFileError(_("The file is empty."))
    index, positions = _header(cells for cells, _epoch in head)
    for line, (cells, epoch) in enumerate(chain(head[index + 1 :], rows), start=index + 2):
        values = {}
        for key, position in positions.items():
            value = cells[position] if position < len(cells) else None
            values[key] = _date_text(value, epoch) if key in DATES else _text(value)
        if any(values.values()):
            yield line, values


def _header(head: Iterable[list]) -> tuple[int, dict[str, int]]:
    """The first row holding every required heading, and where each column is."""
    best: dict[str, int] = {}
    for index, cells in enumerate(head):
        found = _known_headings(cells)
        if all(key in found for key in REQUIRED):
            return index, found
        if len(found) > len(best):
            best = found
    missing = ", ".join(COLUMNS[key] for key in REQUIRED if key not in best)
    raise ImportFileError(
        _(
            "The file lacks the columns: %(columns)s "
            "(headings are looked for in the first %(rows)s rows)."
        )
        % {"columns": missing, "rows": HEADER_SEARCH_ROWS}
    )


def _text(value) -> str:
    """A cell as text: single spaces, whole numbers without ".0", dates as ГГГГ-ММ-ДД."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str | int | float | datetime.time):
        # An array or table formula: openpyxl gives an object holding the formula's text.
        value = "=" + str(getattr(value, "text", "")).lstrip("=")
    text = " ".join(str(value).split())
    return "" if text in DASHES else text


def _date_text(value, epoch: datetime.datetime) -> str:
    """A date cell as text; a number in it is an Excel serial date of the workbook's epoch."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            day = from_excel(value, epoch).date()
        except (OverflowError, ValueError):
            return _text(value)
        if day >= FIRST_DATE:
            return day.isoformat()
    return _text(value)


def parse_date(text: str) -> datetime.date | None:
    """A date as the regional lists write it, or None.

    ДД.ММ.ГГГГ (or with «/»), ГГГГ-ММ-ДД, ДД.ММ.ГГ and an Excel serial number (days since
    30.12.1899, as a CSV saved from Excel holds a date cell with no date format). A two-digit
    year is 20ГГ: no status or order in these lists is older than 2000 (the statuses date from
    the 2020s), and a date that so lands in the future is refused by the caller.
    """
    try:
        if _SERIAL.fullmatch(text):
            day = (EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))).date()
            return day if day >= FIRST_DATE else None
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(2000 + year if year < 100 else year, month, day)
        if match := _ISO.fullmatch(text):
            return datetime.date(*(int(part) for part in match.groups()))
    except (ValueError, OverflowError):
        return None
    return None


# -- validation ------------------------------------------------------------------------------


class _Validator:
    """Checks rows in batches; remembers only the numbers already seen in the file."""

    def __init__(self):
        self.organisations = {}
        for organisation in Organisation.objects.all():
            self.organisations[organisation_key(organisation.short_name)] = organisation
            self.organisations[organisation_key(organisation.full_name)] = organisation
        self.limits = {
            key: model._meta.get_field(name).max_length for key, (model, name) in STORED_IN.items()
        }
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()

    def check(self, batch: list[tuple[int, dict]]) -> Iterator[ImportRow | tuple[int, str]]:
        numbers = [values.get("number", "") for _line, values in batch]
        existing = {
            certificate.number: certificate
            for certificate in Certificate.objects.filter(number__in=numbers).select_related(
                "person"
            )
        }
        for line, values in batch:
            row = ImportRow(line, values)
            problems = self.problems(row, existing)
            yield (line, "; ".join(problems)) if problems else row

    def problems(self, row: ImportRow, existing: dict) -> list[str]:
        values = row.values
        formulas = [key for key, value in values.items() if looks_like_formula(value)]
        # Refused, not neutralised: the list is a legal record that the registry republishes,
        # so a name must be imported exactly as written or not at all, and no surname, number
        # or date starts with "=", "+", "-" or "@" — such a cell is an error or an attack, and
        # the operator fixes the source file.
        problems = [
            _(
                "the cell in «%(column)s» starts with «%(sign)s» "
                "and would be a formula in a spreadsheet"
            )
            % {"column": COLUMNS[key], "sign": values[key].lstrip(" ")[:1]}
            for key in formulas
        ]
        problems += [
            _("the column «%(column)s» is empty") % {"column": COLUMNS[key]}
            for key in REQUIRED
            if not values.get(key)
        ]
        for key, limit in self.limits.items():
            length = len(values.get(key, ""))
            if length > limit:
                problems.append(
                    ngettext(
                        "the value in «%(column)s» is longer than %(limit)s character (%(length)s)",
                        "the value in «%(column)s» is longer than %(limit)s characters "
                        "(%(length)s)",
                        limit,
                    )
                    % {"column": COLUMNS[key], "limit": limit, "length": length}
                )
        if values.get("organisation"):
            row.organisation = self.organisations.get(organisation_key(values["organisation"]))
            if row.organisation is None:
                problems.append(
                    _("unknown organisation «%(name)s»") % {"name": values["organisation"]}
                )
        if values.get("kind"):
            row.kind = KINDS.get(values["kind"].lower(), "")
            if not row.kind:
                problems.append(_("unknown status «%(kind)s»") % {"kind": values["kind"]})
        for key in DATES:
            if values.get(key) and key not in formulas:
                problems += self.date_problems(row, key)
        if row.kind == CertificateKind.TUTOR and not values.get("direction"):
            problems.append(_("a «Tutor» status needs its direction or problem"))
        number = values.get("number", "")
        if number in self.seen:
            problems.append(
                _("duplicate number %(number)s (also in row %(line)s)")
                % {"number": number, "line": self.seen[number]}
            )
        elif number:
            self.seen[number] = row.line
        if number in existing and not problems:
            row.already_imported = _same(existing[number], row)
            if not row.already_imported:
                problems.append(
                    _("the number %(number)s already belongs to another certificate")
                    % {"number": number}
                )
        return problems

    def date_problems(self, row: ImportRow, key: str) -> list[str]:
        text = row.values[key]
        parsed = parse_date(text)
        if parsed is None:
            return [
                _("bad date «%(value)s» in «%(column)s» (expected ДД.ММ.ГГГГ)")
                % {"value": text, "column": COLUMNS[key]}
            ]
        if parsed > self.today:
            return [
                _("the date %(value)s in «%(column)s» is in the future")
                % {"value": f"{parsed:%d.%m.%Y}", "column": COLUMNS[key]}
            ]
        setattr(row, key, parsed)
        return []


def validated(rows: Iterable[tuple[int, dict]]) -> Iterator[ImportRow | tuple[int, str]]:
    """Each row checked: an :class:`ImportRow` ready to import, or (row number, reasons)."""
    validator = _Validator()
    rows = iter(rows)
    while True:
        batch = list(islice(rows, BATCH))
        if not batch:
            return
        yield from validator.check(batch)
        del batch  # before the next one is read: one batch in memory at a time


def _same(certificate: Certificate, row: ImportRow) -> bool:
    person = certificate.person
    return (
        person.search_name == _search_name(row.values)
        and person.organisation_id == row.organisation.pk
        and certificate.kind == row.kind
        and certificate.issued_on == row.issued_on
    )


def _search_name(values: dict) -> str:
    return search_key(values["surname"], values["name"], values.get("patronymic", ""))


# -- import ----------------------------------------------------------------------------------


def import_certificates(
    path: Path,
    *,
    user: User | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportReport:
    """Validate the whole file, then (unless ``dry_run`` or any row is bad) import it at once.

    Raises :class:`ImportFileError` when the file cannot be read as a list.
    """
    report = ImportReport()
    ready = 0
    for result in validated(read_rows(path)):
        report.rows += 1
        if isinstance(result, ImportRow):
            ready += 1
            report.skipped += result.already_imported
        else:
            report.errors.append(result)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        done = 0
        for result in validated(read_rows(path)):
            if not isinstance(result, ImportRow) or done == ready:
                # The file changed between the two readings: nothing is kept.
                raise ImportFileError(
                    _("The file changed while it was imported; nothing was imported.")
                )
            if not result.already_imported:
                _create(result, user)
                report.created += 1
            done += 1
            progress(done, ready)
        if done != ready:
            raise ImportFileError(
                _("The file changed while it was imported; nothing was imported.")
            )
    return report


def _create(row: ImportRow, user: User | None) -> None:
    values = row.values
    reason = _("Imported from the regional list")
    person = Person.objects.filter(
        search_name=_search_name(values), organisation=row.organisation
    ).first()
    if person is None:
        person = Person(
            surname=values["surname"],
            name=values["name"],
            patronymic=values.get("patronymic", ""),
            organisation=row.organisation,
            position=values["position"],
        )
        person._history_user, person._change_reason = user, reason
        person.save()
    certificate = Certificate(
        person=person,
        kind=row.kind,
        number=values["number"],
        issued_on=row.issued_on,
        direction=values.get("direction", ""),
        order_number=values.get("order_number", ""),
        order_date=row.order_date,
        created_by=user,
    )
    certificate._history_user, certificate._change_reason = user, reason
    certificate.save()
