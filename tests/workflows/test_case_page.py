"""The mentorship's page is its case file: orders, plan, report, questionnaire, requests."""

import datetime

from django.utils import timezone

import pytest

from workflows.choices import ReplacementState
from workflows.models import ReplacementRequest

pytestmark = pytest.mark.django_db


def page_of(client, user, mentorship) -> str:
    client.force_login(user)
    response = client.get(f"/admin/workflows/mentorship/inspect/{mentorship.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def case_of(page: str) -> str:
    return page[
        page.index("data-case-file") : page.index("</section>", page.index("data-case-file"))
    ]


def test_the_curator_sees_every_document_of_the_case_linked(client, cast, active_mentorship):
    ReplacementRequest.objects.create(
        mentorship=active_mentorship, reason="Нет контакта", state=ReplacementState.SUBMITTED
    )
    page = page_of(client, cast.curator, active_mentorship)
    case = case_of(page)
    order = active_mentorship.orders.get()
    assert f"/admin/workflows/order/inspect/{order.pk}/" in case
    plan = active_mentorship.plan
    assert f"/admin/workflows/individualplan/inspect/{plan.pk}/" in case
    assert f"/admin/workflows/report/inspect/{active_mentorship.report.pk}/" in case
    questionnaire = active_mentorship.questionnaire
    assert f"/admin/workflows/questionnaire/inspect/{questionnaire.pk}/" in case
    assert "/admin/workflows/replacementrequest/inspect/" in case
    assert plan.due_on.strftime("%d.%m.%Y") in case
    assert "выполнено 0 из" in case
    assert "data-overdue" not in case
    assert page.count(">Скан согласия</a>") == 1  # the consent scan opens from the page, once


def test_an_overdue_plan_is_marked_from_the_day_after_its_due_date(
    client, cast, active_mentorship, clock
):
    due_on = active_mentorship.plan.due_on
    clock.move_to(
        datetime.datetime.combine(due_on, datetime.time(12), timezone.get_current_timezone())
    )
    assert "data-overdue" not in case_of(page_of(client, cast.curator, active_mentorship))
    clock.move_to(
        datetime.datetime.combine(
            due_on + datetime.timedelta(days=1), datetime.time(12), timezone.get_current_timezone()
        )
    )
    assert "data-overdue" in case_of(page_of(client, cast.curator, active_mentorship))


def test_the_mentor_sees_only_what_is_theirs_to_see(client, cast, active_mentorship):
    ReplacementRequest.objects.create(
        mentorship=active_mentorship, reason="Нет контакта", state=ReplacementState.SUBMITTED
    )
    case = case_of(page_of(client, cast.mentor, active_mentorship))
    assert "/admin/workflows/individualplan/inspect/" in case
    assert "/admin/workflows/questionnaire/" not in case
    assert "/admin/workflows/replacementrequest/" not in case
    assert "/admin/workflows/order/" not in case


@pytest.mark.parametrize("model", ["individualplan", "report", "questionnaire"])
def test_list_search_folds_case_and_yo(client, cast, active_mentorship, model):
    mentor = active_mentorship.mentor
    mentor.surname = "Воробьёва"
    mentor.save()
    client.force_login(cast.curator)
    for query in ("Воробьева", "воробьёва", "ВОРОБЬЕВА"):
        listing = client.get(f"/admin/workflows/{model}/", {"q": query}).content.decode()
        assert f"/admin/workflows/{model}/inspect/" in listing, query
    listing = client.get(f"/admin/workflows/{model}/", {"q": "Синицына"}).content.decode()
    assert f"/admin/workflows/{model}/inspect/" not in listing
