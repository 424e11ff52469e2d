"""The public cache: anonymous pages come from it, and any change shows on the next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import pytest

from content.models import HomePage, NewsIndexPage, SiteDetails
from tests.factories import material, publish

pytestmark = pytest.mark.django_db


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


def test_a_change_to_the_site_details_shows_in_the_next_footer(client, home):
    warm(client)
    warm(client, "/?other")  # the frame of this generation is remembered in the process
    details = SiteDetails.for_site(Site.objects.get(is_default_site=True))
    details.phone = "8 (38451) 4-00-01"
    details.save()

    assert "8 (38451) 4-00-01" in client.get("/").content.decode()
    assert "8 (38451) 4-00-01" in client.get("/?other").content.decode()


def test_a_page_made_private_is_not_served_from_the_cache(client, materials_index):
    page = material(materials_index)
    warm(client, page.url)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(page.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_moved_page_changes_the_trail_and_the_menu_it_was_in(client, home, materials_index):
    news = publish(home, NewsIndexPage(title="Новости", slug="news", show_in_menus=True))
    page = material(materials_index, title="Памятка наставнику")
    warm(client, page.url)
    assert 'href="/news/"' in warm(client).content.decode()

    page.move(news, pos="last-child")
    page.refresh_from_db()
    assert '<a href="/news/">Новости</a>' in client.get(page.url).content.decode()

    news.refresh_from_db()
    materials_index.refresh_from_db()
    news.move(materials_index, pos="last-child")
    assert 'href="/news/"' not in client.get("/").content.decode()
