"""The registry's cost per request does not grow with the registry (issue 16, point 1).

Every page is asked for as the public cache sees it: the first miss after a change reads the
list's order once for its generation; any later miss — another page, the API — reads only
its twenty rows. Counted at two sizes, with the public cache on.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content.cache import invalidate
from tests.factories import CertificateFactory
from tests.registry.conftest import bulk_listed

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


# In the order asked, after a change. The first HTML page of a generation reads Wagtail's whole
# frame (10 queries: site, page route and restrictions, the two settings, navigation,
# breadcrumbs); every later miss reads only the site and the page route (6): the settings,
# the navigation and the trail are the generation's, remembered in the process.
PINNED = {
    # The frame, the order of the whole list (its count is its length), the page's rows, the
    # organisations.
    "/registry/?page=1": 13,
    # Another page of the same generation: its rows only.
    "/registry/?page=2": 7,
    "/api/registry/?page=3": 1,
    # A search has an order of its own; the organisations are the generation's already.
    "/registry/?q=массов1": 8,
    "/registry/?q=массов1&page=2": 7,
    "/api/registry/?q=массов1&page_size=5": 1,
    # The person's certificates and the consent's terms.
    "/registry/{person}/": 8,
    "/api/registry/{person}/": 1,
    # The verdict reads the certificate and, for a valid one, its holder's registry entry.
    "/registry/verify/?number=BULK-000007": 8,
}


def test_misses_cost_the_same_with_60_and_3000_certificates(client, school):
    bulk_listed(60, school)
    person = school.people.order_by("pk").first().pk
    client.get("/registry/")  # Wagtail caches the site's root paths on the first request
    invalidate()
    small = {url: queries(client, url.format(person=person)) for url in PINNED}
    bulk_listed(2940, school, start=60)  # bulk writes send no signal: drop the cache here
    invalidate()
    large = {url: queries(client, url.format(person=person)) for url in PINNED}
    assert small == large == PINNED


def test_a_change_reaches_the_next_miss_of_a_list_read_before_it(client, school, listed):
    bulk_listed(25, school)
    assert client.get("/api/registry/?page=2").json()["count"] == 25
    CertificateFactory(person=school.people.first(), number="NEW-1", kind="mentor")
    listed(person={"surname": "Новикова"})
    response = client.get("/api/registry/?page=2").json()
    assert response["count"] == 27
    assert "Новикова" in client.get("/registry/?q=новикова").content.decode()


def exported(client, url: str) -> int:
    """The queries of a whole export, its streamed rows included."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context.captured_queries)


# Every entry, as a file: one query whatever the size of the registry. An unknown parameter
# gives the request a cache key of its own, so the export is counted, not the cache.
EXPORTS = {"/registry/export.csv?n={n}": 1, "/registry/export.xlsx?n={n}": 1}


def test_the_exports_of_every_entry_cost_the_same_with_60_and_3000_certificates(client, school):
    bulk_listed(60, school)
    client.get("/registry/")
    invalidate()
    small = {url: exported(client, url.format(n=1)) for url in EXPORTS}
    bulk_listed(2940, school, start=60)
    invalidate()
    large = {url: exported(client, url.format(n=2)) for url in EXPORTS}
    assert small == large == EXPORTS
