"""Issue 11, item 7: no role sees or chooses more people than it needs.

The directory as each role sees it, the people the choosers offer (mentors, mentees,
proposed and new mentors, approvers) and the refusal of anyone else by the service and the
model, whatever a crafted form sends.
"""

import datetime
import re
import zoneinfo
from html import unescape
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

import pytest
import time_machine

from tests.factories import (
    CertificateFactory,
    MentorshipFactory,
    OrderFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from workflows.choices import (
    CertificateKind,
    MentoringKind,
    MentorshipState,
    OrganisationKind,
    Role,
)
from workflows.exceptions import TransitionRefused
from workflows.models import Mentorship, Order, OrderVisa, Person
from workflows.scoping import scope_to_people
from workflows.services import (
    approver_choices,
    mentor_choices,
    mentorship_create,
    replacement_request_approve,
    replacement_request_create,
)

pytestmark = pytest.mark.django_db

PEOPLE = "/admin/workflows/person/"
MENTORSHIPS = "/admin/workflows/mentorship/"
ORDERS = "/admin/workflows/order/"
TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Novokuznetsk"))
ORIGIN_REFUSAL = "выбирается среди работников организации"


@pytest.fixture(autouse=True)
def clock():
    """Certificates are valid or not by date: every fixture is made on one fixed day."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def colleague(cast):
    """A teacher of the school who is in no mentorship of the mentor or the mentee."""
    return PersonFactory(
        organisation=cast.school,
        surname="Коллегина",
        position="учитель физики",
        email="kollegina@yurga-edu.example",
        management_experience_since=datetime.date(2012, 9, 1),
        in_management_reserve=True,
    )


@pytest.fixture
def stranger(cast):
    """A seasoned teacher of the other school, with no status."""
    return PersonFactory(
        organisation=cast.other_school,
        surname="Чужакова",
        position="учитель истории",
        teaching_experience_since=datetime.date(1995, 9, 1),
    )


@pytest.fixture
def regional_mentor(cast):
    """A head of the other school holding a valid «Ментор» status: a mentor of the region."""
    person = PersonFactory(
        organisation=cast.other_school,
        surname="Менторова",
        position="директор",
        management_experience_since=datetime.date(2010, 9, 1),
    )
    CertificateFactory(
        person=person, kind=CertificateKind.MENTOR, issued_on=datetime.date(2025, 1, 15)
    )
    return person


def chooser_url(html: str, name: str) -> str:
    """The suggestions' address of the person chooser posting ``name`` in a rendered form."""
    chooser = re.search(
        rf'data-url="([^"]*)"[^>]*>\s*<input type="hidden" name="{re.escape(name)}"', html
    )
    assert chooser, f"no person chooser {name!r}"
    return unescape(chooser.group(1))


def suggested(client, html: str, name: str, query: str = "") -> dict[str, str]:
    """The people the chooser of ``name`` suggests for ``query``: label by id."""
    url = chooser_url(html, name)
    # The client drops a URL's own query string when given data: add the query to it.
    response = client.get(f"{url}{'&' if '?' in url else '?'}{urlencode({'q': query})}")
    return {str(person["id"]): person["label"] for person in response.json()["results"]}


def option_values(client, html: str, name: str) -> set[str]:
    """The ids the person chooser of ``name`` offers (everyone it suggests for no query)."""
    return set(suggested(client, html, name))


# -- the directory ---------------------------------------------------------------------------


def test_a_mentee_sees_only_themselves_and_their_mentor_in_the_directory(
    client, cast, draft_mentorship, colleague
):
    client.force_login(cast.mentee)
    html = client.get(PEOPLE).content.decode()

    assert cast.mentee.person.surname in html
    assert cast.mentor.person.surname in html
    assert colleague.surname not in html
    assert cast.curator.person.surname not in html
    assert client.get(f"{PEOPLE}inspect/{colleague.pk}/").status_code == 404
    assert client.get(f"{PEOPLE}inspect/{cast.curator.person.pk}/").status_code == 404


def test_a_mentor_sees_only_themselves_and_their_mentee(client, cast, draft_mentorship, colleague):
    client.force_login(cast.mentor)
    html = client.get(PEOPLE).content.decode()

    assert cast.mentor.person.surname in html and cast.mentee.person.surname in html
    assert colleague.surname not in html and cast.org_head.person.surname not in html
    assert client.get(f"{PEOPLE}inspect/{colleague.pk}/").status_code == 404
    assert client.get(f"{PEOPLE}inspect/{cast.mentee.person.pk}/").status_code == 200


def test_a_mentee_reads_of_their_mentor_only_who_they_are_and_how_to_reach_them(
    client, cast, draft_mentorship
):
    mentor = cast.mentor.person
    mentor.email = "mentor@yurga-edu.example"
    mentor.in_management_reserve = True
    mentor.save()
    client.force_login(cast.mentee)

    html = client.get(f"{PEOPLE}inspect/{mentor.pk}/").content.decode()

    assert mentor.surname in html and "mentor@yurga-edu.example" in html
    assert "стаж" not in html.lower()
    assert "резерв" not in html.lower()
    assert cast.mentor.username not in html


def test_staff_still_read_the_whole_record_of_their_school(client, cast, colleague):
    client.force_login(cast.curator)
    html = client.get(f"{PEOPLE}inspect/{colleague.pk}/").content.decode()
    assert "01.09.2012" in html or "1 сентября 2012" in html
    assert "резерв" in html.lower()


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("curator", {"mentor", "mentee", "curator", "org_head", "colleague"}),
        ("org_head", {"mentor", "mentee", "curator", "org_head", "colleague"}),
        ("mentor", {"mentor", "mentee"}),
        ("mentee", {"mentor", "mentee"}),
        ("other_mentee", {"other_mentee"}),
        ("editor", set()),
    ],
)
def test_who_sees_which_people(cast, draft_mentorship, colleague, role, sees):
    people = {
        "mentor": cast.mentor.person, "mentee": cast.mentee.person,
        "curator": cast.curator.person, "org_head": cast.org_head.person,
        "colleague": colleague, "other_mentee": cast.other_mentee.person,
    }  # fmt: skip
    visible = set(scope_to_people(Person.objects.all(), getattr(cast, role)))
    assert {name for name, person in people.items() if person in visible} == sees


