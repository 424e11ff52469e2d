"""A consent scan without an extension is refused with that reason (issue 11, item 10)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


def test_a_scan_without_an_extension_is_refused_with_that_reason(client, cast, draft_mentorship):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    client.force_login(cast.mentor)
    url = f"/admin/workflows/mentorship/transition/{draft_mentorship.pk}/consent_as_mentor/"
    scan = SimpleUploadedFile("skan", b"%PDF-1.7\n...", content_type="application/pdf")

    html = client.post(url, {"consented_on": "20.11.2026", "scan": scan}).content.decode()

    assert "У файла «skan» нет расширения" in html
    assert ".pdf, .jpg, .jpeg, .png" in html
    draft_mentorship.refresh_from_db()
    assert not draft_mentorship.mentor_consent_scan
