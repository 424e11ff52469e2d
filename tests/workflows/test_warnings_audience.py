"""Each warning on «Мои задачи» goes to the people who can act on it, and to no one else."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import MentorshipFactory
from workflows.choices import MentoringKind, MentorshipState
from workflows.models import Certificate
from workflows.tasks import my_tasks

pytestmark = pytest.mark.django_db

D = datetime.date
EVERYONE = (
    "curator", "org_head", "mentor", "mentee", "center", "department", "registrar", "editor",
    "other_curator", "other_org_head", "other_mentor", "other_mentee",
)  # fmt: skip


def warned_about(cast, document, today) -> set[str]:
    return {
        who
        for who in EVERYONE
        if any(w.document == document for w in my_tasks(getattr(cast, who), today).warnings)
    }


def test_a_case_past_its_term_without_a_report_warns_its_mentor_school_and_the_centre(cast):
    today = timezone.localdate()
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        mentee=cast.mentee.person,
        state=MentorshipState.ACTIVE,
        starts_on=today - datetime.timedelta(days=395),
        ends_on=today - datetime.timedelta(days=1),
    )
    assert warned_about(cast, mentorship, today) == {"mentor", "curator", "org_head", "center"}


def test_a_status_lapsed_under_a_running_case_warns_the_school_that_decides(cast):
    today = timezone.localdate()
    Certificate.objects.create(
        person=cast.mentor.person, kind="mentor", number="M-2", issued_on=D(2023, 11, 1)
    )
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        mentee=cast.mentee.person,
        kind=MentoringKind.MANAGEMENT,
        state=MentorshipState.ACTIVE,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 9, 1),
    )
    assert warned_about(cast, mentorship, today) == {"curator", "org_head"}


def test_a_status_about_to_lapse_warns_its_holder_their_school_and_the_registrar(cast):
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        person=cast.mentor.person, kind="mentor", number="M-1", issued_on=D(2023, 12, 20)
    )
    assert warned_about(cast, certificate, today) == {"mentor", "curator", "org_head", "registrar"}


def test_the_registrars_dashboard_leaves_out_the_cases_she_cannot_act_on(client, cast):
    today = timezone.localdate()
    MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        state=MentorshipState.ACTIVE,
        starts_on=today - datetime.timedelta(days=395),
        ends_on=today - datetime.timedelta(days=1),
    )
    client.force_login(cast.registrar)
    assert "итоговый отчёт не подан" not in client.get("/admin/").content.decode()
    client.force_login(cast.curator)
    assert "итоговый отчёт не подан" in client.get("/admin/").content.decode()
