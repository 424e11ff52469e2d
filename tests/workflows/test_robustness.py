"""Random sequences of transitions by random users against the rules, and double submissions.

Hypothesis draws who does what to which document; whatever the engine accepts or refuses,
the invariants must hold after every step. The transitions are read from the models, so new
transitions are driven without a change here.
"""

import contextlib
import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import MentorshipFactory, OrderFactory, PersonFactory, png_scan
from workflows.choices import MentoringKind, MentorshipState, OrderKind
from workflows.exceptions import TransitionConflict, TransitionRefused
from workflows.models import Mentorship, Order
from workflows.selectors import transition_log
from workflows.services import (
    perform_transition,
    take_transition,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "curator", "org_head", "mentor", "mentee", "center", "department", "registrar",
    "other_curator", "other_org_head",
]  # fmt: skip
DAY = datetime.date(2026, 11, 20)
# Parameters of the transitions that take some, as the admin's forms supply them.
PARAMS = {
    "consent_as_mentor": lambda user: {"consented_on": DAY, "scan": png_scan()},
    "consent_as_mentee": lambda user: {"consented_on": DAY},
    "terminate": lambda user: {"ended_on": DAY, "reason": "по соглашению сторон"},
    "activate": lambda user: {"started_on": DAY},
}
REFUSALS = (PermissionDenied, TransitionRefused, TransitionConflict, ValidationError)
MENTOR_LIMIT = 2  # clause 2.5: a traditional mentor has at most two mentees at a time


def documents_of(cast):
    """Three mentorships of one mentor (so the limit of two can be hit) and two orders."""
    mentees = [cast.mentee.person] + [PersonFactory(organisation=cast.school) for _ in range(2)]
    mentorships = [
        MentorshipFactory(
            organisation=cast.school,
            mentor=cast.mentor.person,
            mentee=mentee,
            kind=MentoringKind.TRADITIONAL,
        )
        for mentee in mentees
    ]
    orders = [
        OrderFactory(issuer=cast.school, mentorships=mentorships, approvers=[cast.curator]),
        OrderFactory(issuer=cast.school, kind=OrderKind.ORGANISE_MENTORING, starts_on=None),
    ]
    return mentorships + orders


def check_invariants(documents) -> None:
    for document in documents:
        document.refresh_from_db()
        states = {value for value, _label in type(document)._meta.get_field("state").choices}
        assert document.state in states
        log = list(transition_log(document))
        # Every saved change after the creation is one transition with one log entry.
        assert len(log) == document.history.count() - 1
        if log:
            assert log[-1].state == document.state
    mentor = documents[0].mentor_id
    active = Mentorship.objects.filter(
        mentor_id=mentor, state=MentorshipState.ACTIVE, kind=MentoringKind.TRADITIONAL
    )
    assert active.count() <= MENTOR_LIMIT
    numbers = Counter(
        Order.objects.filter(number__isnull=False).values_list("issuer", "kind", "year", "number")
    )
    assert all(count == 1 for count in numbers.values())


steps = st.lists(
    st.tuples(
        st.integers(0, 4),  # which document
        st.integers(0, 20),  # which of its transitions from here (modulo their number)
        st.sampled_from(ACTORS),
        st.sampled_from(["", "по решению"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_random_transitions_by_random_users_keep_every_invariant(cast, steps):
    with transaction.atomic():
        documents = documents_of(cast)
        for index, choice, actor, comment in steps:
            document = documents[index]
            document.refresh_from_db()
            available = document.transitions_from_here()
            if not available:
                continue
            name = available[choice % len(available)].name
            user = getattr(cast, actor)
            params = PARAMS.get(name, lambda user: {})(user)
            with contextlib.suppress(*REFUSALS):
                take_transition(
                    document=document, name=name, user=user, comment=comment, values=params
                )
            check_invariants(documents)
        transaction.set_rollback(True)


def test_the_same_signature_posted_twice_answers_with_a_message_not_a_second_row(
    client, cast, assignment_order
):
    perform_transition(document=assignment_order, name="submit", user=cast.curator)
    perform_transition(document=assignment_order, name="give_visa", user=cast.curator)
    client.force_login(cast.org_head)
    url = f"/admin/workflows/order/transition/{assignment_order.pk}/sign/"

    first = client.post(url, {"comment": ""})
    second = client.post(url, {"comment": ""}, follow=True)

    assert first.status_code == 302
    assert "сейчас недоступно" in second.content.decode()
    assert [entry.state for entry in transition_log(assignment_order)] == [
        "approval", "approval", "signed",
    ]  # fmt: skip
    assignment_order.refresh_from_db()
    assert assignment_order.number == 1
