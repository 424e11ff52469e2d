"""E-mails after transitions and the daily reminders, with a frozen clock."""

import datetime
import logging

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

import pytest
import time_machine

from tests.factories import CertificateFactory
from tests.workflows.conftest import (
    add_activities,
    approve_plan,
    at_term_end,
    fill_questionnaire,
    fill_report,
    sign_through,
)
from workflows.choices import PlanState
from workflows.models import NotificationPreference, SentNotice
from workflows.notifications import send_reminders
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what a transaction does after commit, as production does when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_signed_order_asks_the_mentor_and_curator_for_the_plan(
    assignment_order, cast, committing
):
    mail.outbox.clear()
    with committing():
        sign_through(assignment_order, cast)
    for user in (cast.mentor, cast.curator):
        assert any("Требуется ваше действие: План:" in m.subject for m in to(user)), user
    assert not any("План:" in m.subject for m in to(cast.mentee))


def test_whoever_acts_next_gets_a_russian_mail_with_the_reason_and_link(
    active_mentorship, cast, committing
):
    plan = add_activities(active_mentorship.plan)
    mail.outbox.clear()
    with committing():
        perform_transition(document=plan, name="submit", user=cast.mentor)
    [message] = to(cast.org_head)
    assert message.subject.startswith("[Наставничество в Юрге] Требуется ваше действие: План:")
    assert "Утвердить" in message.body
    assert "Вы получили это письмо, потому что документ не продвинется" in message.body
    assert f"http://testserver/admin/workflows/individualplan/inspect/{plan.pk}/" in message.body
    assert "08.12.2026" in message.body
    # The actor is not told what they did; the returning transition needs a comment, so the
    # curator, who could only submit again, is not asked for anything either.
    assert to(cast.mentor) == [] and to(cast.curator) == [] and to(cast.other_org_head) == []


def test_the_author_hears_of_the_decision_unless_they_opted_out(
    active_mentorship, cast, committing
):
    plan = perform_transition(
        document=add_activities(active_mentorship.plan), name="submit", user=cast.mentor
    )
    mail.outbox.clear()
    with committing():
        plan = perform_transition(
            document=plan, name="return_for_revision", user=cast.org_head, comment="Сроки"
        )
    [message] = to(cast.mentor)
    assert "Требуется ваше действие" in message.subject and "Сроки" in message.body
    with committing():
        plan = perform_transition(document=plan, name="submit", user=cast.mentor)
    mail.outbox.clear()
    NotificationPreference.objects.create(user=cast.mentor, non_essential=False)
    with committing():
        perform_transition(document=plan, name="approve", user=cast.org_head)
    assert to(cast.mentor) == []
    NotificationPreference.objects.filter(user=cast.mentor).update(non_essential=True)
    at_term_end(active_mentorship, cast)
    report = perform_transition(
        document=fill_report(active_mentorship.report), name="submit", user=cast.mentor
    )
    with committing():
        perform_transition(document=report, name="approve", user=cast.org_head)
    [message] = to(cast.mentor)
    assert message.subject.endswith("«Утверждён»")
    assert "«Утвердить» — " in message.body and "вы автор этого документа" in message.body
    assert "настройках учётной записи" in message.body


def test_the_questionnaire_tells_the_school_the_report_can_go_to_the_centre(
    active_mentorship, cast, committing
):
    approve_plan(active_mentorship.plan, cast)
    at_term_end(active_mentorship, cast)
    report = perform_transition(
        document=fill_report(active_mentorship.report), name="submit", user=cast.mentor
    )
    with committing():
        perform_transition(document=report, name="approve", user=cast.org_head)
    assert to(cast.curator) == []  # the report waits for the questionnaire, not for them
    mail.outbox.clear()
    with committing():
        perform_transition(
            document=fill_questionnaire(active_mentorship.questionnaire),
            name="submit",
            user=cast.mentee,
        )
    assert ["Отправить в центр" in m.body for m in to(cast.curator)] == [True]
    assert len(to(cast.org_head)) == 1


def test_a_failing_mail_server_never_undoes_a_transition(
    active_mentorship, cast, committing, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.workflows.test_notifications.BrokenBackend"
    plan = add_activities(active_mentorship.plan)
    with caplog.at_level(logging.ERROR, logger="workflows.notifications"), committing():
        perform_transition(document=plan, name="submit", user=cast.mentor)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert "Could not send" in caplog.text


# -- send_reminders -------------------------------------------------------------------------


def run_on(day: datetime.date) -> int:
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(7, 0)), tick=False):
        return send_reminders(day)


def test_due_soon_goes_to_the_author_two_working_days_ahead_once(active_mentorship, cast):
    mail.outbox.clear()
    assert run_on(datetime.date(2026, 12, 3)) == 0  # due 08.12: three working days ahead
    assert run_on(datetime.date(2026, 12, 4)) == 1
    [message] = to(cast.mentor)
    assert "Срок 08.12.2026: План:" in message.subject
    assert "через два рабочих дня" in message.body
    assert run_on(datetime.date(2026, 12, 4)) == 0
    assert run_on(datetime.date(2026, 12, 7)) == 0
    assert len(mail.outbox) == 1


def test_overdue_goes_to_the_author_and_the_curator_once_even_when_opted_out(
    active_mentorship, cast
):
    NotificationPreference.objects.create(user=cast.mentor, non_essential=False)
    mail.outbox.clear()
    assert run_on(datetime.date(2026, 12, 4)) == 0  # due soon is non-essential: not wanted
    assert run_on(datetime.date(2026, 12, 9)) == 2
    assert "Просрочено с 08.12.2026" in to(cast.mentor)[0].subject
    assert "как куратор" in to(cast.curator)[0].body
    assert to(cast.org_head) == [] and to(cast.other_curator) == []
    assert run_on(datetime.date(2026, 12, 9)) == 0
    assert run_on(datetime.date(2026, 12, 10)) == 0
    assert SentNotice.objects.count() == 2


def test_a_submitted_plan_is_not_overdue(active_mentorship, cast):
    perform_transition(
        document=add_activities(active_mentorship.plan), name="submit", user=cast.mentor
    )
    assert run_on(datetime.date(2026, 12, 9)) == 0


def test_certificate_holders_hear_90_and_30_days_before_expiry(cast):
    holder = cast.mentor.person
    CertificateFactory(person=holder, issued_on=datetime.date(2024, 3, 4))  # valid to 04.03.2027
    mail.outbox.clear()
    assert run_on(datetime.date(2026, 12, 3)) == 0
    assert run_on(datetime.date(2026, 12, 4)) == 1
    assert "истекает 04.03.2027" in to(cast.mentor)[0].subject
    assert run_on(datetime.date(2026, 12, 5)) == 0
    assert run_on(datetime.date(2027, 2, 2)) == 1  # 30 days before
    assert run_on(datetime.date(2027, 2, 2)) == 0
    assert len(to(cast.mentor)) == 2


def test_the_command_sends_the_reminders_of_today(active_mentorship, cast, capsys):
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 12, 9, 7, 0), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    assert capsys.readouterr().out.splitlines() == ["Reminders sent: 2", "Reminders sent: 0"]
    assert len(mail.outbox) == 2
