import datetime
import io
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import zxingcpp
from docx import Document
from PIL import Image
from pypdf import PdfReader

from tests.factories import (
    CertificateFactory,
    MentorshipFactory,
    PublicationConsentFactory,
)
from tests.workflows.conftest import sign_through
from workflows.choices import OrderState
from workflows.models import Mentorship, Person
from workflows.paper import find_paper, render
from workflows.paper.typography import date_in_words, months_in_words
from workflows.services import (
    mentorship_consent_as_mentee,
    perform_transition,
)

pytestmark = pytest.mark.django_db


BASE = "/admin/workflows"


def docx_text(content: bytes) -> str:
    """Every paragraph, table cell and header line of a DOCX, spaces collapsed."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    return " ".join(" ".join(parts).split())


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )


def download(client, model: str, document, paper: str, file_format: str):
    return client.get(f"{BASE}/{model}/paper/{document.pk}/{paper}.{file_format}")


def both_formats(client, model, document, paper) -> list[str]:
    """The text of the paper as DOCX and as PDF, each downloaded through the admin."""
    texts = []
    for file_format, read in (("docx", docx_text), ("pdf", pdf_text)):
        response = download(client, model, document, paper, file_format)
        assert response.status_code == 200, response
        assert f".{file_format}" in response["Content-Disposition"]
        texts.append(read(response.content))
    return texts


def test_dates_terms_and_numbers_are_written_as_forms_write_them():
    assert date_in_words(datetime.date(2026, 10, 5)) == "«05» октября 2026 г."
    assert months_in_words(1) == "1 (один) месяц"
    assert months_in_words(2) == "2 (два) месяца"
    assert months_in_words(12) == "12 (двенадцать) месяцев"
    assert months_in_words(21) == "21 (двадцать один) месяц"


def test_a_draft_order_prints_as_a_draft_with_its_list_and_approval_sheet(
    client, cast, assignment_order, awaiting_order
):
    client.force_login(cast.curator)
    for text in both_formats(client, "order", assignment_order, "order"):
        assert "ПРИКАЗ" in text and "ПРОЕКТ" in text
        assert cast.school.full_name in text
        assert awaiting_order.mentor.full_name in text and awaiting_order.mentee.full_name in text
        assert "«01» декабря 2026 г." in text and "12 (двенадцать) месяцев" in text
        assert "ЛИСТ СОГЛАСОВАНИЯ" in text and cast.curator.person.short_name in text
        assert "№ ______________" in text


def test_a_signed_order_prints_its_signed_version_without_the_watermark(
    clock, client, cast, assignment_order, awaiting_order
):
    signed_surname = awaiting_order.mentor.surname
    sign_through(assignment_order, cast)
    clock.shift(datetime.timedelta(days=3))
    rename_after_signing(cast, awaiting_order)
    client.force_login(cast.org_head)
    for text in both_formats(client, "order", assignment_order, "order"):
        assert "ПРОЕКТ" not in text
        assert "№ 1-н" in text and "«25» ноября 2026 г." in text
        assert "Муниципальное бюджетное" in text and "Переименованная" not in text
        assert signed_surname in text and "Новофамильная" not in text
        assert "ЛИСТ СОГЛАСОВАНИЯ" in text and "Согласовано" in text
        assert cast.curator.person.short_name in text and cast.org_head.person.short_name in text


def rename_after_signing(cast, mentorship):
    """Later changes that a signed order must not show."""
    cast.school.full_name = "Переименованная школа"
    cast.school.save()
    mentor = Person.objects.get(pk=mentorship.mentor_id)
    mentor.surname = "Новофамильная"
    mentor.save()


def test_the_consents_are_prefilled_for_signature_and_dated_once_given(
    client, cast, draft_mentorship
):
    client.force_login(cast.curator)
    mentor, mentee = draft_mentorship.mentor, draft_mentorship.mentee
    for paper, signer, other in (
        ("mentor_consent", mentor, mentee),
        ("mentee_consent", mentee, mentor),
    ):
        for text in both_formats(client, "mentorship", draft_mentorship, paper):
            assert "ПИСЬМЕННОЕ СОГЛАСИЕ" in text and "2.1 и 2.6" in text
            assert signer.full_name in text and signer.short_name in text
            assert other.full_name in text and cast.school.full_name in text
            assert "«01» декабря 2026 г." in text and "«___»" in text
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    mentorship_consent_as_mentee(
        mentorship=draft_mentorship, user=cast.mentee, consented_on=datetime.date(2026, 11, 21)
    )
    text = docx_text(
        download(client, "mentorship", draft_mentorship, "mentee_consent", "docx").content
    )
    assert "«21» ноября 2026 г." in text


def test_the_qr_code_of_an_extract_leads_to_a_valid_verification(client, cast):
    certificate = CertificateFactory(person=cast.mentor.person, issued_on=datetime.date.today())
    client.force_login(cast.registrar)
    docx_content = download(client, "certificate", certificate, "registry_extract", "docx").content
    for text in (
        docx_text(docx_content),
        *both_formats(client, "certificate", certificate, "registry_extract")[1:],
    ):
        assert "ВЫПИСКА ИЗ РЕЕСТРА" in text and certificate.number in text
        assert cast.mentor.person.full_name in text
        assert date_in_words(certificate.valid_until) in text and "Действует" in text
    image = Document(io.BytesIO(docx_content)).inline_shapes[0]
    blob = image._inline.graphic.graphicData.pic.blipFill.blip.embed
    png = Document(io.BytesIO(docx_content)).part.related_parts[blob].blob
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    url = urlsplit(code.text)
    assert url.path == "/registry/verify/"
    client.logout()
    verdict = client.get(f"{url.path}?{url.query}").content.decode()
    # The holder consented to no publication: the answer is the standing alone, no date
    # (152-ФЗ art. 10.1).
    assert 'data-verdict="valid"' in verdict and "Действует</p>" in verdict
    assert certificate.valid_until.strftime("%d.%m.%Y") not in verdict


def test_the_registry_person_page_shows_a_verification_qr_code(client):
    certificate = CertificateFactory(issued_on=datetime.date.today())
    PublicationConsentFactory(person=certificate.person)
    html = client.get(f"/registry/{certificate.person_id}/").content.decode()
    assert 'class="registry-qr"' in html and "data:image/svg+xml" in html
    assert "/registry/verify/?number=" in html


def test_the_document_pages_offer_the_papers_in_their_states(client, cast, assignment_order):
    client.force_login(cast.curator)
    html = client.get(f"{BASE}/order/inspect/{assignment_order.pk}/").content.decode()
    assert f"/paper/{assignment_order.pk}/order.pdf" in html
    assert f"/paper/{assignment_order.pk}/order.docx" in html
    certificate = CertificateFactory(person=cast.mentor.person)
    client.force_login(cast.registrar)
    html = client.get(f"{BASE}/certificate/inspect/{certificate.pk}/").content.decode()
    assert f"/paper/{certificate.pk}/registry_extract.pdf" in html


def test_a_cancelled_mentorship_and_an_unknown_paper_are_not_printed(
    client, cast, draft_mentorship
):
    perform_transition(
        document=draft_mentorship, name="cancel", user=cast.curator, comment="Не состоится"
    )
    client.force_login(cast.curator)
    assert (
        download(client, "mentorship", draft_mentorship, "mentor_consent", "pdf").status_code == 404
    )
    assert download(client, "mentorship", draft_mentorship, "order", "pdf").status_code == 404


def test_papers_out_of_the_users_scope_do_not_exist_for_them(client, cast, assignment_order):
    certificate = CertificateFactory(person=cast.curator.person)
    client.force_login(cast.other_org_head)
    assert download(client, "order", assignment_order, "order", "pdf").status_code == 404
    assert (
        download(client, "certificate", certificate, "registry_extract", "docx").status_code == 404
    )
    client.force_login(cast.mentor)
    assert (
        download(client, "certificate", certificate, "registry_extract", "pdf").status_code == 404
    )


def test_printing_an_order_runs_a_bounded_number_of_queries(
    clock, cast, assignment_order, awaiting_order
):
    template = MentorshipFactory(organisation=cast.school)

    def count_queries(extra: int) -> int:
        more = Mentorship.objects.bulk_create(
            Mentorship(
                organisation=cast.school, kind=template.kind, mentor=template.mentor,
                mentee=template.mentee, starts_on=template.starts_on, ends_on=template.ends_on,
            )
            for _ in range(extra)
        )  # fmt: skip
        assignment_order.mentorships.add(*more)
        assignment_order.save()
        with CaptureQueriesContext(connection) as queries:
            render(
                find_paper(assignment_order, "order", user=cast.curator), assignment_order, "docx"
            )
        return len(queries)

    assert count_queries(1) == count_queries(20) <= 10
    Mentorship.objects.exclude(pk=awaiting_order.pk).delete()
    sign_through(assignment_order, cast)
    assignment_order.refresh_from_db()
    assert assignment_order.state == OrderState.SIGNED
    with CaptureQueriesContext(connection) as queries:
        render(find_paper(assignment_order, "order", user=cast.curator), assignment_order, "docx")
    assert len(queries) <= 10
