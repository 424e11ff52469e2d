"""Reads of the public registry (152-ФЗ art. 10.1): who is listed, and only what they allowed.

Every public output — the list, a person's page, the exports, the API — goes through
:func:`listed_certificates` and :class:`RegistryEntry`, so a field a person did not consent
to is dropped in one place and never reaches a template or a serializer.
"""

import datetime
from array import array
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.utils.functional import cached_property

from content.cache import remember
from workflows.choices import CertificateKind
from workflows.models import Certificate, Organisation, Person
from workflows.models.certificates import order_text
from workflows.models.consents import SHOWN_FIELDS, PublicationConsentQuerySet
from workflows.models.directory import joined_name
from workflows.params import clean_text, page_number, positive_int
from workflows.text import search_key

PER_PAGE = 20
# pg_trgm's word similarity above which a word of a name counts as the searched one misspelt:
# one wrong letter in a seven-letter surname scores 0.45, an unrelated surname below 0.2.
TYPO_SIMILARITY = 0.4
QUERY_MAX_LENGTH = 200  # longer than any name and direction together
# What a consent may allow besides the name: each flag is read from the consent's join.
CONSENT_FLAGS = SHOWN_FIELDS

# What an entry is built from, as lookups from a certificate of listed_certificates (the
# consent's flags are its annotations): read as rows, a whole-registry file builds no model.
ENTRY_COLUMNS = (
    "person_id",
    "person__surname",
    "person__name",
    "person__patronymic",
    "person__organisation__short_name",
    "person__position",
    "kind",
    "direction",
    "number",
    "valid_until",
    "order_number",
    "order_date",
    *CONSENT_FLAGS,
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
    def from_row(cls, row: Mapping, labels: Mapping[str, str] | None = None) -> "RegistryEntry":
        """The public view of a certificate read as :data:`ENTRY_COLUMNS` from
        :func:`listed_certificates`: the one place where the consent's flags decide what is
        shown. ``labels`` are :func:`kind_labels`, read once for many entries."""
        return cls(
            person_id=row["person_id"],
            name=joined_name(
                row["person__surname"], row["person__name"], row["person__patronymic"]
            ),
            kind=row["kind"],
            kind_label=(labels or kind_labels())[row["kind"]],
            organisation=(
                row["person__organisation__short_name"] if row["show_organisation"] else None
            ),
            position=row["person__position"] if row["show_position"] else None,
            direction=(row["direction"] or None) if row["show_direction"] else None,
            number=row["number"] if row["show_number"] else None,
            valid_until=row["valid_until"] if row["show_valid_until"] else None,
            order=(
                (order_text(row["order_number"], row["order_date"]) or None)
                if row["show_order"]
                else None
            ),
        )


def kind_labels() -> dict[str, str]:
    """The certificate kinds' names in the active language, by value."""
    return {value: str(label) for value, label in CertificateKind.choices}


def listed_entries(certificates: QuerySet, *, chunk_size: int | None = None) -> list[RegistryEntry]:
    """The entries of :func:`listed_certificates` (narrowed or not), in its order, in one
    query: read as :data:`ENTRY_COLUMNS` rows, not as models, as the whole registry's files
    read 20,000 of them and a model per row cost most of their time. ``chunk_size`` streams
    the rows (a server-side cursor on PostgreSQL) for the whole registry's files; a person's
    few entries are read at once."""
    labels = kind_labels()
    rows = certificates.values(*ENTRY_COLUMNS)
    if chunk_size:
        rows = rows.iterator(chunk_size)
    return [RegistryEntry.from_row(row, labels) for row in rows]


def name_matches(word: str, *, forgive_typos: bool = False) -> Q:
    """People whose name contains ``word`` (folded by :func:`search_key`) or, when
    ``forgive_typos``, holds a word that differs from it by a typo («ивонова» finds «Иванова»).

    The typo tolerance is pg_trgm's word similarity (PostgreSQL only, the operator ``%>``
    with the threshold :func:`forgiving_typos` sets); both matches are served by one GIN
    trigram index (migration ``registry_trigram_search_indexes``).
    """
    match = Q(search_name__contains=word)
    if forgive_typos:
        match |= Q(TrigramWordSimilar(F("search_name"), Value(word)))
    return match


def forgiving_typos() -> None:
    """Set this connection's threshold of pg_trgm's ``%>`` to :data:`TYPO_SIMILARITY`, before a
    forgiving search. The default (0.6) misses a one-letter typo in a Russian surname; the
    setting is the session's, and nothing else in the portal uses the operator."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(TYPO_SIMILARITY)],
        )


def retries_with_typos(filters: RegistryFilters) -> bool:
    """Whether a search that found nothing is asked again forgiving typos: only a search, and
    only on PostgreSQL (pg_trgm); SQLite has no such operator, and there the search finds
    exactly the names containing the words.

    Exact first, so that «Иванова» lists the Ивановы and not every similar name as well; a
    search that finds nothing («Ивонова») is most likely misspelt.
    """
    return bool(filters.query) and connection.vendor == "postgresql"


def searched_certificates(day: datetime.date, filters: RegistryFilters) -> QuerySet:
    """:func:`listed_certificates` as the registry's search answers: the exact matches, or,
    when there are none, the names that differ by a typo (:func:`retries_with_typos`)."""
    exact = listed_certificates(day, filters)
    if retries_with_typos(filters) and not exact.exists():
        forgiving_typos()
        return listed_certificates(day, filters, forgive_typos=True)
    return exact


def listed_certificates(
    day: datetime.date, filters: RegistryFilters | None = None, *, forgive_typos: bool = False
) -> QuerySet:
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
    # Cleaned here too, as the API builds its filters itself.
    for word in search_key(clean_text(filters.query, QUERY_MAX_LENGTH)).split():
        # Each word in the name or, where the person allowed it to be shown, the direction.
        queryset = queryset.filter(
            Q(
                person__in=Person.objects.filter(
                    name_matches(word, forgive_typos=forgive_typos)
                ).values("pk")
            )
            | Q(show_direction=True, search_direction__contains=word)
        )
    return queryset


def listed_order(day: datetime.date, filters: RegistryFilters) -> array:
    """The ids of the listed certificates that ``filters`` select, in the list's order.

    Computed once per cache generation and filter set (:func:`content.cache.remember`): the
    order is a sort of every listed certificate joined to its holder's name, which no index
    can serve (the name is the person's, the filter the certificate's and the consent's).
    Kept as ids only, the sort is narrow and stays in memory; a page then reads its twenty
    rows by primary key, and the count is the length — no miss scans the registry again.
    """

    def order() -> array:
        # As searched_certificates answers, without its extra query when the exact search
        # finds something. An array of machine integers: a twentieth of a list's memory, and
        # read back from the cache without unpickling 20,000 objects.
        found = array("q", listed_certificates(day, filters).values_list("pk", flat=True))
        if found or not retries_with_typos(filters):
            return found
        forgiving_typos()
        forgiving = listed_certificates(day, filters, forgive_typos=True)
        return array("q", forgiving.values_list("pk", flat=True))

    return remember(
        "registry-order",
        (day.isoformat(), filters.kind, filters.organisation, filters.query),
        order,
    )


class ListedPaginator(Paginator):
    """Pages of :func:`listed_order`'s ids whose entries are read only for the page shown."""

    def __init__(self, day: datetime.date, order: array, per_page: int):
        super().__init__(order, per_page)
        self.day = day

    @cached_property
    def count(self) -> int:
        return len(self.object_list)

    def _get_page(self, ids, number, paginator):
        shown = listed_certificates(self.day).filter(pk__in=ids)
        rows = {row["pk"]: row for row in shown.values("pk", *ENTRY_COLUMNS)}
        labels = kind_labels()
        # A certificate that left the registry since the order was read is skipped.
        entries = [RegistryEntry.from_row(rows[pk], labels) for pk in ids if pk in rows]
        return super()._get_page(entries, number, paginator)


def registry_page(
    day: datetime.date, filters: RegistryFilters, requested_page, per_page: int = PER_PAGE
) -> tuple[Page, list[RegistryEntry]]:
    """One page of the registry: one query for its rows, and once per cache generation and
    filter set the ordered ids (:func:`listed_order`)."""
    paginator = ListedPaginator(day, listed_order(day, filters), per_page)
    page = paginator.get_page(page_number(requested_page))
    return page, list(page.object_list)


def person_entries(day: datetime.date, person_id: int) -> list[RegistryEntry]:
    """A listed person's valid certificates (empty: the person is not in the registry)."""
    return listed_entries(listed_certificates(day).filter(person_id=person_id))


def listed_organisations(day: datetime.date) -> list[Organisation]:
    """Organisations that at least one listed person allowed to publish, for the filter:
    read once per cache generation, as they change only when the registry does."""

    def organisations() -> list[Organisation]:
        published = listed_certificates(day).filter(show_organisation=True)
        return list(Organisation.objects.filter(pk__in=published.values("person__organisation_id")))

    return remember("registry-organisations", (day.isoformat(),), organisations)
