"""Hardening: brute force on the login, the CSP, uploads, rich text and rate limits."""

import logging

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.blocks import RawHTMLBlock
from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document
from wagtail.models import Collection

import pytest

from content.blocks import ContentBlock, RegulationBlock

pytestmark = pytest.mark.django_db


def test_repeated_failed_logins_lock_the_account_out_and_are_logged(
    client, make_user, settings, caplog
):
    user = make_user("editor", username="nastavnik")
    user.set_password("верный-пароль-2026")
    user.save()
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            client.post("/admin/login/", {"username": "nastavnik", "password": "неверный"})
        response = client.post(
            "/admin/login/", {"username": "nastavnik", "password": "верный-пароль-2026"}
        )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert any("locked out: user 'nastavnik'" in r.getMessage() for r in caplog.records)


def test_public_pages_get_a_strict_csp_and_the_admin_its_own(client, home, make_user):
    public = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in public and "unsafe-inline" not in public
    assert "frame-ancestors 'none'" in public

    client.force_login(make_user("editor"))
    admin = client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin


def upload(name: str, content: bytes, user):
    form_class = get_document_form(Document)
    return form_class(
        data={"title": name, "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content)},
        user=user,
    )


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("memo.pdf", b"%PDF-1.7\n...", True),
        ("memo.docx", b"PK\x03\x04\x14\x00", True),
        ("memo.txt", "Памятка наставника".encode(), True),
        ("memo.pdf", b"<html><script>alert(1)</script></html>", False),
        ("memo.docx", b"%PDF-1.7", False),
        ("memo.txt", b"<svg onload=alert(1)>", False),
        ("memo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),
        ("memo.html", b"<html></html>", False),
    ],
)
def test_documents_are_checked_by_content_and_svg_and_html_are_refused(
    make_user, name, content, accepted
):
    assert upload(name, content, make_user("editor")).is_valid() is accepted


def test_documents_are_served_through_wagtail_as_attachments_unless_pdf(client):
    document = Document.objects.create(
        title="Таблица", file=SimpleUploadedFile("plan.xlsx", b"PK\x03\x04")
    )
    response = client.get(document.url)
    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_no_block_lets_an_editor_write_raw_html():
    def blocks(block):
        yield block
        for child in getattr(block, "child_blocks", {}).values():
            yield from blocks(child)
        if hasattr(block, "child_block"):
            yield from blocks(block.child_block)

    for root in (ContentBlock(), RegulationBlock()):
        assert not any(isinstance(block, RawHTMLBlock) for block in blocks(root))


def test_the_api_is_rate_limited_per_address(client, settings):
    settings.REGISTRY_API_LIMIT = 2
    statuses = [client.get("/api/registry/", {"page": n}).status_code for n in (1, 2, 3)]
    assert statuses == [200, 200, 429]
