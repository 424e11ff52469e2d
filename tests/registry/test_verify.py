"""Verification of a certificate number (issue 15 point 2, issue 13 point 13): the number as
people type it, one answer in correct Russian with a colour, an icon and words, and nothing the
holder did not allow (152-ФЗ art. 10.1)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

import pytest
import time_machine

from registry.papers import registry_extract_sheet
from registry.verification import number_key, verify
from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory
from workflows.choices import CertificateKind
from workflows.services import consent_withdraw, perform_transition

pytestmark = pytest.mark.django_db

YURGA = ZoneInfo("Asia/Novokuznetsk")
TODAY = datetime.date(2026, 11, 25)
# Issued so that it is valid until 08.10.2029.
ISSUED = datetime.date(2026, 10, 8)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(
        datetime.datetime.combine(TODAY, datetime.time(12), YURGA), tick=False
    ):
        yield


def holder(consent=None, **certificate):
    """A tutor «Ёлкина Вера Павловна» with certificate 42-Т-1001; ``consent`` gives the
    consent's flags (``False``: no consent at all)."""
    person = PersonFactory(surname="Ёлкина", name="Вера", patronymic="Павловна", position="учитель")
    if consent is not False:
        PublicationConsentFactory(person=person, given_on=ISSUED, **(consent or {}))
    certificate.setdefault("number", "42-Т-1001")
    certificate.setdefault("issued_on", ISSUED)
    return CertificateFactory(person=person, kind=CertificateKind.TUTOR, **certificate)


def answer(client, number: str) -> str:
    response = client.get("/registry/verify/", {"number": number})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "42-Т-1001",  # as printed
        "42-T-1001",  # a Latin T
        "42-т-1001",  # lower case
        "42-t-1001",  # lower-case Latin
        " 42 - Т - 1001 ",  # spaces anywhere
        "42–Т—1001",  # en and em dashes
        "42‐Т‑1001",  # hyphen and non-breaking hyphen
        "42−Т－1001",  # minus sign and full-width hyphen
    ],
)
def test_the_number_is_found_however_it_is_typed(client, typed):
    holder()
    html = answer(client, typed)
    assert 'data-verdict="valid"' in html
    assert "Действует до 08.10.2029" in html
    # The sentence names the number as the registry holds it, whatever was typed.
    assert (
        'Свидетельство № <span class="nowrap" data-number>42-Т-1001</span> действует до '
        '<span class="nowrap">08.10.2029</span>.' in html
    )


def test_normalisation_keeps_different_numbers_apart():
    holder()
    CertificateFactory(number="42-Т-10010", issued_on=ISSUED)
    assert number_key("42-t–1001") == number_key("42-Т-1001") == "42-Т-1001"
    assert verify("42-Т-100", TODAY).status == "unknown"
    assert verify("42-Т-10010", TODAY).number == "42-Т-10010"
    assert verify("42-Т-1001", TODAY).number == "42-Т-1001"
    assert verify("42-Т-1001" + "1" * 60, TODAY).status == "unknown"


def test_a_listed_holder_is_named_with_the_status_once_and_only_what_they_allowed(client):
    certificate = holder(consent={"show_organisation": False, "show_position": False})
    html = answer(client, "42-Т-1001")
    assert f'href="/registry/{certificate.person_id}/">Ёлкина Вера Павловна</a>' in html
    assert "<dt>Статус</dt><dd>Тьютор</dd>" in html
    assert "Статус «Тьютор»" not in html
    assert certificate.person.organisation.short_name not in html
    assert "учитель" not in html


def test_the_date_is_shown_only_where_the_holder_allowed_valid_until(client):
    holder(consent={"show_valid_until": False})
    html = answer(client, "42-Т-1001")
    assert 'data-verdict="valid"' in html and "Действует</p>" in html
    assert "08.10.2029" not in html
    assert "Ёлкина" in html  # still listed: the name is always published


def test_without_a_consent_the_answer_is_the_standing_alone(client):
    holder(consent=False)
    html = answer(client, "42-Т-1001")
    assert 'data-verdict="valid"' in html
    assert "Действует</p>" in html
    assert "08.10.2029" not in html and "Ёлкина" not in html
    assert "не давал согласия на публикацию" in html


def test_a_withdrawn_consent_hides_the_date_and_the_name_from_the_same_day(client, make_user):
    certificate = holder()
    consent = certificate.person.publication_consents.get()
    consent_withdraw(consent=consent, user=make_user("registrar", person=False))
    html = answer(client, "42-Т-1001")
    assert "Действует</p>" in html
    assert "08.10.2029" not in html and "Ёлкина" not in html


@pytest.mark.parametrize(
    ("day", "status", "verdict", "sentence"),
    [
        (datetime.date(2029, 10, 7), "valid", "Действует до 08.10.2029", "действует до"),
        (datetime.date(2029, 10, 8), "valid", "Действует до 08.10.2029", "действует до"),
        (
            datetime.date(2029, 10, 9),
            "expired",
            "Срок действия истёк",
            "Срок действия свидетельства",
        ),
    ],
)
def test_expiry_at_the_boundary_and_a_day_either_side(client, day, status, verdict, sentence):
    holder()
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), YURGA), tick=False):
        html = answer(client, "42-т-1001")
    assert f'data-verdict="{status}"' in html
    assert f"{verdict}</p>" in html and sentence in html
    if status == "expired":
        # No longer in the registry: neither the holder nor the date.
        assert "Ёлкина" not in html and "08.10.2029" not in html


@pytest.mark.parametrize(
    ("steps", "status", "verdict", "sentence"),
    [
        (["suspend"], "suspended", "Приостановлено", "Действие свидетельства № "),
        (["revoke"], "revoked", "Отозвано", " отозвано."),
    ],
)
def test_suspended_and_revoked_answers_name_nobody(
    client, make_user, steps, status, verdict, sentence
):
    certificate = holder()
    registrar = make_user("registrar", person=False)
    for name in steps:
        certificate = perform_transition(
            document=certificate, name=name, user=registrar, comment="по решению"
        )
    html = answer(client, "42-Т-1001")
    assert f'data-verdict="{status}"' in html and f"{verdict}</p>" in html and sentence in html
    assert "Ёлкина" not in html and "08.10.2029" not in html


def test_an_unknown_number_says_what_to_do_and_the_form_hints_the_format(client):
    html = answer(client, "42-Т-9999")
    assert 'data-verdict="unknown"' in html and "Не найдено</p>" in html
    assert "в реестре не найдено." in html
    assert "Что делать: сверьте номер" in html
    assert "например 42-М-1001" in html


def test_the_form_is_on_the_home_page_and_on_the_registry_page(client):
    for url in ("/", "/registry/"):
        html = client.get(url).content.decode()
        assert 'action="/registry/verify/"' in html, url
        assert "Регистр букв, пробелы и вид тире значения не имеют." in html, url


def test_the_printed_extract_words_the_standing_as_the_page_does():
    certificate = holder(consent={"show_valid_until": False})
    with translation.override("ru"):
        fields = dict(registry_extract_sheet(certificate).blocks[0].rows)
        standing = next(
            value for label, value in fields.items() if label.startswith("Состояние на")
        )
        assert standing == verify("42-Т-1001", TODAY).verdict == "Действует"
