"""Every public page in the standard version and in the version for the visually impaired:
axe-core finds no violation of any impact, and nothing scrolls sideways at 320 px."""

import datetime

from django.utils import timezone

import pytest

from tests.browser.conftest import AXE_SCRIPT
from tests.browser.test_public_layout import set_mode
from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory, material

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODES = ("", "s3.cwb.i0.l2", "s2.cblue.i1.l1")


@pytest.fixture
def site(regulation, materials_index, news_index, search_page):
    material(materials_index, 1, title="Коучинг в школе", lead="Наставники и коучинг")
    person = PersonFactory(surname="Ёлкина", name="Вера", patronymic="Павловна")
    PublicationConsentFactory(person=person)
    CertificateFactory(
        person=person,
        number="42-Т-1001",
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return person


def test_public_pages_pass_axe_in_every_version_and_fit_320_px(page, site, settings):
    settings.REGISTRY_VERIFY_LIMIT = 1000
    urls = [
        "/",
        "/regulation/",
        "/materials/",
        "/materials/material-1/",
        "/search/?q=коучинга",
        "/registry/",
        f"/registry/{site.pk}/",
        "/registry/verify/?number=42-т-1001",
        "/opendata/",
    ]
    page.goto("/")
    problems = []
    for mode in MODES:
        set_mode(page, mode)
        for width in (320, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            for url in urls:
                page.goto(url)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems.append((mode or "normal", width, url, "overflow", overflow))
                page.add_script_tag(path=str(AXE_SCRIPT))
                violations = page.evaluate("() => axe.run(document)")["violations"]
                for violation in violations:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append((mode or "normal", width, url, violation["id"], targets))
    assert problems == [], "\n".join(map(str, problems))
