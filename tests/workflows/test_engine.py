"""The transition service: checks, one log entry, one history record, all or nothing."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from django_fsm_log.models import StateLog

from tests.factories import MentorshipFactory
from workflows import services
from workflows.choices import MentorshipState, OrderState
from workflows.exceptions import DocumentLocked, TransitionConflict, TransitionRefused
from workflows.models import Mentorship
from workflows.selectors import transition_log
from workflows.services import mentorship_consent_as_mentee, perform_transition

pytestmark = pytest.mark.django_db


def test_a_transition_writes_one_log_entry_and_one_history_record(draft_mentorship, cast):
    versions = draft_mentorship.history.count()

    perform_transition(
        document=draft_mentorship, name="send_for_consent", user=cast.curator, comment="Прошу"
    )

    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.AWAITING_CONSENT
    [entry] = transition_log(draft_mentorship)
    assert (entry.source_state, entry.state, entry.by, entry.description) == (
        "draft", "awaiting_consent", cast.curator, "Прошу",
    )  # fmt: skip
    assert draft_mentorship.history.count() == versions + 1
    latest = draft_mentorship.history.first()
    assert latest.history_user == cast.curator
    assert latest.history_change_reason == "Прошу"


def test_without_a_comment_the_history_reason_is_the_transitions_label(draft_mentorship, cast):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    assert draft_mentorship.history.first().history_change_reason == "Отправить на согласие"


def test_forbidden_user_changes_nothing(draft_mentorship, cast):
    with pytest.raises(PermissionDenied):
        perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.mentee)
    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.DRAFT
    assert not StateLog.objects.exists()


def test_a_comment_is_required_to_cancel(draft_mentorship, cast):
    with pytest.raises(TransitionRefused, match="комментари"):
        perform_transition(
            document=draft_mentorship, name="cancel", user=cast.curator, comment="  "
        )
    perform_transition(
        document=draft_mentorship, name="cancel", user=cast.curator, comment="Наставник уволился"
    )
    assert draft_mentorship.state == MentorshipState.CANCELLED


def test_a_transition_that_does_not_leave_the_current_state_is_refused(draft_mentorship, cast):
    with pytest.raises(TransitionRefused, match="недоступно для документа"):
        mentorship_consent_as_mentee(
            mentorship=draft_mentorship, user=cast.mentee, consented_on=datetime.date(2026, 11, 20)
        )


def test_a_stale_copy_gets_a_conflict_and_changes_nothing(draft_mentorship, cast):
    stale = Mentorship.objects.get(pk=draft_mentorship.pk)
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)

    with pytest.raises(TransitionConflict, match="изменил другой пользователь"):
        perform_transition(document=stale, name="cancel", user=cast.curator, comment="двойной клик")

    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.AWAITING_CONSENT
    assert transition_log(draft_mentorship).count() == 1


def test_an_exception_in_an_effect_leaves_no_partial_change(assignment_order, cast, monkeypatch):
    def broken_effect(order, *, user):
        raise RuntimeError("the effect failed midway")

    monkeypatch.setattr(services, "_reset_route", broken_effect)
    versions, logged = assignment_order.history.count(), StateLog.objects.count()

    with pytest.raises(RuntimeError):
        perform_transition(document=assignment_order, name="submit", user=cast.curator)

    assignment_order.refresh_from_db()
    assert assignment_order.state == OrderState.DRAFT
    assert StateLog.objects.count() == logged
    assert assignment_order.history.count() == versions


def test_content_is_locked_past_the_draft(draft_mentorship, cast):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    mentorship = Mentorship.objects.get(pk=draft_mentorship.pk)
    mentorship.goal = "Переписанная цель"
    with pytest.raises(DocumentLocked):
        mentorship.save()
    mentorship.refresh_from_db()
    assert mentorship.goal == ""


def test_drafts_are_editable(draft_mentorship):
    draft_mentorship.goal = "Адаптация молодого педагога"
    draft_mentorship.save()
    assert Mentorship.objects.get(pk=draft_mentorship.pk).goal == "Адаптация молодого педагога"


def test_the_state_cannot_be_set_directly(draft_mentorship):
    with pytest.raises(AttributeError):
        draft_mentorship.state = MentorshipState.ACTIVE


def test_blocked_rules_refuse_with_their_clause(cast):
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        mentee=cast.mentee.person,
        ends_on=datetime.date(2027, 3, 1),
    )
    mentorship.mentor.teaching_experience_since = datetime.date(2020, 9, 1)
    mentorship.mentor.save()
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)
    assert refused.value.messages == [
        "п. 2.4 Положения: срок наставничества — не менее шести месяцев; начавшись 01.12.2026, "
        "он оканчивается не ранее 31.05.2027."
    ]


def test_a_transition_takes_at_most_15_queries(cast, draft_mentorship):
    """The service alone (the admin adds the session, the user and their permissions)."""
    with CaptureQueriesContext(connection) as queries:
        perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    assert draft_mentorship.state == MentorshipState.AWAITING_CONSENT
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 15, "\n".join(sql[:150] for sql in statements)
