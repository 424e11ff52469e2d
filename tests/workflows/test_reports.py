"""The life of a mentorship's case, from the plan in its first week to the centre's acceptance."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest
import time_machine
from django_fsm_log.models import StateLog

from tests.workflows.conftest import (
    add_activities,
    approve_plan,
    at_term_end,
    fill_questionnaire,
    fill_report,
)
from workflows.choices import (
    MentorshipState,
    PlanState,
    QuestionnaireState,
    ReplacementState,
    ReportState,
)
from workflows.exceptions import TransitionRefused
from workflows.models import Mentorship, Person
from workflows.services import (
    perform_transition,
    plan_item_mark_done,
    replacement_request_approve,
    replacement_request_create,
)

pytestmark = pytest.mark.django_db


def inspect_url(document):
    opts = document._meta
    return reverse(f"workflows_{opts.model_name}_modeladmin_inspect", args=[document.pk])


def history_url(document):
    opts = document._meta
    return reverse(f"workflows_{opts.model_name}_modeladmin_history", args=[document.pk])


def test_the_whole_case_through_the_services(active_mentorship, cast, client):
    mentorship = active_mentorship
    plan = add_activities(mentorship.plan)
    plan = perform_transition(document=plan, name="submit", user=cast.mentor)
    plan = perform_transition(
        document=plan, name="return_for_revision", user=cast.org_head, comment="Уточнить сроки"
    )
    assert plan.state == PlanState.RETURNED
    plan.tasks = "Сроки уточнены"
    plan.save()
    plan = perform_transition(document=plan, name="submit", user=cast.curator)
    plan = perform_transition(document=plan, name="approve", user=cast.org_head)
    for item in plan.items.all():
        plan = plan_item_mark_done(item=item, user=cast.mentor, note="Выполнено")
    assert plan.completion() == (2, 2)

    at_term_end(mentorship, cast)
    report = fill_report(mentorship.report)
    report = perform_transition(document=report, name="submit", user=cast.mentor)
    assert (report.plan_items_done, report.plan_items_total) == (2, 2)
    report = perform_transition(document=report, name="approve", user=cast.org_head)
    with pytest.raises(TransitionRefused, match="анкету"):
        perform_transition(document=report, name="send", user=cast.curator)
    questionnaire = fill_questionnaire(mentorship.questionnaire, score=4)
    questionnaire = perform_transition(document=questionnaire, name="submit", user=cast.mentee)
    assert questionnaire.state == QuestionnaireState.SUBMITTED
    report = perform_transition(document=report, name="send", user=cast.curator)
    report = perform_transition(document=report, name="accept", user=cast.center)

    assert report.state == ReportState.ACCEPTED
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.COMPLETED
    assert mentorship.ended_on == mentorship.ends_on

    client.force_login(cast.org_head)
    plan_history = client.get(history_url(plan)).content.decode()
    for step in ("Отправить на утверждение", "Вернуть на доработку", "Утвердить", "Уточнить сроки"):
        assert step in plan_history
    assert plan_history.count("Выполнено:") == 2
    report_history = client.get(history_url(report)).content.decode()
    for step in ("Отправить в центр", "Принять", "Утверждён"):
        assert step in report_history
    assert "Завершить" in client.get(history_url(mentorship)).content.decode()
    client.force_login(cast.mentee)
    assert "Сдать" in client.get(history_url(questionnaire)).content.decode()


def test_the_centre_returns_a_sent_report_to_the_mentor(active_mentorship, cast):
    approve_plan(active_mentorship.plan, cast)
    at_term_end(active_mentorship, cast)
    report = perform_transition(
        document=fill_report(active_mentorship.report), name="submit", user=cast.mentor
    )
    report = perform_transition(document=report, name="approve", user=cast.org_head)
    fill_questionnaire(active_mentorship.questionnaire)
    perform_transition(document=active_mentorship.questionnaire, name="submit", user=cast.mentee)
    report = perform_transition(document=report, name="send", user=cast.org_head)
    report = perform_transition(
        document=report, name="return_for_revision", user=cast.center, comment="Нет выводов"
    )
    assert report.state == ReportState.RETURNED
    report = perform_transition(document=report, name="submit", user=cast.mentor)
    assert report.state == ReportState.SUBMITTED


def test_the_report_asks_for_the_three_criteria_and_an_approved_plan(active_mentorship, cast):
    at_term_end(active_mentorship, cast)
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(document=active_mentorship.report, name="submit", user=cast.mentor)
    messages = refused.value.messages
    assert len(messages) == 4
    assert all("6.3" in message for message in messages[:3])
    assert "4.1" in messages[3]


def test_the_document_page_shows_the_due_date_and_overdue(clock, active_mentorship, cast, client):
    client.force_login(cast.curator)
    page = client.get(inspect_url(active_mentorship.plan)).content.decode()
    assert "08.12.2026" in page and "data-overdue" not in page
    with time_machine.travel(datetime.datetime(2026, 12, 9, 10, 0), tick=False):
        client.force_login(cast.curator)
        page = client.get(inspect_url(active_mentorship.plan)).content.decode()
        assert "data-overdue" in page
        listing = reverse("workflows_individualplan_modeladmin_index")
        assert str(active_mentorship.plan) in client.get(listing + "?overdue=yes").content.decode()
        assert (
            str(active_mentorship.plan) not in client.get(listing + "?overdue=no").content.decode()
        )


# -- replacing the mentor (5.2) ---------------------------------------------------------


@pytest.fixture
def new_mentor(cast):
    return Person.objects.create(
        surname="Кузнецова",
        name="Ирина",
        patronymic="Павловна",
        organisation=cast.school,
        position="учитель математики",
        teaching_experience_since=datetime.date(2001, 9, 1),
    )


def test_an_approved_replacement_drafts_the_order_and_the_new_mentorship(
    active_mentorship, cast, new_mentor
):
    request = replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Наставник в длительном отпуске"
    )
    assert request.state == ReplacementState.SUBMITTED
    with pytest.raises(TransitionRefused, match="уже ожидает"):
        replacement_request_create(user=cast.mentee, mentorship=active_mentorship, reason="Ещё")
    request = replacement_request_approve(
        request=request,
        user=cast.org_head,
        new_mentor=new_mentor,
        ended_on=datetime.date(2027, 3, 1),
    )
    old = Mentorship.objects.get(pk=active_mentorship.pk)
    assert old.state == MentorshipState.ACTIVE  # until the order that carries it out is signed
    new = request.new_mentorship
    assert new.state == MentorshipState.DRAFT
    assert (new.mentor, new.mentee) == (new_mentor, old.mentee)
    assert new.starts_on == datetime.date(2027, 3, 2) and new.ends_on == old.ends_on
    assert new.replacement_origin == request and request.mentorship == old
    assert set(request.order.mentorships.all()) == {old, new}
    assert request.order.effective_on == datetime.date(2027, 3, 1)
    # The mentee's reason continues the order's sentence, as a clerk would write it.
    assert request.order.body == (
        "Заменить наставника по ходатайству наставляемого (п. 5.2 Положения): "
        "наставник в длительном отпуске"
    )
    assert not StateLog.objects.filter(object_id=old.pk, state=MentorshipState.TERMINATED)


def test_a_replacement_that_breaks_the_rules_changes_nothing(active_mentorship, cast, new_mentor):
    new_mentor.teaching_experience_since = datetime.date(2020, 9, 1)
    new_mentor.save()
    request = replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Нет контакта"
    )
    with pytest.raises(TransitionRefused, match="10"):
        replacement_request_approve(
            request=request,
            user=cast.org_head,
            new_mentor=new_mentor,
            ended_on=datetime.date(2027, 3, 1),
        )
    request.refresh_from_db()
    active_mentorship.refresh_from_db()
    assert request.state == ReplacementState.SUBMITTED
    assert active_mentorship.state == MentorshipState.ACTIVE
    assert Mentorship.objects.count() == 1


def test_only_the_mentee_asks_and_the_head_may_reject_with_a_reason(
    active_mentorship, cast, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        replacement_request_create(user=cast.mentor, mentorship=active_mentorship, reason="x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = replacement_request_create(
            user=cast.mentee, mentorship=active_mentorship, reason="Нет контакта"
        )
    assert [m.to for m in mail.outbox if "Требуется" in m.subject] == [[cast.org_head.email]]
    with pytest.raises(TransitionRefused):
        perform_transition(document=request, name="reject", user=cast.org_head)
    request = perform_transition(
        document=request, name="reject", user=cast.org_head, comment="Контакт восстановлен"
    )
    assert request.state == ReplacementState.REJECTED


def test_a_long_comment_is_kept_whole_in_the_log_and_the_history(active_mentorship, cast):
    comment = "Уточните сроки посещения уроков и формы отчётности по каждому мероприятию. " * 4
    plan = perform_transition(
        document=add_activities(active_mentorship.plan), name="submit", user=cast.mentor
    )
    plan = perform_transition(
        document=plan, name="return_for_revision", user=cast.org_head, comment=comment
    )
    assert StateLog.objects.get(object_id=plan.pk, state=PlanState.RETURNED).description == (
        comment.strip()
    )
    assert plan.history.first().history_change_reason == comment.strip()
