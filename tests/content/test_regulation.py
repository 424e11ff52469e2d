import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.core.management import call_command

from wagtail.models import Revision

import pytest
from pypdf import PdfReader

from content.blocks import ClauseReferenceBlock
from content.models import RegulationPage
from content.regulation import DEFAULT_SOURCE, fix_lookalikes, import_regulation, read_glued_words
from tests.factories import material

pytestmark = pytest.mark.django_db

CLAUSES = (
    ["1.1", "1.2", "1.3", "1.4"]
    + [f"2.{n}" for n in range(1, 8)]
    + ["3.1", "3.2", "3.3", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2", "6.3"]
)
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN = re.compile(r"[a-zA-Z]")


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, no attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pecypc", "ресурс"),  # all Latin, written in lower case
        ("зaдaчи", "задачи"),
        ("педагогичеcкий", "педагогический"),
        ("пpoгpecce", "прогрессе"),
        ("image", "image"),  # «i», «m», «g» have no Cyrillic twin: a real Latin word
        ("XI", "XI"),  # upper case: a roman numeral, not a disguised word
        ("наставник", "наставник"),
    ],
)
def test_latin_lookalikes_are_replaced_by_rule(word, expected):
    assert fix_lookalikes(word) == expected


def test_the_published_regulation_has_every_clause_with_its_anchor_and_reads_clean(
    client, regulation
):
    html = client.get("/regulation/").content.decode()
    for number in CLAUSES:
        anchor = "p-" + number.replace(".", "-")
        assert f'id="{anchor}"' in html, number
        assert f'href="#{anchor}"' in html, number  # contents and "link to this clause"
    text = visible_text(html)
    mixed = [
        word
        for word in re.findall(r"[^\W\d_]+", text)
        if CYRILLIC.search(word) and LATIN.search(word)
    ]
    assert mixed == []
    glued = [word for word in read_glued_words() if re.search(rf"(?<!\w){word}(?!\w)", text)]
    assert glued == []
    assert "[image:" not in html and ".jpg" not in html and "Desktop" not in html
    assert "pecypc" not in html and "ресурс" in text


def test_the_regulation_page_has_sections_contents_and_a_print_stylesheet(client, regulation):
    html = client.get("/regulation/").content.decode()
    for number in ["I", "II", "III", "IV", "V", "VI"]:
        assert f'id="section-{number.lower()}"' in html
    assert "Права и обязанности лица в отношении, которого осуществляется наставничество" in html
    assert "Содержание" in html
    assert 'media="print"' in html
    assert "Ссылка на пункт 2.4" in html


def test_a_second_import_changes_nothing_and_a_changed_text_makes_one_new_revision(
    regulation, tmp_path
):
    revisions = Revision.objects.count()
    assert import_regulation(log=lambda message: None).pk == regulation.pk
    assert Revision.objects.count() == revisions

    changed = tmp_path / "regulation.txt"
    text = DEFAULT_SOURCE.read_text(encoding="utf-8")
    changed.write_text(text.replace("до 3летв", "до трёх лет в"), encoding="utf-8")
    import_regulation(changed, log=lambda message: None)
    assert RegulationPage.objects.count() == 1
    assert Revision.objects.count() == revisions + 1
    page = RegulationPage.objects.get()
    assert page.live and not page.has_unpublished_changes
    assert "до трёх лет в зависимости" in str(page.structure())


def test_the_command_prints_what_it_changed(home):
    out = io.StringIO()
    call_command("import_regulation", str(DEFAULT_SOURCE), stdout=out)
    report = out.getvalue()
    assert "dropped the image path" in report
    assert "pecypc → ресурс" in report
    assert "вотношении → в отношении" in report
    assert "6 sections, 21 clauses" in report
    assert "/regulation/" in report

    out = io.StringIO()
    call_command("import_regulation", str(DEFAULT_SOURCE), stdout=out)
    assert "unchanged" in out.getvalue()


def test_a_clause_reference_links_to_the_clause_anchor(client, regulation, materials_index):
    material(
        materials_index,
        slug="plan",
        body=[{"type": "clause_reference", "value": {"clause": "2.4", "summary": "срок"}}],
    )
    html = client.get("/materials/plan/").content.decode()
    assert 'href="/regulation/#p-2-4"' in html
    assert "Пункт 2.4 Положения" in html


def test_a_clause_reference_to_a_clause_that_does_not_exist_is_refused(regulation):
    block = ClauseReferenceBlock()
    assert block.clean({"clause": "6.3", "summary": ""})["clause"] == "6.3"
    with pytest.raises(ValidationError):
        block.clean({"clause": "7.1", "summary": ""})


def test_the_regulation_reads_as_a_document(client, regulation):
    """Issue 15 point 6: a short title for the menu and the full one as the heading, one
    numbering in the contents, clause links that say what they are, the approval details, a
    PDF from the papers' machinery, a way back to the top; «округа (далее» no longer glued."""
    page = RegulationPage.objects.get()
    assert page.title == "Положение о наставничестве"
    assert page.full_title.startswith("Положение о наставничестве в муниципальной системе")
    page.approved_by = "приказом Управления образования Администрации города Юрги"
    page.approval_number = "123"
    page.approval_date = datetime.date(2025, 8, 29)
    page.save_revision().publish()

    html = client.get("/regulation/").content.decode()
    assert f'<h1 id="top">{page.full_title}</h1>' in html
    assert (
        "Утверждено приказом Управления образования Администрации города Юрги от 29.08.2025 № 123"
        in html
    )
    assert '<a href="#section-i">I. Общее положение</a>' in html
    assert "<ol" not in html.split('class="toc"')[1].split("</nav>")[0]  # one numbering
    assert 'aria-label="Пункт 2.4">2.4</a>' in html
    assert 'href="/regulation/pdf/"' in html and 'href="#top"' in html
    text = visible_text(html)
    assert "округа (далее" in text and "Коучируемый (клиент" in text

    response = client.get("/regulation/pdf/")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    first = pdf.pages[0].extract_text()
    assert "Положение о наставничестве" in first and "от 29.08.2025 № 123" in first
    assert "2.4." in "".join(p.extract_text() for p in pdf.pages)