def test_municipal_bodies_see_everyone(cast, stranger):
    assert scope_to_people(Person.objects.all(), cast.center).count() == Person.objects.count()


# -- the mentor and mentee choosers of the mentorship form -------------------------------------


def test_the_mentorship_form_offers_the_school_staff_and_the_regions_status_holders(
    client, cast, colleague, stranger, regional_mentor
):
    client.force_login(cast.curator)
    html = client.get(f"{MENTORSHIPS}create/").content.decode()

    mentors = suggested(client, html, "mentor")
    staff = {str(p.pk) for p in Person.objects.filter(organisation=cast.school)}
    assert set(mentors) == staff | {str(regional_mentor.pk)}
    assert option_values(client, html, "mentee") == staff
    assert str(stranger.pk) not in mentors
    # The outsider is written with their school and status, nothing of their load.
    assert (
        mentors[str(regional_mentor.pk)]
        == f"Менторова А. С. — директор, {cast.other_school}, статус «Ментор»"
    )
    assert f"Коллегина А. С. — учитель физики, {cast.school}" in mentors.values()


def test_a_crafted_post_cannot_make_another_schools_teacher_the_mentor(client, cast, stranger):
    client.force_login(cast.curator)
    form = {
        "organisation": cast.school.pk, "kind": "traditional", "mentor": stranger.pk,
        "mentee": cast.mentee.person.pk, "starts_on": "01.12.2026", "ends_on": "01.12.2027",
        "goal": "",
    }  # fmt: skip

    response = client.post(f"{MENTORSHIPS}create/", form)

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_status_holder_of_another_school_is_refused_for_a_traditional_case(
    client, cast, regional_mentor
):
    client.force_login(cast.curator)
    form = {
        "organisation": cast.school.pk, "kind": "traditional", "mentor": regional_mentor.pk,
        "mentee": cast.mentee.person.pk, "starts_on": "01.12.2026", "ends_on": "01.12.2027",
        "goal": "",
    }  # fmt: skip

    response = client.post(f"{MENTORSHIPS}create/", form)

    assert ORIGIN_REFUSAL in response.content.decode()
    assert not Mentorship.objects.exists()


