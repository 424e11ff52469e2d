"""The admin and the papers speak grammatical Russian: declined names and titles, counts
agreed with their nouns, states in their document's gender, no Wagtail where the portal is."""

import json
import re

from django.contrib.messages import get_messages

import pytest

from tests.workflows.conftest import add_activities
from tests.workflows.test_paper import both_formats
from workflows.choices import PlanState, ReplacementState, ReportState, StatusApplicationState
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db

BASE = "/admin/workflows"


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_document_pages_name_the_document_in_the_case_the_title_needs(
    client, cast, assignment_order
):
    client.force_login(cast.curator)
    inspect = client.get(f"{BASE}/order/inspect/{assignment_order.pk}/").content.decode()
    assert title(inspect) == "Просмотр приказа — Наставничество в Юрге"
    create = client.get(f"{BASE}/mentorship/create/").content.decode()
    assert title(create).startswith("Новое закрепление наставника")
    listing = client.get(f"{BASE}/mentorship/").content.decode()
    assert "Добавить закрепление наставника" in listing
    assert "Wagtail" not in title(listing)


def test_a_list_counts_its_documents_in_agreement_with_the_number(client, cast, school):
    client.force_login(cast.curator)
    people = client.get(f"{BASE}/person/").content.decode()
    # The school's curator, head, mentor and mentee: «4 работника», not «4 работники».
    assert re.search(r"\b4 работника\b", people)


def test_the_menu_is_in_sentence_case(client, cast):
    client.force_login(cast.curator)
    page = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    sidebar = json.dumps(json.loads(props), ensure_ascii=False)
    assert "Закрепления наставников" in sidebar
    assert "Закрепления Наставников" not in sidebar


def test_a_success_message_quotes_with_guillemets_and_agrees_in_gender(client, admin_user, school):
    client.force_login(admin_user)
    response = client.post(
        f"{BASE}/organisation/edit/{school.pk}/",
        {
            "full_name": school.full_name,
            "short_name": school.short_name,
            "kind": school.kind,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages[0].startswith(f"Организация «{school.short_name}» сохранена.")


def test_every_state_agrees_with_its_documents_gender(settings):
    assert str(PlanState.SUBMITTED.label) == "Подан"
    assert str(ReportState.SUBMITTED.label) == "Подан"
    assert str(StatusApplicationState.SUBMITTED.label) == "Подана"
    assert str(ReplacementState.APPROVED.label) == "Удовлетворено"
    assert str(StatusApplicationState.GRANTED.label) == "Статус присвоен"


def test_a_consent_is_addressed_in_the_genitive(client, cast, awaiting_order):
    mentor = awaiting_order.mentor
    mentor.surname, mentor.name, mentor.patronymic = "Михайлова", "Елена", "Анатольевна"
    mentor.position = "учитель математики"
    mentor.save()
    client.force_login(cast.curator)
    for text in both_formats(client, "mentorship", awaiting_order, "mentor_consent"):
        assert "Руководителю Муниципального бюджетного общеобразовательного учреждения" in text
        assert "от Михайловой Елены Анатольевны, учителя математики" in text


def test_the_sign_in_page_names_the_portal_and_labels_the_password_in_russian(client):
    page = client.get("/admin/login/").content.decode()
    assert "Вход на портал «Наставничество в Юрге»" in page
    assert "Пароль" in page and "Password" not in page


def test_the_help_menu_points_to_the_portals_guide_not_wagtails(client, cast):
    client.force_login(cast.mentor)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/guide/" in dashboard
    assert "guide.wagtail.org" not in dashboard and "gravatar" not in dashboard
    guide = client.get("/admin/guide/").content.decode()
    assert 'data-guide="mentor"' in guide and 'data-guide="org_head"' not in guide


def test_a_returned_plan_shows_why_on_its_page_until_it_is_submitted_again(
    client, cast, active_mentorship
):
    plan = active_mentorship.plan
    add_activities(plan)
    perform_transition(document=plan, name="submit", user=cast.mentor)
    plan = perform_transition(
        document=plan,
        name="return_for_revision",
        user=cast.org_head,
        comment="Добавьте открытый урок",
    )
    client.force_login(cast.mentor)
    page = client.get(f"{BASE}/individualplan/inspect/{plan.pk}/").content.decode()
    assert "data-last-refusal" in page and "Добавьте открытый урок" in page
    assert cast.org_head.person.short_name in page

    perform_transition(document=plan, name="submit", user=cast.mentor)
    page = client.get(f"{BASE}/individualplan/inspect/{plan.pk}/").content.decode()
    assert "data-last-refusal" not in page


def test_history_shows_a_scan_as_a_link_and_people_as_documents_write_them(
    client, cast, awaiting_order
):
    client.force_login(cast.curator)
    page = client.get(f"{BASE}/mentorship/history/{awaiting_order.pk}/").content.decode()
    assert "consents/" not in page
    assert f"/admin/workflows/mentorship/scan/{awaiting_order.pk}/" in page
    assert cast.mentor.person.short_name in page


def sidebar(client) -> dict:
    page = client.get("/admin/").content.decode()
    return json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)[1])


def test_only_those_who_edit_pages_are_offered_the_page_search(client, cast, make_user):
    client.force_login(cast.curator)
    assert "SearchModule" not in json.dumps(sidebar(client))
    assert 'role="search"' not in client.get("/admin/").content.decode()
    client.force_login(make_user("editor"))
    assert "SearchModule" in json.dumps(sidebar(client))
