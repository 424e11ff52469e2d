"""«Мои задачи» is complete by construction: a document is in a user's tasks exactly when the
user holds an expected, unblocked transition on it; the warnings say what no step waits for."""

import datetime

from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

import pytest

from tests.factories import MentorshipFactory, OrderFactory, PersonFactory
from workflows.choices import (
    CertificateState,
    MentoringKind,
    MentorshipState,
    OrderState,
    RouteMode,
)
from workflows.models import Certificate, Mentorship, OrderVisa, StatusApplication
from workflows.models.base import WorkflowDocument
from workflows.tasks import (
    SCOPES,
    SHOWN,
    awaited_actions,
    candidates,
    document_warnings,
    is_expected,
    my_tasks,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DASHBOARD = "/admin/"


def workflow_models():
    return [
        model
        for model in apps.get_app_config("workflows").get_models()
        if issubclass(model, WorkflowDocument)
    ]


def test_every_kind_of_document_is_looked_at():
    assert set(workflow_models()) == set(SCOPES)


@pytest.mark.usefixtures("demo_day")
def test_over_the_demo_every_users_tasks_are_the_documents_awaiting_them():
    call_command("load_demo", stdout=None)
    today = timezone.localdate()
    documents = [doc for model in workflow_models() for doc in model._default_manager.all()]
    checked = 0
    for user in User.objects.all():
        expected = {(type(d), d.pk) for d in documents if awaited_actions(d, user)}
        found = my_tasks(user, today)
        listed = {(type(t.document), t.document.pk) for t in found.tasks}
        assert listed == expected, user.username
        assert found.task_count == len(expected), user.username
        checked += bool(expected)
    assert checked >= 5  # the demo gives most roles something to do


@pytest.mark.usefixtures("demo_day")
def test_over_the_demo_each_turn_rule_and_its_queryset_form_agree():
    """The lists are counted in the database by the rules' queryset forms (``where``)."""
    call_command("load_demo", stdout=None)
    compared = 0
    for model in workflow_models():
        documents = list(model._default_manager.all())
        for transition in model.transitions():
            for condition in transition.conditions:
                where = getattr(condition, "where", None)
                if not is_expected(transition) or where is None:
                    continue
                in_sql = set(model._default_manager.filter(where()).values_list("pk", flat=True))
                assert in_sql == {d.pk for d in documents if condition(d)}, transition.name
                compared += 1
    assert compared >= 6


def test_a_long_list_shows_the_oldest_first_and_counts_the_rest(client, cast):
    drafts = [MentorshipFactory(organisation=cast.school) for _ in range(SHOWN + 5)]
    tasks = my_tasks(cast.curator, timezone.localdate())
    assert [task.document for task in tasks.tasks] == drafts[:SHOWN]
    assert (tasks.task_count, tasks.more_tasks) == (SHOWN + 5, 5)
    client.force_login(cast.curator)
    page = client.get(DASHBOARD).content.decode()
    assert page.count("data-task") == SHOWN and "И ещё 5." in page


@pytest.mark.usefixtures("demo_day")
def test_the_registrar_is_asked_to_record_the_enrolment(client):
    call_command("load_demo", stdout=None)
    registrar = User.objects.get(username="registrar")
    tasks = my_tasks(registrar, timezone.localdate()).tasks
    assert any(isinstance(task.document, StatusApplication) for task in tasks)
    client.force_login(registrar)
    page = client.get(DASHBOARD).content.decode()
    assert "Отметить зачисление" in page  # the demo has an application in every state
    assert "Ваших действий ничто не ожидает" not in page


def test_an_approver_of_any_role_finds_and_opens_the_order(client, cast):
    order = OrderFactory(issuer=cast.school, state=OrderState.APPROVAL)
    OrderVisa.objects.create(order=order, approver=cast.mentor)
    assert [t.document for t in my_tasks(cast.mentor, timezone.localdate()).tasks] == [order]
    client.force_login(cast.mentor)
    response = client.get(f"/admin/workflows/order/inspect/{order.pk}/")
    assert response.status_code == 200
    assert "Согласовать" in response.content.decode()


def test_in_a_sequence_only_the_next_approver_is_asked(cast):
    order = OrderFactory(
        issuer=cast.school, state=OrderState.APPROVAL, route_mode=RouteMode.SEQUENTIAL
    )
    OrderVisa.objects.create(order=order, approver=cast.curator, sort_order=0)
    OrderVisa.objects.create(order=order, approver=cast.org_head, sort_order=1)
    today = timezone.localdate()
    assert [t.document for t in my_tasks(cast.curator, today).tasks] == [order]
    assert order not in [t.document for t in my_tasks(cast.org_head, today).tasks]


@pytest.mark.parametrize("size", [2, SHOWN + 2])
def test_the_centre_and_the_head_cost_a_bounded_number_of_queries(
    client, cast, size, django_assert_max_num_queries
):
    for _ in range(size):
        MentorshipFactory(organisation=cast.school)
        MentorshipFactory(
            organisation=cast.school,
            mentor=cast.mentor.person,
            mentee=PersonFactory(organisation=cast.school),
            state=MentorshipState.ACTIVE,
            starts_on=D(2025, 9, 1),
            ends_on=D(2026, 9, 1),
        )
        order = OrderFactory(issuer=cast.school, state=OrderState.APPROVAL)
        OrderVisa.objects.create(order=order, approver=cast.org_head)
    today = timezone.localdate()
    for user in (cast.center, cast.org_head, cast.curator, cast.mentor):
        # At most one query per kind of document and of warning (two for orders), at any size:
        # the first rows of a list come with its count.
        with django_assert_max_num_queries(16):
            tasks = my_tasks(user, today)
        assert tasks.tasks or tasks.warnings or user is cast.center
    # The whole admin home: Wagtail's frame (session, permissions, menu) costs 10 more; the
    # mentoring roles, who edit no page, are spared Wagtail's page panels.
    for user, bound in ((cast.center, 19), (cast.department, 14), (cast.org_head, 25)):
        client.force_login(user)
        client.get(DASHBOARD)
        with django_assert_max_num_queries(bound):
            response = client.get(DASHBOARD)
        assert response.status_code == 200


def test_the_centre_does_not_load_the_drafts_it_takes_no_step_on(
    cast, django_assert_max_num_queries
):
    for _ in range(5):
        MentorshipFactory(organisation=cast.school)

    assert not candidates(Mentorship, cast.center).exists()
    assert candidates(Mentorship, cast.curator).count() == 5


def test_a_case_past_its_term_without_a_report_is_a_warning(client, cast, clock):
    today = timezone.localdate()
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        state=MentorshipState.ACTIVE,
        starts_on=today - datetime.timedelta(days=395),
        ends_on=today - datetime.timedelta(days=1),
    )
    warnings = my_tasks(cast.curator, today).warnings
    assert [w.document for w in warnings] == [mentorship]
    assert "отчёт" in warnings[0].text
    # The day the term ends is not yet past it.
    Mentorship.objects.filter(pk=mentorship.pk).update(ends_on=today)
    assert my_tasks(cast.curator, today).warnings == []
    clock.move_to(timezone.now() + datetime.timedelta(days=31))
    client.force_login(cast.curator)
    page = client.get(f"/admin/workflows/mentorship/inspect/{mentorship.pk}/").content.decode()
    assert "data-document-warning" in page


