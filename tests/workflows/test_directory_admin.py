import pytest

from tests.factories import PersonFactory
from workflows.choices import Role

pytestmark = pytest.mark.django_db

PEOPLE_INDEX = "/admin/workflows/person/"


def test_admin_dashboard_is_in_russian_for_every_role(client, make_user):
    for role in Role:
        client.force_login(make_user(role))
        response = client.get("/admin/")
        assert response.status_code == 200, role
        assert 'lang="ru"' in response.content.decode()


def test_curator_lists_only_people_of_their_own_school(client, make_user, school, other_school):
    ours = PersonFactory(organisation=school, surname="Свояшкина")
    PersonFactory(organisation=other_school, surname="Чужакова")
    client.force_login(make_user(Role.CURATOR, organisation=school))

    html = client.get(PEOPLE_INDEX).content.decode()

    assert ours.surname in html
    assert "Чужакова" not in html


def test_person_of_another_organisation_does_not_exist_for_a_curator(
    client, make_user, school, other_school
):
    stranger = PersonFactory(organisation=other_school)
    client.force_login(make_user(Role.CURATOR, organisation=school))
    assert client.get(f"{PEOPLE_INDEX}edit/{stranger.pk}/").status_code == 404
    assert client.post(f"{PEOPLE_INDEX}edit/{stranger.pk}/", {"surname": "X"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.surname != "X"


def test_curator_cannot_move_a_person_to_another_organisation(
    client, make_user, school, other_school
):
    person = PersonFactory(organisation=school)
    client.force_login(make_user(Role.CURATOR, organisation=school))
    response = client.post(
        f"{PEOPLE_INDEX}edit/{person.pk}/",
        {"surname": person.surname, "name": person.name, "patronymic": "", "position": "учитель",
         "organisation": other_school.pk, "email": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    person.refresh_from_db()
    assert person.organisation == school


def test_admin_search_finds_people_regardless_of_case_and_yo(client, make_user, school):
    PersonFactory(organisation=school, surname="Соловьёва")
    client.force_login(make_user(Role.ORG_HEAD, organisation=school))
    assert "Соловьёва" in client.get(PEOPLE_INDEX, {"q": "соловьева"}).content.decode()


def test_editors_have_no_access_to_the_directory(client, make_user):
    client.force_login(make_user(Role.EDITOR))
    response = client.get(PEOPLE_INDEX)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_department_sees_every_organisation(client, make_user, school, other_school):
    client.force_login(make_user(Role.DEPARTMENT))
    html = client.get("/admin/workflows/organisation/").content.decode()
    assert school.short_name in html and other_school.short_name in html
