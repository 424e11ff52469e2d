"""Absolute URLs name the real site, not the localhost of a new Site (issue 11, item 10)."""

from django.core.management import call_command

from wagtail.models import Site

import pytest

from tests.factories import material

pytestmark = pytest.mark.django_db

HOST = "nastavnik.yurga.example"


@pytest.fixture
def public_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]


def test_the_sitemap_names_the_scheme_and_host_the_visitor_used(
    client, materials_index, public_host
):
    material(materials_index, 1)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"  # as migrated

    sitemap = client.get("/sitemap.xml", HTTP_HOST=HOST, secure=True).content.decode()

    assert f"<loc>https://{HOST}/materials/material-1/</loc>" in sitemap
    assert f"<loc>https://{HOST}/</loc>" in sitemap
    assert "localhost" not in sitemap


def test_the_sharing_url_of_a_page_names_the_public_host(client, materials_index, public_host):
    html = client.get("/materials/", HTTP_HOST=HOST, secure=True).content.decode()
    assert f'<meta property="og:url" content="https://{HOST}/materials/">' in html


@pytest.mark.usefixtures("demo_day")
def test_load_demo_gives_the_site_the_configured_host(settings):
    settings.WAGTAILADMIN_BASE_URL = f"https://{HOST}"
    call_command("load_demo", stdout=None)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (HOST, 443, f"https://{HOST}")