def management_mentee(cast) -> Person:
    mentee = cast.mentee.person
    mentee.management_experience_since = datetime.date(2025, 9, 1)
    mentee.save()
    return mentee


def test_a_management_case_takes_a_status_holder_of_another_school(client, cast, regional_mentor):
    management_mentee(cast)
    client.force_login(cast.curator)
    form = {
        "organisation": cast.school.pk, "kind": "management", "mentor": regional_mentor.pk,
        "mentee": cast.mentee.person.pk, "starts_on": "01.12.2026", "ends_on": "01.12.2027",
        "goal": "",
    }  # fmt: skip

    response = client.post(f"{MENTORSHIPS}create/", form)

    assert response.status_code == 302
    created = Mentorship.objects.get()
    assert (created.mentor, created.kind) == (regional_mentor, MentoringKind.MANAGEMENT)


def draft(cast, **fields):
    values = {
        "organisation": cast.school, "kind": MentoringKind.TRADITIONAL,
        "mentor": cast.mentor.person, "mentee": cast.mentee.person,
        "starts_on": datetime.date(2026, 12, 1), "ends_on": datetime.date(2027, 12, 1),
    }  # fmt: skip
    return mentorship_create(user=cast.curator, **{**values, **fields})


def test_the_service_refuses_another_schools_teacher_without_telling_her_record(cast, stranger):
    with pytest.raises(ValidationError) as error:
        draft(cast, mentor=stranger)
    assert error.value.messages == [
        "Наставник выбирается среди работников организации, в которой осуществляется "
        "наставничество; из другой организации может быть только ментор или тьютор "
        "с действующим статусом (п. 2.1)."
    ]


def test_the_service_refuses_an_outsider_without_the_kinds_status(cast, stranger):
    management_mentee(cast)
    with pytest.raises(ValidationError) as error:
        draft(cast, mentor=stranger, kind=MentoringKind.MANAGEMENT)
    assert error.value.messages == [
        "Ментор из другой организации должен иметь действующий статус «Ментор» (п. 2.1)."
    ]


def test_the_service_takes_a_regional_mentor_for_a_management_case(cast, regional_mentor):
    management_mentee(cast)
    created = draft(cast, mentor=regional_mentor, kind=MentoringKind.MANAGEMENT)
    assert created.mentor == regional_mentor


def test_the_load_of_another_schools_mentor_is_not_told(cast, regional_mentor):
    """Five менти elsewhere: the curator learns that the ментор is not free, not how busy."""
    for _n in range(5):
        MentorshipFactory(
            organisation=cast.other_school,
            kind=MentoringKind.MANAGEMENT,
            mentor=regional_mentor,
            state=MentorshipState.ACTIVE,
        )
    management_mentee(cast)

    with pytest.raises(ValidationError) as error:
        draft(cast, mentor=regional_mentor, kind=MentoringKind.MANAGEMENT)

    assert error.value.messages == [
        "Выбранный наставник не может принять ещё одного наставляемого на этот срок (п. 2.1)."
    ]


def test_the_load_of_a_mentor_whose_cases_are_all_local_is_told_as_before(cast):
    for _n in range(2):
        MentorshipFactory(
            organisation=cast.school, mentor=cast.mentor.person, state=MentorshipState.ACTIVE
        )
    with pytest.raises(ValidationError) as error:
        draft(cast)
    assert error.value.messages == ["Наставник уже сопровождает двух наставляемых (п. 2.5)."]


