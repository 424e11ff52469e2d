"""Admin lists filter only by what they declare (issue 11, item 1).

wagtail-modeladmin applied every query parameter of a list URL as a queryset filter, so a
list answered «1 row» or «0 rows» to ``?user__password__startswith=…`` and read any column
reachable from its model. These tests walk every registered list as every role with
parameters that reach a password, another school's text and a reverse relation, and check
that the rows shown never depend on them; and that the declared filters still work.
"""

import datetime
import inspect
import re
from collections import deque
from html import unescape
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.urls import URLResolver, get_resolver

from wagtail_modeladmin.options import ModelAdmin

import pytest

from tests.factories import (
    CertificateFactory,
    MentorshipFactory,
    OrderFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationConsentFactory,
    StatusApplicationFactory,
)
from tests.workflows.conftest import TZ, fill_questionnaire
from workflows.choices import MentorshipState, Nominator, OrganisationKind, Role
from workflows.models import CalendarOverride, Mentorship, Order, Organisation
from workflows.services import replacement_request_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

SECRET_GOAL = "Тайная цель другой школы"
NO_MATCH = "~нет такого значения~"
MENTORSHIPS = "/admin/workflows/mentorship/"


def registered_lists() -> list[ModelAdmin]:
    """Every modeladmin list the admin serves, read from the URL configuration itself, so a
    list registered tomorrow (from any app, on any base class) is walked too."""
    found = {}
    pending = deque(get_resolver().url_patterns)
    while pending:
        pattern = pending.popleft()
        if isinstance(pattern, URLResolver):
            pending.extend(pattern.url_patterns)
            continue
        view = inspect.unwrap(pattern.callback)  # Wagtail wraps admin views in its checks
        owner = getattr(view, "__self__", None)
        if isinstance(owner, ModelAdmin) and view.__name__ == "index_view":
            found[owner.url_helper.index_url] = owner
    return [found[index] for index in sorted(found)]


LISTS = registered_lists()


def relation_path(model, arrives) -> str | None:
    """The shortest lookup path from ``model`` along relations, forward or reverse, whose last
    step satisfies ``arrives(field)``."""
    seen, pending = {model}, deque([(model, "")])
    while pending:
        current, path = pending.popleft()
        for field in current._meta.get_fields():
            target = field.related_model
            if not field.is_relation or not isinstance(target, type):
                continue
            step = f"{path}__{field.name}" if path else field.name
            if arrives(field):
                return step
            if target not in seen and step.count("__") < 3:
                seen.add(target)
                pending.append((target, step))
    return None


def probes(model) -> dict[str, dict[str, str]]:
    """What a list of ``model`` is asked, by what each question tries to read.

    Each value selects no row or only another school's rows, so a list that applied it
    would show other rows than without it.
    """
    found = {}
    to_user = relation_path(model, lambda field: field.related_model is User)
    if to_user:
        found["password"] = {f"{to_user}__password__startswith": NO_MATCH}
    to_school = relation_path(model, lambda field: field.related_model is Organisation)
    if to_school or model is Organisation:
        goal = "__".join(filter(None, [to_school, "mentorships__goal__startswith"]))
        found["another school's text"] = {goal: SECRET_GOAL[:5]}
    reverse = relation_path(model, lambda field: field.auto_created and not field.concrete)
    if reverse:
        found["reverse relation, without"] = {f"{reverse}__isnull": "True"}
        found["reverse relation, with"] = {f"{reverse}__isnull": "False"}
    found["own column, unknown field, ordering by a password"] = {
        "pk": "0",
        "no_such_field__startswith": "x",
        "o": f"{to_user or 'user'}__password.99.-99",
    }
    return found


@pytest.fixture
def superuser(make_user):
    return make_user(person=False, is_superuser=True, username="admin")


@pytest.fixture
def world(cast, active_mentorship, superuser):
    """A row for every list in both schools, and the other school's secrets to be read."""
    other = cast.other_school
    MentorshipFactory(organisation=other, goal=SECRET_GOAL)
    OrderFactory(issuer=other, body=SECRET_GOAL, approvers=[cast.other_curator])
    # The curator put `admin` on an order's approval sheet.
    OrderFactory(issuer=cast.school, title="О наставничестве", approvers=[superuser])
    fill_questionnaire(active_mentorship.questionnaire)
    replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Наставник в длительном отпуске"
    )
    for person in (cast.mentor.person, cast.other_mentor.person):
        StatusApplicationFactory(person=person, nominated_by=Nominator.DEPARTMENT)
        CertificateFactory(person=person)
        PublicationConsentFactory(person=person)
    PublicationConsentFactory(
        person=PersonFactory(organisation=other), withdrawn_on=datetime.date(2026, 3, 1)
    )
    # A closed kindergarten with its teacher: the directory's filters have something to leave.
    PersonFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.KINDERGARTEN, is_active=False)
    )
    # Documents drafted last year, for the year filter.
    last_year = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)
    Mentorship.objects.filter(organisation=other).update(created_at=last_year)
    Order.objects.filter(issuer=other).update(created_at=last_year)
    for day, working in ((datetime.date(2026, 12, 31), False), (datetime.date(2026, 12, 27), True)):
        CalendarOverride.objects.create(date=day, is_working_day=working, note="Постановление")
    return cast


