import datetime

import pytest

from tests.factories import CertificateFactory, StatusApplicationFactory, png_scan
from workflows.choices import CertificateState, Role, StatusApplicationState
from workflows.models import Certificate, PublicationConsent, StatusApplication

pytestmark = pytest.mark.django_db

BASE = "/admin/workflows"


def test_the_registrar_takes_an_application_to_a_certificate_through_the_admin(clock, client, cast):
    candidate = cast.org_head.person
    application = StatusApplicationFactory(person=candidate, state=StatusApplicationState.TRAINED)
    client.force_login(cast.registrar)
    page = client.get(f"{BASE}/statusapplication/inspect/{application.pk}/")
    assert page.status_code == 200 and "Присвоить статус" in page.content.decode()
    url = f"{BASE}/statusapplication/transition/{application.pk}/grant/"
    form = client.get(url)
    assert "Номер приказа Министерства" in form.content.decode()
    response = client.post(
        url,
        {
            "ministry_order_number": "77",
            "ministry_order_date": "20.11.2026",
            "certificate_number": "42-М-31337",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(application=application)
    assert certificate.valid_until == datetime.date(2029, 11, 20)
    inspect = client.get(f"{BASE}/certificate/inspect/{certificate.pk}/").content.decode()
    assert "№ 77 от 20.11.2026" in inspect and "Отозвать статус" in inspect
    # The granted application leads on to the certificate it issued.
    granted = client.get(f"{BASE}/statusapplication/inspect/{application.pk}/").content.decode()
    assert f'href="{BASE}/certificate/inspect/{certificate.pk}/"' in granted


def test_a_school_user_sees_only_their_own_applications_and_certificates(client, cast):
    own = StatusApplicationFactory(person=cast.mentor.person)
    colleague = StatusApplicationFactory(person=cast.curator.person)
    client.force_login(cast.mentor)
    listing = client.get(f"{BASE}/statusapplication/").content.decode()
    assert str(own.person) in listing and str(colleague.person) not in listing
    assert client.get(f"{BASE}/statusapplication/inspect/{colleague.pk}/").status_code == 404
    certificate = CertificateFactory(person=cast.curator.person)
    assert client.get(f"{BASE}/certificate/inspect/{certificate.pk}/").status_code == 404


def test_a_candidate_drafts_only_their_own_self_nomination(client, cast):
    client.force_login(cast.org_head)
    response = client.post(
        f"{BASE}/statusapplication/create/",
        {"person": cast.mentor.person.pk, "kind": "mentor", "nominated_by": "department"},
    )
    assert response.status_code == 200  # refused: another person, another nominator
    response = client.post(
        f"{BASE}/statusapplication/create/",
        {"person": cast.org_head.person.pk, "kind": "mentor", "nominated_by": "self"},
    )
    assert response.status_code == 302
    assert StatusApplication.objects.get().created_by == cast.org_head


def test_the_registrar_records_and_withdraws_a_consent_and_cannot_edit_it_afterwards(
    clock, client, cast, make_user
):
    client.force_login(cast.registrar)
    response = client.post(
        f"{BASE}/publicationconsent/create/",
        {
            "person": cast.mentor.person.pk,
            "given_on": "01.11.2026",
            "scan": png_scan(),
            "show_position": "on",
        },
    )
    assert response.status_code == 302
    consent = PublicationConsent.objects.get()
    assert consent.show_position and not consent.show_number
    edit = f"{BASE}/publicationconsent/edit/{consent.pk}/"
    response = client.post(
        edit,
        {
            "person": cast.mentor.person.pk,
            "given_on": "01.11.2026",
            "show_position": "on",
            "withdrawn_on": "10.11.2026",
        },
    )
    assert response.status_code == 302
    assert client.get(edit).status_code in (302, 403)
    assert make_user(Role.CURATOR).has_perm("workflows.view_publicationconsent") is False


def test_nobody_creates_a_certificate_by_hand(client, cast):
    client.force_login(cast.registrar)
    assert client.get(f"{BASE}/certificate/create/").status_code in (302, 403)
    assert not Certificate.objects.filter(state=CertificateState.ACTIVE).exists()
