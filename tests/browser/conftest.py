"""Playwright driving Debian's Chromium (never a downloaded browser) against the live server."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

import pytest
from playwright.sync_api import expect, sync_playwright

# The mentoring cast, its documents and the scenario clock, as the workflow tests build them,
# drive the browser too.
from tests.workflows.conftest import (  # noqa: F401
    active_mentorship,
    assignment_order,
    awaiting_order,
    cast,
    clock,
    draft_mentorship,
)

CHROMIUM = "/usr/bin/chromium"
# Installed by `make browser-deps` (npm, a pinned version); never fetched at test time.
AXE_SCRIPT = Path(settings.BASE_DIR) / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
# The machines have no network beyond package registries: keep Chromium from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(live_server, monkeypatch):
    """A fresh headless Chromium page whose relative URLs point at the live server.

    Playwright is started per test and stopped before the database is flushed, because its
    sync API keeps an event loop in this thread while it runs.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    # The ORM calls a test makes while Playwright's loop runs are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        # axe-core is injected as an inline script, which the portal's CSP rightly refuses.
        context = browser.new_context(base_url=live_server.url, locale="ru-RU", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


@pytest.fixture
def login(page):
    """Sign in through the admin login form, as a person would."""

    def sign_in(user, password="secret-pass-1"):
        page.context.clear_cookies()  # whoever was signed in before leaves
        page.goto("/admin/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")

    return sign_in


@pytest.fixture
def axe(page):
    """Run axe-core on the page now open; return its serious and critical violations.

    Every rule axe runs by default is checked (WCAG 2.1 A and AA and best practices); an
    empty list means the page passes.
    """
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: `make browser-deps` installs axe-core with npm")

    def check() -> list[dict]:
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate("() => axe.run(document)")
        return [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in result["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]

    return check


def choose_person(page, field: str, person) -> None:
    """Pick a person in a form's person chooser as a user does: type the surname and take the
    suggestion that names them. ``person`` is a Person, or the account (User) where the field
    chooses accounts, as an order's approval sheet does (``field="route-0-approver"``).

    Every browser test chooses people through this one helper, so a change of the widget is
    followed in one place.
    """
    who = person.person if isinstance(person, User) else person
    box = page.locator(f"#id_{field}")
    # In lower case, as people type; the whole surname keeps the person among the first 20.
    box.fill(who.surname.lower())
    suggestion = page.locator(f"#id_{field}-listbox [role=option]").filter(
        has_text=f"{who.short_name} — {who.position}, {who.organisation}"
    )
    suggestion.click()
    expect(page.locator(f"#id_{field}-listbox")).to_be_hidden()
    expect(
        page.locator(f"[data-person-chooser]:has(#id_{field}) [data-person-chooser-value]")
    ).to_have_value(str(person.pk))
