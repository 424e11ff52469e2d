"""The papers of a case file: the individual plan, the final report, the questionnaire."""

import pytest

from tests.workflows.conftest import approve_plan, at_term_end, fill_questionnaire, fill_report
from tests.workflows.test_paper import both_formats, pdf_text
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


def test_the_plan_prints_its_activities_and_sides_and_is_a_draft_until_approved(
    client, cast, active_mentorship
):
    plan = active_mentorship.plan
    client.force_login(cast.curator)
    draft = client.get(f"/admin/workflows/individualplan/paper/{plan.pk}/individual_plan.pdf")
    assert "ПРОЕКТ" in pdf_text(draft.content)

    approve_plan(plan, cast)
    for text in both_formats(client, "individualplan", plan, "individual_plan"):
        assert "ИНДИВИДУАЛЬНЫЙ ПЛАН НАСТАВНИЧЕСТВА" in text
        assert "Посещение уроков наставника, цикл 1" in text
        assert "Посещение уроков" in text and "15.01.2027" in text
        assert active_mentorship.mentor.short_name in text
        assert active_mentorship.mentee.short_name in text
        assert "ПРОЕКТ" not in text


def test_the_report_prints_the_three_criteria_of_clause_6_3_and_the_plan_completion(
    client, cast, active_mentorship
):
    approve_plan(active_mentorship.plan, cast)
    at_term_end(active_mentorship, cast)
    report = fill_report(active_mentorship.report)
    perform_transition(document=report, name="submit", user=cast.mentor)
    client.force_login(cast.org_head)
    for text in both_formats(client, "report", report, "final_report"):
        assert "ОТЧЁТ О РЕЗУЛЬТАТАХ НАСТАВНИЧЕСТВА" in text
        assert "Освоила локальные акты и ФГОС" in text
        assert "Участвует в конкурсе молодых педагогов" in text
        assert "Поручения выполняет в срок" in text
        assert "выполнено: 0 из 2" in text


def test_the_questionnaire_prints_each_statement_with_its_score_once_handed_in(
    client, cast, active_mentorship
):
    questionnaire = fill_questionnaire(active_mentorship.questionnaire, score=4)
    client.force_login(cast.mentee)
    url = f"/admin/workflows/questionnaire/paper/{questionnaire.pk}/questionnaire.pdf"
    assert client.get(url).status_code == 404  # not handed in yet: nothing to print

    perform_transition(document=questionnaire, name="submit", user=cast.mentee)
    for text in both_formats(client, "questionnaire", questionnaire, "questionnaire"):
        assert "АНКЕТА ОЦЕНКИ НАСТАВНИЧЕСТВА" in text
        assert "Наставник помогал" in text or "помог" in text
        assert text.count("4 —") == 7
        assert "Спасибо наставнику." in text
