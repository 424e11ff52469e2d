"""One e-mail per person per event; the mentee hears the decision on their request."""

import collections
import datetime

from django.core import mail

import pytest

from tests.factories import png_scan
from workflows.choices import ReplacementState
from workflows.models import ReplacementRequest
from workflows.services import (
    mentorship_consent_as_mentee,
    mentorship_consent_as_mentor,
    order_sign,
    perform_transition,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def recipients_of(event, committing) -> collections.Counter:
    mail.outbox.clear()
    with committing():
        event()
    return collections.Counter(address for message in mail.outbox for address in message.to)


def test_every_step_of_a_case_mails_each_person_at_most_once(
    cast, draft_mentorship, assignment_order_draft, committing
):
    order = assignment_order_draft
    steps = [
        lambda: perform_transition(
            document=draft_mentorship, name="send_for_consent", user=cast.curator
        ),
        lambda: mentorship_consent_as_mentor(
            mentorship=draft_mentorship,
            user=cast.mentor,
            consented_on=D(2026, 11, 20),
            scan=png_scan(),
        ),
        lambda: mentorship_consent_as_mentee(
            mentorship=draft_mentorship, user=cast.mentee, consented_on=D(2026, 11, 21)
        ),
        lambda: perform_transition(document=order, name="submit", user=cast.curator),
        lambda: perform_transition(document=order, name="give_visa", user=cast.curator),
        lambda: order_sign(order=order, user=cast.org_head),
    ]
    seen = collections.Counter()
    for step in steps:
        counts = recipients_of(step, committing)
        assert max(counts.values(), default=0) == 1 or not counts, counts
        seen += counts
    assert seen[cast.org_head.email] >= 2  # asked to consent on paper, then to sign


def test_the_mentee_hears_the_heads_decision_on_the_request(cast, active_mentorship, committing):
    request = ReplacementRequest.objects.create(
        mentorship=active_mentorship, reason="Нет контакта", state=ReplacementState.SUBMITTED
    )
    counts = recipients_of(
        lambda: perform_transition(
            document=request, name="reject", user=cast.org_head, comment="Контакт восстановлен"
        ),
        committing,
    )
    assert counts[cast.mentee.email] == 1
    [message] = [m for m in mail.outbox if cast.mentee.email in m.to]
    assert "Контакт восстановлен" in message.body
