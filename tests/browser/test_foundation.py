import pytest

from workflows.choices import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_keyboard_user_reaches_the_main_content_by_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_curator_signs_in_and_sees_the_admin_in_russian(page, login, make_user, school):
    login(make_user(Role.CURATOR, organisation=school))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("button", name="Справочники").count() >= 1
