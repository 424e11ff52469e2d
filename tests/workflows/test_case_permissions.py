"""Who may take each transition of plans, reports, questionnaires and replacement requests.

Every role of the same and of another organisation tries each transition: the allowed ones
move the document with exactly one transition-log entry and one version; the others change
nothing through the service and are refused by the admin (404 for those outside the scope:
another organisation's staff, and editors and moderators, who have no part in mentoring).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

import pytest
from django_fsm_log.models import StateLog

from tests.workflows.conftest import (
    add_activities,
    approve_plan,
    at_term_end,
    fill_questionnaire,
    fill_report,
)
from workflows.models import Person
from workflows.services import (
    perform_transition,
    replacement_request_create,
    take_transition,
)

pytestmark = pytest.mark.django_db

EVERYONE = (
    "curator", "org_head", "mentor", "mentee", "other_curator", "other_org_head",
    "other_mentor", "other_mentee", "center", "department", "registrar", "editor", "moderator",
)  # fmt: skip


def submitted_plan(m, cast):
    approve_plan(m.plan, cast)
    plan = perform_transition(document=m.plan, name="amend", user=cast.mentor, comment="Правка")
    return perform_transition(document=plan, name="submit", user=cast.mentor)


def draft_plan(m, cast):
    return add_activities(m.plan)


def approved_plan(m, cast):
    return approve_plan(m.plan, cast)


def filled_report(m, cast):
    approve_plan(m.plan, cast)
    at_term_end(m, cast)
    return fill_report(m.report)


def submitted_report(m, cast):
    return perform_transition(document=filled_report(m, cast), name="submit", user=cast.mentor)


def approved_report(m, cast):
    report = submitted_report(m, cast)
    report = perform_transition(document=report, name="approve", user=cast.org_head)
    perform_transition(
        document=fill_questionnaire(m.questionnaire), name="submit", user=cast.mentee
    )
    return report


def sent_report(m, cast):
    return perform_transition(document=approved_report(m, cast), name="send", user=cast.curator)


def draft_questionnaire(m, cast):
    return fill_questionnaire(m.questionnaire)


def replacement_request(m, cast):
    return replacement_request_create(user=cast.mentee, mentorship=m, reason="Нет контакта")


def new_mentor(cast):
    return Person.objects.create(
        surname="Кузнецова", name="Ирина", organisation=cast.school, position="учитель",
        teaching_experience_since=datetime.date(2001, 9, 1),
    )  # fmt: skip


CASES = [
    # (document in the source state, transition, who may, extra parameters)
    (draft_plan, "submit", {"mentor", "curator"}, {}),
    (submitted_plan, "approve", {"org_head"}, {}),
    (submitted_plan, "return_for_revision", {"org_head"}, {"comment": "Доработать"}),
    (approved_plan, "amend", {"mentor", "curator"}, {"comment": "Новые задачи"}),
    (filled_report, "submit", {"mentor"}, {}),
    (submitted_report, "approve", {"org_head"}, {}),
    (submitted_report, "return_for_revision", {"org_head"}, {"comment": "Доработать"}),
    (sent_report, "return_for_revision", {"center"}, {"comment": "Нет выводов"}),
    (approved_report, "send", {"curator", "org_head"}, {}),
    (sent_report, "accept", {"center"}, {}),
    (draft_questionnaire, "submit", {"mentee"}, {}),
    (replacement_request, "approve", {"org_head"}, {"ended_on": datetime.date(2027, 3, 1)}),
    (replacement_request, "reject", {"org_head"}, {"comment": "Контакт восстановлен"}),
]  # fmt: skip


def refused_by_the_admin(response) -> bool:
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def counts(document):
    content_type = ContentType.objects.get_for_model(document)
    logs = StateLog.objects.filter(content_type=content_type, object_id=document.pk).count()
    return logs, document.history.count()


@pytest.mark.parametrize(
    ("prepare", "name", "allowed", "params"),
    CASES,
    ids=[f"{case[0].__name__}-{case[1]}" for case in CASES],
)
def test_each_role_of_each_organisation(
    active_mentorship, cast, client, prepare, name, allowed, params
):
    document = prepare(active_mentorship, cast)
    model = type(document)
    if name == "approve" and model.__name__ == "ReplacementRequest":
        params = {**params, "new_mentor": new_mentor(cast)}
    url = reverse(
        f"workflows_{model._meta.model_name}_modeladmin_transition", args=[document.pk, name]
    )
    values = {key: value for key, value in params.items() if key != "comment"}
    taken = {"name": name, "comment": params.get("comment", ""), "values": values}
    for who in EVERYONE:
        user = getattr(cast, who)
        with transaction.atomic():
            fresh = model.objects.get(pk=document.pk)
            before_state, (logs, versions) = fresh.state, counts(fresh)
            if who in allowed:
                moved = take_transition(document=fresh, user=user, **taken)
                assert moved.state != before_state or name == "return_for_revision", who
                assert counts(moved) == (logs + 1, versions + 1), who
            else:
                with pytest.raises(PermissionDenied):
                    take_transition(document=fresh, user=user, **taken)
                fresh.refresh_from_db()
                assert fresh.state == before_state and counts(fresh) == (logs, versions), who
                client.force_login(user)
                response = client.post(url, params)
                if who.startswith("other_") or who in ("editor", "moderator"):
                    assert response.status_code == 404, who
                else:
                    assert refused_by_the_admin(response), who
            transaction.set_rollback(True)
