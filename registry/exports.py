"""The registry as open data: CSV and XLSX files of the listed entries, with the list's filters.

Written through :mod:`workflows.spreadsheets`, so that no cell becomes a formula.
"""

import datetime

from django.utils.translation import gettext as _

from registry.selectors import (
    RegistryEntry,
    RegistryFilters,
    listed_entries,
    searched_certificates,
)
from workflows.spreadsheets import csv_bytes, xlsx_bytes

# Rows read at a time for a file of the whole registry: its 20,000 rows never sit in memory
# at once as dictionaries.
EXPORT_CHUNK = 2000


def export_header() -> list[str]:
    """The heading row of the exported files."""
    return [
        _("Full name"),
        _("Status"),
        _("Organisation"),
        _("Position"),
        _("Direction or problem"),
        _("Certificate number"),
        _("Valid until"),
        _("Ministry's order"),
    ]


def export_rows(entries) -> list[list]:
    """The exported cells of each entry; what the person did not allow stays empty.

    «Valid until» is a date, so that the XLSX keeps it a date cell (the CSV writes ДД.ММ.ГГГГ).
    """
    return [
        [
            entry.name,
            entry.kind_label,
            entry.organisation or "",
            entry.position or "",
            entry.direction or "",
            entry.number or "",
            entry.valid_until or "",
            entry.order or "",
        ]
        for entry in entries
    ]


def export_entries(day: datetime.date, filters: RegistryFilters) -> list[RegistryEntry]:
    """Every entry matching ``filters``, in one query."""
    return listed_entries(searched_certificates(day, filters), chunk_size=EXPORT_CHUNK)


def as_csv(entries, *, delimiter: str = ",") -> bytes:
    """The registry as CSV; text that looks like a formula is written as text."""
    return csv_bytes([export_header(), *export_rows(entries)], delimiter=delimiter)


def as_xlsx(entries) -> bytes:
    """The registry as XLSX; every text is a string cell, never a formula."""
    return xlsx_bytes(_("Registry"), [export_header(), *export_rows(entries)])


# The formats of the open-data files: (writer, content type), by file extension.
EXPORTS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
