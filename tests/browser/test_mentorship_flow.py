"""A mentorship from the curator's draft to the head's signature, through the browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose_person
from tests.factories import png_scan
from workflows.choices import MentorshipState, Role
from workflows.grammar import short_name
from workflows.models import Mentorship

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def take(page, label, fill=None):
    """Click a transition button on the document page and confirm it."""
    page.get_by_role("link", name=label, exact=True).click()
    for name, value in (fill or {}).items():
        page.fill(f"[name={name}]", value)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(label)


def test_curator_drafts_both_consent_head_signs_and_history_shows_it_all(
    clock, page, login, make_user, school, tmp_path
):
    curator = make_user(
        Role.CURATOR, organisation=school, first_name="Татьяна", last_name="Павлова"
    )
    head = make_user(Role.ORG_HEAD, organisation=school, first_name="Олег", last_name="Лебедев")
    mentor = make_user(Role.MENTOR, organisation=school, first_name="Елена", last_name="Михайлова")
    mentee = make_user(Role.MENTEE, organisation=school, first_name="Екатерина", last_name="Попова")
    mentor.person.teaching_experience_since = datetime.date(2007, 5, 18)
    mentor.person.save()
    scan = tmp_path / "soglasie.png"
    scan.write_bytes(png_scan().read())

    login(curator)
    page.goto("/admin/workflows/mentorship/create/")
    page.select_option("#id_organisation", str(school.pk))
    page.select_option("#id_kind", "traditional")
    choose_person(page, "mentor", mentor.person)
    choose_person(page, "mentee", mentee.person)
    page.fill("#id_starts_on", "01.12.2026")
    page.fill("#id_ends_on", "30.06.2027")
    page.get_by_role("button", name="Сохранить").click()
    mentorship = Mentorship.objects.get(mentee=mentee.person)
    page.goto(f"/admin/workflows/mentorship/inspect/{mentorship.pk}/")
    take(page, "Отправить на согласие")

    login(mentor)
    page.goto(f"/admin/workflows/mentorship/inspect/{mentorship.pk}/")
    page.get_by_role("link", name="Дать письменное согласие").click()
    page.fill("[name=consented_on]", "20.11.2026")
    page.set_input_files("[name=scan]", str(scan))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-state]")).to_have_text("Ожидает согласия")

    login(mentee)
    page.goto(f"/admin/workflows/mentorship/inspect/{mentorship.pk}/")
    take(page, "Дать согласие", {"consented_on": "21.11.2026"})
    expect(page.locator("[data-state]")).to_have_text("Ожидает приказа")

    login(curator)
    page.goto("/admin/workflows/order/create/")
    page.select_option("#id_issuer", str(school.pk))
    page.select_option("#id_kind", "assign_mentor")
    page.fill("#id_title", "О закреплении наставника за молодым специалистом")
    page.fill("#id_starts_on", "01.12.2026")
    # Under load Wagtail's form scripts may still be starting; a click before they are ready
    # can be undone by them, so wait for the page to settle first.
    page.wait_for_load_state("networkidle")
    page.check(f"input[name=mentorships][value='{mentorship.pk}']")
    page.click("#id_route-ADD")  # the approval sheet: the curator's own visa
    choose_person(page, "route-0-approver", curator)
    page.get_by_role("button", name="Сохранить").click()
    page.goto("/admin/workflows/order/")
    page.get_by_role("link", name="Открыть").first.click()
    take(page, "Отправить на согласование")
    take(page, "Согласовать (виза)")

    login(head)
    page.goto(mentorship_order_url(mentorship))
    take(page, "Подписать")
    expect(page.locator("main")).to_contain_text(re.compile(r"№ 1-н от \d\d\.\d\d\.\d{4}"))

    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE
    page.goto(f"/admin/workflows/mentorship/history/{mentorship.pk}/")
    rows = page.locator("[data-history=transitions] tbody tr")
    expect(rows).to_have_count(4)
    # History names people as documents do: «Фамилия И. О.» of the person behind the account.
    for who, action in [
        (curator, "Отправить на согласие"),
        (mentor, "Дать письменное согласие"),
        (mentee, "Дать согласие"),
        (head, "Начать наставничество"),
    ]:
        expect(rows.filter(has_text=action)).to_contain_text(short_name(who.person))
    expect(rows.first).to_contain_text(re.compile(r"\d\d\.\d\d\.\d{4} \d\d:\d\d"))


def mentorship_order_url(mentorship):
    return f"/admin/workflows/order/inspect/{mentorship.orders.get().pk}/"
