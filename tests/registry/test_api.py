import datetime
import re
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


def conforms(value, schema: dict, document: dict) -> bool:
    """Whether ``value`` matches ``schema`` from the OpenAPI ``document``, for the parts of
    JSON Schema django-ninja writes; an object may carry only the properties it declares."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return conforms(value, document["components"]["schemas"][name], document)
    if "anyOf" in schema:
        return any(conforms(value, part, document) for part in schema["anyOf"])
    if "enum" in schema and value not in schema["enum"]:
        return False
    match schema.get("type"):
        case "object":
            properties = schema.get("properties", {})
            return (
                isinstance(value, dict)
                and set(schema.get("required", [])) <= set(value) <= set(properties)
                and all(conforms(value[key], properties[key], document) for key in value)
            )
        case "array":
            return isinstance(value, list) and all(
                conforms(item, schema.get("items", {}), document) for item in value
            )
        case "string":
            return isinstance(value, str)
        case "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        case "null":
            return value is None
    return True


def declared(document: dict, path: str, status: int) -> dict:
    """The response ``status`` of GET ``path`` as the OpenAPI description declares it."""
    return document["paths"][path]["get"]["responses"][str(status)]


def test_every_operation_declares_its_validation_and_rate_limit_answers_in_russian(client):
    document = client.get("/api/openapi.json").json()
    for path, methods in document["paths"].items():
        for operation in methods.values():
            for status in ("422", "429"):
                response = operation["responses"][status]
                assert "schema" in response["content"]["application/json"], (path, status)
                assert re.search("[а-я]", response["description"]), (path, status)


def test_a_real_422_and_429_match_what_the_description_declares(
    client, settings, registry, uncached
):
    document = client.get("/api/openapi.json").json()

    invalid = client.get("/api/registry/?kind=coach&page=0&q=" + "я" * 201)
    assert invalid.status_code == 422
    assert conforms(invalid.json(), declared(document, "/api/registry/", 422), document)
    assert {tuple(problem["loc"]): problem["msg"] for problem in invalid.json()["detail"]} == {
        ("query", "kind"): "должно быть одним из значений, перечисленных в описании API",
        ("query", "page"): "должно быть не меньше 1",
        ("query", "q"): "не длиннее 200 символов",
    }
    # A path id beyond the bigint range is refused by validation, not by the database.
    overflow = client.get("/api/registry/99999999999999999999/")
    assert overflow.status_code == 422
    path = "/api/registry/{person_id}/"
    assert conforms(overflow.json(), declared(document, path, 422), document)

    # From another address, whose count the requests above did not touch.
    settings.REGISTRY_API_LIMIT = 1
    assert client.get("/api/registry/", REMOTE_ADDR="10.0.0.9").status_code == 200
    throttled = client.get("/api/registry/", REMOTE_ADDR="10.0.0.9")
    assert throttled.status_code == 429
    assert conforms(throttled.json(), declared(document, "/api/registry/", 429), document)
    assert throttled.json()["detail"].startswith("Слишком много запросов")
    assert throttled["Retry-After"] == str(settings.REGISTRY_API_WINDOW)
    assert "Retry-After" in declared(document, "/api/registry/", 429)["headers"]


def test_head_answers_every_get_operation_as_get_does_without_a_body(client, registry, operations):
    person = client.get("/api/registry/").json()["results"][0]["person_id"]
    for path, _parameters in operations:
        url = path.replace("{person_id}", str(person))
        get, head = client.get(url), client.head(url)
        assert (head.status_code, get.status_code) == (200, 200), url
        assert head["Content-Type"] == get["Content-Type"]
        assert head.content == b""


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
