"""Reads of the public registry (152-ФЗ art. 10.1): who is listed, and only what they allowed.

Every public output — the list, a person's page, the exports, the API — goes through
:func:`listed_certificates` and :class:`RegistryEntry`, so a field a person did not consent
to is dropped in one place and never reaches a template or a serializer.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext as _

from workflows.choices import CertificateKind, CertificateState
from workflows.models import Certificate, Organisation
from workflows.params import clean_text, page_number, positive_int
from workflows.spreadsheets import csv_bytes, xlsx_bytes
from workflows.text import search_key

PER_PAGE = 20
QUERY_MAX_LENGTH = 200  # longer than any name and direction together
NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length
CONSENT_FLAGS = (
    "show_organisation",
    "show_position",
    "show_direction",
    "show_number",
    "show_valid_until",
    "show_order",
)


@dataclass(frozen=True)
class RegistryFilters:
    """What a visitor narrows the registry by; blank values do not narrow."""

    kind: str = ""
    organisation: int | None = None
    query: str = ""

    @classmethod
    def from_params(cls, params) -> "RegistryFilters":
        """Read filters from query parameters, ignoring values that cannot be meant."""
        kind = params.get("kind", "")
        return cls(
            kind=kind if kind in CertificateKind.values else "",
            organisation=positive_int(params.get("organisation")),
            query=clean_text(params.get("q"), QUERY_MAX_LENGTH),
        )


@dataclass(frozen=True)
class RegistryEntry:
    """One listed certificate as the public may see it: ``None`` where consent is missing."""

    person_id: int
    name: str
    kind: str
    kind_label: str
    organisation: str | None
    position: str | None
    direction: str | None
    number: str | None
    valid_until: datetime.date | None
    order: str | None

    @classmethod
    def of(cls, certificate: Certificate) -> "RegistryEntry":
        """The public view of a certificate from :func:`listed_certificates`."""
        person = certificate.person
        shown = {flag: getattr(certificate, flag) for flag in CONSENT_FLAGS}
        return cls(
            person_id=person.pk,
            name=person.full_name,
            kind=certificate.kind,
            kind_label=str(CertificateKind(certificate.kind).label),
            organisation=person.organisation.short_name if shown["show_organisation"] else None,
            position=person.position if shown["show_position"] else None,
            direction=(certificate.direction or None) if shown["show_direction"] else None,
            number=certificate.number if shown["show_number"] else None,
            valid_until=certificate.valid_until if shown["show_valid_until"] else None,
            order=(certificate.order or None) if shown["show_order"] else None,
        )


def listed_certificates(day: datetime.date, filters: RegistryFilters | None = None) -> QuerySet:
    """Certificates valid on ``day`` whose holders have a live consent, in name order.

    Validity is computed in the query (active and ``day`` ≤ valid until), so an expired
    certificate disappears the next day with no job. The consent is joined, not fetched per
    row; its flags are annotated on each certificate. Filters and search look only at fields
    the person allowed, so a filter cannot reveal an unpublished organisation or direction.
    """
    consent_live = Q(
        person__publication_consents__given_on__lte=day,
        person__publication_consents__withdrawn_on__isnull=True,
    )
    queryset = (
        Certificate.objects.valid_on(day)
        .annotate(consent=FilteredRelation("person__publication_consents", condition=consent_live))
        .filter(consent__id__isnull=False)
        .annotate(**{flag: F(f"consent__{flag}") for flag in CONSENT_FLAGS})
        .select_related("person__organisation")
        .order_by("person__search_name", "kind", "pk")
    )
    filters = filters or RegistryFilters()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.organisation:
        queryset = queryset.filter(
            person__organisation_id=filters.organisation, show_organisation=True
        )
    # Cleaned here too, as the API builds its filters itself.
    for word in search_key(clean_text(filters.query, QUERY_MAX_LENGTH)).split():
        queryset = queryset.filter(
            Q(person__search_name__contains=word)
            | Q(show_direction=True, search_direction__contains=word)
        )
    return queryset


def registry_page(
    day: datetime.date, filters: RegistryFilters, requested_page, per_page: int = PER_PAGE
) -> tuple[Page, list[RegistryEntry]]:
    """One page of the registry (two queries: the count and the rows)."""
    paginator = Paginator(listed_certificates(day, filters), per_page)
    page = paginator.get_page(page_number(requested_page))
    return page, [RegistryEntry.of(certificate) for certificate in page.object_list]


def person_entries(day: datetime.date, person_id: int) -> list[RegistryEntry]:
    """A listed person's valid certificates (empty: the person is not in the registry)."""
    certificates = listed_certificates(day).filter(person_id=person_id)
    return [RegistryEntry.of(certificate) for certificate in certificates]


def listed_organisations(day: datetime.date) -> QuerySet[Organisation]:
    """Organisations that at least one listed person allowed to publish, for the filter."""
    published = listed_certificates(day).filter(show_organisation=True)
    return Organisation.objects.filter(pk__in=published.values("person__organisation_id"))


# -- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """The answer about one certificate number: its standing and, where it matters, a date."""

    status: str  # valid, expired, suspended, revoked, unknown
    date: datetime.date | None = None

    def __str__(self) -> str:
        date = self.date.strftime("%d.%m.%Y") if self.date else ""
        messages = {
            "valid": _("valid until %(date)s"),
            "expired": _("expired on %(date)s"),
            "suspended": _("suspended"),
            "revoked": _("revoked"),
            "unknown": _("not found"),
        }
        return messages[self.status] % {"date": date} if date else messages[self.status]


def normalise_number(number: str) -> str:
    """A certificate number as typed: surrounding and doubled spaces do not count. Cut one
    character past the longest number, so that an overlong one stays unknown instead of
    matching its beginning."""
    return clean_text(number, NUMBER_MAX_LENGTH + 1)


def verify(number: str, day: datetime.date) -> Verification:
    """The standing of certificate ``number`` on ``day``, and nothing about its holder."""
    number = normalise_number(number)
    certificate = (
        Certificate.objects.filter(number=number).only("state", "valid_until").first()
        if number
        else None
    )
    if certificate is None:
        return Verification("unknown")
    if certificate.state == CertificateState.REVOKED:
        return Verification("revoked")
    if day > certificate.valid_until:
        return Verification("expired", certificate.valid_until)
    if certificate.state == CertificateState.SUSPENDED:
        return Verification("suspended")
    return Verification("valid", certificate.valid_until)


# -- open data -------------------------------------------------------------------------------


def export_header() -> list[str]:
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
    return [RegistryEntry.of(c) for c in listed_certificates(day, filters).iterator(2000)]


def as_csv(entries) -> bytes:
    """The registry as CSV; text that looks like a formula is written as text."""
    return csv_bytes([export_header(), *export_rows(entries)])


def as_xlsx(entries) -> bytes:
    """The registry as XLSX; every text is a string cell, never a formula."""
    return xlsx_bytes(_("Registry"), [export_header(), *export_rows(entries)])
