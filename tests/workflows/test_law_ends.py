"""Issue 13, early ends: the law at the boundaries of an early end and of the final report.

Labour Code art. 351.8 part 3 (who ends it, the notice, the last day inside the term), a
mentorship being ended that holds its mentor's place through its last day (2.5), and the
final report that opens only when the term is over (6.1). The assignment order of the
``active_mentorship`` fixture starts the term on 01.12.2026 and ends it on 01.12.2027.
"""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests.factories import MentorshipFactory, OrderFactory, PersonFactory, png_scan
from tests.workflows.conftest import (
    add_activities,
    approve_plan,
    fill_questionnaire,
    fill_report,
    sign_through,
)
from tests.workflows.test_least_privilege import order_form
from workflows.choices import (
    EarlyEndInitiator,
    MentorshipState,
    OrderKind,
    ReportState,
)
from workflows.exceptions import TransitionRefused
from workflows.models import CalendarOverride, IndividualPlan, Mentorship, Order
from workflows.paper.documents import order_sheet
from workflows.services import (
    mentorship_consent_as_mentee,
    mentorship_consent_as_mentor,
    mentorship_create,
    order_sign,
    perform_transition,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ORDERS = "/admin/workflows/order/"
# Notice on Thursday 04.03.2027: the working days after it are Friday 05.03, Tuesday 09.03
# (Monday 08.03 is a holiday) and Wednesday 10.03, the earliest last day of mentoring.
NOTICE = D(2027, 3, 4)
EARLIEST = D(2027, 3, 10)


def termination(mentorship, cast, *, last_day=EARLIEST, notice=NOTICE, **fields):
    values = {
        "initiated_by": EarlyEndInitiator.MENTOR,
        "notice_given_to": "директору школы",
        "notice_given_on": notice,
        "effective_on": last_day,
    } | fields
    return OrderFactory(
        issuer=cast.school,
        kind=OrderKind.TERMINATE_MENTOR,
        mentorships=[mentorship],
        starts_on=None,
        title="О прекращении наставничества",
        body="Прекратить наставничество по заявлению наставника.",
        approvers=[cast.curator],
        **values,
    )


def submit(order, cast):
    return perform_transition(document=order, name="submit", user=cast.curator)


# -- 8. Labour Code art. 351.8 part 3 ---------------------------------------------------------


def test_the_earliest_last_day_is_the_third_working_day_after_the_notice():
    assert CalendarOverride.objects.add_working_days(NOTICE, 3) == EARLIEST


@pytest.mark.parametrize(
    ("last_day", "ok"),
    [(EARLIEST - datetime.timedelta(days=1), False), (EARLIEST, True), (D(2027, 3, 11), True)],
)
def test_the_last_day_comes_no_sooner_than_three_working_days_after_the_notice(
    active_mentorship, cast, last_day, ok
):
    order = termination(active_mentorship, cast, last_day=last_day)
    if not ok:
        with pytest.raises(TransitionRefused, match=r"351\.8 ТК РФ\): не раньше 10\.03\.2027"):
            submit(order, cast)
        return
    sign_through(order, cast)
    active_mentorship.refresh_from_db()
    assert active_mentorship.ended_on == last_day


@pytest.mark.parametrize(
    ("last_day", "ok"),
    [
        # The term runs from 01.12.2026 to 01.12.2027: the last day lies strictly inside it.
        (D(2026, 12, 1), False),
        (D(2026, 12, 2), True),
        (D(2027, 11, 30), True),
        (D(2027, 12, 1), False),
        (D(2027, 12, 2), False),
    ],
)
def test_the_last_day_lies_inside_the_term(active_mentorship, cast, last_day, ok):
    order = termination(active_mentorship, cast, last_day=last_day, notice=D(2026, 11, 25))
    if not ok:
        with pytest.raises(TransitionRefused, match=r"внутри срока.*351\.8"):
            submit(order, cast)
        return
    assert submit(order, cast).state == "approval"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"initiated_by": ""}, "отказ наставника или отмена закрепления работодателем"),
        ({"notice_given_to": " "}, "кому вручено уведомление"),
    ],
)
def test_the_order_says_who_ends_it_and_to_whom_notice_was_given(
    active_mentorship, cast, fields, message
):
    order = termination(active_mentorship, cast, **fields)
    with pytest.raises(TransitionRefused, match=message):
        submit(order, cast)


