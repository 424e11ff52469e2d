"""The public registry on every screen (issue 15 points 1–3), in the standard version and in
combinations of the version for the visually impaired: no sideways scroll, no certificate
number or date broken across lines (each is one line box, measured with getClientRects), the
verification answers with colour, icon and words, and axe-core finds nothing of any impact."""

import datetime
import os
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE_SCRIPT
from tests.factories import (
    CertificateFactory,
    OrganisationFactory,
    PersonFactory,
    PublicationConsentFactory,
)
from workflows.choices import CertificateKind

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (320, 375, 768, 1366)
# The standard version, then a sample of the low-vision combinations (cookie values of
# content/low_vision.py): the largest type with the widest spacing, each colour scheme, images
# on and off.
MODES = ("", "s3.cwb.i0.l2", "s1.cblue.i1.l1", "s2.cbw.i1.l0", "s3.cbrown.i0.l1")
SHOTS = Path(os.environ.get("PUBLIC_SHOTS", "/tmp/shots-public"))

MEASURE = """() => {
    const root = document.documentElement;
    const broken = [...document.querySelectorAll('[data-number], [data-date]')]
        .filter((element) => element.getClientRects().length !== 1)
        .map((element) => element.textContent);
    const tokens = document.querySelectorAll('[data-number], [data-date]').length;
    return {overflow: root.scrollWidth - root.clientWidth, broken, tokens};
}"""


@pytest.fixture
def people(db):
    """Holders with long names, organisations and directions, as a real registry has."""
    issued_on = timezone.localdate() - datetime.timedelta(days=100)
    school = OrganisationFactory(
        short_name="МБОУ «Средняя общеобразовательная школа № 10 имени Героя Советского Союза»"
    )
    rows = [
        ("Константинопольская", "Александра", "Вячеславовна", CertificateKind.TUTOR, "42-Т-1001"),
        ("Алексеев", "Игорь", "Львович", CertificateKind.MENTOR, "42-М-1002"),
        ("Ёлкина", "Вера", "Павловна", CertificateKind.TUTOR, "42-Т-1003"),
    ]
    people = []
    for surname, name, patronymic, kind, number in rows:
        person = PersonFactory(
            surname=surname,
            name=name,
            patronymic=patronymic,
            organisation=school,
            position="заместитель директора по учебно-воспитательной работе",
        )
        PublicationConsentFactory(person=person)
        CertificateFactory(
            person=person,
            kind=kind,
            number=number,
            issued_on=issued_on,
            direction="Формирование функциональной грамотности обучающихся",
        )
        people.append(person)
    return people


def set_mode(page, mode: str) -> None:
    page.context.clear_cookies()
    if mode:
        origin = page.evaluate("() => location.origin")
        page.context.add_cookies(
            [
                {
                    "name": "low_vision",
                    "value": mode,
                    "domain": origin.split("//")[1].split(":")[0],
                    "path": "/",
                }
            ]
        )


def axe_all(page) -> list[dict]:
    """Every axe-core violation, of any impact."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("() => axe.run(document)")
    return [
        {"rule": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def test_the_registry_reads_on_every_screen_in_every_version(page, people, settings):
    settings.REGISTRY_VERIFY_LIMIT = 1000  # the test checks many times from one address
    person = people[0]
    urls = {
        "list": "/registry/",
        "person": f"/registry/{person.pk}/",
        "verify": "/registry/verify/?number=42-t-1001",
        "unknown": "/registry/verify/?number=42-Т-9999",
    }
    page.goto("/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for mode in MODES:
        set_mode(page, mode)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for name, url in urls.items():
                page.goto(url)
                measured = page.evaluate(MEASURE)
                if measured["overflow"] > 0 or measured["broken"]:
                    problems.append((mode or "normal", width, name, measured))
                if name != "unknown":
                    assert measured["tokens"] > 0, (mode, width, name)
                html_class = page.locator("html").get_attribute("class") or ""
                assert (mode != "") == html_class.startswith("low-vision"), (mode, name)
                if width == 375 and name in ("list", "verify", "unknown"):
                    label = mode or "normal"
                    page.screenshot(path=SHOTS / f"{name}-{width}-{label}.png", full_page=True)
                if width in (320, 1366) and mode in ("", MODES[1]):
                    violations = axe_all(page)
                    if violations:
                        problems.append((mode or "normal", width, name, violations))
    assert problems == [], "\n".join(map(str, problems))


def test_the_verification_answer_has_colour_icon_and_words(page, people):
    page.goto("/")
    page.get_by_label("Номер свидетельства").fill("42–t–1001")
    page.get_by_role("button", name="Проверить").click()
    verdict = page.locator("[data-verdict]")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    expect(verdict).to_contain_text("Действует до")
    expect(verdict).to_contain_text("Константинопольская Александра Вячеславовна")
    colour = verdict.evaluate("(e) => getComputedStyle(e).borderColor")
    icon = verdict.locator(".verdict__icon").evaluate(
        "(e) => getComputedStyle(e, '::before').content"
    )
    assert icon == '"✓"' and colour == "rgb(30, 122, 52)"

    page.get_by_label("Номер свидетельства").fill("42-Т-9999")
    page.get_by_role("button", name="Проверить").click()
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "unknown")
    expect(page.get_by_role("status")).to_contain_text("Что делать")


def test_the_low_vision_settings_work_from_the_keyboard_and_stay(page, people):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/registry/")
    page.get_by_role("button", name="Версия для слабовидящих").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(
        "low-vision lv-size-2 lv-scheme-wb lv-images-0 lv-spacing-0"
    )
    # The skip link stays out of sight until it has the focus, even in large type.
    skip = page.get_by_role("link", name="Перейти к основному содержанию")
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0
    page.get_by_role("button", name="Самый крупный").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Тёмно-синим по голубому").focus()
    page.keyboard.press("Enter")
    expected = "low-vision lv-size-3 lv-scheme-blue lv-images-0 lv-spacing-0"
    expect(page.locator("html")).to_have_class(expected)
    page.goto("/registry/verify/")
    expect(page.locator("html")).to_have_class(expected)
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == (
        "rgb(157, 209, 255)"
    )
    page.get_by_role("button", name="Сбросить настройки").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(
        "low-vision lv-size-2 lv-scheme-wb lv-images-0 lv-spacing-0"
    )
    page.get_by_role("button", name="Обычная версия").click()
    expect(page.locator("html")).not_to_have_class("low-vision")
