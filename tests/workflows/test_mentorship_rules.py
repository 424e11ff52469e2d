"""The rules table at its boundaries, on creation and again at activation."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests.factories import (
    YOUNG_SINCE,
    CertificateFactory,
    OrderFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.workflows.conftest import consent_both
from workflows.choices import CertificateKind, MentoringKind, MentorshipState, OrderState
from workflows.exceptions import TransitionRefused
from workflows.services import (
    mentorship_create,
    order_sign,
    perform_transition,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 12, 1)


def draft(cast, **fields):
    values = {
        "organisation": cast.school,
        "kind": MentoringKind.TRADITIONAL,
        "mentor": cast.mentor.person,
        "mentee": cast.mentee.person,
        "starts_on": START,
        "ends_on": datetime.date(2027, 12, 1),
    }
    return mentorship_create(user=cast.curator, **{**values, **fields})


@pytest.mark.parametrize(
    ("ends_on", "ok"),
    [
        (datetime.date(2027, 5, 31), True),  # exactly six months, both days included
        (datetime.date(2027, 5, 30), False),  # a day less
        (datetime.date(2029, 11, 30), True),  # exactly three years
        (datetime.date(2029, 12, 1), False),  # a day more
    ],
)
def test_term_from_six_months_to_three_years(cast, ends_on, ok):
    if ok:
        assert draft(cast, ends_on=ends_on).state == MentorshipState.DRAFT
    else:
        with pytest.raises(ValidationError, match=r"п\. 2\.4"):
            draft(cast, ends_on=ends_on)


def occupy(cast, mentee):
    """A mentorship that holds the mentor's time: sent for consent."""
    mentorship = draft(cast, mentee=mentee)
    return perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)


def test_a_second_mentee_passes_a_third_fails_and_passes_again_after_one_ends(cast):
    first = occupy(cast, cast.mentee.person)
    occupy(cast, PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE))
    third = PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE)

    with pytest.raises(ValidationError) as error:
        draft(cast, mentee=third)
    assert error.value.messages == ["Наставник уже сопровождает двух наставляемых (п. 2.5)."]

    perform_transition(document=first, name="cancel", user=cast.curator, comment="Уволилась")
    assert draft(cast, mentee=third).pk


def test_mentorships_that_do_not_overlap_do_not_count(cast):
    occupy(cast, cast.mentee.person)
    occupy(cast, PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE))
    later = draft(
        cast,
        mentee=PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE),
        starts_on=datetime.date(2028, 1, 10),
        ends_on=datetime.date(2028, 9, 1),
    )
    assert later.pk


@pytest.mark.parametrize(
    ("since", "ok"),
    [(datetime.date(2016, 12, 1), True), (datetime.date(2016, 12, 2), False)],
)
def test_ten_years_of_teaching_experience_exactly_is_enough(cast, since, ok):
    mentor = cast.mentor.person
    mentor.teaching_experience_since = since
    mentor.save()
    if ok:
        assert draft(cast).pk
    else:
        with pytest.raises(ValidationError, match="меньше 10 лет"):
            draft(cast)


def management_pair(cast):
    mentor = cast.mentor.person
    mentor.management_experience_since = datetime.date(2015, 9, 1)
    mentor.save()
    mentee = cast.mentee.person
    mentee.management_experience_since = datetime.date(2025, 9, 1)
    mentee.save()
    return {"kind": MentoringKind.MANAGEMENT}


def test_a_mentor_without_a_valid_status_fails(cast):
    kind = management_pair(cast)
    with pytest.raises(ValidationError, match="нет действующего статуса «Ментор»"):
        draft(cast, **kind)


def test_an_expired_or_suspended_status_is_not_valid(cast, roles):
    kind = management_pair(cast)
    CertificateFactory(person=cast.mentor.person, issued_on=datetime.date(2023, 11, 30))
    with pytest.raises(ValidationError, match="статуса «Ментор»"):
        draft(cast, **kind)  # expired on 30.11.2026, the day before the start


def test_a_mentor_with_a_valid_status_passes(cast):
    kind = management_pair(cast)
    CertificateFactory(person=cast.mentor.person, kind=CertificateKind.MENTOR)
    assert draft(cast, **kind).kind == MentoringKind.MANAGEMENT


def test_a_management_mentee_must_be_new_in_the_reserve_or_seeking_growth(cast):
    kind = management_pair(cast)
    CertificateFactory(person=cast.mentor.person)
    mentee = cast.mentee.person
    mentee.management_experience_since = datetime.date(2019, 9, 1)
    mentee.save()
    with pytest.raises(ValidationError, match="управленческом резерве"):
        draft(cast, **kind)
    assert draft(cast, mentee_seeks_growth=True, **kind).pk


def test_a_tutor_needs_a_tutor_status_and_methodological_experience(cast):
    mentor = cast.mentor.person
    mentor.methodological_experience_since = datetime.date(2023, 9, 1)
    mentor.save()
    with pytest.raises(ValidationError) as error:
        draft(cast, kind=MentoringKind.TUTORING)
    assert error.value.messages == [
        "У тьютора нет действующего статуса «Тьютор» (п. 2.1).",
        "У тьютора стаж методической работы меньше 5 лет (п. 2.1).",
    ]


def test_the_mentee_must_work_in_the_organisation(cast):
    with pytest.raises(ValidationError, match="не работает в организации"):
        draft(cast, mentee=PersonFactory(organisation=OrganisationFactory()))


def test_rules_are_checked_again_when_the_order_activates(cast, awaiting_order):
    order = OrderFactory(issuer=cast.school, mentorships=[awaiting_order], approvers=[cast.curator])
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=cast.curator)
    # Between the visas and the signature the mentor's record is corrected: 8 years, not 20.
    mentor = cast.mentor.person
    mentor.teaching_experience_since = datetime.date(2018, 1, 1)
    mentor.save()

    with pytest.raises(TransitionRefused) as refused:
        order_sign(order=order, user=cast.org_head)

    assert any("меньше 10 лет" in message for message in refused.value.messages)
    order.refresh_from_db()
    awaiting_order.refresh_from_db()
    assert order.state == OrderState.APPROVAL
    assert awaiting_order.state == MentorshipState.AWAITING_ORDER


def test_consent_of_both_sides_moves_to_awaiting_order_in_either_order(cast, draft_mentorship):
    mentorship = consent_both(draft_mentorship, cast)
    assert mentorship.state == MentorshipState.AWAITING_ORDER
    assert mentorship.mentor_consent_scan.name.endswith(".png")
