"""Issue 13, points 12 and 6: statuses as the regulation grants them, and terms they cover.

12: a «Тьютор» status lasts while the training certificate (удостоверение, three years) it was
granted on is valid, a «Ментор» certificate three years from issue; who may nominate differs
by status (2.1). 6: a менторство or тьюторство may not run past the status it relies on;
suspending or revoking the status flags every running mentorship relying on it and tells the
curator and the head.
"""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from tests.factories import CertificateFactory, MentorshipFactory
from workflows.choices import CertificateKind, MentoringKind, MentorshipState, Nominator
from workflows.models import Certificate
from workflows.selectors import mentorships_relying_on_lapsed_status
from workflows.services import (
    mentorship_create,
    perform_transition,
    status_application_create,
    status_application_enrol,
    status_application_grant,
    status_application_record_training,
)
from workflows.tasks import document_warnings

pytestmark = pytest.mark.django_db

D = datetime.date


# -- 12. how long a status lasts ------------------------------------------------------------------


def granted(cast, kind, *, trained_on, nominated_by, nominator):
    person = cast.mentor.person
    person.management_experience_since = D(2010, 9, 1)
    person.methodological_experience_since = D(2010, 9, 1)
    person.save()
    application = status_application_create(
        user=nominator, person=person, kind=kind, nominated_by=nominated_by, direction="ИКТ"
    )
    perform_transition(document=application, name="submit", user=nominator)
    perform_transition(document=application, name="recommend", user=cast.department)
    status_application_enrol(application=application, user=cast.registrar, enrolled_on=trained_on)
    status_application_record_training(
        application=application,
        user=cast.registrar,
        training_certificate_number="422400012345",
        training_certificate_date=trained_on,
        training_provider="kripkipro",
    )
    status_application_grant(
        application=application,
        user=cast.registrar,
        ministry_order_number="2150",
        ministry_order_date=D(2026, 11, 20),
        certificate_number="42-Т-7777",
    )
    return Certificate.objects.get(number="42-Т-7777")


@pytest.mark.parametrize(
    ("day", "valid"), [(D(2027, 6, 9), True), (D(2027, 6, 10), True), (D(2027, 6, 11), False)]
)
def test_a_tutor_status_lasts_while_its_training_certificate_does(cast, day, valid):
    certificate = granted(
        cast,
        CertificateKind.TUTOR,
        trained_on=D(2024, 6, 10),
        nominated_by=Nominator.METHODOLOGICAL_SERVICE,
        nominator=cast.center,
    )
    assert certificate.issued_on == D(2026, 11, 20)
    assert certificate.valid_until == D(2027, 6, 10)
    assert certificate.is_valid_on(day) is valid
    assert Certificate.objects.valid_on(day).filter(pk=certificate.pk).exists() is valid


@pytest.mark.parametrize(
    ("day", "valid"), [(D(2029, 11, 19), True), (D(2029, 11, 20), True), (D(2029, 11, 21), False)]
)
def test_a_mentor_status_lasts_three_years_from_issue(cast, day, valid):
    certificate = granted(
        cast,
        CertificateKind.MENTOR,
        trained_on=D(2024, 6, 10),
        nominated_by=Nominator.DEPARTMENT,
        nominator=cast.department,
    )
    assert certificate.valid_until == D(2029, 11, 20)
    assert certificate.is_valid_on(day) is valid


# -- 12. who nominates -----------------------------------------------------------------------------

N = Nominator
ALLOWED = [
    (CertificateKind.MENTOR, N.DEPARTMENT, "department"),
    (CertificateKind.MENTOR, N.METHODOLOGICAL_SERVICE, "center"),
    (CertificateKind.MENTOR, N.REGIONAL_ASSOCIATION, "registrar"),
    (CertificateKind.MENTOR, N.SELF, "mentor"),
    (CertificateKind.TUTOR, N.TRAINING_INSTITUTE, "registrar"),
    (CertificateKind.TUTOR, N.METHODOLOGICAL_SERVICE, "center"),
    (CertificateKind.TUTOR, N.METHODOLOGICAL_ASSOCIATION, "center"),
    (CertificateKind.TUTOR, N.EDUCATIONAL_ORGANISATION, "org_head"),
    (CertificateKind.TUTOR, N.EDUCATIONAL_ORGANISATION, "curator"),
]
REFUSED_BODIES = [
    (CertificateKind.TUTOR, N.DEPARTMENT, "department"),
    (CertificateKind.TUTOR, N.REGIONAL_ASSOCIATION, "registrar"),
    (CertificateKind.TUTOR, N.SELF, "mentor"),
    (CertificateKind.MENTOR, N.EDUCATIONAL_ORGANISATION, "org_head"),
    (CertificateKind.MENTOR, N.TRAINING_INSTITUTE, "registrar"),
    (CertificateKind.MENTOR, N.METHODOLOGICAL_ASSOCIATION, "center"),
]
NOT_THEIR_BODY = [
    (CertificateKind.TUTOR, N.EDUCATIONAL_ORGANISATION, "other_org_head"),
    (CertificateKind.TUTOR, N.EDUCATIONAL_ORGANISATION, "department"),
    (CertificateKind.MENTOR, N.DEPARTMENT, "center"),
    (CertificateKind.TUTOR, N.TRAINING_INSTITUTE, "department"),
]