def test_mentor_choices_offer_outsiders_only_for_the_kinds_that_allow_them(
    cast, stranger, regional_mentor
):
    traditional = mentor_choices(user=cast.curator, kinds=[MentoringKind.TRADITIONAL])
    management = mentor_choices(user=cast.curator, kinds=[MentoringKind.MANAGEMENT])
    assert regional_mentor not in traditional and regional_mentor in management
    assert stranger not in traditional and stranger not in management
    assert not mentor_choices(user=cast.editor).exists()


def test_an_expired_status_is_no_ticket_into_another_schools_chooser(cast, regional_mentor):
    regional_mentor.certificates.update(valid_until=datetime.date(2026, 11, 24))
    assert regional_mentor not in mentor_choices(user=cast.curator)


# -- the consent papers ------------------------------------------------------------------------


def consent_url(mentorship, side: str) -> str:
    return f"{MENTORSHIPS}paper/{mentorship.pk}/{side}_consent.docx"


def test_the_consent_paper_of_another_schools_teacher_does_not_exist_for_the_curator(
    client, cast, stranger
):
    # A case drafted before the rule (or by hand): a traditional mentor of another school.
    legacy = MentorshipFactory(organisation=cast.school, mentor=stranger, mentee=cast.mentee.person)
    client.force_login(cast.curator)

    assert client.get(consent_url(legacy, "mentor")).status_code == 404
    assert client.get(consent_url(legacy, "mentee")).status_code == 200
    page = client.get(f"{MENTORSHIPS}inspect/{legacy.pk}/").content.decode()
    assert "/mentor_consent." not in page and "/mentee_consent." in page


def test_the_consent_paper_of_a_regional_mentor_prints_for_the_management_case(
    client, cast, regional_mentor
):
    management_mentee(cast)
    case = draft(cast, mentor=regional_mentor, kind=MentoringKind.MANAGEMENT)
    client.force_login(cast.curator)
    assert client.get(consent_url(case, "mentor")).status_code == 200


def test_the_centre_prints_any_consent(client, cast, stranger):
    legacy = MentorshipFactory(organisation=cast.school, mentor=stranger, mentee=cast.mentee.person)
    client.force_login(cast.center)
    assert client.get(consent_url(legacy, "mentor")).status_code == 200


# -- replacing the mentor (5.2) --------------------------------------------------------------


def test_the_mentee_proposes_a_mentor_only_among_the_school_staff(
    client, cast, active_mentorship, colleague, stranger
):
    client.force_login(cast.mentee)
    url = "/admin/workflows/replacementrequest/create/"

    offered = option_values(client, client.get(url).content.decode(), "proposed_mentor")
    assert str(colleague.pk) in offered and str(stranger.pk) not in offered
    assert str(cast.mentee.person.pk) not in offered

    response = client.post(
        url,
        {
            "mentorship": active_mentorship.pk,
            "reason": "Нет контакта",
            "proposed_mentor": stranger.pk,
        },
    )
    assert "Выберите корректный вариант" in response.content.decode()
    assert not active_mentorship.replacement_requests.exists()


def test_the_service_refuses_a_proposed_mentor_of_another_school(cast, active_mentorship, stranger):
    with pytest.raises(TransitionRefused, match="не может быть выбран"):
        replacement_request_create(
            user=cast.mentee,
            mentorship=active_mentorship,
            reason="Нет контакта",
            proposed_mentor=stranger,
        )
    assert not active_mentorship.replacement_requests.exists()


def test_the_head_names_the_new_mentor_only_among_those_who_may_mentor_here(
    client, cast, active_mentorship, colleague, stranger
):
    request = replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Нет контакта"
    )
    url = f"/admin/workflows/replacementrequest/transition/{request.pk}/approve/"
    client.force_login(cast.org_head)

    offered = option_values(client, client.get(url).content.decode(), "new_mentor")
    assert str(colleague.pk) in offered and str(stranger.pk) not in offered

    response = client.post(url, {"new_mentor": stranger.pk, "ended_on": "01.03.2027"})
    assert "Выберите корректный вариант" in response.content.decode()
    # The service, called directly, refuses her too.
    with pytest.raises(TransitionRefused, match=ORIGIN_REFUSAL):
        replacement_request_approve(
            request=request,
            user=cast.org_head,
            new_mentor=stranger,
            ended_on=datetime.date(2027, 3, 1),
        )
    active_mentorship.refresh_from_db()
    assert active_mentorship.state == MentorshipState.ACTIVE


