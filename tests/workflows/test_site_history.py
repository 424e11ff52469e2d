"""Wagtail's site history and its downloads show an entry only to those who may see its object
(issue 11, item 4): after the department edits a teacher of another school, that school's own
people see the entry and this school's curator and mentee do not, in the list or the files."""

import io

from django.urls import resolve

import openpyxl
import pytest

from tests.factories import PersonFactory
from workflows.site_history import ScopedLogEntriesView

pytestmark = pytest.mark.django_db

HISTORY = "/admin/reports/site-history/"
SURNAME = "Ступакова"
EDITOR_NAME = "Вершинина"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_text(response) -> str:
    return body(response).decode("utf-8-sig")


def xlsx_text(response) -> str:
    content = body(response)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def everything_shown(client, user) -> str:
    """The list, its results fragment and both downloads, as one text."""
    client.force_login(user)
    parts = [
        client.get(HISTORY).content.decode(),
        client.get(f"{HISTORY}results/").content.decode(),
        csv_text(client.get(HISTORY, {"export": "csv"})),
        xlsx_text(client.get(HISTORY, {"export": "xlsx"})),
    ]
    return "\n".join(parts)


@pytest.fixture
def edited_by_department(client, cast):
    """The department edits, through the admin, a teacher of the other school."""
    department = cast.department
    department.first_name, department.last_name = "Ольга", EDITOR_NAME
    department.save()
    person = PersonFactory(organisation=cast.other_school, surname=SURNAME)
    client.force_login(department)
    response = client.post(
        f"/admin/workflows/person/edit/{person.pk}/",
        {"surname": SURNAME, "name": person.name, "patronymic": person.patronymic,
         "organisation": cast.other_school.pk, "position": "учитель физики", "email": ""},
    )  # fmt: skip
    assert response.status_code == 302
    client.logout()
    return person


def test_site_history_is_routed_to_the_scoped_view():
    for path in (HISTORY, f"{HISTORY}results/"):
        assert resolve(path).func.view_class is ScopedLogEntriesView


@pytest.mark.parametrize("role", ["curator", "mentee", "org_head", "mentor"])
def test_another_schools_entry_is_in_no_list_and_no_download(
    client, cast, edited_by_department, role
):
    shown = everything_shown(client, getattr(cast, role))
    assert SURNAME not in shown
    assert EDITOR_NAME not in shown  # not even in the filter of who made changes


@pytest.mark.parametrize("role", ["center", "department"])
def test_municipal_bodies_still_see_the_entry_everywhere(client, cast, edited_by_department, role):
    client.force_login(getattr(cast, role))
    assert SURNAME in client.get(HISTORY).content.decode()
    assert SURNAME in csv_text(client.get(HISTORY, {"export": "csv"}))
    assert SURNAME in xlsx_text(client.get(HISTORY, {"export": "xlsx"}))


@pytest.mark.parametrize(
    "role",
    ["other_curator", "other_org_head", "other_mentor", "other_mentee", "curator", "mentee",
     "center", "department", "registrar", "editor", "moderator"],
)  # fmt: skip
def test_an_entry_is_shown_exactly_to_those_who_may_open_its_object(
    client, cast, edited_by_department, role
):
    """The rule follows the directory's own: the entry is listed for a user exactly when the
    person's page opens for them (the other school's staff do; a role of that school that may
    not see the person does not, whatever the directory's rule for it is)."""
    user = getattr(cast, role)
    client.force_login(user)
    may_open = client.get(f"/admin/workflows/person/inspect/{edited_by_department.pk}/")
    listed = SURNAME in client.get(f"{HISTORY}results/").content.decode()
    assert listed == (may_open.status_code == 200)
    if role in ("other_curator", "other_org_head", "center", "department"):
        assert listed


def test_an_object_whose_model_has_no_scope_is_hidden_from_school_roles(client, cast):
    """The production calendar has no organisation: its entries stay with the municipality."""
    client.force_login(cast.department)
    response = client.post(
        "/admin/workflows/calendaroverride/create/",
        {"date": "2026-12-31", "is_working_day": "", "note": "Перенос выходного"},
    )
    assert response.status_code == 302
    client.force_login(cast.curator)
    assert "31.12.2026" not in client.get(f"{HISTORY}results/").content.decode()
    client.force_login(cast.center)
    assert "31.12.2026" in client.get(f"{HISTORY}results/").content.decode()


@pytest.mark.parametrize("role", ["curator", "org_head", "mentor", "mentee", "center"])
@pytest.mark.parametrize(
    "report", ["locked/", "aging-pages/", "workflow/", "workflow_tasks/", "page-types-usage/"]
)
def test_the_page_reports_stay_closed_to_mentoring_roles(client, cast, role, report):
    """Guard: these list pages only and need page permissions no mentoring role holds."""
    client.force_login(getattr(cast, role))
    for query in ({}, {"export": "csv"}):
        response = client.get(f"/admin/reports/{report}", query)
        assert response.status_code == 302
