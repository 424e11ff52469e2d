"""E-mail off the request path (issue 16, point 4): in production a transition queues its
notices in the database and the worker sends them; the tests' immediate backend sends at once."""

from django.core import mail
from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult

from tests.workflows.conftest import add_activities
from workflows.choices import PlanState
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """The production backend of e-mail: rows in the database, sent by `db_worker`."""
    settings.TASKS = {**settings.TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker takes its tasks in a transaction of its own, as it does beside gunicorn.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transition_only_queues_its_mail_and_the_worker_sends_it(
    active_mentorship, cast, django_capture_on_commit_callbacks, queued
):
    plan = add_activities(active_mentorship.plan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(document=plan, name="submit", user=cast.mentor)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert mail.outbox == []  # nothing was sent while the transition answered
    waiting = DBTaskResult.objects.ready().count()
    assert waiting >= 1

    call_command("db_worker", "--backend", "mail", "--batch", "--no-startup-delay")

    assert len(mail.outbox) == waiting
    assert all("План" in message.subject and message.to for message in mail.outbox)
    assert DBTaskResult.objects.ready().count() == 0


def test_the_tests_send_at_once(active_mentorship, cast, django_capture_on_commit_callbacks):
    plan = add_activities(active_mentorship.plan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(document=plan, name="submit", user=cast.mentor)
    assert mail.outbox
    assert not DBTaskResult.objects.exists()
