"""Why a document upload is refused, in words (issue 11, item 10): no extension, a wrong one,
a fake."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document
from wagtail.models import Collection

import pytest

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n..."


def document_errors(name: str, content: bytes, user) -> list[str]:
    form = get_document_form(Document)(
        data={"title": "Памятка", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content)},
        user=user,
    )
    assert not form.is_valid()
    return form.errors["file"]


@pytest.mark.parametrize("name", ["pamyatka", "pamyatka."])
def test_a_document_without_an_extension_is_refused_with_one_clear_reason(make_user, name):
    errors = document_errors(name, PDF, make_user("editor"))
    assert errors == [
        f"У файла «{name}» нет расширения, поэтому его формат неизвестен. Переименуйте файл "
        "так, чтобы имя оканчивалось одним из расширений: .pdf, .docx, .odt, .xlsx, .ods, "
        ".pptx, .txt, .rtf, .zip."
    ]


def test_a_wrong_extension_and_a_fake_each_get_their_own_reason_and_nothing_else(make_user):
    editor = make_user("editor")
    assert document_errors("pamyatka.exe", PDF, editor) == [
        "Расширение файлов “exe” не поддерживается. Разрешенные расширения: pdf, docx, odt, "
        "xlsx, ods, pptx, txt, rtf, zip."
    ]
    assert document_errors("pamyatka.pdf", b"<html></html>", editor) == [
        "Файл не является документом PDF: содержимое не соответствует формату."
    ]