def every_user(people, superuser) -> dict[str, User]:
    """A user of each role, and the superuser, by role."""
    return {role.value: getattr(people, role.value) for role in Role} | {"superuser": superuser}


def rows(response) -> list[int]:
    """The primary keys of the rows a list page shows, in their order."""
    return [obj.pk for obj in response.context["object_list"]]


def test_no_list_answers_a_parameter_it_does_not_declare(client, world, superuser):
    """Every list, every role: the page is the same page whatever undeclared parameter is
    added. One walk over all lists (the data is built once); every difference is reported."""
    leaks, seen = [], set()
    for model_admin in LISTS:
        index = model_admin.url_helper.index_url
        questions = probes(model_admin.model)
        for role, user in every_user(world, superuser).items():
            client.force_login(user)
            baseline = client.get(index)
            if baseline.status_code != 200:  # a list the role may not open stays closed
                asked = {k: v for params in questions.values() for k, v in params.items()}
                questions_here = {"all at once": asked}
            else:
                questions_here = questions
                if rows(baseline):
                    seen.add(index)
            for family, params in questions_here.items():
                response = client.get(f"{index}?{urlencode(params)}")
                same_status = response.status_code == baseline.status_code
                if same_status and (
                    response.status_code != 200 or rows(response) == rows(baseline)
                ):
                    continue
                shown = rows(response) if response.status_code == 200 else response.status_code
                expected = rows(baseline) if baseline.status_code == 200 else baseline.status_code
                leaks.append(
                    f"{role} {index}?{urlencode(params)} ({family}): {shown}, not {expected}"
                )
    assert not leaks, "\n".join(leaks)
    unseen = {model_admin.url_helper.index_url for model_admin in LISTS} - seen
    assert not unseen, f"no role sees a row of {unseen}: the walk would prove nothing there"


def test_every_list_of_the_project_is_walked():
    """The walk finds the lists in the URL configuration, including the calendar's, which is
    not narrowed to organisations."""
    walked = {model_admin.model._meta.model_name for model_admin in LISTS}
    assert {
        "organisation", "person", "calendaroverride", "mentorship", "order", "individualplan",
        "report", "questionnaire", "replacementrequest", "statusapplication", "certificate",
        "publicationconsent",
    } <= walked  # fmt: skip
    for model_admin in LISTS:
        assert probes(model_admin.model)


# -- the probes of the issue, exactly --------------------------------------------------


def answers(client, path: str, **params) -> list[int]:
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code == 200, params
    return rows(response)


def test_a_mentee_cannot_read_the_heads_password_hash_from_the_people_list(client, world):
    client.force_login(world.mentee)
    people = "/admin/workflows/person/"
    everyone = answers(client, people)
    head = world.org_head
    known = len("md5$")  # what the attacker has read so far; the next character is guessed
    right = head.password[: known + 1]
    wrong = head.password[:known] + ("a" if head.password[known] != "a" else "b")
    # Before: 1 row (the head) for the right next character, 0 rows for a wrong one.
    for guess in (right, wrong):
        probe = {"user__username": head.username, "user__password__startswith": guess}
        assert answers(client, people, **probe) == everyone
    assert answers(client, people, user__password__regex=f"^{right}") == everyone
    assert len(everyone) > 1


def test_a_curator_cannot_read_the_superusers_hash_through_an_approval_sheet(
    client, world, superuser
):
    client.force_login(world.curator)
    orders = "/admin/workflows/order/"
    everyone = answers(client, orders)
    for guess in (superuser.password[:5], NO_MATCH):
        assert answers(client, orders, route__approver__password__startswith=guess) == everyone
    assert answers(client, orders, route__approver__username="admin") == everyone


