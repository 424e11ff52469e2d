"""The mentor's signed consent (issue 11, item 8): kept outside MEDIA_ROOT, opened only through
the admin by those who may see it, linked from the mentorship page for the head."""

import datetime
import importlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

import pytest

from tests.factories import png_scan
from workflows.choices import Role
from workflows.models import Mentorship
from workflows.services import (
    mentorship_consent_as_mentor,
    perform_transition,
)
from workflows.storage import private_media_is_not_public

# The migration carries its own copy of the mover, so the test reads it from there.
move_files = importlib.import_module("workflows.migrations.0007_consent_scans_private").move_files

pytestmark = pytest.mark.django_db

PNG = png_scan().read()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan_url(mentorship) -> str:
    return f"/admin/workflows/mentorship/scan/{mentorship.pk}/consent/"


def page_of(mentorship) -> str:
    return f"/admin/workflows/mentorship/inspect/{mentorship.pk}/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["org_head", "curator", "mentor", "center", "department"])
def test_those_who_check_the_consent_open_the_scan_inline(client, cast, awaiting_order, role):
    client.force_login(getattr(cast, role))
    response = client.get(scan_url(awaiting_order))
    assert response.status_code == 200
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert f"soglasie-nastavnika-{awaiting_order.pk}.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_pdf_scan_opens_as_a_pdf(client, cast, draft_mentorship):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    mentorship = mentorship_consent_as_mentor(
        mentorship=draft_mentorship,
        user=cast.mentor,
        consented_on=datetime.date(2026, 11, 20),
        scan=SimpleUploadedFile("soglasie.pdf", PDF, content_type="application/pdf"),
    )
    client.force_login(cast.org_head)
    response = client.get(scan_url(mentorship))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert body(response) == PDF


def test_a_file_that_is_no_scan_downloads_as_bytes(client, cast, awaiting_order):
    """The type comes from the content, never from the name: HTML saved as «.png» (say, put
    there by hand) is not served as a page."""
    name = awaiting_order.mentor_consent_scan.name
    storage = storages["private"]
    storage.delete(name)
    storage.save(name, ContentFile(b"<script>alert(1)</script>"))
    client.force_login(cast.org_head)
    response = client.get(scan_url(awaiting_order))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_mentee_is_refused_the_mentors_paper(client, cast, awaiting_order):
    client.force_login(cast.mentee)
    assert client.get(scan_url(awaiting_order)).status_code == 403
    assert scan_url(awaiting_order) not in client.get(page_of(awaiting_order)).content.decode()


@pytest.mark.parametrize(
    "role",
    ["other_curator", "other_org_head", "other_mentor", "other_mentee", "editor", "moderator"],
)
def test_the_scan_does_not_exist_for_outsiders(client, cast, awaiting_order, role):
    client.force_login(getattr(cast, role))
    assert client.get(scan_url(awaiting_order)).status_code == 404


def test_a_mentor_of_another_case_in_the_same_school_gets_404(
    client, cast, make_user, awaiting_order
):
    client.force_login(make_user(Role.MENTOR, organisation=cast.school))
    assert client.get(scan_url(awaiting_order)).status_code == 404


def test_without_access_to_mentorships_nothing_is_served(client, cast, awaiting_order):
    """The registrar acts municipality-wide but has no use for case files: no mentorship page,
    no scan (Wagtail sends them to the dashboard)."""
    client.force_login(cast.registrar)
    response = client.get(scan_url(awaiting_order))
    assert response.status_code == 302
    assert not response.get("Content-Disposition")


def test_anonymous_is_sent_to_the_login(client, awaiting_order):
    response = client.get(scan_url(awaiting_order))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_mentorship_page_links_the_scan_for_the_head(client, cast, awaiting_order):
    client.force_login(cast.org_head)
    html = client.get(page_of(awaiting_order)).content.decode()
    assert f'href="{scan_url(awaiting_order)}"' in html
    assert "Скан согласия" in html


def test_no_link_while_there_is_no_scan(client, cast, draft_mentorship):
    client.force_login(cast.org_head)
    assert "/scan/" not in client.get(page_of(draft_mentorship)).content.decode()
    assert client.get(scan_url(draft_mentorship)).status_code == 404


def test_the_scan_is_kept_outside_media_root(awaiting_order):
    name = awaiting_order.mentor_consent_scan.name
    assert storages["private"].exists(name)
    assert not Path(settings.MEDIA_ROOT, name).exists()
    with pytest.raises(ValueError):
        awaiting_order.mentor_consent_scan.url  # noqa: B018 (a private file has no address)


@pytest.fixture
def dev_urls(settings):
    """The URLconf as `make run` builds it: DEBUG on, media served by runserver."""
    import portal.urls

    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_media_consents_answers_404_under_the_dev_settings(client, awaiting_order, dev_urls):
    name = awaiting_order.mentor_consent_scan.name
    media = Path(settings.MEDIA_ROOT)
    # Even a copy left under MEDIA_ROOT (from before the move, say) is not served ...
    stray = media / name
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(PNG)
    # ... while the images Wagtail renders still are, so the dev media route is in place.
    image = media / "images" / "probe-consent-test.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(PNG)
    try:
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
        assert client.get(f"{settings.MEDIA_URL}images/probe-consent-test.png").status_code == 200
    finally:
        stray.unlink()
        image.unlink()


def test_the_migration_moves_scans_out_of_media_and_back(cast, awaiting_order):
    """The data step of migration 0007 and its reverse."""
    name = awaiting_order.mentor_consent_scan.name
    public, private = storages["default"], storages["private"]
    mentorships = Mentorship.objects.all()
    assert move_files(mentorships, "mentor_consent_scan", private, public) == 1
    assert public.exists(name) and not private.exists(name)
    assert move_files(mentorships, "mentor_consent_scan", public, private) == 1
    assert private.exists(name) and not public.exists(name)
    with private.open(name) as moved:
        assert moved.read() == PNG
    assert move_files(mentorships, "mentor_consent_scan", public, private) == 0


def test_private_media_inside_media_root_is_refused(settings):
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT, "private")
    assert [error.id for error in private_media_is_not_public()] == ["workflows.E001"]
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT).parent / ".elsewhere"
    assert private_media_is_not_public() == []
