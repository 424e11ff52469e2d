"""Issue 13, point 9: a replacement (5.2) is decided by the head and carried out by an order.

Granting the mentee's request drafts the order that ends the old assignment (the employer's
cancellation, with notice to the old mentor, Labour Code art. 351.8 part 3) and assigns the
new mentor; the order goes along its route; signing it ends the one and starts the other. For
менторство the new mentor may come from any organisation among the holders of a valid status,
and then sees and acts on that mentorship alone.
"""

import datetime

import pytest

from tests.factories import CertificateFactory, MentorshipFactory, OrderFactory, png_scan
from tests.workflows.conftest import sign_through
from tests.workflows.test_least_privilege import order_form
from workflows.choices import (
    CertificateKind,
    EarlyEndInitiator,
    MentoringKind,
    MentorshipState,
    OrderKind,
    ReplacementState,
)
from workflows.exceptions import TransitionRefused
from workflows.models import Mentorship, OrderVisa, Person, ReplacementRequest
from workflows.services import (
    mentorship_consent_as_mentee,
    mentorship_consent_as_mentor,
    perform_transition,
    replacement_request_approve,
    replacement_request_create,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# The head decides on Thursday 04.03.2027: the old mentor's last day is at the earliest the
# third working day after (Monday 08.03 is a holiday), Wednesday 10.03.2027.
DECIDED = datetime.datetime(2027, 3, 4, 12)
EARLIEST = D(2027, 3, 10)


@pytest.fixture
def new_mentor(cast):
    return Person.objects.create(
        surname="Кузнецова",
        name="Ирина",
        patronymic="Павловна",
        organisation=cast.school,
        position="учитель математики",
        teaching_experience_since=D(2001, 9, 1),
    )


@pytest.fixture
def request_filed(clock, active_mentorship, cast):
    clock.move_to(DECIDED)
    return replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Наставник в длительном отпуске"
    )


@pytest.mark.parametrize(
    ("ended_on", "ok"),
    [(D(2027, 3, 9), False), (EARLIEST, True), (D(2027, 3, 11), True)],
)
def test_the_old_mentors_last_day_comes_three_working_days_after_the_decision(
    request_filed, cast, new_mentor, ended_on, ok
):
    approve = {"request": request_filed, "user": cast.org_head, "new_mentor": new_mentor}
    if not ok:
        with pytest.raises(TransitionRefused, match=r"351\.8 ТК РФ\): не раньше 10\.03\.2027"):
            replacement_request_approve(**approve, ended_on=ended_on)
        assert ReplacementRequest.objects.get().state == ReplacementState.SUBMITTED
        assert Mentorship.objects.count() == 1
        return
    request = replacement_request_approve(**approve, ended_on=ended_on)
    order = request.order
    assert order.kind == OrderKind.TERMINATE_MENTOR and order.state == "draft"
    assert (order.initiated_by, order.notice_given_on) == (
        EarlyEndInitiator.EMPLOYER,
        D(2027, 3, 4),
    )
    assert order.notice_given_to == request.mentorship.mentor.full_name
    assert order.effective_on == ended_on
    assert request.new_mentorship.starts_on == ended_on + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("ended_on", "ok"),
    # The old term runs to 01.12.2027: its last day with the old mentor lies before that.
    [(D(2027, 11, 30), True), (D(2027, 12, 1), False), (D(2027, 12, 2), False)],
)
def test_the_old_mentors_last_day_lies_inside_the_old_term(
    request_filed, cast, new_mentor, ended_on, ok
):
    approve = {"request": request_filed, "user": cast.org_head, "new_mentor": new_mentor}
    if not ok:
        with pytest.raises(TransitionRefused, match=r"внутри срока.*351\.8"):
            replacement_request_approve(**approve, ended_on=ended_on)
        return
    assert replacement_request_approve(**approve, ended_on=ended_on).order.effective_on == ended_on


def test_signing_the_replacement_order_ends_the_old_and_starts_the_new_mentorship(
    request_filed, cast, new_mentor
):
    request = replacement_request_approve(
        request=request_filed, user=cast.org_head, new_mentor=new_mentor, ended_on=EARLIEST
    )
    old, new, order = request.mentorship, request.new_mentorship, request.order
    with pytest.raises(TransitionRefused, match="нужны согласия обеих сторон"):
        perform_transition(document=order, name="submit", user=cast.curator)  # no consents yet
    perform_transition(document=new, name="send_for_consent", user=cast.curator)
    mentorship_consent_as_mentor(
        mentorship=new, user=cast.curator, consented_on=D(2027, 3, 4), scan=png_scan()
    )
    mentorship_consent_as_mentee(mentorship=new, user=cast.mentee, consented_on=D(2027, 3, 4))
    OrderVisa.objects.create(order=order, approver=cast.curator)  # the curator's sheet
    sign_through(order, cast)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, old.ended_on) == (MentorshipState.TERMINATED, EARLIEST)
    assert (new.state, new.started_on) == (MentorshipState.ACTIVE, D(2027, 3, 11))


# -- through the admin, as the head and the curator do it -----------------------------------------


