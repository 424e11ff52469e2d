"""The public cache: anonymous pages come from it, and any change shows on the next request."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content.models import HomePage
from tests.factories import material
from workflows.services import consent_withdraw, perform_transition

pytestmark = pytest.mark.django_db


def shown(client, path: str) -> str:
    """What ``path`` tells the public, as text (JSON with its Cyrillic unescaped)."""
    response = client.get(path)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode("utf-8-sig")


def warm(client, path: str = "/"):
    """Visit twice: the site's first visit creates its settings row, a change that invalidates
    the cache; the second visit is stored."""
    client.get(path)
    return client.get(path)


def test_a_repeated_anonymous_page_costs_no_query(client, home):
    first = warm(client)
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second.status_code == 200 and second.content == first.content
    assert len(queries) == 0


def test_a_published_change_is_visible_on_the_next_request(client, materials_index):
    page = material(materials_index, title="Памятка первая")
    assert "Памятка первая" in client.get(page.url).content.decode()

    page.title = "Памятка исправленная"
    page.save_revision().publish()

    assert "Памятка исправленная" in client.get(page.url).content.decode()


def test_an_unpublished_page_is_gone_on_the_next_request(client, materials_index):
    page = material(materials_index)
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


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


def test_signed_in_users_never_get_nor_fill_the_shared_copy(client, home, make_user):
    editor = make_user("editor")
    warm(client)  # cached for anonymous visitors
    # A change that no signal reports: only the cache can still show the old lead.
    HomePage.objects.filter(pk=home.pk).update(lead="Новый лид")
    client.force_login(editor)

    assert "Новый лид" in client.get("/").content.decode()

    client.logout()
    client.cookies.clear()
    assert "Новый лид" not in client.get("/").content.decode()


def test_verification_answers_are_never_cached(client, listed):
    certificate = listed()
    client.get("/registry/verify/", {"number": certificate.number})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/registry/verify/", {"number": certificate.number})
    assert "no-cache" in response["Cache-Control"]
    assert len(queries) > 0


def test_a_long_query_string_is_cached_under_a_bounded_key(client, home, recwarn):
    """The visitor chooses the path and query: a key built from them verbatim grew past the
    250 characters cache backends accept (CacheKeyWarning, an error under memcached)."""
    path = "/?q=" + "наставник" * 300
    first = warm(client, path)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second.status_code == 200 and second.content == first.content
    assert len(queries) == 0
    assert not [w for w in recwarn if "Cache key" in str(w.message)]
