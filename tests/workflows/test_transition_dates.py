"""A date that a transition takes is refused by its service when it has not come yet.

"Today" is the scenario's day (the ``clock`` fixture): 25.11.2026; tomorrow is 26.11.2026.
"""

import datetime

from django.core.exceptions import PermissionDenied

import pytest

from tests.factories import CertificateFactory, png_scan
from tests.workflows.test_statuses import application_in
from workflows.choices import CertificateKind, CertificateState, MentorshipState
from workflows.choices import StatusApplicationState as A
from workflows.exceptions import TransitionRefused
from workflows.models import Certificate
from workflows.services import (
    certificate_requalify,
    mentorship_consent_as_mentee,
    mentorship_consent_as_mentor,
    perform_transition,
    status_application_enrol,
    status_application_grant,
    status_application_record_training,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TODAY = datetime.date(2026, 11, 25)
TOMORROW = TODAY + datetime.timedelta(days=1)
REFUSAL = "Дата не может быть в будущем."


@pytest.fixture
def awaiting_consent(cast, draft_mentorship):
    return perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)


@pytest.fixture
def candidate(cast):
    person = cast.org_head.person
    person.management_experience_since = datetime.date(2012, 9, 1)
    person.methodological_experience_since = datetime.date(2012, 9, 1)
    person.save()
    return person


def test_the_mentor_cannot_consent_tomorrow(cast, awaiting_consent):
    versions = awaiting_consent.history.count()
    with pytest.raises(TransitionRefused, match=REFUSAL) as refused:
        mentorship_consent_as_mentor(
            mentorship=awaiting_consent, user=cast.mentor, consented_on=TOMORROW, scan=png_scan()
        )
    assert refused.value.message_dict == {"consented_on": [REFUSAL]}
    awaiting_consent.refresh_from_db()
    assert awaiting_consent.mentor_consented_on is None
    assert awaiting_consent.history.count() == versions

    mentorship_consent_as_mentor(
        mentorship=awaiting_consent, user=cast.mentor, consented_on=TODAY, scan=png_scan()
    )
    awaiting_consent.refresh_from_db()
    assert awaiting_consent.mentor_consented_on == TODAY


def test_the_mentee_cannot_consent_tomorrow(cast, awaiting_consent):
    with pytest.raises(TransitionRefused, match=REFUSAL):
        mentorship_consent_as_mentee(
            mentorship=awaiting_consent, user=cast.mentee, consented_on=TOMORROW
        )
    awaiting_consent.refresh_from_db()
    assert awaiting_consent.mentee_consented_on is None
    assert awaiting_consent.state == MentorshipState.AWAITING_CONSENT


def test_someone_who_may_not_act_is_refused_as_such_whatever_date_they_send(cast, awaiting_consent):
    with pytest.raises(PermissionDenied):
        mentorship_consent_as_mentee(
            mentorship=awaiting_consent, user=cast.other_mentee, consented_on=TOMORROW
        )
    awaiting_consent.refresh_from_db()
    assert awaiting_consent.mentee_consented_on is None


def test_the_admin_shows_the_services_refusal_beside_the_date(client, cast, awaiting_consent):
    client.force_login(cast.mentee)
    url = f"/admin/workflows/mentorship/transition/{awaiting_consent.pk}/consent_as_mentee/"
    response = client.post(url, {"consented_on": TOMORROW.strftime("%d.%m.%Y")})
    assert response.status_code == 200
    assert response.context["form"].errors == {"consented_on": [REFUSAL]}
    awaiting_consent.refresh_from_db()
    assert awaiting_consent.mentee_consented_on is None


def test_enrolment_training_and_grant_cannot_be_dated_tomorrow(cast, candidate):
    recommended = application_in(A.RECOMMENDED, cast, candidate)
    with pytest.raises(TransitionRefused, match=REFUSAL):
        status_application_enrol(application=recommended, user=cast.registrar, enrolled_on=TOMORROW)
    recommended.refresh_from_db()
    assert (recommended.state, recommended.enrolled_on) == (A.RECOMMENDED, None)

    in_training = status_application_enrol(
        application=recommended, user=cast.registrar, enrolled_on=TODAY
    )
    with pytest.raises(TransitionRefused, match=REFUSAL):
        status_application_record_training(
            application=in_training,
            user=cast.registrar,
            training_certificate_number="422400012345",
            training_certificate_date=TOMORROW,
            training_provider="kripkipro",
        )
    in_training.refresh_from_db()
    assert in_training.state == A.IN_TRAINING

    trained = status_application_record_training(
        application=in_training,
        user=cast.registrar,
        training_certificate_number="422400012345",
        training_certificate_date=TODAY,
        training_provider="kripkipro",
    )
    with pytest.raises(TransitionRefused, match=REFUSAL):
        status_application_grant(
            application=trained,
            user=cast.registrar,
            ministry_order_number="2150",
            ministry_order_date=TOMORROW,
            certificate_number="42-М-55555",
        )
    trained.refresh_from_db()
    assert trained.state == A.TRAINED
    assert not Certificate.objects.filter(number="42-М-55555").exists()


def test_requalification_cannot_be_dated_tomorrow(cast):
    certificate = CertificateFactory(
        person=cast.mentor.person, kind=CertificateKind.TUTOR, direction="ИКТ"
    )
    certificate = perform_transition(
        document=certificate, name="suspend", user=cast.registrar, comment="по заявлению"
    )
    with pytest.raises(TransitionRefused, match=REFUSAL):
        certificate_requalify(
            certificate=certificate,
            user=cast.registrar,
            direction="Инклюзивное образование",
            requalified_on=TOMORROW,
        )
    certificate.refresh_from_db()
    assert (certificate.state, certificate.direction) == (CertificateState.SUSPENDED, "ИКТ")