def test_a_status_about_to_lapse_and_one_that_lapsed_are_warnings(cast):
    today = timezone.localdate()
    holder = cast.mentor.person
    certificate = Certificate.objects.create(
        person=holder, kind="mentor", number="M-1", issued_on=today.replace(year=today.year - 3)
    )
    # valid_until = issued_on + 3 years = today: lapses today, within the notice.
    assert certificate.valid_until == today
    texts = [w.text for w in my_tasks(cast.registrar, today).warnings]
    assert f"Срок действия статуса истекает {today:%d.%m.%Y}." in texts
    tomorrow = today + datetime.timedelta(days=1)
    assert document_warnings(certificate, tomorrow)  # expired the day after
    assert document_warnings(certificate, today)  # lapsing
    Certificate.objects.filter(pk=certificate.pk).update(state=CertificateState.REVOKED)
    assert document_warnings(Certificate.objects.get(pk=certificate.pk), tomorrow) == []


def test_a_status_that_lapsed_under_a_running_case_is_a_warning(cast):
    today = timezone.localdate()
    mentor = cast.mentor.person
    certificate = Certificate.objects.create(
        person=mentor, kind="mentor", number="M-2", issued_on=D(2023, 11, 26)
    )
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=mentor,
        kind=MentoringKind.MANAGEMENT,
        state=MentorshipState.ACTIVE,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 9, 1),
    )
    # Valid through 26.11.2026: the day before it lapses, no warning about the case.
    assert certificate.valid_until == today + datetime.timedelta(days=1)
    lapsed = [w for w in my_tasks(cast.curator, today).warnings if w.document == mentorship]
    assert lapsed == []
    after = today + datetime.timedelta(days=2)
    lapsed = [w for w in my_tasks(cast.curator, after).warnings if w.document == mentorship]
    assert len(lapsed) == 1 and "п. 2.1" in lapsed[0].text


def test_an_expired_certificate_reads_as_lapsed_in_the_admin_as_in_the_public_check(client, cast):
    today = timezone.localdate()
    Certificate.objects.create(
        person=cast.mentor.person, kind="mentor", number="M-3", issued_on=D(2023, 11, 24)
    )
    client.force_login(cast.registrar)
    listing = client.get("/admin/workflows/certificate/").content.decode()
    assert "Срок истёк" in listing
    certificate = Certificate.objects.get(number="M-3")
    assert certificate.valid_until == today - datetime.timedelta(days=1)
    page = client.get(f"/admin/workflows/certificate/inspect/{certificate.pk}/").content.decode()
    assert "Срок действия статуса истёк 24.11.2026." in page
