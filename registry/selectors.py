"""Reads of the public registry (152-ФЗ art. 10.1): who is listed, and only what they allowed.

Every public output — the list, a person's page, the exports, the API — goes through
:func:`listed_certificates` and :class:`RegistryEntry`, so a field a person did not consent
to is dropped in one place and never reaches a template or a serializer.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, FilteredRelation, QuerySet, Value, When
from django.utils.functional import cached_property

from content.cache import remember
from workflows.choices import CertificateKind
from workflows.models import Certificate, Organisation
from workflows.models.consents import PublicationConsentQuerySet
from workflows.params import clean_text, page_number, positive_int
from workflows.text import folded_search

PER_PAGE = 20
QUERY_MAX_LENGTH = 200  # longer than any name and direction together
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

    Validity is the certificates' own (``valid_on``), computed in the query, so an expired
    certificate disappears the next day with no job. The consent is joined, not fetched per
    row; its flags are annotated on each certificate. Filters and search look only at fields
    the person allowed, so a filter cannot reveal an unpublished organisation or direction.
    """
    # The live consent (at most one per person, a database constraint) is joined once and its
    # flags read from the join; "live" is the consents' own definition (live_on's condition).
    through = "person__publication_consents"
    queryset = (
        Certificate.objects.valid_on(day)
        .annotate(
            consent=FilteredRelation(
                through, condition=PublicationConsentQuerySet.live_condition(day, through=through)
            )
        )
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
    if filters.query:
        # The direction is searched only where the person allowed it to be shown.
        queryset = queryset.annotate(
            published_direction=Case(
                When(show_direction=True, then="search_direction"), default=Value("")
            )
        )
        # Cleaned here too, as the API builds its filters itself.
        queryset = folded_search(
            queryset,
            clean_text(filters.query, QUERY_MAX_LENGTH),
            ["person__search_name", "published_direction"],
        )
    return queryset


def listed_order(day: datetime.date, filters: RegistryFilters) -> list[int]:
    """The ids of the listed certificates that ``filters`` select, in the list's order.

    Computed once per cache generation and filter set (:func:`content.cache.remember`): the
    order is a sort of every listed certificate joined to its holder's name, which no index
    can serve (the name is the person's, the filter the certificate's and the consent's).
    Kept as ids only, the sort is narrow and stays in memory; a page then reads its twenty
    rows by primary key, and the count is the length — no miss scans the registry again.
    """
    return remember(
        "registry-order",
        (day.isoformat(), filters.kind, filters.organisation, filters.query),
        lambda: list(listed_certificates(day, filters).values_list("pk", flat=True)),
    )


class ListedPaginator(Paginator):
    """Pages of :func:`listed_order`'s ids whose rows are read only for the page shown."""

    def __init__(self, day: datetime.date, order: list[int], per_page: int):
        super().__init__(order, per_page)
        self.day = day

    @cached_property
    def count(self) -> int:
        return len(self.object_list)

    def _get_page(self, ids, number, paginator):
        rows = listed_certificates(self.day).filter(pk__in=ids).in_bulk()
        # A certificate that left the registry since the order was read is skipped.
        return super()._get_page([rows[pk] for pk in ids if pk in rows], number, paginator)


def registry_page(
    day: datetime.date, filters: RegistryFilters, requested_page, per_page: int = PER_PAGE
) -> tuple[Page, list[RegistryEntry]]:
    """One page of the registry: one query for its rows, and once per cache generation and
    filter set the ordered ids (:func:`listed_order`)."""
    paginator = ListedPaginator(day, listed_order(day, filters), per_page)
    page = paginator.get_page(page_number(requested_page))
    return page, [RegistryEntry.of(certificate) for certificate in page.object_list]


def person_entries(day: datetime.date, person_id: int) -> list[RegistryEntry]:
    """A listed person's valid certificates (empty: the person is not in the registry)."""
    certificates = listed_certificates(day).filter(person_id=person_id)
    return [RegistryEntry.of(certificate) for certificate in certificates]


def listed_organisations(day: datetime.date) -> list[Organisation]:
    """Organisations that at least one listed person allowed to publish, for the filter:
    read once per cache generation, as they change only when the registry does."""
    published = listed_certificates(day).filter(show_organisation=True)
    return remember(
        "registry-organisations",
        (day.isoformat(),),
        lambda: list(
            Organisation.objects.filter(pk__in=published.values("person__organisation_id"))
        ),
    )
