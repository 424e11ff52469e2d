"""Whatever a visitor or a scanner puts in a public URL, the answer is never a server error.

A property-based walk: every live page of the tree (home, regulation, materials, a material,
news, a news item, search, a standard page, the registry), the registry's person page and
verification, the open-data exports and every operation of the API (read from its OpenAPI
description, so a new endpoint is walked without a change here), each with every public
parameter — and one made-up one — set to arbitrary Unicode, NUL and other control characters,
quotes, bidirectional marks, superscript and foreign digits, numbers beyond the bigint range,
negative numbers and very long strings, by GET and by HEAD. Real ids and values are mixed in,
so the paths that find something are walked too. Nothing may answer 5xx.
"""

import datetime
from urllib.parse import quote, urlencode

from django.db import transaction
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from content.models import NewsPage, RegistryPage, RegulationPage, StandardPage
from tests.factories import (
    CertificateFactory,
    PersonFactory,
    PublicationConsentFactory,
    material,
    publish,
)
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db

# Every parameter a public page, export or API operation reads, plus one nobody reads.
PARAMETERS = ["page", "q", "kind", "topic", "organisation", "number", "page_size", "p", "x"]
NASTY = [
    "²",  # '²'.isdigit() is true, int('²') raises
    "١٢",  # Arabic-Indic digits: int() reads them
    "１２",  # full-width digits
    "\x00",
    "a\x00b",
    '"',
    '""',
    "'",
    "\"'",
    '"молодой педагог',
    "\u200f",  # right-to-left mark
    "\u202eтекст",  # right-to-left override
    "\ufeff",
    "\u200b",
    "*",
    ":",
    "слово:значение",
    "NEAR(a b)",
    "a OR b",
    "-a",
    "^a",
    "(",
    "\\",
    "%",
    "%00",
    "<script>",
    " 7 ",
    "+1",
    "-1",
    "0",
    "1e3",
    "1.5",
    "1_000",
    str(2**63 - 1),
    str(2**63),
    "9" * 20,
    "9" * 5000,  # past Python's 4300-digit limit of int()
]
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),  # arbitrary Unicode (no lone surrogates: a URL is UTF-8)
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=4), min_size=2, max_size=4).map("".join),
    st.tuples(st.text(min_size=1, max_size=3), st.integers(300, 4000)).map(lambda t: t[0] * t[1]),
)
# One of the site's own values (see public_site), so that the paths that find something are
# walked too: a listed person's id, their organisation, their number, two kinds.
own = st.integers(0, 4).map(lambda index: ("own", index))
value = hostile | own


@pytest.fixture
def public_site(home, materials_index, news_index, search_page, uncached, settings):
    """Every kind of public page and a listed person, with the rate limits lifted so that
    every example reaches the code behind them. Returns the addresses (``{id}`` stands for a
    path id) and values that find something."""
    settings.REGISTRY_VERIFY_LIMIT = settings.REGISTRY_API_LIMIT = 10**6
    publish(home, RegulationPage(title="Положение", slug="regulation"))
    publish(home, StandardPage(title="О портале", slug="about"))
    material(materials_index, 1)
    publish(news_index, NewsPage(title="Новость", slug="news-1"))
    person = PersonFactory(surname="Ёжикова")
    PublicationConsentFactory(person=person)
    certificate = CertificateFactory(
        person=person,
        kind=CertificateKind.TUTOR,
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
        direction="Проектная деятельность",
    )
    registry = RegistryPage.objects.get().url
    pages = [page.url for page in home.get_descendants(inclusive=True).live().specific()]
    fixed = [f"{registry}{{id}}/", f"{registry}verify/", "/registry/export.csv"]
    real = [person.pk, person.organisation_id, certificate.number, "tutor", "traditional"]
    return [*pages, *fixed, "/registry/export.xlsx"], [str(own_value) for own_value in real]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, value)),
    path_id=value,
    method=st.sampled_from(["get", "head"]),
)
# The probes of issue 11, always tried first.
@example(
    query={"organisation": "²", "q": '"', "page": "²", "topic": "\x00"},
    path_id="9" * 23,
    method="get",
)
@example(
    query={"organisation": "9" * 26, "q": "\x00", "number": "\x00" + "9" * 10_000},
    path_id=str(2**63),
    method="get",
)
def test_no_public_url_answers_a_server_error_whatever_its_parameters(
    client, public_site, operations, query, path_id, method
):
    addresses, real = public_site

    def resolve(drawn):
        return real[drawn[1]] if isinstance(drawn, tuple) else drawn

    query = {name: resolve(drawn) for name, drawn in query.items()}
    path_id = resolve(path_id)
    api = [path.replace("{person_id}", "{id}") for path, _parameters in operations]
    for address in addresses + api:
        path = address.replace("{id}", quote(path_id, safe=""))
        # A savepoint per request: on PostgreSQL a failed query would otherwise abort the
        # test's transaction, and every later request would fail for that one.
        with transaction.atomic():
            response = getattr(client, method)(f"{path}?{urlencode(query)}")
        assert response.status_code < 500, (method, path, query)
