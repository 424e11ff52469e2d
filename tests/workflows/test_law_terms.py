"""Terms, loads and who may be mentored at the boundaries of the law, a day either side.

Clause 2.4 with Labour Code art. 14 and Civil Code art. 192 (a term «с … по …» in calendar
months, both days included), 2.5 and 2.1 (how many at the same time, that is on the same day),
2.3 (no term before the order that assigns it) and 2.1 (who may be a traditional mentee).
"""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests.factories import YOUNG_SINCE, CertificateFactory, OrderFactory, PersonFactory
from tests.workflows.conftest import TZ, consent_both, sign_through
from tests.workflows.test_paper import docx_text, download
from workflows.choices import (
    CertificateKind,
    MenteeBasis,
    MentoringKind,
    MentorshipState,
    OrderState,
)
from workflows.exceptions import TransitionRefused
from workflows.paper.typography import date_in_words
from workflows.periods import full_years_between, shifted_term, term_end, term_length
from workflows.rules import most_at_once
from workflows.services import mentorship_create, perform_transition

pytestmark = pytest.mark.django_db

D = datetime.date
MENTORSHIPS = "/admin/workflows/mentorship/"


def draft(cast, **fields):
    values = {
        "organisation": cast.school,
        "kind": MentoringKind.TRADITIONAL,
        "mentor": cast.mentor.person,
        "mentee": cast.mentee.person,
        "starts_on": D(2026, 12, 1),
        "ends_on": D(2027, 11, 30),
    }
    return mentorship_create(user=cast.curator, **{**values, **fields})


def young_mentee(cast, since=YOUNG_SINCE):
    return PersonFactory(organisation=cast.school, teaching_experience_since=since)


# -- 1. the term of 2.4, «с … по …» both days included --------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "months", "ends_on"),
    [
        (D(2025, 9, 1), 6, D(2026, 2, 28)),
        (D(2026, 3, 1), 6, D(2026, 8, 31)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # no 31.02: the last day of February
        (D(2025, 8, 28), 6, D(2026, 2, 27)),
        (D(2025, 9, 1), 36, D(2028, 8, 31)),
        (D(2024, 2, 29), 36, D(2027, 2, 28)),
    ],
)
def test_a_term_of_n_months_ends_the_day_before_the_same_numbered_day(starts_on, months, ends_on):
    assert term_end(starts_on, months) == ends_on
    assert term_length(starts_on, ends_on) == (months, 0)
    assert term_length(starts_on, ends_on + datetime.timedelta(days=1)) == (months, 1)
    assert term_length(starts_on, ends_on - datetime.timedelta(days=1)).months == months - 1


@pytest.fixture
def teaching_since_2024(cast):
    """The mentee a young specialist on 01.09.2025, where the issue's examples start."""
    mentee = cast.mentee.person
    mentee.teaching_experience_since = D(2024, 9, 1)
    mentee.save()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "ok"),
    [
        (D(2025, 9, 1), D(2026, 2, 27), False),  # a day less than six months
        (D(2025, 9, 1), D(2026, 2, 28), True),  # exactly six months
        (D(2025, 9, 1), D(2026, 3, 1), True),  # a day more
        (D(2025, 8, 31), D(2026, 2, 27), False),
        (D(2025, 8, 31), D(2026, 2, 28), True),  # the month has no 31st
        (D(2025, 9, 1), D(2028, 8, 30), True),  # a day less than three years
        (D(2025, 9, 1), D(2028, 8, 31), True),  # exactly three years
        (D(2025, 9, 1), D(2028, 9, 1), False),  # a day more
    ],
)
def test_the_term_holds_from_exactly_six_months_to_exactly_three_years(
    cast, teaching_since_2024, starts_on, ends_on, ok
):
    if ok:
        assert draft(cast, starts_on=starts_on, ends_on=ends_on).pk
        return
    with pytest.raises(ValidationError) as error:
        draft(cast, starts_on=starts_on, ends_on=ends_on)
    (message,) = error.value.messages
    assert message.startswith("п. 2.4 Положения: срок наставничества")
    assert starts_on.strftime("%d.%m.%Y") in message


