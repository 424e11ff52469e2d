"""The frame of every public page (issue 15 points 5, 7 and 8; issue 13 point 14): the emblem
and the body's name, a footer with contacts, the operator and its personal-data policy, a meta
description everywhere, breadcrumbs that end at the page shown, and the open-data files."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine

from content.models import SiteDetails, StandardPage
from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory, publish
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db

YURGA = ZoneInfo("Asia/Novokuznetsk")
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(
        datetime.datetime.combine(TODAY, datetime.time(12), YURGA), tick=False
    ):
        yield


@pytest.fixture
def listed(db):
    person = PersonFactory(surname="Ёлкина", name="Вера", patronymic="Павловна")
    PublicationConsentFactory(person=person, given_on=datetime.date(2026, 10, 1))
    CertificateFactory(
        person=person,
        kind=CertificateKind.TUTOR,
        number="42-Т-1001",
        issued_on=datetime.date(2026, 10, 8),
    )
    return person


def test_every_page_names_the_body_and_links_the_policy_in_its_footer(client, home, listed):
    policy = publish(home, StandardPage(title="Политика обработки персональных данных", slug="pd"))
    details = SiteDetails.for_site(home.get_site())
    details.phone = "+7 (38451) 0-00-00"
    details.email = "uo@example.ru"
    details.policy_page = policy
    details.save()
    for url in ["/", "/registry/", f"/registry/{listed.pk}/", "/registry/verify/", "/opendata/"]:
        html = client.get(url).content.decode()
        assert 'src="/static/content/img/emblem.svg"' in html, url
        assert "Управление образования Администрации города Юрги" in html, url
        assert '<h2 id="footer-contacts">Контакты</h2>' in html, url
        assert 'href="tel:+73845100000"' in html and "mailto:uo@example.ru" in html, url
        assert "Оператор: Управление образования Администрации города Юрги" in html, url
        assert 'href="/pd/">Политика обработки персональных данных</a>' in html, url
        assert '<meta name="description" content="' in html, url
        assert '<meta name="description" content="">' not in html, url


def test_breadcrumbs_end_at_the_person_and_at_the_verification(client, home, listed):
    html = client.get(f"/registry/{listed.pk}/").content.decode()
    trail = html.split('aria-label="Навигационная цепочка"')[1].split("</nav>")[0]
    assert '<a href="/registry/">' in trail
    assert '<span aria-current="page">Ёлкина Вера Павловна</span>' in trail
    html = client.get("/registry/verify/").content.decode()
    trail = html.split('aria-label="Навигационная цепочка"')[1].split("</nav>")[0]
    assert '<a href="/registry/">' in trail
    assert '<span aria-current="page">Проверка свидетельства</span>' in trail


def read_csv(response, delimiter=","):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


def test_open_data_by_the_recommendations_version_3(client, home, listed):
    details = SiteDetails.for_site(home.get_site())
    details.taxpayer_number = "4230000000"
    details.save()
    html = client.get("/opendata/").content.decode()
    assert "Открытые данные" in html and 'href="/opendata/list.csv"' in html

    rows = read_csv(client.get("/opendata/list.csv"))
    assert rows[0] == ["property", "title", "value", "format"]
    assert rows[1][0] == "standardversion"
    assert rows[2][0] == "4230000000-registry"
    assert rows[2][2] == "http://testserver/opendata/registry/meta.csv" and rows[2][3] == "csv"

    meta = dict(read_csv(client.get("/opendata/registry/meta.csv"))[1:])
    assert meta["identifier"] == "4230000000-registry"
    assert meta["modified"] == "20261202" and meta["format"] == "csv"
    today = meta["data-20261202-structure-20261202"]
    assert today == "http://testserver/opendata/registry/data-20261202-structure-20261202.csv"
    assert "data-20261101-structure-20261202" in meta  # the monthly versions
    assert meta["structure-20261202"].endswith("/opendata/registry/structure-20261202.csv")

    structure = read_csv(client.get("/opendata/registry/structure-20261202.csv"))
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    assert [row[0] for row in structure[1:]][:2] == ["full_name", "status"]
    assert client.get("/opendata/registry/structure-20250101.csv").status_code == 404

    data = read_csv(client.get("/opendata/registry/data-20261202-structure-20261202.csv"))
    assert data[1][0] == "Ёлкина Вера Павловна" and len(data[0]) == len(structure) - 1
    # Before the certificate was issued the registry held nobody; the future is not served.
    past = read_csv(client.get("/opendata/registry/data-20261001-structure-20261202.csv"))
    assert past[1:] == []
    future = client.get("/opendata/registry/data-20261203-structure-20261202.csv")
    assert future.status_code == 404


def test_the_semicolon_csv_opens_in_russian_excel(client, home, listed):
    rows = read_csv(client.get("/registry/export-excel.csv"), delimiter=";")
    assert rows[0][:2] == ["ФИО", "Статус"]
    assert rows[1][0] == "Ёлкина Вера Павловна"
    assert client.get("/registry/export-excel.csv").content.startswith(b"\xef\xbb\xbf")


def test_the_api_documentation_describes_itself_in_russian_and_links_back(client):
    schema = client.get("/api/openapi.json").json()
    assert "Вернуться к реестру на сайте](/registry/)" in schema["info"]["description"]
