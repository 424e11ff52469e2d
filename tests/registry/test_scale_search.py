"""The registry's search by name (issue 16, point 2): exact on every database, forgiving a
typo on PostgreSQL (pg_trgm) when the exact search finds nothing; and verification's look-up
of a number, served by a trigram index on PostgreSQL."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from registry.verification import find_certificate
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(listed):
    """Three listed people: an Иванова, a Петрова and a Ёлкина."""
    for surname in ("Иванова", "Петрова", "Ёлкина"):
        listed(person={"surname": surname, "name": "Мария", "patronymic": "Павловна"})


def names(client, query: str) -> list[str]:
    found = client.get("/api/registry/", {"q": query}).json()["results"]
    return [entry["name"].split()[0] for entry in found]


@pytest.mark.parametrize("query", ["Иванова", "иванова", "ИВАНОВА", "иванова мария", "иван"])
def test_every_database_finds_a_name_in_any_case(client, people, query):
    assert names(client, query) == ["Иванова"]


def test_yo_is_e_and_a_word_must_occur(client, people):
    assert names(client, "елкина") == ["Ёлкина"]
    assert names(client, "Сидорова") == []


def test_a_typo_is_forgiven_on_postgresql_only(client, people):
    """SQLite has no trigram operator: there the misspelt name finds nothing, as before."""
    forgiven = ["Иванова"] if connection.vendor == "postgresql" else []
    assert names(client, "Ивонова") == forgiven
    page = client.get("/registry/", {"q": "Ивонова"}).content.decode()
    assert ("Иванова" in page) == bool(forgiven)


@pytest.mark.postgres_only
def test_postgresql_forgives_a_typo_with_one_more_query_and_keeps_exact_matches_exact(
    client, people, listed
):
    listed(person={"surname": "Иванов", "name": "Пётр", "patronymic": "Ильич"})
    # An exact match lists exactly the names containing the word, not the similar ones.
    assert names(client, "Иванова") == ["Иванова"]
    assert names(client, "Ивонова") == ["Иванова"]
    assert names(client, "Петрава мария") == ["Петрова"]
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/registry/", {"q": "Сидорава"}).json()["count"] == 0
    # The exact search, the threshold of similarity, the forgiving search; no rows to read.
    assert len(context.captured_queries) == 3


@pytest.mark.postgres_only
def test_the_search_uses_the_trigram_index(people):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM workflows_person WHERE search_name LIKE %s", ["%иванов%"]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "workflows_person_search_name_trgm" in plan


@pytest.mark.postgres_only
def test_verification_finds_the_number_through_the_trigram_index():
    CertificateFactory(number="42-М-000123")
    with CaptureQueriesContext(connection) as queries:
        assert find_certificate("42-m–000123").number == "42-М-000123"
    (lookup,) = queries.captured_queries
    with connection.cursor() as cursor:
        # A handful of rows is cheapest to scan: forbid the scans, as 20,000 rows do, for the
        # test's transaction only.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {lookup['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "workflows_certificate_number_trgm" in plan
