"""The registry as open data by the Methodological recommendations on publishing open data,
version 3.0: the list of sets (``/opendata/list.csv``), and for the registry its passport
(``meta.csv``), its structure (``structure-ДАТА.csv``) and its data by date
(``data-ДАТА-structure-ДАТА.csv``), besides the CSV, XLSX and JSON of the list.

A data version is the registry as it stood on its date: the certificates valid that day, of
people whose consent was live that day, with only the fields they allow today (a consent
withdrawn since takes them out of every version, 152-ФЗ art. 10.1 part 12).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.exports import EXPORT_CHUNK, export_header
from registry.selectors import RegistryEntry, listed_certificates, listed_entries
from workflows.spreadsheets import csv_bytes

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
# The date of the current structure: a change of the columns is a new structure with its date.
STRUCTURE_DATE = datetime.date(2026, 12, 2)
DATASET = "registry"
# How many monthly versions, besides today's, the passport lists.
MONTHLY_VERSIONS = 12


@dataclass(frozen=True)
class Field:
    name: str
    english: str
    russian: str
    format: str = "string"


def structure_fields() -> list[Field]:
    """The columns of the data file, in order, with the header it prints."""
    names = [
        "full_name",
        "status",
        "organisation",
        "position",
        "direction",
        "number",
        "valid_until",
        "order",
    ]
    english = [
        "Full name",
        "Status",
        "Organisation",
        "Position",
        "Direction or problem",
        "Certificate number",
        "Valid until (DD.MM.YYYY)",
        "Ministry's order",
    ]
    return [
        Field(name, en, ru, "date" if name == "valid_until" else "string")
        for name, en, ru in zip(names, english, export_header(), strict=True)
    ]


def identifier(taxpayer_number: str) -> str:
    """The set's identifier: the publisher's taxpayer number, a hyphen and the set's code."""
    return f"{taxpayer_number}-{DATASET}" if taxpayer_number else DATASET


def version_dates(today: datetime.date) -> list[datetime.date]:
    """Today and the first day of each of the previous months, newest first."""
    dates = [today]
    month = today.replace(day=1)
    for _n in range(MONTHLY_VERSIONS):
        if month != today:
            dates.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return dates


def data_name(day: datetime.date) -> str:
    return f"data-{day:%Y%m%d}-structure-{STRUCTURE_DATE:%Y%m%d}.csv"


def structure_name() -> str:
    return f"structure-{STRUCTURE_DATE:%Y%m%d}.csv"


def list_csv(meta_url: str, title: str, taxpayer_number: str) -> bytes:
    """The list of the sets the site publishes (one: the registry)."""
    return csv_bytes(
        [
            ["property", "title", "value", "format"],
            [
                "standardversion",
                _("Version of the methodological recommendations"),
                STANDARD_VERSION,
                "",
            ],
            [identifier(taxpayer_number), title, meta_url, "csv"],
        ]
    )


def meta_csv(*, details, base_url: str, today: datetime.date, title: str) -> bytes:
    """The registry's passport: who publishes it, what it holds, its structure and its data
    versions, each an absolute address (``base_url`` ends with the set's folder)."""
    latest = version_dates(today)
    rows = [
        ["property", "value"],
        ["standardversion", STANDARD_VERSION],
        ["identifier", identifier(details.taxpayer_number)],
        ["title", title],
        [
            "description",
            _(
                "Teaching staff of Yurga holding the «Mentor» or «Tutor» status, with only the "
                "data each of them consented to publish (Federal Law 152-FZ, art. 10.1)."
            ),
        ],
        ["creator", details.body_name],
        ["created", f"{STRUCTURE_DATE:%Y%m%d}"],
        ["modified", f"{today:%Y%m%d}"],
        ["subject", _("mentoring, tutoring, registry, education, Yurga")],
        ["format", "csv"],
        ["publishername", details.body_name],
        ["publisherphone", details.phone],
        ["publishermbox", details.email],
        ["valid", f"{today:%Y%m%d}"],
        [
            "provenance",
            _(
                "The registry is updated when a status is granted, suspended or "
                "revoked and when a consent is given or withdrawn."
            ),
        ],
    ]
    rows += [[data_name(day)[:-4], f"{base_url}{data_name(day)}"] for day in latest]
    rows.append([structure_name()[:-4], f"{base_url}{structure_name()}"])
    return csv_bytes(rows)


def entries_on(day: datetime.date) -> list[RegistryEntry]:
    """The registry's entries as they stood on ``day``: valid and consented to that day, and
    already issued (a later certificate was not in the registry then)."""
    certificates = listed_certificates(day).filter(issued_on__lte=day)
    return listed_entries(certificates, chunk_size=EXPORT_CHUNK)


def structure_csv() -> bytes:
    """The structure of the data files: each column's name, description and format."""
    return csv_bytes(
        [
            ["field name", "english description", "russian description", "format"],
            *[[f.name, f.english, f.russian, f.format] for f in structure_fields()],
        ]
    )
