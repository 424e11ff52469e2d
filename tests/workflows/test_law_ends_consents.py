"""Issue 13, point 14 (the consent as a document): the signed consent to publication is kept
as a scan checked by its content, with its date and the person's conditions and prohibitions
(152-ФЗ art. 10.1 part 9), and the registry can read what it allows. Point 15: the mentor's
supplementary agreement to the employment contract, from the same sheet in PDF and DOCX."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.factories import png_scan
from tests.workflows.test_paper import both_formats, download
from workflows.choices import Role
from workflows.models import PublicationConsent
from workflows.selectors import consent_terms
from workflows.services import consent_change, consent_give

pytestmark = pytest.mark.django_db

D = datetime.date
CONDITIONS = "Запрещаю передачу сведений третьим лицам; только на портале наставничества."


def give(cast, **fields):
    values = {
        "user": cast.registrar,
        "person": cast.mentor.person,
        "given_on": D(2026, 11, 20),
        "show_number": True,
        "show_valid_until": True,
    } | fields
    return consent_give(**values)


def test_a_consent_without_its_signed_paper_is_refused(cast):
    with pytest.raises(ValidationError, match=r"Приложите скан.*10\.1 152-ФЗ"):
        give(cast)
    assert not PublicationConsent.objects.exists()


def test_the_scan_is_checked_by_its_content(cast):
    fake = SimpleUploadedFile("consent.pdf", png_scan().read(), content_type="application/pdf")
    with pytest.raises(ValidationError):
        give(cast, scan=fake)
    assert not PublicationConsent.objects.exists()


@pytest.mark.parametrize(
    ("day", "in_force"),
    [(D(2026, 11, 19), False), (D(2026, 11, 20), True), (D(2026, 11, 21), True)],
)
def test_the_registry_reads_the_terms_from_the_day_of_the_consent(cast, day, in_force):
    consent = give(cast, scan=png_scan(), conditions=f"  {CONDITIONS} ")
    assert consent.scan and consent.conditions == CONDITIONS
    terms = consent_terms(cast.mentor.person.pk, on=day)
    if not in_force:
        assert terms is None
        return
    assert terms.given_on == D(2026, 11, 20)
    assert terms.published == ["номер свидетельства", "действует до"]
    assert terms.conditions == CONDITIONS and terms.has_scan


def test_a_corrected_consent_keeps_or_replaces_its_scan_checked_again(cast):
    consent = give(cast, scan=png_scan())
    consent = consent_change(consent=consent, user=cast.registrar, scan=consent.scan)
    assert consent.scan
    with pytest.raises(ValidationError, match="Приложите скан"):
        consent_change(consent=consent, user=cast.registrar, scan=None)


def test_the_registry_operator_files_the_consent_through_the_admin(client, cast):
    client.force_login(cast.registrar)
    response = client.post(
        "/admin/workflows/publicationconsent/create/",
        {
            "person": cast.mentor.person.pk,
            "given_on": "20.11.2026",
            "scan": png_scan(),
            "show_number": "on",
            "conditions": CONDITIONS,
            "withdrawn_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    consent = PublicationConsent.objects.get()
    assert consent.scan and consent.conditions == CONDITIONS


# -- 15. the supplementary agreement to the employment contract (Labour Code art. 351.8 part 2) --


def test_the_agreement_is_prefilled_from_the_mentorship_in_pdf_and_docx(
    client, cast, draft_mentorship
):
    client.force_login(cast.curator)
    mentor = draft_mentorship.mentor
    for text in both_formats(client, "mentorship", draft_mentorship, "mentor_agreement"):
        text = " ".join(text.split())
        assert "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ" in text and "к трудовому договору №" in text
        assert "статьёй 351.8 Трудового кодекса" in text
        assert mentor.full_name in text and cast.school.full_name in text
        assert "Традиционное наставничество" in text
        assert draft_mentorship.mentee.full_name in text
        assert "«01» декабря 2026 г." in text and "Размер оплаты" in text
        assert "не менее чем за три рабочих дня" in text


def test_the_agreement_names_the_head_who_represents_the_employer_in_the_genitive(
    client, cast, draft_mentorship
):
    head = cast.org_head.person
    head.surname, head.name, head.patronymic = "Лебедев", "Олег", "Иванович"
    head.save()
    client.force_login(cast.curator)
    for text in both_formats(client, "mentorship", draft_mentorship, "mentor_agreement"):
        text = " ".join(text.split())
        assert "в лице руководителя Лебедева Олега Ивановича и" in text
        assert "Работодатель" in text and "Лебедев О. И." in text  # and signs for it


def test_the_agreement_leaves_the_head_to_be_written_in_when_two_people_head_the_school(
    client, cast, make_user, draft_mentorship
):
    make_user(Role.ORG_HEAD, organisation=cast.school)  # an acting head beside the head
    client.force_login(cast.curator)
    for text in both_formats(client, "mentorship", draft_mentorship, "mentor_agreement"):
        assert "в лице руководителя ______________ и" in " ".join(text.split())


def test_the_agreement_exists_only_for_those_who_see_the_mentor(client, cast, draft_mentorship):
    client.force_login(cast.other_curator)
    response = download(client, "mentorship", draft_mentorship, "mentor_agreement", "pdf")
    assert response.status_code == 404


def test_the_registry_operator_opens_the_signed_consent_from_its_page_and_nobody_else_does(
    client, cast
):
    consent = give(cast, scan=png_scan())
    client.force_login(cast.registrar)
    page = client.get(f"/admin/workflows/publicationconsent/inspect/{consent.pk}/")
    html = page.content.decode()
    start = html.index('href="', html.index("data-scan") - 200) + 6
    url = html[start : html.index('"', start)]
    scan = client.get(url)
    assert scan.status_code == 200
    assert scan["Content-Type"] == "image/png"
    assert scan["X-Content-Type-Options"] == "nosniff"
    client.force_login(cast.curator)  # no access to consents at all: sent back to the admin
    refused = client.get(url)
    assert refused.status_code in (302, 403, 404)
    assert refused.get("Content-Type") != "image/png"