def admin_form(cast, mentee, **fields):
    return {
        "organisation": cast.school.pk, "kind": "traditional", "mentor": cast.mentor.person.pk,
        "mentee": mentee.pk, "starts_on": "01.12.2026", "ends_on": "31.05.2027", "goal": "",
        "mentee_basis": "young_specialist", "mentee_appointed_on": "", **fields,
    }  # fmt: skip


def test_the_curator_is_refused_a_short_or_long_term_in_the_admin_forms(client, cast):
    client.force_login(cast.curator)
    mentee = young_mentee(cast)
    html = client.post(
        f"{MENTORSHIPS}create/", admin_form(cast, mentee, ends_on="30.05.2027")
    ).content.decode()
    assert (
        "п. 2.4 Положения: срок наставничества — не менее шести месяцев; начавшись 01.12.2026, "
        "он оканчивается не ранее 31.05.2027." in html
    )
    assert not mentee.mentorships_as_mentee.exists()

    response = client.post(f"{MENTORSHIPS}create/", admin_form(cast, mentee))
    assert response.status_code == 302
    created = mentee.mentorships_as_mentee.get()
    assert (created.starts_on, created.ends_on) == (D(2026, 12, 1), D(2027, 5, 31))

    edit = f"{MENTORSHIPS}edit/{created.pk}/"
    html = client.post(edit, admin_form(cast, mentee, ends_on="01.12.2029")).content.decode()
    assert "не более трёх лет; начавшись 01.12.2026, он оканчивается не позднее 30.11.2029" in html
    assert client.post(edit, admin_form(cast, mentee, ends_on="30.11.2029")).status_code == 302
    created.refresh_from_db()
    assert created.ends_on == D(2029, 11, 30)


@pytest.mark.parametrize(
    ("ends_on", "printed"),
    [
        (D(2027, 5, 31), "6 (шесть) месяцев"),
        (D(2027, 6, 1), "6 (шесть) месяцев 1 (один) день"),
        (D(2029, 11, 30), "36 (тридцать шесть) месяцев"),
    ],
)
def test_the_order_prints_the_dates_and_months_the_rule_counted(client, cast, ends_on, printed):
    mentorship = consent_both(draft(cast, ends_on=ends_on), cast)
    order = OrderFactory(issuer=cast.school, mentorships=[mentorship], approvers=[cast.curator])
    client.force_login(cast.curator)
    text = docx_text(download(client, "order", order, "order", "docx").content)
    assert f"с «01» декабря 2026 г. по {date_in_words(ends_on)}, {printed}" in text
    if "день" not in printed:
        assert f"{printed} 1 (один) день" not in text
    assert term_length(D(2026, 12, 1), ends_on).months == int(printed.split()[0])


def test_the_order_prints_the_term_as_it_moves_it_before_and_after_signing(client, cast):
    draft_term = {"starts_on": D(2026, 9, 1), "ends_on": D(2027, 2, 28)}
    mentorship = consent_both(draft(cast, **draft_term), cast)
    order = OrderFactory(
        issuer=cast.school,
        mentorships=[mentorship],
        approvers=[cast.curator],
        starts_on=D(2026, 12, 1),
    )
    printed = "с «01» декабря 2026 г. по «31» мая 2027 г., 6 (шесть) месяцев"
    client.force_login(cast.org_head)
    assert printed in docx_text(download(client, "order", order, "order", "docx").content)
    sign_through(order, cast)
    assert printed in docx_text(download(client, "order", order, "order", "docx").content)


# -- 2. an order that moves the start keeps the months ----------------------------------------