def test_the_head_grants_the_request_and_the_order_is_signed_through_the_admin(
    client, request_filed, cast, new_mentor
):
    approve_url = f"/admin/workflows/replacementrequest/transition/{request_filed.pk}/approve/"
    client.force_login(cast.org_head)
    response = client.post(
        approve_url, {"new_mentor": new_mentor.pk, "ended_on": "09.03.2027", "comment": ""}
    )
    assert "не раньше 10.03.2027" in response.content.decode()
    assert ReplacementRequest.objects.get().state == ReplacementState.SUBMITTED

    client.post(approve_url, {"new_mentor": new_mentor.pk, "ended_on": "10.03.2027", "comment": ""})
    request = ReplacementRequest.objects.get()
    assert request.state == ReplacementState.APPROVED
    new, order = request.new_mentorship, request.order

    client.force_login(cast.curator)
    mentorship_url = "/admin/workflows/mentorship/transition/"
    client.post(f"{mentorship_url}{new.pk}/send_for_consent/", {"comment": ""})
    client.post(
        f"{mentorship_url}{new.pk}/consent_as_mentor/",
        {"consented_on": "04.03.2027", "scan": png_scan(), "comment": ""},
    )
    client.force_login(cast.mentee)
    client.post(f"{mentorship_url}{new.pk}/consent_as_mentee/", {"consented_on": "04.03.2027"})
    client.force_login(cast.curator)
    client.post(f"/admin/workflows/order/edit/{order.pk}/", approval_sheet_added(order, cast))
    client.post(f"/admin/workflows/order/transition/{order.pk}/submit/", {"comment": ""})
    client.post(f"/admin/workflows/order/transition/{order.pk}/give_visa/", {"comment": ""})
    client.force_login(cast.org_head)
    client.post(f"/admin/workflows/order/transition/{order.pk}/sign/", {"comment": ""})

    order.refresh_from_db()
    assert order.state == "signed"
    assert Mentorship.objects.get(pk=request.mentorship_id).ended_on == EARLIEST
    assert Mentorship.objects.get(pk=new.pk).state == MentorshipState.ACTIVE


def approval_sheet_added(order, cast) -> dict:
    """The drafted order's edit form as the curator posts it with herself on the sheet."""
    return order_form(
        cast, cast.curator, kind=order.kind, title=order.title, body=order.body,
        initiated_by=order.initiated_by, notice_given_to=order.notice_given_to,
        notice_given_on=f"{order.notice_given_on:%d.%m.%Y}",
        effective_on=f"{order.effective_on:%d.%m.%Y}",
        mentorships=list(order.mentorships.values_list("pk", flat=True)),
    )  # fmt: skip


# -- a «mentor» of another organisation (2.1) ----------------------------------------------------


@pytest.fixture
def management_case(clock, cast):
    """An active менторство of ``cast.school`` whose менти asks for another ментор."""
    mentor, mentee = cast.mentor.person, cast.mentee.person
    mentor.management_experience_since = D(2010, 9, 1)
    mentor.save()
    mentee.in_management_reserve = True
    mentee.save()
    CertificateFactory(person=mentor, kind=CertificateKind.MENTOR, issued_on=D(2025, 1, 15))
    mentorship = MentorshipFactory(
        organisation=cast.school, kind=MentoringKind.MANAGEMENT, mentor=mentor, mentee=mentee
    )
    perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)
    mentorship_consent_as_mentor(
        mentorship=mentorship, user=cast.mentor, consented_on=D(2026, 11, 20), scan=png_scan()
    )
    mentorship_consent_as_mentee(
        mentorship=mentorship, user=cast.mentee, consented_on=D(2026, 11, 21)
    )
    sign_through(
        OrderFactory(issuer=cast.school, mentorships=[mentorship], approvers=[cast.curator]), cast
    )
    clock.move_to(DECIDED)
    return Mentorship.objects.get(pk=mentorship.pk)


def outsider_with_status(cast, *, valid=True):
    person = cast.other_mentor.person
    person.management_experience_since = D(2012, 9, 1)
    person.save()
    CertificateFactory(
        person=person,
        kind=CertificateKind.MENTOR,
        issued_on=D(2025, 1, 15) if valid else D(2023, 1, 15),
    )
    return person


@pytest.mark.parametrize("valid", [True, False])
def test_a_mentor_of_another_organisation_with_a_valid_status_may_take_over(
    management_case, cast, valid
):
    outsider = outsider_with_status(cast, valid=valid)
    request = replacement_request_create(
        user=cast.mentee, mentorship=management_case, reason="Нет контакта", proposed_mentor=None
    )
    approve = {"request": request, "user": cast.org_head, "new_mentor": outsider}
    if not valid:
        with pytest.raises(TransitionRefused, match=r"действующий статус «Ментор» \(п\. 2\.1\)"):
            replacement_request_approve(**approve, ended_on=EARLIEST)
        return
    request = replacement_request_approve(**approve, ended_on=EARLIEST)
    assert request.new_mentorship.mentor == outsider


def test_the_outside_mentor_sees_and_acts_on_that_mentorship_and_nothing_else_of_the_school(
    client, management_case, cast
):
    outsider = outsider_with_status(cast)
    request = replacement_request_approve(
        request=replacement_request_create(
            user=cast.mentee, mentorship=management_case, reason="Нет контакта"
        ),
        user=cast.org_head,
        new_mentor=outsider,
        ended_on=EARLIEST,
    )
    new = request.new_mentorship
    perform_transition(document=new, name="send_for_consent", user=cast.curator)
    elsewhere = MentorshipFactory(organisation=cast.school)

    client.force_login(cast.other_mentor)
    mentorships = client.get("/admin/workflows/mentorship/").content.decode()
    assert f"/inspect/{new.pk}/" in mentorships
    assert f"/inspect/{management_case.pk}/" not in mentorships
    assert f"/inspect/{elsewhere.pk}/" not in mentorships
    assert client.get(f"/admin/workflows/mentorship/inspect/{new.pk}/").status_code == 200
    assert client.get(f"/admin/workflows/mentorship/inspect/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/admin/workflows/order/inspect/{request.order.pk}/").status_code == 404
    client.post(
        f"/admin/workflows/mentorship/transition/{new.pk}/consent_as_mentor/",
        {"consented_on": "04.03.2027", "scan": png_scan(), "comment": ""},
    )
    new.refresh_from_db()
    assert new.mentor_consented_on == D(2027, 3, 4)
