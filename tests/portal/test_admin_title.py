"""Every admin tab reads «Страница — Портал»: the page, an em dash, the portal's name."""

import re
from pathlib import Path

from django.conf import settings

import wagtail

import pytest

pytestmark = pytest.mark.django_db

WAGTAIL_SKELETON = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/skeleton.html"
OURS = Path(settings.BASE_DIR) / "templates/wagtailadmin/skeleton.html"


def tab_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/admin/", "Панель управления"),
        ("/admin/guide/", "Руководство по порталу"),
        ("/admin/workflows/mentorship/", "Закрепления наставников"),
    ],
)
def test_an_admin_tab_joins_page_and_portal_with_an_em_dash(client, cast, path, page):
    client.force_login(cast.curator)
    assert tab_title(client.get(path)) == f"{page} — {settings.WAGTAIL_SITE_NAME}"


def test_the_sign_in_tab_too(client):
    assert tab_title(client.get("/admin/login/")) == f"Войти — {settings.WAGTAIL_SITE_NAME}"


def test_the_skeleton_differs_from_wagtails_only_in_the_title():
    """The override follows Wagtail's skeleton; an upgrade that changes it shows up here."""
    ours = re.sub(r"\{% comment %\}.*?\{% endcomment %\}\n", "", OURS.read_text(), flags=re.S)
    stock = WAGTAIL_SKELETON.read_text()
    changed = [
        (theirs, mine)
        for theirs, mine in zip(stock.splitlines(), ours.splitlines(), strict=True)
        if theirs != mine
    ]
    assert [mine.strip() for _, mine in changed] == [
        "{% load wagtailadmin_tags i18n portal_tags %}",
        "<title>{% block titletag %}{% endblock %} — "
        "{% block branding_title %}{% portal_name %}{% endblock %}</title>",
    ]
