"""The activities of a plan keep every version: the approved plan reads back after an amendment."""

import datetime

from django.urls import reverse

import pytest

from tests.workflows.conftest import SCENARIO_DAY, approve_plan
from workflows.choices import ActivityForm
from workflows.models import PlanItem
from workflows.selectors import approved_plan_items, plan_items_as_of
from workflows.services import perform_transition, plan_item_mark_done

pytestmark = pytest.mark.django_db

STEP = datetime.timedelta(hours=1)
FIRST = {"activity": "Посещение уроков наставника", "form": "lesson_visit", "due_on": "15.12.2026"}
SECOND = {"activity": "Разработка открытого урока", "form": "open_lesson", "due_on": "20.02.2027"}


def edit_plan(client, plan, rows):
    """Save the plan through the admin's edit page with the inline ``rows`` of activities (a
    row with an ``id`` is an existing activity, ``DELETE`` removes it)."""
    data = {
        "tasks": "Адаптация в коллективе",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        values = {"id": "", "ORDER": str(n + 1), "DELETE": "", "expected_result": "", **row}
        data |= {f"items-{n}-{name}": value for name, value in values.items()}
    response = client.post(
        reverse("workflows_individualplan_modeladmin_edit", args=[plan.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def listed(items) -> list[tuple]:
    return [(item.activity, item.form, item.due_on) for item in items]


@pytest.fixture
def approved_then_amended(clock, client, cast, active_mentorship):
    """A plan drafted in the admin and approved, then amended: the first activity changed, the
    second deleted, a third added; one hour between the steps."""
    plan = active_mentorship.plan
    client.force_login(cast.mentor)
    edit_plan(client, plan, [FIRST, SECOND])
    clock.shift(STEP)
    perform_transition(document=plan, name="submit", user=cast.mentor)
    clock.shift(STEP)
    perform_transition(document=plan, name="approve", user=cast.org_head)
    clock.shift(STEP)
    perform_transition(document=plan, name="amend", user=cast.mentor, comment="Новые сроки")
    clock.shift(STEP)
    first, second = plan.items.all()
    edit_plan(
        client,
        plan,
        [
            {**FIRST, "id": str(first.pk), "due_on": "25.12.2026", "activity": "Посещение уроков"},
            {**SECOND, "id": str(second.pk), "DELETE": "1"},
            {
                "activity": "Участие в методическом объединении",
                "form": "other",
                "due_on": "10.03.2027",
            },
        ],
    )
    clock.shift(STEP)
    return plan


APPROVED = [
    ("Посещение уроков наставника", ActivityForm.LESSON_VISIT, datetime.date(2026, 12, 15)),
    ("Разработка открытого урока", ActivityForm.OPEN_LESSON, datetime.date(2027, 2, 20)),
]
AMENDED = [
    ("Посещение уроков", ActivityForm.LESSON_VISIT, datetime.date(2026, 12, 25)),
    ("Участие в методическом объединении", ActivityForm.OTHER, datetime.date(2027, 3, 10)),
]


def test_the_approved_activities_read_back_exactly_after_an_amendment(approved_then_amended):
    plan = approved_then_amended
    assert listed(approved_plan_items(plan)) == APPROVED
    assert listed(plan.items.all()) == AMENDED


def test_the_next_approval_is_what_reads_back_then(approved_then_amended, clock, cast):
    plan = approved_then_amended
    perform_transition(document=plan, name="submit", user=cast.mentor)
    clock.shift(STEP)
    perform_transition(document=plan, name="approve", user=cast.org_head)
    clock.shift(STEP)
    item = plan.items.first()
    plan_item_mark_done(item=item, user=cast.mentor, note="Карта наблюдения заполнена")
    assert listed(approved_plan_items(plan)) == AMENDED
    assert [item.done for item in approved_plan_items(plan)] == [False, False]
    assert [item.done for item in plan.items.all()] == [True, False]


def test_the_activities_of_any_moment_read_back(approved_then_amended):
    plan = approved_then_amended
    assert plan_items_as_of(plan, SCENARIO_DAY - STEP) == []
    assert listed(plan_items_as_of(plan, SCENARIO_DAY)) == APPROVED
    assert listed(plan_items_as_of(plan, SCENARIO_DAY + 3 * STEP)) == APPROVED  # amended
    assert listed(plan_items_as_of(plan, SCENARIO_DAY + 4 * STEP)) == AMENDED  # edited


def test_the_admin_records_who_changed_which_activity(approved_then_amended, cast):
    plan = approved_then_amended
    versions = sorted(
        (record.activity, record.history_type, record.history_user)
        for record in PlanItem.history.filter(plan_id=plan.pk)
    )
    assert versions == [
        ("Посещение уроков", "~", cast.mentor),
        ("Посещение уроков наставника", "+", cast.mentor),
        ("Разработка открытого урока", "+", cast.mentor),
        ("Разработка открытого урока", "-", cast.mentor),
        ("Участие в методическом объединении", "+", cast.mentor),
    ]


def test_marking_an_activity_done_is_a_version_of_it(clock, cast, active_mentorship):
    plan = approve_plan(active_mentorship.plan, cast)
    item = plan.items.first()
    plan_item_mark_done(item=item, user=cast.mentor, note="Проведено")
    latest = item.history.latest()
    assert (latest.done, latest.note, latest.history_user) == (True, "Проведено", cast.mentor)
    assert latest.history_change_reason == f"Выполнено: {item.activity} — Проведено"


def test_saving_the_plan_unchanged_writes_no_version_of_its_activities(
    approved_then_amended, client
):
    plan = approved_then_amended
    before = PlanItem.history.filter(plan_id=plan.pk).count()
    rows = [
        {"id": str(item.pk), "activity": item.activity, "form": item.form}
        | {"due_on": item.due_on.strftime("%d.%m.%Y")}
        for item in plan.items.all()
    ]
    edit_plan(client, plan, rows)
    assert PlanItem.history.filter(plan_id=plan.pk).count() == before