def test_the_printed_order_states_the_last_day_the_initiator_and_the_notice(
    active_mentorship, cast
):
    order = termination(active_mentorship, cast, initiated_by=EarlyEndInitiator.EMPLOYER)
    sign_through(order, cast)
    text = " ".join(map(str, order_sheet(order).blocks)).replace("\u00a0", " ")
    assert "последний день наставничества — «10» марта 2027 г." in text
    assert "Основание: отмена закрепления работодателем." in text
    assert "Уведомление вручено «04» марта 2027 г. (кому: директору школы)" in text


def test_the_head_ends_a_mentorship_through_the_admin(client, cast, active_mentorship):
    form = order_form(
        cast, cast.curator, kind="terminate_mentor", title="О прекращении наставничества",
        body="По заявлению наставника.", initiated_by="mentor", notice_given_on="04.03.2027",
        notice_given_to="директору школы", effective_on="09.03.2027",
        mentorships=[active_mentorship.pk],
    )  # fmt: skip
    client.force_login(cast.curator)
    assert client.post(f"{ORDERS}create/", form).status_code == 302
    order = Order.objects.get(kind=OrderKind.TERMINATE_MENTOR)
    assert (order.initiated_by, order.notice_given_to) == ("mentor", "директору школы")
    submit_url = f"{ORDERS}transition/{order.pk}/submit/"
    response = client.post(submit_url, {"comment": ""}, follow=True)
    assert "не раньше 10.03.2027" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "draft"

    sheet_line = {"route-INITIAL_FORMS": "1", "route-0-id": order.route.get().pk}
    client.post(f"{ORDERS}edit/{order.pk}/", {**form, **sheet_line, "effective_on": "10.03.2027"})
    client.post(submit_url, {"comment": ""})
    client.post(f"{ORDERS}transition/{order.pk}/give_visa/", {"comment": ""})
    client.force_login(cast.org_head)
    client.post(f"{ORDERS}transition/{order.pk}/sign/", {"comment": ""})
    order.refresh_from_db()
    active_mentorship.refresh_from_db()
    assert order.state == "signed"
    assert active_mentorship.ended_on == EARLIEST


# -- 4. a mentorship being ended holds its place through its last day --------------------------


@pytest.fixture
def full_mentor(active_mentorship, cast):
    """The mentor with two mentees (2.5): the first mentorship's early end is signed, its last
    day 10.03.2027."""
    second = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        mentee=PersonFactory(organisation=cast.school, teaching_experience_since=D(2026, 9, 1)),
    )
    second = consent_second(second, cast)
    sign_through(
        OrderFactory(issuer=cast.school, mentorships=[second], approvers=[cast.curator]), cast
    )
    sign_through(termination(active_mentorship, cast), cast)
    active_mentorship.refresh_from_db()
    return active_mentorship


def consent_second(mentorship, cast):
    """Both consents of a mentorship whose mentee is not ``cast.mentee``, given by the staff."""
    perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)
    mentorship_consent_as_mentor(
        mentorship=mentorship, user=cast.curator, consented_on=D(2026, 11, 20), scan=png_scan()
    )
    return mentorship_consent_as_mentee(
        mentorship=mentorship, user=cast.curator, consented_on=D(2026, 11, 21)
    )