# -- approvers -------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def order_form(cast, *approvers, **fields) -> dict:
    """The order's create form as the admin posts it, with one sheet line per approver."""
    data = {
        "issuer": cast.school.pk, "kind": "organise_mentoring",
        "title": "Об организации наставничества", "body": "", "starts_on": "",
        "notice_given_on": "", "effective_on": "", "route_mode": "parallel",
        "route-TOTAL_FORMS": str(len(approvers)), "route-INITIAL_FORMS": "0",
        "route-MIN_NUM_FORMS": "0", "route-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for number, approver in enumerate(approvers):
        data |= {
            f"route-{number}-approver": approver.pk,
            f"route-{number}-ORDER": str(number + 1),
            f"route-{number}-DELETE": "",
            f"route-{number}-id": "",
        }
    return data | fields


def test_the_approval_sheet_offers_the_schools_curator_and_head_by_name(client, cast, superuser):
    cast.curator.person.position = "заместитель директора"
    cast.curator.person.save()
    client.force_login(cast.curator)

    html = client.get(f"{ORDERS}create/").content.decode()

    sheet = suggested(client, html, "route-__prefix__-approver")
    offered = set(sheet)
    assert offered == {str(cast.curator.pk), str(cast.org_head.pk)}
    sheet_line = " ".join(sheet.values())
    assert f"{cast.curator.person.short_name} — заместитель директора" in sheet_line
    assert cast.curator.username not in sheet_line and cast.org_head.username not in sheet_line
    assert "admin" not in sheet_line


def test_a_crafted_sheet_naming_admin_or_another_school_is_refused(client, cast, superuser):
    client.force_login(cast.curator)
    for outsider in (superuser, cast.other_curator, cast.mentor):
        response = client.post(f"{ORDERS}create/", order_form(cast, outsider))
        assert response.status_code == 200
        assert "Выберите корректный вариант" in response.content.decode()
    assert not Order.objects.exists()

    response = client.post(f"{ORDERS}create/", order_form(cast, cast.org_head))
    assert response.status_code == 302
    assert list(Order.objects.get().route.values_list("approver", flat=True)) == [cast.org_head.pk]


@pytest.mark.parametrize("outsider", ["admin", "other_curator", "mentor", "no_person"])
def test_the_model_refuses_an_approver_who_does_not_approve_the_issuers_orders(
    cast, superuser, outsider
):
    accounts = {
        "admin": superuser,
        "other_curator": cast.other_curator,
        "mentor": cast.mentor,
        "no_person": UserFactory(roles=[Role.CURATOR]),
    }
    order = OrderFactory(issuer=cast.school)
    with pytest.raises(ValidationError) as error:
        OrderVisa(order=order, approver=accounts[outsider]).full_clean()
    assert error.value.message_dict["approver"] == [
        f"В лист согласования приказа {cast.school} включаются только куратор наставничества "
        "и руководитель этой организации."
    ]
    OrderVisa(order=order, approver=cast.curator).full_clean()


def test_municipal_orders_are_approved_by_the_department_and_the_centre(cast, superuser):
    department = OrganisationFactory(kind=OrganisationKind.EDUCATION_DEPARTMENT)
    order = OrderFactory(issuer=department, kind="organise_mentoring")
    approvers = set(approver_choices(user=cast.department, issuer=department))
    assert approvers == {cast.department, cast.center}
    with pytest.raises(ValidationError, match="муниципального приказа"):
        OrderVisa(order=order, approver=cast.curator).full_clean()


def test_before_the_issuer_is_chosen_a_school_user_is_offered_their_own_school_only(
    cast, superuser
):
    offered = set(approver_choices(user=cast.curator))
    assert offered == {cast.curator, cast.org_head}
    assert not User.objects.filter(pk__in=[u.pk for u in offered], is_superuser=True).exists()
