"""A mentorship's whole case file, taken through the admin by each person in turn."""

import re

from django.urls import reverse

import pytest

from tests.workflows.conftest import add_activities, at_term_end
from workflows.choices import MentorshipState, ReportState
from workflows.models import Mentorship, Questionnaire

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def url(document, action="inspect"):
    return reverse(f"workflows_{document._meta.model_name}_modeladmin_{action}", args=[document.pk])


@pytest.fixture
def as_user(page, login):
    def switch(user):
        page.context.clear_cookies()
        login(user)

    return switch


def act(page, document, name, comment=""):
    """Open the document, press the transition's button and confirm it."""
    page.goto(url(document))
    page.click(f"a[data-transition={name}]")
    if comment:
        page.fill("textarea[name=comment]", comment)
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_url(f"**{url(document)}")
    assert page.locator(".messages").inner_text().strip().startswith("Выполнено")


def save_form(page):
    page.locator("form button[type=submit]", has_text="Сохранить").first.click()
    page.wait_for_load_state()


def test_from_the_assignment_to_the_completed_mentorship(page, as_user, cast, active_mentorship):
    plan, report = active_mentorship.plan, active_mentorship.report
    questionnaire = active_mentorship.questionnaire
    add_activities(plan)

    as_user(cast.mentor)
    assert "План:" in page.locator("[data-panel=my-tasks]").inner_text()
    act(page, plan, "submit")
    as_user(cast.org_head)
    act(page, plan, "return_for_revision", comment="Уточните сроки посещений")
    as_user(cast.mentor)
    act(page, plan, "submit")
    as_user(cast.org_head)
    act(page, plan, "approve")

    at_term_end(active_mentorship, cast)  # the report opens on the term's last day (6.1)
    as_user(cast.mentor)
    page.goto(url(plan))
    for number in (1, 2):
        row = page.locator(f"[data-item='{number}']")
        row.locator("textarea").fill(f"Выполнено, отчёт № {number}")
        row.locator("button").click()
        page.wait_for_url(f"**{url(plan)}")
    assert page.locator("[data-plan-items]").inner_text().count("выполнено") == 2

    page.goto(url(report, "edit"))
    page.fill("#id_results_regulations", "Освоила ФГОС и локальные акты.")
    page.fill("#id_results_motivation", "Участвует в конкурсе молодых педагогов.")
    page.fill("#id_results_discipline", "Поручения выполняет в срок.")
    page.fill("#id_recommendations", "Курсы по формирующему оцениванию.")
    save_form(page)
    act(page, report, "submit")
    assert "2 из 2" in page.locator("[data-plan-completion]").inner_text()
    as_user(cast.org_head)
    act(page, report, "approve")

    as_user(cast.mentee)
    page.goto(url(questionnaire, "edit"))
    for name in Questionnaire.SCORES:
        page.check(f"input[name={name}][value='5']")
    page.fill("#id_comment", "Спасибо наставнику!")
    save_form(page)
    act(page, questionnaire, "submit")

    as_user(cast.curator)
    act(page, report, "send")
    as_user(cast.center)
    assert "Принять" in page.locator("[data-panel=my-tasks]").inner_text()
    act(page, report, "accept")

    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert Mentorship.objects.get(pk=active_mentorship.pk).state == MentorshipState.COMPLETED
    page.goto(url(active_mentorship))
    assert page.locator("[data-state]").text_content() == "Завершено"

    page.goto(url(plan, "history"))
    transitions = page.locator("[data-history=transitions]").inner_text()
    assert re.findall(r"Отправить на утверждение|Вернуть на доработку|Утвердить", transitions) == [
        "Отправить на утверждение", "Вернуть на доработку", "Отправить на утверждение", "Утвердить",
    ]  # fmt: skip
    assert "Уточните сроки посещений" in transitions
    assert page.locator("[data-history=versions]").inner_text().count("Выполнено:") == 2
    page.goto(url(report, "history"))
    transitions = page.locator("[data-history=transitions]").inner_text()
    for label in ("Отправить на утверждение", "Утвердить", "Отправить в центр", "Принять"):
        assert label in transitions
    assert "Освоила ФГОС" in page.locator("[data-history=versions]").inner_text()
    page.goto(url(active_mentorship, "history"))
    assert "Завершить" in page.locator("[data-history=transitions]").inner_text()
