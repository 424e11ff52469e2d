import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine

from tests.factories import MentorshipFactory, OrderFactory, png_scan
from workflows.choices import ActivityForm, MentorshipState, Role
from workflows.models import PlanItem, Questionnaire
from workflows.services import (
    mentorship_consent_as_mentee,
    mentorship_consent_as_mentor,
    order_sign,
    perform_transition,
)

TZ = zoneinfo.ZoneInfo("Asia/Novokuznetsk")
# The day the mentoring scenarios happen on: consents on 20–21.11, orders from 01.12.2026.
SCENARIO_DAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=TZ)


@pytest.fixture
def clock():
    """The clock frozen on :data:`SCENARIO_DAY`. The :func:`cast` requests it, so every
    scenario is built and played inside it: consents, signing, deadlines and history "as of" a
    moment all compare with the data's own dates, whatever the real date is. A test that needs
    another day moves it (``clock.move_to``) or travels inside it."""
    with time_machine.travel(SCENARIO_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(clock, make_user, school, other_school):
    """The people of one school's mentoring, each a user with their role, plus outsiders,
    on the scenario's day (see :func:`clock`)."""
    people = SimpleNamespace(school=school, other_school=other_school, clock=clock)
    for role in (Role.CURATOR, Role.ORG_HEAD, Role.MENTOR, Role.MENTEE):
        setattr(people, role.value, make_user(role, organisation=school))
        setattr(people, f"other_{role.value}", make_user(role, organisation=other_school))
    for role in (Role.CENTER, Role.DEPARTMENT, Role.REGISTRAR, Role.EDITOR, Role.MODERATOR):
        setattr(people, role.value, make_user(role))
    mentor = people.mentor.person
    mentor.teaching_experience_since = datetime.date(2005, 9, 1)
    mentor.save()
    return people


@pytest.fixture
def draft_mentorship(cast):
    return MentorshipFactory(
        organisation=cast.school, mentor=cast.mentor.person, mentee=cast.mentee.person
    )


def consent_both(mentorship, cast):
    perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)
    mentorship_consent_as_mentor(
        mentorship=mentorship,
        user=cast.mentor,
        consented_on=datetime.date(2026, 11, 20),
        scan=png_scan(),
    )
    return mentorship_consent_as_mentee(
        mentorship=mentorship, user=cast.mentee, consented_on=datetime.date(2026, 11, 21)
    )


@pytest.fixture
def awaiting_order(draft_mentorship, cast):
    mentorship = consent_both(draft_mentorship, cast)
    assert mentorship.state == MentorshipState.AWAITING_ORDER
    return mentorship


@pytest.fixture
def assignment_order(awaiting_order, cast):
    return OrderFactory(issuer=cast.school, mentorships=[awaiting_order], approvers=[cast.curator])


def sign_through(order, cast):
    """Submit, collect every visa and sign: the order's whole approval stage."""
    perform_transition(document=order, name="submit", user=cast.curator)
    for visa in order.route.all():
        perform_transition(document=order, name="give_visa", user=visa.approver)
    return order_sign(order=order, user=cast.org_head)


@pytest.fixture
def assignment_order_draft(draft_mentorship, cast):
    """An assignment order for ``draft_mentorship`` (consents to come); the curator's visa."""
    return OrderFactory(
        issuer=cast.school, mentorships=[draft_mentorship], approvers=[cast.curator]
    )


# -- the documents of an active mentorship's case (plans, reports, questionnaires) ---------


@pytest.fixture
def active_mentorship(assignment_order, cast):
    """The assignment order signed: the mentorship runs and its case documents are open."""
    sign_through(assignment_order, cast)
    mentorship = assignment_order.mentorships.get()
    assert mentorship.state == MentorshipState.ACTIVE
    return mentorship


def add_activities(plan, count=2):
    for number in range(1, count + 1):
        PlanItem.objects.create(
            plan=plan,
            activity=f"Посещение уроков наставника, цикл {number}",
            form=ActivityForm.LESSON_VISIT,
            due_on=datetime.date(2027, number, 15),
            expected_result="Анализ урока по карте наблюдения",
        )
    return plan


def approve_plan(plan, cast):
    add_activities(plan)
    perform_transition(document=plan, name="submit", user=cast.mentor)
    return perform_transition(document=plan, name="approve", user=cast.org_head)


def at_term_end(mentorship, cast):
    """Move the clock to the last day of the term: the final report opens then (6.1)."""
    cast.clock.move_to(datetime.datetime.combine(mentorship.ends_on, datetime.time(12), TZ))


def fill_report(report):
    report.results_regulations = "Освоила локальные акты и ФГОС, применяет на уроках."
    report.results_motivation = "Участвует в конкурсе молодых педагогов."
    report.results_discipline = "Поручения выполняет в срок."
    report.recommendations = "Продолжить работу над портфолио."
    report.save()
    return report


def fill_questionnaire(questionnaire, score=5):
    for name in Questionnaire.SCORES:
        setattr(questionnaire, name, score)
    questionnaire.comment = "Спасибо наставнику."
    questionnaire.save()
    return questionnaire