@pytest.mark.parametrize(
    ("draft_term", "order_starts_on", "active_term"),
    [
        # Six months drafted from 01.09.2026 (181 days); from 01.12.2026 six months are 182.
        ((D(2026, 9, 1), D(2027, 2, 28)), D(2026, 12, 1), (D(2026, 12, 1), D(2027, 5, 31))),
        # From the 31st into a month without one: the term ends on that month's last day.
        ((D(2026, 12, 1), D(2027, 5, 31)), D(2026, 12, 31), (D(2026, 12, 31), D(2027, 6, 30))),
        # Three years exactly stay three years exactly.
        ((D(2026, 12, 1), D(2029, 11, 30)), D(2026, 12, 15), (D(2026, 12, 15), D(2029, 12, 14))),
    ],
)
def test_the_order_moves_the_start_and_the_end_follows_by_calendar_months(
    cast, draft_term, order_starts_on, active_term
):
    starts_on, ends_on = draft_term
    mentorship = consent_both(draft(cast, starts_on=starts_on, ends_on=ends_on), cast)
    order = OrderFactory(
        issuer=cast.school,
        mentorships=[mentorship],
        approvers=[cast.curator],
        starts_on=order_starts_on,
    )
    sign_through(order, cast)
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE
    assert (mentorship.starts_on, mentorship.ends_on) == active_term
    assert mentorship.started_on == order_starts_on


def test_odd_days_move_with_the_term():
    # Six months and a day stay six months and a day.
    assert shifted_term(D(2025, 9, 1), D(2026, 3, 1), D(2026, 12, 15)) == (
        D(2026, 12, 15),
        D(2027, 6, 15),
    )


@pytest.mark.parametrize(
    ("order_starts_on", "ok"), [(D(2026, 12, 1), True), (D(2026, 12, 2), False)]
)
def test_the_rules_are_checked_on_the_moved_term(cast, order_starts_on, ok):
    """A young specialist on the drafted start is three years in by the order's later one."""
    mentee = cast.mentee.person
    mentee.teaching_experience_since = D(2023, 12, 2)
    mentee.save()
    mentorship = consent_both(draft(cast), cast)
    order = OrderFactory(
        issuer=cast.school,
        mentorships=[mentorship],
        approvers=[cast.curator],
        starts_on=order_starts_on,
    )
    if ok:
        sign_through(order, cast)
        return
    with pytest.raises(TransitionRefused, match="не молодой специалист"):
        sign_through(order, cast)


@pytest.mark.parametrize(
    ("order_starts_on", "ok"), [(D(2026, 12, 14), False), (D(2026, 12, 15), True)]
)
def test_signing_judges_the_mentorship_on_the_term_the_order_moves_it_to(cast, order_starts_on, ok):
    """The mentor's experience, corrected after both consents, reaches ten years only by the
    order's later start: the signing judges the moved term, as the order's own check did, and
    not the drafted one."""
    mentorship = consent_both(draft(cast), cast)
    mentor = cast.mentor.person
    mentor.teaching_experience_since = D(2016, 12, 15)
    mentor.save()
    order = OrderFactory(
        issuer=cast.school,
        mentorships=[mentorship],
        approvers=[cast.curator],
        starts_on=order_starts_on,
    )
    if not ok:
        with pytest.raises(TransitionRefused, match="стаж меньше 10 лет"):
            sign_through(order, cast)
        return
    sign_through(order, cast)
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE
    assert (mentorship.starts_on, mentorship.ends_on) == (D(2026, 12, 15), D(2027, 12, 14))


# -- 3. "at the same time" is on the same day -------------------------------------------------


def test_the_most_terms_on_one_day_count_not_all_that_touch_the_term():
    first, second = (D(2026, 12, 1), D(2027, 7, 12)), (D(2027, 7, 13), D(2028, 1, 31))
    assert most_at_once([first, second], D(2026, 12, 1), D(2027, 11, 30)) == 1
    touching = (D(2027, 7, 12), D(2028, 1, 31))
    assert most_at_once([first, touching], D(2026, 12, 1), D(2027, 11, 30)) == 2
    assert most_at_once([first, touching], D(2027, 7, 13), D(2027, 11, 30)) == 1


