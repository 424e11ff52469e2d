"""The person chooser: suggestions folded for case and «ё», only from the form's own scope, and
the chosen person shown by name; the form still validates the posted id."""

import re
from html import unescape

import pytest

from tests.factories import MentorshipFactory, OrderFactory, PersonFactory
from workflows.choices import OrderKind
from workflows.models import Mentorship, OrderVisa
from workflows.services import replacement_request_create

pytestmark = pytest.mark.django_db

MENTORSHIPS = "/admin/workflows/mentorship/"


def search(client, scope: str, query: str = "", **params) -> dict[int, str]:
    response = client.get(f"/admin/people/{scope}/", {"q": query, **params})
    assert response.status_code == 200
    return {person["id"]: person["label"] for person in response.json()["results"]}


@pytest.fixture
def semyonova(cast):
    return PersonFactory(
        organisation=cast.school,
        surname="Семёнова",
        name="Алёна",
        patronymic="Тимуровна",
        position="учитель химии",
    )


@pytest.fixture
def namesake(cast):
    """Of the other school, with a name that every query below matches."""
    return PersonFactory(organisation=cast.other_school, surname="Семенова", name="Алёна")


@pytest.mark.parametrize("query", ["семенова", "СЕМЁНОВА", "Семёнова алена", "ёнов"])
def test_suggestions_fold_case_and_yo(client, cast, semyonova, namesake, query):
    client.force_login(cast.curator)

    found = search(client, "mentee", query)

    assert found == {semyonova.pk: f"Семёнова А. Т. — учитель химии, {cast.school}"}


def test_those_whose_surname_begins_with_the_query_come_first(client, cast, semyonova):
    daughter = PersonFactory(organisation=cast.school, surname="Авдеева", patronymic="Семёновна")
    client.force_login(cast.curator)

    assert list(search(client, "mentee", "семен")) == [semyonova.pk, daughter.pk]


def test_suggestions_are_the_forms_scope_and_at_most_twenty(client, cast, namesake):
    for number in range(25):
        PersonFactory(organisation=cast.school, surname=f"Учителева{number:02}")
    client.force_login(cast.curator)

    found = search(client, "mentee", "учителева")

    assert len(found) == 20
    assert namesake.pk not in search(client, "mentee", "семенова")
    assert namesake.pk not in search(client, "mentor", "семенова")


def test_a_changed_query_string_reaches_nobody_outside_the_scope(client, cast, active_mentorship):
    client.force_login(cast.curator)
    # The approvers of another school's orders, asked for by its id.
    assert search(client, "approver", issuer=cast.other_school.pk) == {}
    assert search(client, "approver", issuer="1e3") == search(client, "approver")
    assert set(search(client, "approver")) == {cast.curator.pk, cast.org_head.pk}
    assert client.get("/admin/people/everyone/", {"q": "а"}).status_code == 404

    # New mentors of a request only for whoever may grant it: the head, not the mentee.
    request = replacement_request_create(
        user=cast.mentee, mentorship=active_mentorship, reason="Нет контакта"
    )
    client.force_login(cast.mentee)
    assert search(client, "replacement_mentor", request=request.pk) == {}
    client.force_login(cast.other_org_head)
    assert search(client, "replacement_mentor", request=request.pk) == {}
    client.force_login(cast.org_head)
    assert cast.curator.person.pk in search(client, "replacement_mentor", request=request.pk)


def test_nobody_is_suggested_to_a_stranger_or_anonymous_visitor(client, cast):
    assert client.get("/admin/people/mentee/", {"q": "а"}).status_code == 302
    client.force_login(cast.editor)
    assert search(client, "mentee") == {} and search(client, "consent") == {}
    client.force_login(cast.curator)
    assert search(client, "consent") == {}
    client.force_login(cast.registrar)
    assert cast.mentee.person.pk in search(client, "consent")


def test_the_query_count_does_not_grow_with_the_suggestions(
    client, cast, django_assert_max_num_queries
):
    for number in range(30):
        PersonFactory(organisation=cast.school, surname=f"Учителева{number:02}")
    client.force_login(cast.curator)
    # Session, account, permissions, profile, roles, person; the scope; the people at once.
    with django_assert_max_num_queries(9):
        assert len(search(client, "mentor", "учителева")) == 20
    with django_assert_max_num_queries(10):
        search(client, "approver", "а")


def chooser_box(html: str, name: str) -> str:
    """The visible text box of the person chooser posting ``name``."""
    found = re.search(
        rf'<input type="hidden" name="{name}" value="([^"]*)"[^>]*>\s*(<input[^>]*>)', html
    )
    assert found, f"no person chooser {name!r}"
    return found.group(2)


def test_the_form_shows_an_accessible_combobox_with_the_chosen_person_by_name(client, cast):
    mentorship = MentorshipFactory(
        organisation=cast.school, mentor=cast.mentor.person, mentee=cast.mentee.person
    )
    client.force_login(cast.curator)

    html = client.get(f"{MENTORSHIPS}edit/{mentorship.pk}/").content.decode()

    box = chooser_box(html, "mentor")
    assert 'role="combobox"' in box and 'aria-controls="id_mentor-listbox"' in box
    assert 'id="id_mentor"' in box and '<label class="w-field__label" for="id_mentor"' in html
    assert f'value="{cast.mentor.person.short_name} — ' in unescape(box)
    assert 'id="id_mentor-listbox"' in html and 'role="listbox"' in html
    assert 'data-empty="Никого не найдено"' in html
    assert "person-chooser.js" in html


def test_an_id_outside_the_scope_is_a_form_error_and_never_shown(client, cast):
    client.force_login(cast.curator)
    stranger = cast.other_mentee.person
    data = {
        "organisation": cast.school.pk,
        "kind": "traditional",
        "mentor": cast.mentor.person.pk,
        "mentee": stranger.pk,
        "starts_on": "01.12.2026",
        "ends_on": "30.06.2027",
        "goal": "",
    }

    response = client.post(f"{MENTORSHIPS}create/", data)

    html = response.content.decode()
    assert "Выберите корректный вариант" in html
    assert not Mentorship.objects.exists()
    assert stranger.surname not in html
    # The mentor chosen in scope is still shown by name after the error.
    assert f"{cast.mentor.person.short_name} — " in unescape(chooser_box(html, "mentor"))


def test_an_approval_sheet_line_shows_its_approver_by_name_on_edit(client, cast):
    order = OrderFactory(issuer=cast.school, kind=OrderKind.ORGANISE_MENTORING)
    OrderVisa.objects.create(order=order, approver=cast.org_head, sort_order=0)
    client.force_login(cast.curator)

    html = client.get(f"/admin/workflows/order/edit/{order.pk}/").content.decode()

    box = unescape(chooser_box(html, "route-0-approver"))
    assert f'value="{cast.org_head.person.short_name} — ' in box
    assert cast.org_head.username not in box
    # The suggestions of the sheet are those of this order's issuer.
    assert f"issuer={cast.school.pk}" in html
