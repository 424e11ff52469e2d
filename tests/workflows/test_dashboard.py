"""The dashboard: "My tasks" for everyone and the Municipal centre's analysis."""

import datetime
from io import BytesIO

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import hooks

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import MentorshipFactory, OrderFactory, PersonFactory
from tests.workflows.conftest import add_activities
from workflows.analytics import CENTRE_TABLES, centre_table, centre_tables
from workflows.choices import (
    MentorshipState,
    OrderState,
    PlanState,
    QuestionnaireState,
    ReplacementState,
    ReportState,
)
from workflows.models import (
    IndividualPlan,
    OrderVisa,
    Questionnaire,
    ReplacementRequest,
    Report,
)
from workflows.services import (
    mentorship_consent_as_mentee,
    perform_transition,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DASHBOARD = "/admin/"
CENTRE = reverse("workflows_centre_dashboard")
TODAY = datetime.datetime(2027, 1, 20, 9, 0)


def populate(cast, count):
    """``count`` running mentorships of the school with a document in every waiting state."""
    for number in range(count):
        mentorship = MentorshipFactory(
            organisation=cast.school,
            mentor=cast.mentor.person,
            mentee=PersonFactory(organisation=cast.school),
            state=MentorshipState.ACTIVE,
            starts_on=D(2026, 12, 1),
            started_on=D(2026, 12, 1),
            ends_on=D(2027, 1, 20),  # its last day is today: the report it sent is the centre's
        )
        add_activities(
            IndividualPlan.objects.create(
                mentorship=mentorship,
                due_on=D(2026, 12, 8),
                state=PlanState.SUBMITTED if number % 2 else PlanState.DRAFT,
                submitted_on=D(2026, 12, 7) if number % 2 else None,
            ),
            1,
        )
        Report.objects.create(
            mentorship=mentorship,
            due_on=D(2027, 12, 8),
            state=ReportState.SENT,
            submitted_on=D(2027, 1, 5),
        )
        Questionnaire.objects.create(
            mentorship=mentorship,
            due_on=D(2027, 12, 8),
            state=QuestionnaireState.SUBMITTED,
            submitted_on=D(2027, 1, 5),
            **{name: 1 + (number % 5) for name in Questionnaire.SCORES},
        )
        ReplacementRequest.objects.create(
            mentorship=mentorship, reason="Нет контакта", state=ReplacementState.SUBMITTED
        )
        MentorshipFactory(organisation=cast.school)  # a draft the curator sends for consent
        order = OrderFactory(issuer=cast.school, state=OrderState.APPROVAL)
        OrderVisa.objects.create(order=order, approver=cast.curator)


def queries_for(client, user, url):
    client.force_login(user)
    client.get(url)  # the first visit creates the user's Wagtail profile
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response.content.decode()


@pytest.mark.parametrize("role", ["mentor", "org_head", "curator", "center"])
def test_my_tasks_and_the_centre_cost_the_same_queries_at_any_size(client, cast, role):
    with time_machine.travel(TODAY, tick=False):
        populate(cast, 2)
        small, _ = queries_for(client, getattr(cast, role), DASHBOARD)
        populate(cast, 6)
        large, page = queries_for(client, getattr(cast, role), DASHBOARD)
        assert small == large
        assert large <= 25
        assert page.count("data-task") > 0
        if role == "center":
            small_centre, _ = queries_for(client, cast.center, CENTRE)
            populate(cast, 3)
            large_centre, _ = queries_for(client, cast.center, CENTRE)
            assert small_centre == large_centre <= 18


def test_my_tasks_lists_what_waits_for_each_user_most_urgent_first(client, cast):
    with time_machine.travel(TODAY, tick=False):
        populate(cast, 2)
        client.force_login(cast.mentor)
        mentor_page = client.get(DASHBOARD).content.decode()
        # The mentor's draft plan is overdue (due 08.12.2026) and comes first.
        first = mentor_page.index("data-task")
        assert "План:" in mentor_page[first : first + 400]
        assert "просрочено" in mentor_page[first : first + 1200]
        client.force_login(cast.org_head)
        head_page = client.get(DASHBOARD).content.decode()
        assert head_page.count("Утвердить") >= 1 and "Удовлетворить" in head_page
        assert "Просрочено в вашей зоне ответственности" in head_page
        client.force_login(cast.other_org_head)
        assert "Ваших действий ничто не ожидает." in client.get(DASHBOARD).content.decode()
        client.force_login(cast.center)
        centre_page = client.get(DASHBOARD).content.decode()
        assert centre_page.count("Принять") == 2


def test_a_consent_leaves_the_list_once_given(client, cast, draft_mentorship):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    client.force_login(cast.mentee)
    assert "Дать согласие" in client.get(DASHBOARD).content.decode()
    mentorship_consent_as_mentee(
        mentorship=draft_mentorship, user=cast.mentee, consented_on=D(2026, 11, 20)
    )
    assert "Дать согласие" not in client.get(DASHBOARD).content.decode()


def test_the_centre_sees_its_analysis_and_exports_every_table(client, cast):
    with time_machine.travel(TODAY, tick=False):
        populate(cast, 4)
        client.force_login(cast.center)
        page = client.get(CENTRE).content.decode()
        # The chart is text at the page's size with a meter per question, not a scaled SVG.
        assert "<meter" in page and "Наставник помогал решать вопросы" in page
        assert page.count('class="table-scroll"') == 6
        for table in ("by_organisation", "by_kind", "on_time", "by_question", "by_mentor"):
            response = client.get(f"{CENTRE}?export={table}")
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            rows = list(load_workbook(BytesIO(response.content)).active.values)
            assert len(rows) >= 3, table
        on_time = list(
            load_workbook(BytesIO(client.get(f"{CENTRE}?export=on_time").content)).active.values
        )
        # Four plans due: two submitted on time, two never; no report due yet but four in.
        assert on_time[-1] == ("Все организации", 4, 2, 50.0, 4, 4, 100.0)
        by_question = list(
            load_workbook(BytesIO(client.get(f"{CENTRE}?export=by_question").content)).active.values
        )
        assert by_question[2][1] == 2.5  # scores 1, 2, 3, 4
        assert client.get(f"{CENTRE}?export=nothing").status_code == 404


def test_only_the_centre_sees_the_dashboard(client, cast):
    client.force_login(cast.curator)
    response = client.get(CENTRE)
    assert response.status_code in (302, 403)
    assert CENTRE not in client.get(DASHBOARD).content.decode()  # no menu item
    client.force_login(cast.center)
    assert CENTRE in client.get(DASHBOARD).content.decode()


def test_the_centre_narrows_its_analysis_and_the_exports_follow(client, cast):
    with time_machine.travel(TODAY, tick=False):
        populate(cast, 4)
        client.force_login(cast.center)

        def total(query: str) -> int:
            response = client.get(f"{CENTRE}?{query}&export=by_kind")
            return sum(
                row[-1] for row in list(load_workbook(BytesIO(response.content)).active.values)[2:]
            )

        everything = total("")
        assert everything >= 4
        assert total(f"organisation={cast.school.pk}") == everything
        assert total(f"organisation={cast.other_school.pk}") == 0
        assert total("kind=coaching") == 0
        assert total("to=2000-01-01") == 0 and total("from=2000-01-01") == everything
        # Values that cannot be meant are ignored, not errors.
        assert total("organisation=²&kind=nothing&from=31.02.2026") == everything
        page = client.get(f"{CENTRE}?kind=traditional").content.decode()
        assert "kind=traditional&amp;export=by_kind" in page


def export_queries(client, key: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"{CENTRE}?export={key}")
    assert response.status_code == 200 and response.content.startswith(b"PK")  # a workbook
    return len(context)


def test_the_centres_exports_cost_the_same_queries_at_any_size(client, cast):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(cast.center)
        client.get(CENTRE)  # the first visit creates the user's Wagtail profile
        populate(cast, 2)
        small = {key: export_queries(client, key) for key in CENTRE_TABLES}
        populate(cast, 6)
        large = {key: export_queries(client, key) for key in CENTRE_TABLES}
        # The frame's session, user, permissions, profile and groups (6), and only the table
        # exported: one query, or one each for plans and reports.
        assert small == large == {**dict.fromkeys(CENTRE_TABLES, 7), "on_time": 8}


def test_an_export_is_the_pages_table(cast):
    with time_machine.travel(TODAY, tick=False):
        populate(cast, 3)
        tables = centre_tables(D(2027, 1, 20))
        # The keys of the mapping are the tables' own, in the page's order.
        assert [table.key for table in tables] == list(CENTRE_TABLES)
        for table in tables:
            assert centre_table(table.key, D(2027, 1, 20)) == table
        assert centre_table("nothing", D(2027, 1, 20)) is None


def summary_items_for(user) -> list:
    """The admin home's site summary items for ``user`` once every hook has had its say."""
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    items = []
    for hook in hooks.get_hooks("construct_homepage_summary_items"):
        hook(request, items)
    return items


def test_the_mentoring_roles_home_builds_no_site_summary(cast):
    # The counts of pages, images and documents are for the editors; for everyone else the
    # items are not even built (each asks the database whether to show itself). Wagtail's own
    # hooks add them, so the portal's hook must come after them.
    assert summary_items_for(cast.editor)
    for user in (cast.center, cast.department, cast.curator, cast.mentor):
        assert summary_items_for(user) == [], user