def occupy(cast, starts_on, ends_on):
    mentorship = draft(cast, mentee=young_mentee(cast), starts_on=starts_on, ends_on=ends_on)
    return perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)


@pytest.mark.parametrize(
    ("second_starts_on", "ok"),
    [
        (D(2027, 6, 12), False),  # overlaps the first on 12.06: three on that day
        (D(2027, 6, 13), True),  # the day after the first ends: never more than two
        (D(2027, 6, 14), True),
    ],
)
def test_mentees_who_follow_each_other_are_not_at_the_same_time(cast, second_starts_on, ok):
    occupy(cast, D(2026, 12, 1), D(2027, 6, 12))
    occupy(cast, second_starts_on, term_end(second_starts_on, 6))
    spanning = {"mentee": young_mentee(cast), "starts_on": D(2026, 12, 1)}
    spanning["ends_on"] = D(2027, 11, 30)
    if ok:
        assert draft(cast, **spanning).pk
    else:
        with pytest.raises(ValidationError, match=r"двух наставляемых \(п\. 2\.5\)"):
            draft(cast, **spanning)


def test_a_mentor_follows_five_menti_in_turn_and_a_sixth_at_once_is_refused(cast):
    mentor = cast.mentor.person
    mentor.management_experience_since = D(2010, 9, 1)
    mentor.save()
    CertificateFactory(person=mentor, kind=CertificateKind.MENTOR, issued_on=D(2026, 1, 15))

    def menti(starts_on, ends_on):
        person = PersonFactory(organisation=cast.school, in_management_reserve=True)
        return draft(
            cast,
            kind=MentoringKind.MANAGEMENT,
            mentee=person,
            starts_on=starts_on,
            ends_on=ends_on,
        )

    for _ in range(4):
        perform_transition(
            document=menti(D(2026, 12, 1), D(2027, 12, 31)),
            name="send_for_consent",
            user=cast.curator,
        )
    # The fifth place: one менти until 31.05.2027, then another from 01.06.2027.
    for term in ((D(2026, 12, 1), D(2027, 5, 31)), (D(2027, 6, 1), D(2027, 11, 30))):
        perform_transition(document=menti(*term), name="send_for_consent", user=cast.curator)
    with pytest.raises(ValidationError, match=r"пять менти \(п\. 2\.1\)"):
        menti(D(2026, 12, 1), D(2027, 5, 31))
    assert menti(D(2028, 1, 1), D(2028, 6, 30)).pk  # after the four have ended


# -- 5. no term before the order that assigns it -------------------------------------------


@pytest.mark.parametrize(
    ("order_starts_on", "ok"),
    [
        (D(2026, 11, 24), False),  # the day before the signing
        (D(2026, 11, 25), True),  # the signing day
        (D(2026, 11, 26), True),
    ],
)
def test_an_order_cannot_start_a_term_before_it_is_signed(cast, order_starts_on, ok):
    mentorship = consent_both(draft(cast, starts_on=D(2026, 11, 25)), cast)
    order = OrderFactory(
        issuer=cast.school,
        mentorships=[mentorship],
        approvers=[cast.curator],
        starts_on=order_starts_on,
    )
    if ok:
        sign_through(order, cast)
        mentorship.refresh_from_db()
        assert mentorship.state == MentorshipState.ACTIVE
        assert mentorship.plan.due_on > D(2026, 11, 25)
        return
    with pytest.raises(TransitionRefused) as error:
        sign_through(order, cast)
    assert any(
        "п. 2.3 Положения" in reason and "24.11.2026" in reason and "25.11.2026" in reason
        for reason in error.value.messages
    )


