"""The person chooser by keyboard: suggestions as one types, arrows and Enter to choose,
Escape to close, and a Russian word when nobody matches. (Flows choose people through
``conftest.choose_person``; this tests the widget itself.)"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose_person
from workflows.models import Order

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_chooser_is_driven_by_the_keyboard(page, login, cast):
    login(cast.curator)
    page.goto("/admin/workflows/mentorship/create/")
    # Found by its label: the label names the text box, not the hidden id.
    box = page.get_by_role("combobox", name=re.compile(r"^Наставляемый"))
    listbox = page.locator("#id_mentee-listbox")
    chosen = page.locator("[data-person-chooser]:has(#id_mentee) [data-person-chooser-value]")

    box.fill("Нетакихфамилий")
    expect(page.locator("[data-person-chooser]:has(#id_mentee) [role=status]")).to_have_text(
        "Никого не найдено"
    )
    expect(box).to_have_attribute("aria-expanded", "false")

    mentee = cast.mentee.person
    # Lower case, and sorted by surname: the mentee's own surname comes first.
    box.fill(mentee.surname.lower())
    expect(listbox.get_by_role("option").first).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()

    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    option = listbox.get_by_role("option").filter(has_text=f"{mentee.short_name} — ")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")

    expect(chosen).to_have_value(str(mentee.pk))
    expect(box).to_have_value(f"{mentee.short_name} — {mentee.position}, {cast.school}")
    expect(listbox).to_be_hidden()
    assert page.url.endswith("/admin/workflows/mentorship/create/")  # Enter chose, not sent


def test_a_line_added_to_the_approval_sheet_chooses_its_approver(page, login, cast):
    login(cast.curator)
    page.goto("/admin/workflows/order/create/")
    page.select_option("#id_issuer", str(cast.school.pk))
    page.select_option("#id_kind", "organise_mentoring")
    page.fill("#id_title", "Об организации наставничества")
    page.wait_for_load_state("networkidle")
    page.locator("#id_route-ADD").click()

    choose_person(page, "route-0-approver", cast.org_head)
    page.get_by_role("button", name="Сохранить").click()

    expect(page.locator(".messages")).to_contain_text("создан")
    assert list(Order.objects.get().route.values_list("approver", flat=True)) == [cast.org_head.pk]
