import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest
from django_fsm_log.models import StateLog

from tests.factories import CertificateFactory, StatusApplicationFactory
from workflows.choices import CertificateKind, CertificateState, Nominator, StatusApplicationState
from workflows.exceptions import DocumentLocked, TransitionRefused
from workflows.models import Certificate, StatusApplication
from workflows.models.applications import UNDER_CONSIDERATION
from workflows.services import (
    certificate_requalify,
    perform_transition,
    status_application_grant,
    take_transition,
)

pytestmark = pytest.mark.django_db

A = StatusApplicationState
USERS = [
    "curator", "org_head", "mentor", "mentee", "other_curator", "other_org_head",
    "other_mentor", "other_mentee", "center", "department", "registrar", "editor", "moderator",
]  # fmt: skip
_numbers = itertools.count(1)


def params_for(name: str) -> dict:
    """What the registrar's forms supply for each transition that takes parameters."""
    today = timezone.localdate()
    return {
        "enrol": {"enrolled_on": today},
        "record_training": {
            "training_certificate_number": "422400012345",
            "training_certificate_date": today,
            "training_provider": "kripkipro",
        },
        "grant": {
            "ministry_order_number": "1234",
            "ministry_order_date": today,
            "certificate_number": f"42-М-{next(_numbers):05d}",
        },
        "requalify": {"direction": "Инклюзивное образование", "requalified_on": today},
    }.get(name, {})


def move(document, path, user_of):
    """Take ``path`` (transition names) with the users who may, as the real roles would."""
    for name in path:
        document = take_transition(
            document=document, name=name, user=user_of(name), comment="ok", values=params_for(name)
        )
    return document


@pytest.fixture
def candidate(cast):
    """The head of the cast's school: a manager with ten years of management experience."""
    person = cast.org_head.person
    person.management_experience_since = datetime.date(2012, 9, 1)
    person.methodological_experience_since = datetime.date(2012, 9, 1)
    person.save()
    return person


def application_in(state, cast, candidate, **fields):
    """A mentor application of the cast's school head, moved to ``state`` the normal way."""
    application = StatusApplicationFactory(person=candidate, **fields)
    paths = {
        A.DRAFT: [],
        A.SUBMITTED: ["submit"],
        A.RECOMMENDED: ["submit", "recommend"],
        A.IN_TRAINING: ["submit", "recommend", "enrol"],
        A.TRAINED: ["submit", "recommend", "enrol", "record_training"],
    }
    nominators = {
        Nominator.DEPARTMENT: cast.department,
        Nominator.METHODOLOGICAL_SERVICE: cast.center,
        Nominator.REGIONAL_ASSOCIATION: cast.registrar,
        Nominator.SELF: cast.org_head,
    }
    actors = {"submit": nominators[application.nominated_by], "recommend": cast.department}
    return move(application, paths[state], lambda name: actors.get(name, cast.registrar))


def withdraw_if_open(application, cast):
    """The candidate withdraws, so that the next attempt is not a second open application."""
    application.refresh_from_db()
    if application.state in UNDER_CONSIDERATION:
        perform_transition(document=application, name="withdraw", user=cast.org_head, comment="-")


def counts(document):
    log = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).count()
    return log, document.history.count()


APPLICATION_MATRIX = [
    # transition, from state, extra fields, who may take it
    ("submit", A.DRAFT, {}, {"department"}),
    ("submit", A.DRAFT, {"nominated_by": Nominator.METHODOLOGICAL_SERVICE}, {"center"}),
    ("submit", A.DRAFT, {"nominated_by": Nominator.REGIONAL_ASSOCIATION}, {"registrar"}),
    ("submit", A.DRAFT, {"nominated_by": Nominator.SELF}, {"org_head"}),
    ("recommend", A.SUBMITTED, {}, {"department"}),
    ("reject", A.SUBMITTED, {}, {"department"}),
    ("enrol", A.RECOMMENDED, {}, {"registrar"}),
    ("record_training", A.IN_TRAINING, {}, {"registrar"}),
    ("grant", A.TRAINED, {}, {"registrar"}),
    ("withdraw", A.SUBMITTED, {}, {"department", "org_head"}),
    ("withdraw", A.TRAINED, {"nominated_by": Nominator.SELF}, {"org_head"}),
]


@pytest.mark.parametrize(("name", "state", "fields", "allowed"), APPLICATION_MATRIX)
def test_application_transitions_by_role_and_organisation(
    cast, candidate, name, state, fields, allowed
):
    for username in USERS:
        user = getattr(cast, username)
        application = application_in(state, cast, candidate, **fields)
        before = counts(application)
        if username in allowed:
            moved = take_transition(
                document=application,
                name=name,
                user=user,
                comment="причина",
                values=params_for(name),
            )
            assert moved.state != state, username
            assert counts(moved) == (before[0] + 1, before[1] + 1), username
        else:
            with pytest.raises(PermissionDenied):
                take_transition(
                    document=application,
                    name=name,
                    user=user,
                    comment="причина",
                    values=params_for(name),
                )
            application.refresh_from_db()
            assert application.state == state, username
            assert counts(application) == before, username
        withdraw_if_open(application, cast)


CERTIFICATE_MATRIX = [
    ("suspend", CertificateState.ACTIVE, CertificateKind.TUTOR, {"registrar", "mentor"}),
    ("suspend", CertificateState.ACTIVE, CertificateKind.MENTOR, {"registrar"}),
    ("resume", CertificateState.SUSPENDED, CertificateKind.MENTOR, {"registrar"}),
    ("requalify", CertificateState.SUSPENDED, CertificateKind.TUTOR, {"registrar"}),
    ("revoke", CertificateState.ACTIVE, CertificateKind.TUTOR, {"registrar"}),
    ("revoke", CertificateState.SUSPENDED, CertificateKind.MENTOR, {"registrar"}),
]