def test_an_order_signed_after_its_start_date_does_not_activate_the_term(clock, cast):
    """Sent for approval on time (25.11 for 01.12), signed only on 02.12: refused."""
    mentorship = consent_both(draft(cast), cast)
    order = OrderFactory(issuer=cast.school, mentorships=[mentorship], approvers=[cast.curator])
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=cast.curator)
    clock.move_to(datetime.datetime(2026, 12, 2, 12, 0, tzinfo=TZ))
    with pytest.raises(TransitionRefused, match=r"п\. 2\.3"):
        perform_transition(document=order, name="sign", user=cast.org_head)
    order.refresh_from_db()
    mentorship.refresh_from_db()
    assert order.state == OrderState.APPROVAL
    assert mentorship.state == MentorshipState.AWAITING_ORDER


# -- 7. who may be mentored, and one count of whole years -----------------------------------


@pytest.mark.parametrize(
    ("since", "ok"),
    [
        (D(2023, 12, 1), False),  # three years on the start day: no longer young
        (D(2023, 12, 2), True),  # a day short of three years
        (D(2026, 12, 1), True),  # started teaching on the start day
        (D(2026, 12, 2), False),  # starts teaching only later: no experience
    ],
)
def test_a_young_specialist_started_teaching_under_three_years_ago(cast, since, ok):
    mentee = young_mentee(cast, since=since)
    if ok:
        assert draft(cast, mentee=mentee).mentee_basis == MenteeBasis.YOUNG_SPECIALIST
        return
    with pytest.raises(ValidationError, match=r"^\['п\. 2\.1 Положения: "):
        draft(cast, mentee=mentee)


@pytest.mark.parametrize(
    ("appointed_on", "ok"),
    [
        (None, False),
        (D(2023, 12, 1), False),  # three years in the position: not newly appointed
        (D(2023, 12, 2), True),
        (D(2026, 12, 1), True),  # appointed on the start day
        (D(2026, 12, 2), False),  # a future appointment counts as none
    ],
)
def test_a_newly_appointed_mentee_has_a_recorded_appointment(cast, appointed_on, ok):
    veteran = young_mentee(cast, since=D(2001, 9, 1))
    fields = {
        "mentee": veteran,
        "mentee_basis": MenteeBasis.NEWLY_APPOINTED,
        "mentee_appointed_on": appointed_on,
    }
    if ok:
        assert draft(cast, **fields).mentee_appointed_on == appointed_on
        return
    with pytest.raises(ValidationError, match=r"п\. 2\.1 Положения: "):
        draft(cast, **fields)
    with pytest.raises(ValidationError, match="не молодой специалист"):
        draft(cast, mentee=veteran)


@pytest.mark.parametrize(
    ("management_since", "ok"),
    [(D(2026, 11, 30), True), (D(2026, 12, 1), True), (D(2026, 12, 2), False)],
)
def test_management_that_starts_later_is_no_experience(cast, management_since, ok):
    mentor = cast.mentor.person
    mentor.management_experience_since = D(2010, 9, 1)
    mentor.save()
    CertificateFactory(person=mentor, kind=CertificateKind.MENTOR, issued_on=D(2026, 1, 15))
    mentee = PersonFactory(organisation=cast.school, management_experience_since=management_since)
    if ok:
        assert draft(cast, kind=MentoringKind.MANAGEMENT, mentee=mentee).pk
        return
    with pytest.raises(ValidationError, match="управленческом резерве"):
        draft(cast, kind=MentoringKind.MANAGEMENT, mentee=mentee)


@pytest.mark.parametrize(
    ("end", "years"),
    [(D(2026, 2, 27), 9), (D(2026, 2, 28), 10), (D(2026, 3, 1), 10), (D(2016, 2, 28), 0)],
)
def test_whole_years_turn_on_the_anniversary_that_certificates_use(end, years):
    assert full_years_between(D(2016, 2, 29), end) == years


def test_a_certificate_of_29_february_expires_on_its_third_anniversary(cast):
    certificate = CertificateFactory(person=cast.mentor.person, issued_on=D(2024, 2, 29))
    assert certificate.valid_until == D(2027, 2, 28)
    assert full_years_between(certificate.issued_on, certificate.valid_until) == 3
    assert full_years_between(certificate.issued_on, D(2027, 2, 27)) == 2