@pytest.mark.parametrize(
    ("starts_on", "ok"),
    [(D(2027, 3, 9), False), (EARLIEST, False), (D(2027, 3, 11), True)],
)
def test_a_mentorship_being_ended_counts_through_its_last_day_and_not_after(
    full_mentor, cast, starts_on, ok
):
    assert full_mentor.state == MentorshipState.TERMINATED
    third = {
        "organisation": cast.school,
        "kind": "traditional",
        "mentor": cast.mentor.person,
        "mentee": PersonFactory(organisation=cast.school, teaching_experience_since=D(2026, 9, 1)),
        "starts_on": starts_on,
        "ends_on": D(2028, 3, 31),
    }
    if not ok:
        with pytest.raises(ValidationError, match=r"уже сопровождает двух.*2\.5"):
            mentorship_create(user=cast.curator, **third)
        return
    assert mentorship_create(user=cast.curator, **third).pk


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (D(2027, 3, 9), "Завершается досрочно: последний день наставничества — 10.03.2027"),
        (EARLIEST, "Завершается досрочно: последний день наставничества — 10.03.2027"),
        (D(2027, 3, 11), "Прекращено досрочно"),
    ],
)
def test_it_reads_as_being_ended_until_its_last_day_by_date_alone(
    client, clock, full_mentor, cast, day, shown
):
    clock.move_to(datetime.datetime.combine(day, datetime.time(12)))
    assert str(Mentorship.objects.get(pk=full_mentor.pk).standing()) == shown
    client.force_login(cast.org_head)
    page = client.get(f"/admin/workflows/mentorship/inspect/{full_mentor.pk}/").content.decode()
    assert shown in page
    assert shown in client.get("/admin/workflows/mentorship/").content.decode()


# -- 10. the final report after the term ----------------------------------------------------------


def carry_to_acceptance(report, cast):
    """The final report along its whole route: the mentor, the head, the curator, the centre."""
    for name, user in (
        ("submit", cast.mentor),
        ("approve", cast.org_head),
        ("send", cast.curator),
        ("accept", cast.center),
    ):
        perform_transition(document=report, name=name, user=user)


def hand_in(mentorship, cast):
    approve_plan(mentorship.plan, cast)
    fill_report(mentorship.report)
    fill_questionnaire(mentorship.questionnaire)
    perform_transition(document=mentorship.questionnaire, name="submit", user=cast.mentee)


@pytest.mark.parametrize(
    ("day", "ok"),
    [(D(2027, 11, 30), False), (D(2027, 12, 1), True), (D(2027, 12, 2), True)],
)
def test_the_report_opens_on_the_last_day_of_the_term(clock, active_mentorship, cast, day, ok):
    hand_in(active_mentorship, cast)
    clock.move_to(datetime.datetime.combine(day, datetime.time(12)))
    report = active_mentorship.report
    if not ok:
        with pytest.raises(TransitionRefused, match=r"с 01\.12\.2027 \(п\. 6\.1\)"):
            perform_transition(document=report, name="submit", user=cast.mentor)
        return
    carry_to_acceptance(report, cast)
    active_mentorship.refresh_from_db()
    assert active_mentorship.state == MentorshipState.COMPLETED


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2027, 3, 9), False), (EARLIEST, True), (D(2027, 3, 11), True)]
)
def test_after_an_early_end_the_report_opens_on_its_last_day_and_falls_due_five_working_days_on(
    clock, active_mentorship, cast, day, ok
):
    hand_in(active_mentorship, cast)
    sign_through(termination(active_mentorship, cast), cast)
    active_mentorship.refresh_from_db()
    # 10.03.2027 (Wednesday) + 5 working days: 11, 12, 15, 16, 17 March.
    assert active_mentorship.report.due_on == D(2027, 3, 17)
    assert active_mentorship.questionnaire.due_on == D(2027, 3, 17)
    clock.move_to(datetime.datetime.combine(day, datetime.time(12)))
    report = active_mentorship.report
    if not ok:
        with pytest.raises(TransitionRefused, match=r"с 10\.03\.2027 \(п\. 6\.1\)"):
            perform_transition(document=report, name="submit", user=cast.mentor)
        return
    carry_to_acceptance(report, cast)
    active_mentorship.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert active_mentorship.state == MentorshipState.TERMINATED  # not completed


