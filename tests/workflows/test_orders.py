"""Orders: the approval route, signing, GOST numbering and the effects of a signed order."""

import datetime

from django.core.exceptions import PermissionDenied

import pytest
import time_machine

from tests.factories import OrderFactory, UserFactory
from tests.workflows.conftest import sign_through
from workflows.choices import MentorshipState, OrderKind, OrderState, RouteMode, VisaDecision
from workflows.exceptions import TransitionRefused
from workflows.models import CalendarOverride
from workflows.services import (
    order_sign,
    perform_transition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approvers(cast):
    return [UserFactory(first_name="Ирина", last_name="Юристова"), cast.curator]


def test_parallel_visas_in_any_order_then_the_head_signs(assignment_order, approvers, cast):
    order = OrderFactory(
        issuer=cast.school,
        mentorships=list(assignment_order.mentorships.all()),
        approvers=approvers,
    )
    perform_transition(document=order, name="submit", user=cast.curator)
    with pytest.raises(TransitionRefused, match="не все визы"):
        order_sign(order=order, user=cast.org_head)

    perform_transition(document=order, name="give_visa", user=approvers[1])
    perform_transition(document=order, name="give_visa", user=approvers[0])
    order = order_sign(order=order, user=cast.org_head)

    assert order.state == OrderState.SIGNED
    assert set(order.route.values_list("decision", flat=True)) == {VisaDecision.APPROVED}


def test_sequential_visas_wait_for_their_turn(cast, awaiting_order, approvers):
    order = OrderFactory(
        issuer=cast.school, mentorships=[awaiting_order], approvers=approvers,
        route_mode=RouteMode.SEQUENTIAL,
    )  # fmt: skip
    perform_transition(document=order, name="submit", user=cast.curator)
    with pytest.raises(PermissionDenied):
        perform_transition(document=order, name="give_visa", user=approvers[1])
    perform_transition(document=order, name="give_visa", user=approvers[0])
    perform_transition(document=order, name="give_visa", user=approvers[1])
    assert order_sign(order=order, user=cast.org_head).state == OrderState.SIGNED


def test_an_approver_returns_with_a_comment_and_every_visa_starts_again(
    cast, awaiting_order, approvers
):
    order = OrderFactory(issuer=cast.school, mentorships=[awaiting_order], approvers=approvers)
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=approvers[1])
    with pytest.raises(TransitionRefused):
        perform_transition(document=order, name="return_for_revision", user=approvers[0])
    perform_transition(
        document=order, name="return_for_revision", user=approvers[0], comment="Уточнить срок"
    )
    assert order.state == OrderState.RETURNED
    returned = order.route.get(approver=approvers[0])
    assert (returned.decision, returned.comment) == (VisaDecision.RETURNED, "Уточнить срок")

    perform_transition(document=order, name="submit", user=cast.curator)
    assert set(order.route.values_list("decision", flat=True)) == {VisaDecision.PENDING}


@time_machine.travel(datetime.datetime(2026, 10, 5, 12, 0), tick=False)
def test_signing_numbers_the_order_and_activates_its_mentorships(
    assignment_order, awaiting_order, cast
):
    order = sign_through(assignment_order, cast)

    assert order.registration == "№ 1-н от 05.10.2026"
    assert (order.signed_by, order.signed_on) == (cast.org_head, datetime.date(2026, 10, 5))
    awaiting_order.refresh_from_db()
    assert awaiting_order.state == MentorshipState.ACTIVE
    assert awaiting_order.started_on == order.starts_on


def test_numbers_run_per_issuer_register_and_year_and_are_never_reused(cast, make_user):
    def signed(kind, when, issuer=cast.school):
        ours = issuer == cast.school
        drafter, signer = (cast.curator, cast.org_head) if ours else (cast.other_curator, head)
        with time_machine.travel(when, tick=False):
            order = OrderFactory(issuer=issuer, kind=kind, starts_on=None, approvers=[drafter])
            perform_transition(document=order, name="submit", user=drafter)
            perform_transition(document=order, name="give_visa", user=drafter)
            return order_sign(order=order, user=signer)

    head = make_user("org_head", organisation=cast.other_school)
    kind = OrderKind.ORGANISE_MENTORING
    first = signed(kind, datetime.datetime(2026, 3, 2, 10))
    perform_transition(document=first, name="cancel", user=cast.org_head, comment="Ошибка в тексте")
    second = signed(kind, datetime.datetime(2026, 3, 3, 10))
    # Kinds without an index share the general register (GOST R 7.0.97, issue 13).
    same_register = signed(OrderKind.APPOINT_CENTRE_HEAD, datetime.datetime(2026, 3, 3, 11))
    other_issuer = signed(kind, datetime.datetime(2026, 3, 3, 12), issuer=cast.other_school)
    next_year = signed(kind, datetime.datetime(2027, 1, 11, 10))

    assert [first.number, second.number] == [1, 2]
    assert same_register.number == 3 and other_issuer.number == 1 and next_year.number == 1
    assert second.registration == "№ 2 от 03.03.2026"


