"""Each role walks its main job from «Мои задачи», page by page, with a screenshot and an
axe-core check of every admin page it passes (the walks are in ``walks.py``).

The screenshots go to ``$WALK_SHOTS_DIR`` when it is set (to look at them), else to the test's
own temporary folder.
"""

import datetime
import os
from pathlib import Path

import pytest

from tests.browser import walks
from tests.factories import OrderFactory, png_scan
from tests.workflows.conftest import add_activities, at_term_end
from workflows.choices import (
    CertificateKind,
    MentorshipState,
    Nominator,
    OrderState,
    ReportState,
    StatusApplicationState,
)
from workflows.models import Certificate, IndividualPlan, Mentorship, Order, StatusApplication
from workflows.services import perform_transition, status_application_create

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date


@pytest.fixture
def walker(page, axe, tmp_path):
    shots = Path(os.environ.get("WALK_SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return walks.Walker(page=page, shots=shots, password="secret-pass-1", check=axe)


def test_the_curator_takes_a_new_mentorship_to_an_order_on_approval(walker, cast, tmp_path):
    scan = tmp_path / "soglasie.png"
    scan.write_bytes(png_scan().read())
    walks.curator(
        walker,
        cast,
        mentor=cast.mentor,
        mentee=cast.mentee,
        consented_on=D(2026, 11, 20),
        starts_on=D(2026, 12, 1),
        scan=scan,
    )
    mentorship = Mentorship.objects.get(mentee=cast.mentee.person)
    assert mentorship.state == MentorshipState.AWAITING_ORDER
    order = mentorship.orders.get()
    assert order.state == OrderState.APPROVAL
    assert [visa.approver for visa in order.route.all()] == [cast.org_head]


def test_the_head_gives_her_visa_and_signs(walker, cast, awaiting_order):
    order = OrderFactory(
        issuer=cast.school, mentorships=[awaiting_order], approvers=[cast.org_head]
    )
    perform_transition(document=order, name="submit", user=cast.curator)
    walks.head(walker, cast)
    assert Order.objects.get(pk=order.pk).state == OrderState.SIGNED
    assert Mentorship.objects.get(pk=awaiting_order.pk).state == MentorshipState.ACTIVE


def test_the_mentor_fills_in_the_plan_and_submits_it(walker, cast, active_mentorship):
    walks.mentor(walker, cast, activities_from=active_mentorship.starts_on)
    plan = IndividualPlan.objects.get(mentorship=active_mentorship)
    assert plan.state == "submitted" and plan.items.count() == 2


def test_the_mentee_fills_in_the_questionnaire_and_hands_it_in(walker, cast, active_mentorship):
    walks.mentee(walker, cast)
    active_mentorship.questionnaire.refresh_from_db()
    assert active_mentorship.questionnaire.state == "submitted"


def test_the_centre_accepts_a_report(walker, cast, active_mentorship):
    plan, report = active_mentorship.plan, active_mentorship.report
    add_activities(plan)
    perform_transition(document=plan, name="submit", user=cast.mentor)
    perform_transition(document=plan, name="approve", user=cast.org_head)
    at_term_end(active_mentorship, cast)
    walks.send_report_to_centre(active_mentorship, head=cast.org_head, curator=cast.curator)
    walks.centre(walker, cast)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert Mentorship.objects.get(pk=active_mentorship.pk).state == MentorshipState.COMPLETED


def test_the_registrar_takes_an_application_to_a_granted_status(walker, cast):
    candidate = cast.mentor.person
    candidate.management_experience_since = D(2010, 9, 1)
    candidate.save()
    application = status_application_create(
        user=cast.department,
        person=candidate,
        kind=CertificateKind.MENTOR,
        nominated_by=Nominator.DEPARTMENT,
        direction="Сопровождение молодых руководителей",
    )
    perform_transition(document=application, name="submit", user=cast.department)
    perform_transition(document=application, name="recommend", user=cast.department)
    walks.registrar(
        walker,
        cast,
        candidate=candidate.surname,
        enrolled_on=D(2026, 11, 2),
        certificate_number="42-М-7777",
    )
    application = StatusApplication.objects.get(pk=application.pk)
    assert application.state == StatusApplicationState.GRANTED
    assert Certificate.objects.filter(person=candidate).exists()
