"""Races on PostgreSQL: row locks and the register counter under real concurrent threads."""

import threading

from django.db import connection

import pytest

from tests.factories import YOUNG_SINCE, MentorshipFactory, OrderFactory, PersonFactory
from workflows.choices import MentorshipState, OrderKind, OrderState
from workflows.exceptions import TransitionConflict
from workflows.models import Mentorship, Order
from workflows.selectors import transition_log
from workflows.services import (
    order_sign,
    perform_transition,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(targets):
    """Run the callables at once, each in its own thread and connection; return the errors."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            barrier.wait()
            target()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def approved_order(cast):
    """An order of the school with every visa of its sheet in, ready to be signed."""
    order = OrderFactory(
        issuer=cast.school,
        kind=OrderKind.ORGANISE_MENTORING,
        starts_on=None,
        approvers=[cast.curator],
    )
    perform_transition(document=order, name="submit", user=cast.curator)
    return perform_transition(document=order, name="give_visa", user=cast.curator)


def test_two_signers_of_one_order_one_wins_the_other_gets_the_conflict(cast):
    order = approved_order(cast)
    copies = [Order.objects.get(pk=order.pk), Order.objects.get(pk=order.pk)]

    errors = race([lambda c=copy: order_sign(order=c, user=cast.org_head) for copy in copies])

    assert len(errors) == 1 and isinstance(errors[0], TransitionConflict)
    assert "изменил другой пользователь" in errors[0].messages[0]
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED and order.number == 1
    assert [entry.state for entry in transition_log(order)] == ["approval", "approval", "signed"]
    assert order.history.count() == 4  # drafted, submitted, approved, signed once


def test_twenty_orders_of_one_issuer_signed_at_once_get_twenty_consecutive_numbers(cast):
    orders = [approved_order(cast) for _ in range(20)]

    errors = race([lambda o=order: order_sign(order=o, user=cast.org_head) for order in orders])

    assert errors == []
    numbers = sorted(Order.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_twenty_users_racing_over_the_same_mentorships_each_change_once(cast):
    """Twenty threads, five per mentorship, all send the same four drafts for consent."""
    mentorships = [
        MentorshipFactory(
            organisation=cast.school,
            mentor=cast.mentor.person,
            mentee=PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE),
        )
        for _ in range(4)
    ]
    copies = [Mentorship.objects.get(pk=m.pk) for m in mentorships for _ in range(5)]

    errors = race(
        [
            lambda c=copy: perform_transition(
                document=c, name="send_for_consent", user=cast.curator
            )
            for copy in copies
        ]
    )

    assert len(errors) == 16
    assert all(isinstance(error, TransitionConflict) for error in errors)
    for mentorship in mentorships:
        mentorship.refresh_from_db()
        assert mentorship.state == MentorshipState.AWAITING_CONSENT
        assert [entry.state for entry in transition_log(mentorship)] == ["awaiting_consent"]
        assert mentorship.history.count() == 2


def test_twenty_threads_reloading_documents_at_once_never_trip_the_state_protection(cast):
    """django-fsm-2 lifts the protection of the shared field while it reloads; without the
    document's lock a concurrent reload finds it back on and fails."""
    mentorship = MentorshipFactory(
        organisation=cast.school, mentor=cast.mentor.person, mentee=cast.mentee.person
    )

    def reload_often():
        copy = Mentorship.objects.get(pk=mentorship.pk)
        for _ in range(20):
            copy.refresh_from_db()

    assert race([reload_often for _ in range(20)]) == []