def test_the_number_format_is_configurable(assignment_order, cast, settings):
    settings.ORDER_NUMBER_FORMAT = "{date:%d.%m.%Y} № {number}{index}"
    order = sign_through(assignment_order, cast)
    assert order.registration.endswith("№ 1-н")


def test_only_the_head_of_the_issuer_signs(assignment_order, cast):
    perform_transition(document=assignment_order, name="submit", user=cast.curator)
    perform_transition(document=assignment_order, name="give_visa", user=cast.curator)
    for user in (cast.curator, cast.other_org_head, cast.department):
        with pytest.raises(PermissionDenied):
            order_sign(order=assignment_order, user=user)
    assignment_order.refresh_from_db()
    assert assignment_order.number is None


def active_mentorship(assignment_order, cast):
    sign_through(assignment_order, cast)
    return assignment_order.mentorships.get()


@pytest.mark.parametrize(
    ("effective_on", "ok"),
    # Notice on Thursday 04.03.2027; Monday 08.03 is a holiday.
    [(datetime.date(2027, 3, 10), True), (datetime.date(2027, 3, 9), False)],
)
def test_termination_no_earlier_than_three_working_days_after_notice(
    assignment_order, cast, effective_on, ok
):
    mentorship = active_mentorship(assignment_order, cast)
    order = OrderFactory(
        issuer=cast.school, kind=OrderKind.TERMINATE_MENTOR, mentorships=[mentorship],
        notice_given_on=datetime.date(2027, 3, 4), effective_on=effective_on, starts_on=None,
        body="Прекратить наставничество по заявлению наставника.", initiated_by="mentor",
        notice_given_to="директору школы", approvers=[cast.curator],
    )  # fmt: skip
    if not ok:
        with pytest.raises(TransitionRefused, match=r"не раньше 10\.03\.2027"):
            perform_transition(document=order, name="submit", user=cast.curator)
        return
    sign_through(order, cast)
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.TERMINATED
    assert mentorship.ended_on == effective_on
    assert mentorship.end_reason == "Прекратить наставничество по заявлению наставника."


def test_a_calendar_override_moves_the_earliest_termination(assignment_order, cast):
    mentorship = active_mentorship(assignment_order, cast)
    CalendarOverride.objects.create(date=datetime.date(2027, 3, 10), is_working_day=False)
    order = OrderFactory(
        issuer=cast.school, kind=OrderKind.TERMINATE_MENTOR, mentorships=[mentorship],
        notice_given_on=datetime.date(2027, 3, 4), effective_on=datetime.date(2027, 3, 10),
        starts_on=None, initiated_by="mentor", notice_given_to="директору школы",
    )  # fmt: skip
    with pytest.raises(TransitionRefused, match=r"не раньше 11\.03\.2027"):
        perform_transition(document=order, name="submit", user=cast.curator)


def test_an_assignment_order_cannot_list_mentorships_without_both_consents(cast, draft_mentorship):
    order = OrderFactory(issuer=cast.school, mentorships=[draft_mentorship])
    with pytest.raises(TransitionRefused, match="нужны согласия обеих сторон"):
        perform_transition(document=order, name="submit", user=cast.curator)


def test_an_order_without_an_approval_sheet_is_not_sent(cast, awaiting_order):
    order = OrderFactory(issuer=cast.school, mentorships=[awaiting_order])
    with pytest.raises(TransitionRefused, match="Лист согласования пуст"):
        perform_transition(document=order, name="submit", user=cast.curator)
    order.refresh_from_db()
    assert order.state == OrderState.DRAFT


def test_the_list_of_orders_names_a_signed_order_by_its_number_and_what_it_is_about(
    client, assignment_order, cast
):
    order = sign_through(assignment_order, cast)
    client.force_login(cast.curator)
    html = client.get("/admin/workflows/order/").content.decode()
    heading = f"{order.registration}<br><span class='order-title'>О закреплении наставников</span>"
    assert order.registration.startswith("№ 1-н от ") and heading in html


def test_the_order_page_labels_its_details_as_a_form_would(client, assignment_order, cast):
    client.force_login(cast.curator)
    html = client.get(f"/admin/workflows/order/inspect/{assignment_order.pk}/").content.decode()
    assert "<dt>Кем издаётся</dt>" in html and "<dt>Вид приказа</dt>" in html
