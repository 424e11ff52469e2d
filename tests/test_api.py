import datetime
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    CertificateFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationConsentFactory,
)
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    """Two listed tutors and a mentor in two schools, and one person without a consent."""
    today = datetime.date.today()
    schools = [OrganisationFactory(), OrganisationFactory()]
    for n, (surname, kind, school) in enumerate(
        [
            ("Ёжикова", CertificateKind.TUTOR, schools[0]),
            ("Тьюторов", CertificateKind.TUTOR, schools[1]),
            ("Менторов", CertificateKind.MENTOR, schools[0]),
            ("Безсогласия", CertificateKind.TUTOR, schools[0]),
        ]
    ):
        person = PersonFactory(surname=surname, organisation=school)
        if surname != "Безсогласия":
            PublicationConsentFactory(person=person)
        CertificateFactory(
            person=person,
            kind=kind,
            number=f"API-{n}",
            issued_on=today - datetime.timedelta(days=10),
            direction="Проектная деятельность" if kind == CertificateKind.TUTOR else "",
        )
    return schools


def names(response) -> list[str]:
    return [entry["name"].split()[0] for entry in response.json()["results"]]


def test_the_list_is_filtered_paginated_and_cacheable(client, registry):
    response = client.get("/api/registry/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (3, 1, 1)
    assert names(response) == ["Ёжикова", "Менторов", "Тьюторов"]
    assert names(client.get("/api/registry/?kind=tutor")) == ["Ёжикова", "Тьюторов"]
    assert names(client.get(f"/api/registry/?organisation={registry[1].pk}")) == ["Тьюторов"]
    assert names(client.get("/api/registry/?q=ежикова")) == ["Ёжикова"]
    assert names(client.get("/api/registry/?q=ПРОЕКТНАЯ")) == ["Ёжикова", "Тьюторов"]
    second = client.get("/api/registry/?page_size=2&page=2").json()
    assert (second["page"], second["pages"], len(second["results"])) == (2, 2, 1)


def test_a_person_answers_with_their_certificates_and_others_are_404(client, registry):
    entry = client.get("/api/registry/?q=менторов").json()["results"][0]
    person = client.get(f"/api/registry/{entry['person_id']}/")
    assert person.status_code == 200
    assert person.json()["certificates"][0]["number"] == "API-2"
    assert client.get("/api/registry/999999/").status_code == 404


def test_bad_parameters_are_client_errors(client, registry):
    assert client.get("/api/registry/?kind=coach").status_code == 422
    assert client.get("/api/registry/?page=0").status_code == 422
    assert client.get("/api/registry/?page_size=1000").status_code == 422


def test_the_openapi_description_and_its_documentation_are_published(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/registry/", "/api/registry/{person_id}/"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200


def strategy_for(schema: dict):
    """Values the schema allows, plus anything at all: the API must never fail on either."""
    if "anyOf" in schema:
        allowed = st.one_of(
            *[strategy_for(part) for part in schema["anyOf"] if part.get("type") != "null"]
        )
    elif "enum" in schema:
        allowed = st.sampled_from(schema["enum"])
    elif schema.get("type") == "integer":
        allowed = st.integers(schema.get("minimum"), schema.get("maximum"))
    else:
        allowed = st.text(max_size=schema.get("maxLength", 60))
    return st.one_of(allowed, st.integers(), st.text(max_size=80))


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        schema = Client().get("/api/openapi.json").json()
    return [
        (path, operation.get("parameters", []))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_input_described_by_the_openapi_schema_makes_a_server_error(
    client, registry, operations, data
):
    path, parameters = data.draw(st.sampled_from(operations))
    query = {}
    for parameter in parameters:
        value = data.draw(st.one_of(st.none(), strategy_for(parameter["schema"])))
        if parameter["in"] == "path":
            value = registry[0].people.first().pk if value is None else value
            path = path.replace(f"{{{parameter['name']}}}", quote(str(value), safe=""))
        elif value is not None:
            query[parameter["name"]] = value
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code < 500, (path, query, response.content[:300])
    if response.status_code == 200:
        assert response["Content-Type"] == "application/json; charset=utf-8"
