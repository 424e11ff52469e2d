"""The admin pages of the case documents beyond transitions: the mentee's request, the
account setting for notices, and the plan's activities."""

from django.urls import reverse

import pytest

from tests.workflows.conftest import approve_plan
from workflows.choices import ReplacementState
from workflows.models import NotificationPreference, ReplacementRequest

pytestmark = pytest.mark.django_db

CREATE = reverse("workflows_replacementrequest_modeladmin_create")


def test_the_mentee_files_a_replacement_request_in_the_admin(client, cast, active_mentorship):
    client.force_login(cast.mentee)
    page = client.get(CREATE).content.decode()
    assert "п. 5.2" in page or "Пункт 5.2" in page
    response = client.post(
        CREATE, {"mentorship": active_mentorship.pk, "reason": "Наставник на больничном"}
    )
    request = ReplacementRequest.objects.get()
    assert response.url == reverse(
        "workflows_replacementrequest_modeladmin_inspect", args=[request.pk]
    )
    assert request.state == ReplacementState.SUBMITTED and request.created_by == cast.mentee
    response = client.post(CREATE, {"mentorship": active_mentorship.pk, "reason": "Ещё раз"})
    assert "уже ожидает решения" in response.content.decode()


def test_only_mentees_may_file_requests_and_plans_are_never_added_by_hand(client, cast):
    client.force_login(cast.curator)
    assert client.get(CREATE).status_code in (302, 403)
    client.force_login(cast.mentor)
    create_plan = reverse("workflows_individualplan_modeladmin_create")
    assert client.get(create_plan).status_code in (302, 403)


def test_a_user_turns_off_non_essential_notices_in_the_account(client, cast):
    client.force_login(cast.mentor)
    account = reverse("wagtailadmin_account")
    assert "Письма о наставничестве" in client.get(account).content.decode()
    response = client.post(
        account,
        {
            "name_email-first_name": "Елена",
            "name_email-last_name": "Михайлова",
            "name_email-email": cast.mentor.email,
            "locale-preferred_language": "ru",
            "locale-current_time_zone": "Asia/Novokuznetsk",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "mentoring_notices-non_essential": "",
        },
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=cast.mentor).non_essential is False


def test_only_the_mentor_marks_activities_of_their_plan(client, cast, active_mentorship):
    plan = approve_plan(active_mentorship.plan, cast)
    item = plan.items.first()
    mark = reverse("workflows_individualplan_modeladmin_item_done", args=[item.pk])
    client.force_login(cast.curator)
    response = client.post(mark, {"note": "Чужая отметка"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    item.refresh_from_db()
    assert not item.done
    client.force_login(cast.other_mentor)
    assert client.post(mark, {"note": "x"}).status_code == 404
    client.force_login(cast.mentor)
    page = client.get(reverse("workflows_individualplan_modeladmin_inspect", args=[plan.pk]))
    assert "Отметить выполненным" in page.content.decode()
    client.post(mark, {"note": "Готово"})
    item.refresh_from_db()
    assert item.done and item.note == "Готово"


def test_the_mentor_drafts_the_plan_activities_in_the_admin(client, cast, active_mentorship):
    plan = active_mentorship.plan
    edit = reverse("workflows_individualplan_modeladmin_edit", args=[plan.pk])
    client.force_login(cast.mentor)
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "tasks": "Адаптация в коллективе",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-activity": "Посещение уроков наставника",
            "items-0-form": "lesson_visit",
            "items-0-due_on": "15.12.2026",
            "items-0-expected_result": "Карта наблюдения",
            "items-0-ORDER": "1",
            "items-0-id": "",
            "items-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [item.activity for item in plan.items.all()] == ["Посещение уроков наставника"]
    client.force_login(cast.mentee)
    assert client.get(edit).status_code in (302, 403)


def test_a_questionnaire_question_offers_its_five_scores_and_no_blank_answer(
    client, cast, active_mentorship
):
    questionnaire = active_mentorship.questionnaire
    client.force_login(cast.mentee)
    url = reverse("workflows_questionnaire_modeladmin_edit", args=[questionnaire.pk])
    page = client.get(url).content.decode()
    first = questionnaire.SCORES[0]
    assert page.count(f'name="{first}"') == 5
    assert "---------" not in page