# -- 11. one register per index -------------------------------------------------------------------


def test_every_kind_signed_in_one_year_prints_a_number_of_its_own(client, active_mentorship, cast):
    """GOST R 7.0.97: kinds that share the index «-н» share its sequence, the kinds without an
    index the general register; the last one is signed by the head through the admin."""
    sign_through(termination(active_mentorship, cast), cast)
    others = [
        OrderFactory(issuer=cast.school, kind=kind, starts_on=None, approvers=[cast.curator])
        for kind in (
            OrderKind.ORGANISE_MENTORING,
            OrderKind.APPOINT_CENTRE_HEAD,
            OrderKind.GRANT_STATUS,
        )
    ]
    for order in others[:-1]:
        sign_through(order, cast)
    last = others[-1]
    perform_transition(document=last, name="submit", user=cast.curator)
    perform_transition(document=last, name="give_visa", user=cast.curator)
    client.force_login(cast.org_head)
    client.post(f"{ORDERS}transition/{last.pk}/sign/", {"comment": ""})

    printed = {o.kind: o.registration for o in Order.objects.filter(issuer=cast.school)}
    assert printed == {
        OrderKind.ASSIGN_MENTOR: "№ 1-н от 25.11.2026",
        OrderKind.TERMINATE_MENTOR: "№ 2-н от 25.11.2026",
        OrderKind.ORGANISE_MENTORING: "№ 1 от 25.11.2026",
        OrderKind.APPOINT_CENTRE_HEAD: "№ 2 от 25.11.2026",
        OrderKind.GRANT_STATUS: "№ 3 от 25.11.2026",
    }
    assert len(set(printed.values())) == len(OrderKind)


def test_order_sign_is_the_one_way_of_numbering(active_mentorship, cast):
    order = termination(active_mentorship, cast)
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=cast.curator)
    signed = order_sign(order=order, user=cast.org_head)
    assert (signed.number, signed.number_index, signed.register) == (2, "-н", "-н")


@pytest.mark.parametrize(("year", "number"), [(2026, 3), (2027, 1)])
def test_the_registers_start_again_each_year(clock, active_mentorship, cast, year, number):
    for kind in (OrderKind.ORGANISE_MENTORING, OrderKind.GRANT_STATUS):
        sign_through(OrderFactory(issuer=cast.school, kind=kind, approvers=[cast.curator]), cast)
    clock.move_to(
        datetime.datetime(year, 12, 31, 12) if year == 2026 else datetime.datetime(2027, 1, 1, 12)
    )
    order = OrderFactory(
        issuer=cast.school, kind=OrderKind.APPOINT_CENTRE_HEAD, approvers=[cast.curator]
    )
    assert sign_through(order, cast).number == number


def test_an_early_end_closes_the_open_plan_and_the_report_goes_without_it(
    clock, active_mentorship, cast
):
    plan = add_activities(active_mentorship.plan)
    sign_through(termination(active_mentorship, cast), cast)
    plan.refresh_from_db()
    assert not plan.is_editable
    with pytest.raises(TransitionRefused, match=r"план закрыт \(п\. 6\.1\)"):
        perform_transition(document=plan, name="submit", user=cast.mentor)
    clock.move_to(datetime.datetime.combine(D(2027, 1, 20), datetime.time(12)))
    assert not IndividualPlan.objects.overdue(D(2027, 1, 20)).exists()  # due 08.12.2026

    clock.move_to(datetime.datetime.combine(EARLIEST, datetime.time(12)))
    report = fill_report(active_mentorship.report)
    assert perform_transition(document=report, name="submit", user=cast.mentor).state == (
        ReportState.SUBMITTED
    )
