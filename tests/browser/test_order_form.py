"""The order form shows the fields of the kind chosen, and switches them with the kind."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_switching_the_kind_shows_only_its_fields(page, login, cast, awaiting_order):
    login(cast.curator)
    page.goto("/admin/workflows/order/create/")
    start, notice, mentorships = (
        page.locator("#id_starts_on"),
        page.locator("#id_notice_given_on"),
        page.locator(f"input[name=mentorships][value='{awaiting_order.pk}']"),
    )
    expect(start).to_be_hidden()
    expect(notice).to_be_hidden()

    page.select_option("#id_kind", "assign_mentor")
    expect(start).to_be_visible()
    expect(mentorships).to_be_visible()
    expect(notice).to_be_hidden()
    expect(page.get_by_text("Досрочное прекращение наставничества")).to_be_hidden()

    page.select_option("#id_kind", "terminate_mentor")
    expect(start).to_be_hidden()
    for field in ("initiated_by", "notice_given_to", "notice_given_on", "effective_on"):
        expect(page.locator(f"#id_{field}")).to_be_visible()
    expect(mentorships).to_be_visible()

    page.select_option("#id_kind", "organise_mentoring")
    expect(start).to_be_hidden()
    expect(notice).to_be_hidden()
    expect(mentorships).to_be_hidden()
