import csv
import datetime
import io
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import OrganisationFactory
from tests.registry.conftest import bulk_listed
from workflows.choices import CertificateKind, CertificateState
from workflows.services import consent_withdraw, perform_transition

pytestmark = pytest.mark.django_db

YURGA = ZoneInfo("Asia/Novokuznetsk")
SECRET = "Заведующая секретной лабораторией"


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), YURGA), tick=False)


def every_output(client, person_id) -> str:
    """Everything the public can get about the registry, as one text."""
    parts = [
        client.get("/registry/").content.decode(),
        client.get(f"/registry/{person_id}/").content.decode(),
        client.get("/registry/export.csv").content.decode("utf-8-sig"),
        client.get("/api/registry/").content.decode(),
        client.get(f"/api/registry/{person_id}/").content.decode(),
    ]
    sheet = load_workbook(io.BytesIO(client.get("/registry/export.xlsx").content)).active
    parts += [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    return "\n".join(parts)


def test_the_registry_lists_a_consenting_holder_with_every_allowed_field(client, listed):
    certificate = listed(
        person={"surname": "Семёнова", "position": "директор"},
        kind=CertificateKind.TUTOR,
        direction="Инклюзия",
        number="42-Т-00777",
        order_number="1234",
        order_date=datetime.date(2026, 10, 1),
    )
    response = client.get("/registry/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in html and 'role="search"' in html
    for text in (
        "Семёнова Анна Сергеевна",
        'data-label="Статус">Тьютор<',
        "директор",
        "Инклюзия",
        "42-Т-00777",
    ):
        assert text in html
    assert certificate.valid_until.strftime("%d.%m.%Y") in html
    person_page = client.get(f"/registry/{certificate.person_id}/").content.decode()
    assert "№ 1234 от 01.10.2026" in person_page
    assert certificate.person.organisation.short_name in person_page


def test_without_a_consent_or_after_withdrawal_a_person_is_nowhere(client, listed, make_user):
    absent = listed(person={"surname": "Безсогласия"}, consent=False)
    withdrawn = listed(person={"surname": "Отозвавшая"})
    present = listed(person={"surname": "Видимая"})
    consent_withdraw(
        consent=withdrawn.person.publication_consents.get(),
        user=make_user("registrar", person=False),
    )
    for certificate in (absent, withdrawn):
        assert client.get(f"/registry/{certificate.person_id}/").status_code == 404
        assert client.get(f"/api/registry/{certificate.person_id}/").status_code == 404
        output = every_output(client, present.person_id)
        assert certificate.person.surname not in output
        assert certificate.number not in output
    assert "Видимая" in every_output(client, present.person_id)


def test_a_field_without_consent_is_in_no_output(client, listed):
    certificate = listed(
        person={"position": SECRET, "surname": "Скрытная"},
        consent={"show_position": False, "show_number": False, "show_direction": False},
        kind=CertificateKind.TUTOR,
        direction="Тайное направление",
        number="42-Т-SECRET",
    )
    output = every_output(client, certificate.person_id)
    assert "Скрытная" in output
    for hidden in (SECRET, "Тайное направление", "42-Т-SECRET"):
        assert hidden not in output
    # Nor can a search or a filter reveal it.
    assert "Скрытная" not in client.get("/registry/?q=тайное").content.decode()


def test_the_organisation_filter_ignores_people_who_hide_their_organisation(client, listed):
    school = OrganisationFactory(short_name="МБОУ «Гимназия»")
    listed(person={"surname": "Открытая", "organisation": school})
    listed(
        person={"surname": "Закрытая", "organisation": school}, consent={"show_organisation": False}
    )
    html = client.get(f"/registry/?organisation={school.pk}").content.decode()
    assert "Открытая" in html and "Закрытая" not in html


def test_the_organisation_filter_offers_the_published_organisations_and_keeps_the_choice(
    client, listed
):
    gymnasium = OrganisationFactory(short_name="МБОУ «Гимназия» <№ 1> & Ко")
    lyceum = OrganisationFactory(short_name="МБОУ «Лицей»")
    hidden = OrganisationFactory(short_name="МБОУ «Скрытая»")
    listed(person={"organisation": gymnasium})
    listed(person={"organisation": lyceum})
    listed(person={"organisation": hidden}, consent={"show_organisation": False})

    html = client.get(f"/registry/?organisation={lyceum.pk}").content.decode()
    options = html[html.index('id="registry-organisation"') :].split("</select>")[0]
    assert (
        f'<option value="{gymnasium.pk}">МБОУ «Гимназия» &lt;№ 1&gt; &amp; Ко</option>' in options
    )
    assert f'<option value="{lyceum.pk}" selected>МБОУ «Лицей»</option>' in options
    assert options.count(" selected") == 1
    assert "Скрытая" not in options


def test_filter_by_kind_and_search_by_name_and_direction_fold_case_and_yo(client, listed):
    listed(person={"surname": "Семёнова"}, kind=CertificateKind.MENTOR)
    listed(person={"surname": "Ёлкин"}, kind=CertificateKind.TUTOR, direction="Шахматы в школе")
    tutors = client.get("/registry/?kind=tutor").content.decode()
    assert "Ёлкин" in tutors and "Семёнова" not in tutors
    assert "Семёнова" in client.get("/registry/?q=СЕМЕНОВА").content.decode()
    assert "Ёлкин" in client.get("/registry/?q=елкин").content.decode()
    assert "Ёлкин" in client.get("/registry/?q=шахматы").content.decode()
    assert "Ёлкин" not in client.get("/registry/?q=шахматы&kind=mentor").content.decode()


def test_the_list_is_paginated(client, school):
    bulk_listed(45, school)
    first = client.get("/registry/").content.decode()
    third = client.get("/registry/?page=3").content.decode()
    assert "Найдено 45 человек" in first and "Страница 1 из 3" in first
    assert third.count('<th scope="row"') == 5


def test_a_certificate_issued_24_11_2023_is_listed_on_24_11_2026_and_gone_the_next_day(
    client, listed
):
    certificate = listed(person={"surname": "Срочная"}, issued_on=datetime.date(2023, 11, 24))
    with on(datetime.date(2026, 11, 24)):
        assert "Срочная" in client.get("/registry/").content.decode()
        verdict = client.get(f"/registry/verify/?number={certificate.number}").content.decode()
        assert "Действует до 24.11.2026" in verdict
    with on(datetime.date(2026, 11, 25)):
        assert "Срочная" not in every_output(client, certificate.person_id)
        verdict = client.get(f"/registry/verify/?number={certificate.number}").content.decode()
        assert "Срок действия истёк" in verdict and "24.11.2026" not in verdict


@pytest.mark.parametrize(
    ("steps", "verdict"),
    [
        (["suspend"], "Приостановлено"),
        (["revoke"], "Отозвано"),
        (["suspend", "revoke"], "Отозвано"),
    ],
)
def test_suspended_and_revoked_never_list_and_verify_says_so(
    client, listed, make_user, steps, verdict
):
    registrar = make_user("registrar", person=False)
    certificate = listed(person={"surname": "Остановленная"})
    for name in steps:
        certificate = perform_transition(
            document=certificate, name=name, user=registrar, comment="по решению"
        )
    assert certificate.state != CertificateState.ACTIVE
    assert "Остановленная" not in every_output(client, certificate.person_id)
    html = client.get(f"/registry/verify/?number={certificate.number}").content.decode()
    assert f'data-verdict="{"revoked" if verdict == "Отозвано" else "suspended"}"' in html
    assert f"{verdict}</p>" in html


def test_verification_of_an_unknown_number_and_nothing_personal_in_the_answer(client, listed):
    certificate = listed(person={"surname": "Проверяемая", "position": SECRET})
    unknown = client.get("/registry/verify/?number=НЕТ-ТАКОГО").content.decode()
    assert "Не найдено" in unknown
    known = client.get(f"/registry/verify/?number=  {certificate.number} ").content.decode()
    assert "Действует до" in known
    # A listed holder is named as the registry names them; nothing they did not allow.
    assert "Проверяемая" in known and SECRET not in known


def test_verification_is_rate_limited_per_address(client, settings, listed):
    settings.REGISTRY_VERIFY_LIMIT = 3
    for n in range(3):
        assert client.get(f"/registry/verify/?number=X-{n}").status_code == 200
    blocked = client.get("/registry/verify/?number=X-4")
    assert blocked.status_code == 429
    assert "Слишком много проверок" in blocked.content.decode()
    other = client.get("/registry/verify/?number=X-5", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    # The form without a number is not an attempt.
    assert client.get("/registry/verify/").status_code == 200


def test_exports_take_the_same_filters(client, listed):
    listed(person={"surname": "Менторова"}, kind=CertificateKind.MENTOR)
    listed(person={"surname": "Тьюторова"}, kind=CertificateKind.TUTOR, direction="ИКТ")
    response = client.get("/registry/export.csv?kind=tutor")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["ФИО", "Статус"]
    assert [row[0] for row in rows[1:]] == ["Тьюторова Анна Сергеевна"]
    sheet = load_workbook(io.BytesIO(client.get("/registry/export.xlsx?kind=mentor").content))
    names = [row[0] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Менторова Анна Сергеевна"]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


# A registry page costs 10 queries of Wagtail's own (site, page, settings, the site's details,
# navigation, breadcrumbs); then the list reads the count, the rows and the organisations of the
# filter; a person page its certificates and the consent's terms; the exports one query; a
# verification the number and, for a valid one, the registry's entry; the API the count and the
# rows.
PINNED = {
    "/registry/": 13,
    "/registry/{person}/": 12,
    "/registry/verify/?number=BULK-000007": 12,
    "/registry/export.csv": 1,
    "/api/registry/?kind=tutor&q=иван": 2,
    "/api/registry/{person}/": 1,
}


def test_query_counts_are_bounded_and_the_same_with_50_and_5000_certificates(
    client, school, uncached
):
    bulk_listed(50, school)
    person = school.people.order_by("pk").first().pk
    client.get("/registry/")  # Wagtail caches the site's root paths on the first request
    small = {url: queries(client, url.format(person=person)) for url in PINNED}
    bulk_listed(4950, school, start=50)
    large = {url: queries(client, url.format(person=person)) for url in PINNED}
    assert small == large == PINNED
