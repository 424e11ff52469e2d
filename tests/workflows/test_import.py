import csv
import datetime
import io

from django.core.management import CommandError, call_command

import pytest
from openpyxl import Workbook

from tests.factories import CertificateFactory, OrganisationFactory, PersonFactory
from workflows.imports import COLUMNS
from workflows.models import Certificate, Person

pytestmark = pytest.mark.django_db

HEADINGS = list(COLUMNS.values())


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