def test_no_one_reads_another_schools_texts_through_a_mentor_of_that_school(client, world):
    visiting = PersonFactory(
        organisation=world.other_school, teaching_experience_since=datetime.date(2000, 9, 1)
    )
    MentorshipFactory(organisation=world.school, mentor=visiting)
    client.force_login(world.curator)
    everyone = answers(client, MENTORSHIPS)
    for guess in (SECRET_GOAL[:5], NO_MATCH):
        goal = {"mentor__organisation__mentorships__goal__startswith": guess}
        assert answers(client, MENTORSHIPS, **goal) == everyone
    comment = {"mentor__organisation__mentorships__questionnaire__comment__startswith": "Т"}
    assert answers(client, MENTORSHIPS, **comment) == everyone
    orders = "/admin/workflows/order/"
    body = {"mentorships__mentor__organisation__orders__body__startswith": SECRET_GOAL[:5]}
    assert answers(client, orders, **body) == answers(client, orders)


# -- the declared filters keep working -------------------------------------------------


def filter_choices(html: str) -> list[list[str]]:
    """The query strings of the choices a list's sidebar offers, one list per filter."""
    sidebar = html.partition('class="changelist-filter')[2].partition('class="result-list')[0]
    return [
        [unescape(link) for link in re.findall(r'<a href="(\?[^"]*)"', choices)]
        for choices in re.findall(r"<ul>(.*?)</ul>", sidebar, re.S)
    ]


def test_every_declared_filter_still_narrows_its_list(client, world, superuser):
    """Each filter of each list's sidebar has a choice that shows a part of the list: the
    declared parameters are applied, not dropped with the undeclared ones."""
    client.force_login(superuser)
    for model_admin in LISTS:
        index = model_admin.url_helper.index_url
        baseline = client.get(index)
        everyone = set(rows(baseline))
        offered = filter_choices(baseline.content.decode())
        assert len(offered) == len(model_admin.list_filter), index
        for choices in offered:
            for link in choices:  # the first is «All»; stop at the first that narrows
                response = client.get(index + link)
                assert response.status_code == 200, index + link
                shown = set(rows(response))
                assert shown <= everyone, index + link
                if shown != everyone:
                    break
            else:
                pytest.fail(f"no choice of {choices} narrows {index}")


def test_the_filter_links_of_a_list_do_not_carry_an_undeclared_parameter(client, world):
    client.force_login(world.curator)
    probe = "user__password__startswith"
    html = client.get(f"/admin/workflows/person/?{probe}=md5").content.decode()
    links = [link for choices in filter_choices(html) for link in choices]
    assert links and not any(probe in link for link in links)


def test_declared_filters_narrow_the_mentorships(client, world):
    client.force_login(world.center)
    every = set(answers(client, MENTORSHIPS))
    active = set(
        Mentorship.objects.filter(state=MentorshipState.ACTIVE).values_list("pk", flat=True)
    )
    others = set(
        Mentorship.objects.filter(organisation=world.other_school).values_list("pk", flat=True)
    )
    assert active and others and active < every and others < every
    assert set(answers(client, MENTORSHIPS, state__exact="active")) == active
    assert set(answers(client, MENTORSHIPS, organisation=world.other_school.pk)) == others
    assert set(answers(client, MENTORSHIPS, kind__exact="traditional")) == every
    assert answers(client, MENTORSHIPS, kind__exact="coaching") == []
    assert set(answers(client, MENTORSHIPS, year="2026")) == every - others
    assert set(answers(client, MENTORSHIPS, year="2025")) == others
    assert answers(client, MENTORSHIPS, year="2020") == []  # a year not offered selects none


def test_a_value_no_declared_filter_can_read_shows_the_whole_list_again(client, world):
    client.force_login(world.center)
    for path, params in (
        (MENTORSHIPS, {"organisation": "abc"}),
        (MENTORSHIPS, {"organisation": "99999999999999999999999"}),
        (MENTORSHIPS, {"year": "²"}),
        (MENTORSHIPS, {"o": "0.-1.zz.99"}),
        ("/admin/workflows/order/", {"organisation": "²"}),
    ):
        assert client.get(f"{path}?{urlencode(params)}").status_code == 200, (path, params)
    for path, params in (
        ("/admin/workflows/certificate/", {"valid_until__gte": "вчера"}),
        ("/admin/workflows/certificate/", {"state__exact": "\x00"}),
        ("/admin/workflows/person/", {"q": "\x00"}),
    ):
        response = client.get(f"{path}?{urlencode(params)}", follow=True)
        assert response.redirect_chain == [(path, 302)], (path, params)
        assert "Список нельзя отфильтровать по такому значению" in response.content.decode()
