"""Import of the existing regional lists of certificates (XLSX or CSV), all or nothing.

Every row is validated before anything is written; a row already imported (same number,
holder, status and date) is skipped, so importing the same file twice changes nothing.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from workflows.choices import CertificateKind
from workflows.models import Certificate, Organisation, Person
from workflows.text import search_key

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
KINDS = {"ментор": CertificateKind.MENTOR, "тьютор": CertificateKind.TUTOR}
KINDS.update({kind.value: kind for kind in CertificateKind})


class ImportFileError(Exception):
    """The file cannot be read as a list at all (format, encoding, headings)."""


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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """The data rows of an XLSX or CSV file as (line number, {column: text})."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
            raise ImportFileError(
                _("The file is not a readable XLSX workbook: %(error)s") % {"error": error}
            ) from error
        table = [
            [_cell(value) for value in row] for row in workbook.active.iter_rows(values_only=True)
        ]
        workbook.close()
    elif suffix == ".csv":
        table = _read_csv(path.read_bytes())
    else:
        raise ImportFileError(_("Only .xlsx and .csv files can be imported."))
    if not table:
        raise ImportFileError(_("The file is empty."))
    headings = [heading.strip().lower() for heading in table[0]]
    wanted = {key: title.lower() for key, title in COLUMNS.items()}
    missing = [COLUMNS[key] for key in REQUIRED if wanted[key] not in headings]
    if missing:
        raise ImportFileError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    positions = {key: headings.index(title) for key, title in wanted.items() if title in headings}
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        rows.append(
            (line, {key: cells[i] if i < len(cells) else "" for key, i in positions.items()})
        )
    return rows


def _read_csv(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1251 leaves only one byte undefined, so this is rare
        raise ImportFileError(_("The CSV file is neither in UTF-8 nor in Windows-1251."))
    if "\x00" in text:
        raise ImportFileError(_("The file is not a text CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), dialect)]


def _date(text: str) -> datetime.date | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def validate(rows: list[tuple[int, dict]]) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """Check every row; return the rows ready to import and (line, reason) of the others."""
    organisations = {}
    for organisation in Organisation.objects.all():
        organisations[search_key(organisation.short_name)] = organisation
        organisations[search_key(organisation.full_name)] = organisation
    numbers = [values.get("number", "") for _line, values in rows]
    existing = {
        certificate.number: certificate
        for certificate in Certificate.objects.filter(number__in=numbers).select_related("person")
    }
    seen: dict[str, int] = {}
    ready, errors = [], []
    today = timezone.localdate()
    for line, values in rows:
        row = ImportRow(line, values)
        problems = [
            _("the column «%(column)s» is empty") % {"column": COLUMNS[key]}
            for key in REQUIRED
            if not values.get(key)
        ]
        if values.get("organisation"):
            row.organisation = organisations.get(search_key(values["organisation"]))
            if row.organisation is None:
                problems.append(
                    _("unknown organisation «%(name)s»") % {"name": values["organisation"]}
                )
        if values.get("kind"):
            row.kind = KINDS.get(values["kind"].lower(), "")
            if not row.kind:
                problems.append(_("unknown status «%(kind)s»") % {"kind": values["kind"]})
        for key in ("issued_on", "order_date"):
            if values.get(key):
                parsed = _date(values[key])
                if parsed is None:
                    problems.append(
                        _("bad date «%(value)s» in «%(column)s» (expected ДД.ММ.ГГГГ)")
                        % {"value": values[key], "column": COLUMNS[key]}
                    )
                elif parsed > today:
                    problems.append(
                        _("the date %(value)s in «%(column)s» is in the future")
                        % {"value": values[key], "column": COLUMNS[key]}
                    )
                else:
                    setattr(row, key, parsed)
        if row.kind == CertificateKind.TUTOR and not values.get("direction"):
            problems.append(_("a «Tutor» status needs its direction or problem"))
        number = values.get("number", "")
        if number in seen:
            problems.append(
                _("duplicate number %(number)s (also in row %(line)s)")
                % {"number": number, "line": seen[number]}
            )
        elif number:
            seen[number] = line
        if number in existing and not problems:
            row.already_imported = _same(existing[number], row)
            if not row.already_imported:
                problems.append(
                    _("the number %(number)s already belongs to another certificate")
                    % {"number": number}
                )
        if problems:
            errors.append((line, "; ".join(problems)))
        else:
            ready.append(row)
    return ready, errors


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
    rows = read_rows(path)
    ready, errors = validate(rows)
    report = ImportReport(rows=len(rows), errors=errors)
    report.skipped = sum(row.already_imported for row in ready)
    if errors or dry_run:
        return report
    with transaction.atomic():
        for done, row in enumerate(ready, start=1):
            if not row.already_imported:
                _create(row, user)
                report.created += 1
            progress(done, len(ready))
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
