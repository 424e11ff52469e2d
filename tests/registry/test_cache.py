"""The public cache and the registry: a change shows at once, verification is never cached."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from workflows.services import consent_withdraw, perform_transition

pytestmark = pytest.mark.django_db


def shown(client, path: str) -> str:
    """What ``path`` tells the public, as text (JSON with its Cyrillic unescaped)."""
    response = client.get(path)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("path", ["/registry/", "/api/registry/", "/registry/export.csv"])
def test_certificate_and_consent_changes_leave_the_registry_at_once(
    client, listed, make_user, path
):
    certificate = listed(person={"surname": "Кэшева"})
    registrar = make_user("registrar", person=False)
    assert "Кэшева" in shown(client, path)

    perform_transition(document=certificate, name="suspend", user=registrar, comment="проверка")
    assert "Кэшева" not in shown(client, path)

    perform_transition(document=certificate, name="resume", user=registrar, comment="проверка")
    assert "Кэшева" in shown(client, path)

    consent = certificate.person.publication_consents.get()
    consent_withdraw(consent=consent, user=make_user("registrar", person=False))
    assert "Кэшева" not in shown(client, path)


def test_verification_answers_are_never_cached(client, listed):
    certificate = listed()
    client.get("/registry/verify/", {"number": certificate.number})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/registry/verify/", {"number": certificate.number})
    assert "no-cache" in response["Cache-Control"]
    assert len(queries) > 0
