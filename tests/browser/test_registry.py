import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def registry_people(db):
    issued_on = timezone.localdate() - datetime.timedelta(days=100)
    tutor = PersonFactory(surname="Ёлкина", name="Вера", patronymic="Павловна")
    mentor = PersonFactory(surname="Кравцов", name="Игорь", patronymic="Львович")
    for person, kind, number in [
        (tutor, CertificateKind.TUTOR, "42-Т-0100"),
        (mentor, CertificateKind.MENTOR, "42-М-0200"),
    ]:
        PublicationConsentFactory(person=person)
        CertificateFactory(
            person=person, kind=kind, number=number, issued_on=issued_on, direction="ИКТ"
        )
    return tutor


def test_a_visitor_filters_searches_opens_a_person_and_verifies_a_number(
    page, axe, registry_people
):
    page.goto("/registry/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert axe() == []

    page.get_by_label("Статус").select_option("tutor")
    page.get_by_role("button", name="Найти").click()
    results = page.get_by_role("table")
    expect(results).to_contain_text("Ёлкина Вера Павловна")
    expect(results).not_to_contain_text("Кравцов")

    page.get_by_label("ФИО или направление").fill("ЕЛКИНА")
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("link", name="Ёлкина Вера Павловна").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ёлкина Вера Павловна")
    expect(page.get_by_text("42-Т-0100", exact=True)).to_be_visible()
    assert axe() == []

    page.get_by_role("link", name="Вернуться к реестру").click()
    page.get_by_label("Номер свидетельства").fill("42-Т-0100")
    page.get_by_role("button", name="Проверить").click()
    expect(page.get_by_role("status")).to_contain_text("Действует до")
    assert axe() == []
