"""Who each creating or changing service lets act: every role, of the document's organisation
and of another one, and users with no role at all. The service refuses by itself, whatever a
form offered; a date in the future is refused by the service too."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import pytest

from tests.factories import PublicationConsentFactory, png_scan
from tests.workflows.conftest import approve_plan
from workflows.choices import CertificateKind, MentoringKind, Nominator, Role
from workflows.models import Mentorship, Order, PublicationConsent
from workflows.services import (
    case_document_check_edit,
    consent_change,
    consent_give,
    consent_withdraw,
    mentorship_change,
    mentorship_create,
    order_check_draft,
    organisation_check_edit,
    person_check_edit,
    plan_item_mark_done,
    replacement_request_create,
    status_application_create,
)

# The clock first, so that every document of a scenario is dated inside it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TODAY = datetime.date(2026, 11, 25)  # the scenario day of the ``clock`` fixture
TOMORROW = TODAY + datetime.timedelta(days=1)
SCHOOL_ROLES = (Role.CURATOR, Role.ORG_HEAD, Role.MENTOR, Role.MENTEE)
MUNICIPAL_AND_PAGE_ROLES = (Role.CENTER, Role.DEPARTMENT, Role.REGISTRAR, Role.EDITOR)


class Undo(Exception):
    """Raised after an allowed call, so that the next user finds the data as it was."""


@pytest.fixture
def everyone(cast, make_user):
    """One user of each role by name: the school's staff (``curator``…), the other school's
    (``other_curator``…), the municipal bodies, page roles, a user of the school with no role,
    the anonymous visitor and a superuser."""
    users = {role.value: getattr(cast, role.value) for role in SCHOOL_ROLES}
    users |= {f"other_{role.value}": getattr(cast, f"other_{role.value}") for role in SCHOOL_ROLES}
    users |= {role.value: getattr(cast, role.value) for role in MUNICIPAL_AND_PAGE_ROLES}
    users[Role.MODERATOR.value] = cast.moderator
    users["no_role"] = make_user(organisation=cast.school)
    users["anonymous"] = AnonymousUser()
    users["superuser"] = make_user(person=False, is_superuser=True)
    return users


def allowed(everyone, call) -> set[str]:
    """The names of the users whom ``call(user)`` lets act; every other one must be refused
    with ``PermissionDenied`` (any other error fails the test)."""
    let_through = set()
    for name, user in everyone.items():
        try:
            with transaction.atomic():
                call(user)
                raise Undo
        except Undo:
            let_through.add(name)
        except PermissionDenied:
            pass
    return let_through


def draft_fields(cast, **fields):
    return {
        "organisation": cast.school,
        "kind": MentoringKind.TRADITIONAL,
        "mentor": cast.mentor.person,
        "mentee": cast.mentee.person,
        "starts_on": datetime.date(2026, 12, 1),
        "ends_on": datetime.date(2027, 12, 1),
        **fields,
    }


def test_only_the_schools_curator_and_head_draft_a_mentorship(everyone, cast):
    def draft(user):
        mentorship_create(user=user, **draft_fields(cast))

    assert allowed(everyone, draft) == {"curator", "org_head", "superuser"}


def test_only_the_schools_curator_and_head_change_a_draft(everyone, cast, draft_mentorship):
    def change(user):
        mentorship = type(draft_mentorship).objects.get(pk=draft_mentorship.pk)
        mentorship_change(mentorship=mentorship, user=user, goal="Освоить ФГОС")

    assert allowed(everyone, change) == {"curator", "org_head", "superuser"}


def test_a_draft_cannot_be_moved_to_an_organisation_the_user_does_not_act_for(
    cast, draft_mentorship
):
    with pytest.raises(PermissionDenied):
        mentorship_change(
            mentorship=draft_mentorship, user=cast.curator, organisation=cast.other_school
        )


def test_an_order_is_drafted_by_the_issuers_curator_and_head_and_the_municipal_drafters(
    everyone, cast
):
    def draft(user):
        order_check_draft(order=Order(issuer=cast.school), user=user)

    assert allowed(everyone, draft) == {
        "curator",
        "org_head",
        "department",
        "registrar",
        "superuser",
    }


def test_only_the_nominating_body_nominates_in_its_name(everyone, cast):
    def nominate(user):
        status_application_create(
            user=user,
            person=cast.mentor.person,
            kind=CertificateKind.MENTOR,
            nominated_by=Nominator.DEPARTMENT,
        )

    # Clause 2.1 as issue 13 reads it: each body nominates in its own name only.
    assert allowed(everyone, nominate) == {"department", "superuser"}


def test_the_schools_staff_nominate_themselves(everyone):
    def nominate_oneself(user):
        status_application_create(
            user=user,
            person=getattr(user, "person", None),
            kind=CertificateKind.MENTOR,
            nominated_by=Nominator.SELF,
        )

    # The superuser has no person to nominate.
    people = {name: user for name, user in everyone.items() if name != "superuser"}
    assert allowed(people, nominate_oneself) == {
        "curator",
        "org_head",
        "mentor",
        "other_curator",
        "other_org_head",
        "other_mentor",
        "center",
        "department",
        "registrar",
    }


def test_only_the_registrar_records_a_consent_to_publication(everyone, cast):
    def give(user):
        consent_give(
            user=user,
            person=cast.mentor.person,
            given_on=TODAY,
            scan=png_scan(),
            show_position=True,
        )

    assert allowed(everyone, give) == {"registrar", "superuser"}


@pytest.fixture
def consent(cast):
    return PublicationConsentFactory(person=cast.mentor.person, given_on=datetime.date(2026, 1, 10))


def test_only_the_registrar_corrects_a_consent(everyone, consent):
    def correct(user):
        stored = PublicationConsent.objects.get(pk=consent.pk)
        consent_change(consent=stored, user=user, show_number=False)

    assert allowed(everyone, correct) == {"registrar", "superuser"}


def test_only_the_registrar_withdraws_a_consent(everyone, consent):
    def withdraw(user):
        consent_withdraw(consent=PublicationConsent.objects.get(pk=consent.pk), user=user)

    assert allowed(everyone, withdraw) == {"registrar", "superuser"}


def test_only_the_mentee_asks_to_replace_the_mentor(everyone, active_mentorship):
    def ask(user):
        replacement_request_create(
            user=user, mentorship=active_mentorship, reason="Наставник в длительном отпуске"
        )

    assert allowed(everyone, ask) == {"mentee"}


def test_only_the_mentor_marks_an_activity_done(everyone, cast, active_mentorship):
    plan = approve_plan(active_mentorship.plan, cast)
    item = plan.items.first()

    def mark(user):
        plan_item_mark_done(item=item, user=user, note="Проведено")

    assert allowed(everyone, mark) == {"mentor"}


def test_the_schools_staff_records_are_kept_by_its_curator_head_and_the_municipal_keepers(
    everyone, cast
):
    def edit(user):
        person_check_edit(person=cast.mentee.person, user=user)

    assert allowed(everyone, edit) == {
        "curator",
        "org_head",
        "department",
        "registrar",
        "superuser",
    }


def test_only_the_department_keeps_the_organisations(everyone):
    def edit(user):
        organisation_check_edit(user=user)

    assert allowed(everyone, edit) == {"department", "superuser"}


@pytest.mark.parametrize(
    ("document", "authors"),
    [
        ("plan", {"mentor", "curator", "superuser"}),
        ("report", {"mentor", "superuser"}),
        ("questionnaire", {"mentee", "superuser"}),
    ],
)
def test_only_its_authors_fill_in_a_document_of_the_case(
    everyone, active_mentorship, document, authors
):
    def edit(user):
        case_document_check_edit(document=getattr(active_mentorship, document), user=user)

    assert allowed(everyone, edit) == authors


@pytest.mark.parametrize(
    "act",
    [
        pytest.param(
            lambda cast, consent: consent_withdraw(
                consent=consent, user=cast.registrar, on=TOMORROW
            ),
            id="withdrawn tomorrow",
        ),
        pytest.param(
            lambda cast, consent: consent_change(
                consent=consent, user=cast.registrar, given_on=TOMORROW
            ),
            id="corrected to be given tomorrow",
        ),
        pytest.param(
            lambda cast, consent: consent_give(
                user=cast.registrar, person=cast.mentee.person, given_on=TOMORROW
            ),
            id="given tomorrow",
        ),
    ],
)
def test_a_date_in_the_future_is_refused_by_the_service(cast, consent, act):
    with pytest.raises(ValidationError, match="Дата не может быть в будущем"):
        act(cast, consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert consent.given_on == datetime.date(2026, 1, 10)
    assert not PublicationConsent.objects.filter(person=cast.mentee.person).exists()


def test_today_is_not_in_the_future(cast, consent):
    assert consent_withdraw(consent=consent, user=cast.registrar, on=TODAY).withdrawn_on == TODAY


# -- the admin saves through the services -----------------------------------------------------


def test_the_consent_admin_withdraws_through_the_service(client, cast, consent):
    client.force_login(cast.registrar)
    edit = f"/admin/workflows/publicationconsent/edit/{consent.pk}/"
    fields = {"person": consent.person_id, "given_on": "10.01.2026"}
    refused = client.post(edit, {**fields, "withdrawn_on": "26.11.2026"})
    assert refused.status_code == 200
    assert "Дата не может быть в будущем" in refused.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

    assert client.post(edit, {**fields, "withdrawn_on": "25.11.2026"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent.history.first().history_change_reason == "Отозвана"


def test_a_mentorship_drafted_in_the_admin_goes_through_the_service(client, cast):
    client.force_login(cast.curator)
    response = client.post(
        "/admin/workflows/mentorship/create/",
        {
            "organisation": cast.school.pk,
            "kind": MentoringKind.TRADITIONAL,
            "mentor": cast.mentor.person.pk,
            "mentee": cast.mentee.person.pk,
            "starts_on": "01.12.2026",
            "ends_on": "01.12.2027",
            "goal": "Адаптация",
            "mentee_basis": "young_specialist",
        },
    )
    assert response.status_code == 302
    drafted = Mentorship.objects.get()
    assert drafted.created_by == cast.curator
    assert drafted.history.first().history_change_reason == "Создан черновик"
