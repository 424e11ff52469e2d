import datetime

import pytest

from tests.workflows.conftest import add_activities, approve_plan
from workflows.choices import PlanState
from workflows.exceptions import DocumentLocked, TransitionRefused
from workflows.models import IndividualPlan
from workflows.services import perform_transition, plan_item_mark_done

pytestmark = pytest.mark.django_db


def test_activation_opens_the_plan_due_five_working_days_after_the_start(active_mentorship):
    plan = active_mentorship.plan
    assert plan.state == PlanState.DRAFT
    assert active_mentorship.started_on == datetime.date(2026, 12, 1)
    assert plan.due_on == datetime.date(2026, 12, 8)
    assert active_mentorship.report.due_on == datetime.date(2027, 12, 8)
    assert active_mentorship.questionnaire.due_on == datetime.date(2027, 12, 8)


def test_a_plan_without_activities_cannot_be_submitted(active_mentorship, cast):
    with pytest.raises(TransitionRefused, match="нет мероприятий"):
        perform_transition(document=active_mentorship.plan, name="submit", user=cast.mentor)


def test_marking_an_activity_done_is_a_version_of_the_approved_plan(active_mentorship, cast):
    plan = approve_plan(active_mentorship.plan, cast)
    first = plan.items.first()
    before = plan.history.count()
    plan = plan_item_mark_done(item=first, user=cast.mentor, note="Посетила 4 урока")
    first.refresh_from_db()
    assert first.done and first.note == "Посетила 4 урока"
    assert plan.items_done == 1 and plan.state == PlanState.APPROVED
    assert plan.history.count() == before + 1
    latest = plan.history.first()
    assert latest.history_user == cast.mentor
    assert first.activity[:40] in latest.history_change_reason
    with pytest.raises(TransitionRefused):
        plan_item_mark_done(item=first, user=cast.mentor)


def test_an_approved_plan_is_locked_and_amended_only_by_a_transition(active_mentorship, cast):
    plan = approve_plan(active_mentorship.plan, cast)
    plan.tasks = "Новые задачи"
    with pytest.raises(DocumentLocked):
        plan.save()
    plan = IndividualPlan.objects.get(pk=plan.pk)
    plan = perform_transition(document=plan, name="amend", user=cast.curator, comment="Новый курс")
    assert plan.state == PlanState.DRAFT
    add_activities(plan, 1)
    assert plan.history.filter(state=PlanState.APPROVED).exists()