@pytest.mark.parametrize(("name", "state", "kind", "allowed"), CERTIFICATE_MATRIX)
def test_certificate_transitions_by_role_and_organisation(cast, name, state, kind, allowed):
    """The certificate belongs to the school's mentor; a tutor may suspend their own."""
    for username in USERS:
        certificate = CertificateFactory(person=cast.mentor.person, kind=kind, direction="ИКТ")
        if state == CertificateState.SUSPENDED:
            certificate = perform_transition(
                document=certificate, name="suspend", user=cast.registrar, comment="по заявлению"
            )
        before = counts(certificate)
        user = getattr(cast, username)
        call = {"document": certificate, "name": name, "user": user, "comment": "причина"}
        if username in allowed:
            moved = take_transition(**call, values=params_for(name))
            assert moved.state != state, username
            assert counts(moved) == (before[0] + 1, before[1] + 1), username
        else:
            with pytest.raises(PermissionDenied):
                take_transition(**call, values=params_for(name))
            certificate.refresh_from_db()
            assert certificate.state == state, username
            assert counts(certificate) == before, username


def test_the_whole_way_to_a_certificate_valid_three_years_from_the_order(cast, candidate):
    application = application_in(A.TRAINED, cast, candidate)
    assert application.training_provider == "kripkipro"
    granted = status_application_grant(
        application=application,
        user=cast.registrar,
        ministry_order_number="1234",
        ministry_order_date=datetime.date(2026, 11, 20),
        certificate_number="42-М-77777",
    )
    assert granted.state == A.GRANTED
    certificate = Certificate.objects.get(application=granted)
    assert (certificate.person, certificate.kind) == (candidate, CertificateKind.MENTOR)
    assert certificate.issued_on == datetime.date(2026, 11, 20)
    assert certificate.valid_until == datetime.date(2029, 11, 20)
    assert certificate.order == "№ 1234 от 20.11.2026"
    assert certificate.state == CertificateState.ACTIVE
    assert certificate.history.count() == 1


def test_a_taken_certificate_number_refuses_the_grant_and_saves_nothing(cast, candidate):
    CertificateFactory(number="42-М-00001")
    application = application_in(A.TRAINED, cast, candidate)
    with pytest.raises(TransitionRefused, match="42-М-00001"):
        status_application_grant(
            application=application,
            user=cast.registrar,
            ministry_order_number="1",
            ministry_order_date=datetime.date(2026, 11, 20),
            certificate_number="42-М-00001",
        )
    application.refresh_from_db()
    assert application.state == A.TRAINED
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "fields", "experience", "message"),
    [
        (CertificateKind.MENTOR, {}, "management", "стаж управленческой работы не менее 5 лет"),
        (
            CertificateKind.TUTOR,
            {"direction": "ИКТ"},
            "methodological",
            "стаж методической работы не менее 5 лет",
        ),
        (CertificateKind.TUTOR, {"direction": "  "}, None, "направление или проблему"),
        (
            CertificateKind.TUTOR,
            {"direction": "ИКТ", "nominated_by": Nominator.SELF},
            None,
            "вариант «Самовыдвижение» не предусмотрен (п. 2.1)",
        ),
    ],
)
def test_eligibility_is_checked_at_submission_in_russian(
    cast, candidate, kind, fields, experience, message
):
    if experience:
        setattr(
            candidate,
            f"{experience}_experience_since",
            timezone.localdate() - datetime.timedelta(days=4 * 365),
        )
        candidate.save()
    application = StatusApplicationFactory(person=candidate, kind=kind, **fields)
    user = cast.org_head if fields.get("nominated_by") == Nominator.SELF else cast.department
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(document=application, name="submit", user=user)
    assert any(message in text for text in refused.value.messages), refused.value.messages
    application.refresh_from_db()
    assert application.state == A.DRAFT


def test_a_second_application_for_the_same_status_waits_for_the_first(cast, candidate):
    application_in(A.SUBMITTED, cast, candidate)
    second = StatusApplicationFactory(person=candidate)
    with pytest.raises(TransitionRefused, match="уже есть заявка"):
        perform_transition(document=second, name="submit", user=cast.department)


def test_rejecting_and_withdrawing_need_a_reason(cast, candidate):
    application = application_in(A.SUBMITTED, cast, candidate)
    for name in ("reject", "withdraw"):
        with pytest.raises(TransitionRefused, match="комментарий"):
            perform_transition(document=application, name=name, user=cast.department)


def test_past_the_draft_an_application_is_changed_only_by_transitions(cast, candidate):
    application = application_in(A.SUBMITTED, cast, candidate)
    application.justification = "Другое обоснование"
    with pytest.raises(DocumentLocked):
        application.save()
    assert StatusApplication.objects.get(pk=application.pk).justification == ""


def test_a_tutor_resumes_only_through_requalification_on_a_new_direction(cast):
    certificate = CertificateFactory(
        person=cast.mentor.person, kind=CertificateKind.TUTOR, direction="ИКТ"
    )
    certificate = perform_transition(
        document=certificate, name="suspend", user=cast.mentor, comment="ухожу в декрет"
    )
    with pytest.raises(TransitionRefused, match="переподготовки"):
        perform_transition(document=certificate, name="resume", user=cast.registrar)
    resumed = certificate_requalify(
        certificate=certificate,
        user=cast.registrar,
        direction="Функциональная грамотность",
        requalified_on=datetime.date(2026, 10, 1),
    )
    assert resumed.state == CertificateState.ACTIVE
    assert resumed.direction == "Функциональная грамотность"
    assert resumed.search_direction == "функциональная грамотность"
    assert resumed.valid_until == certificate.valid_until
