"""The registry publishes the conditions and prohibitions a person set in the consent to
dissemination (152-ФЗ art. 10.1 part 9) beside what it publishes, on the person's page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("Asia/Novokuznetsk"))
CONDITIONS = "Не передавать сведения для публикации в социальных сетях."


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(DAY, tick=False):
        yield


def test_the_person_page_names_what_is_published_and_the_persons_conditions(client, listed):
    certificate = listed(
        consent={
            "given_on": datetime.date(2026, 11, 20),
            "show_position": True,
            "show_number": False,
            "conditions": CONDITIONS,
        }
    )
    page = client.get(f"/registry/{certificate.person_id}/").content.decode()
    consent = page[page.index("data-consent") :]
    assert "Опубликовано с согласия от 20.11.2026" in consent
    assert "<li>Должность</li>" in consent
    assert "Номер свидетельства" not in consent
    assert CONDITIONS in consent


def test_without_conditions_the_page_says_only_what_is_published(client, listed):
    certificate = listed(consent={"given_on": datetime.date(2026, 11, 20), "conditions": ""})
    page = client.get(f"/registry/{certificate.person_id}/").content.decode()
    assert "data-consent" in page
    assert "Условия и запреты" not in page