def nominate(cast, kind, nominated_by, role):
    return status_application_create(
        user=getattr(cast, role),
        person=cast.mentor.person,
        kind=kind,
        nominated_by=nominated_by,
        direction="ИКТ",
    )


@pytest.mark.parametrize(("kind", "nominated_by", "role"), ALLOWED)
def test_each_status_is_nominated_by_its_own_bodies(cast, kind, nominated_by, role):
    assert nominate(cast, kind, nominated_by, role).nominated_by == nominated_by


@pytest.mark.parametrize(("kind", "nominated_by", "role"), REFUSED_BODIES)
def test_a_body_that_does_not_nominate_for_a_status_is_refused(cast, kind, nominated_by, role):
    with pytest.raises(
        ValidationError, match=r"кандидата выдвигают:.*не предусмотрен \(п\. 2\.1\)"
    ):
        nominate(cast, kind, nominated_by, role)


@pytest.mark.parametrize(("kind", "nominated_by", "role"), NOT_THEIR_BODY)
def test_no_one_nominates_on_behalf_of_a_body_they_do_not_act_for(cast, kind, nominated_by, role):
    with pytest.raises(PermissionDenied):
        nominate(cast, kind, nominated_by, role)


def test_a_school_nominates_a_tutor_through_the_admin_and_the_department_cannot(client, cast):
    form = {
        "person": cast.mentor.person.pk,
        "kind": "tutor",
        "nominated_by": "educational_organisation",
        "direction": "ИКТ",
        "justification": "",
    }
    client.force_login(cast.org_head)
    assert client.post("/admin/workflows/statusapplication/create/", form).status_code == 302
    client.force_login(cast.department)
    response = client.post(
        "/admin/workflows/statusapplication/create/", {**form, "nominated_by": "department"}
    )
    assert "На статус «Тьютор» кандидата выдвигают" in response.content.decode()


# -- 6. the status covers the whole term ----------------------------------------------------------


@pytest.fixture
def mentor_status(cast):
    """The school's «mentor»: five years and more of management, status valid to 15.01.2028."""
    person = cast.mentor.person
    person.management_experience_since = D(2010, 9, 1)
    person.save()
    cast.mentee.person.in_management_reserve = True
    cast.mentee.person.save()
    return CertificateFactory(person=person, kind=CertificateKind.MENTOR, issued_on=D(2025, 1, 15))


@pytest.mark.parametrize(
    ("ends_on", "ok"), [(D(2028, 1, 14), True), (D(2028, 1, 15), True), (D(2028, 1, 16), False)]
)
def test_a_term_may_not_run_past_the_status_it_relies_on(cast, mentor_status, ends_on, ok):
    fields = {
        "organisation": cast.school,
        "kind": MentoringKind.MANAGEMENT,
        "mentor": cast.mentor.person,
        "mentee": cast.mentee.person,
        "starts_on": D(2027, 1, 11),
        "ends_on": ends_on,
    }
    if not ok:
        with pytest.raises(ValidationError, match=r"действителен до 15\.01\.2028.*\(п\. 2\.1\)"):
            mentorship_create(user=cast.curator, **fields)
        return
    assert mentorship_create(user=cast.curator, **fields).pk


@pytest.fixture
def relying(cast, mentor_status):
    return MentorshipFactory(
        organisation=cast.school,
        kind=MentoringKind.MANAGEMENT,
        mentor=cast.mentor.person,
        mentee=cast.mentee.person,
        state=MentorshipState.ACTIVE,
        ends_on=D(2027, 12, 1),
    )


@pytest.mark.parametrize("name", ["suspend", "revoke"])
def test_suspending_or_revoking_flags_the_mentorships_relying_on_it_and_tells_the_school(
    client, cast, relying, mentor_status, name, django_capture_on_commit_callbacks
):
    cast.curator.email, cast.org_head.email = "curator@school.test", "head@school.test"
    cast.curator.save()
    cast.org_head.save()
    not_relying = MentorshipFactory(organisation=cast.school, state=MentorshipState.ACTIVE)
    assert not mentorships_relying_on_lapsed_status().exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(
            document=mentor_status, name=name, user=cast.registrar, comment="Нарушение"
        )
    assert list(mentorships_relying_on_lapsed_status()) == [relying]
    assert document_warnings(not_relying, timezone.localdate()) == []
    flagged = {m.to[0] for m in mail.outbox if "Статус наставника больше не действует" in m.subject}
    assert flagged == {"curator@school.test", "head@school.test"}
    client.force_login(cast.curator)
    page = client.get(f"/admin/workflows/mentorship/inspect/{relying.pk}/").content.decode()
    assert "data-document-warning" in page and "больше не действует" in page


@pytest.mark.parametrize(
    ("day", "flagged"), [(D(2028, 1, 14), False), (D(2028, 1, 15), False), (D(2028, 1, 16), True)]
)
def test_an_expired_status_flags_them_by_date_alone(cast, relying, day, flagged):
    assert mentorships_relying_on_lapsed_status(on=day).exists() is flagged
    assert any("больше не действует" in text for text in document_warnings(relying, day)) is flagged
