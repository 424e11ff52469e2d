"""The order form keeps only the fields of its kind: what a hidden field of another kind still
holds is dropped, and each group of fields says which kinds it belongs to."""

import datetime
import re

import pytest

from workflows.choices import EarlyEndInitiator, OrderKind
from workflows.models import Order

pytestmark = pytest.mark.django_db

ORDERS = "/admin/workflows/order/"
EVERY_KIND_FILLED = {
    "starts_on": "01.12.2026",
    "initiated_by": EarlyEndInitiator.EMPLOYER,
    "notice_given_on": "25.11.2026",
    "notice_given_to": "Михайловой Е. А.",
    "effective_on": "01.12.2026",
}


def order_form(cast, kind, **fields) -> dict:
    """The order's create form as the admin posts it, with an empty approval sheet."""
    return {
        "issuer": cast.school.pk, "kind": kind, "title": "Приказ", "body": "",
        "route_mode": "parallel", "route-TOTAL_FORMS": "0", "route-INITIAL_FORMS": "0",
        "route-MIN_NUM_FORMS": "0", "route-MAX_NUM_FORMS": "1000",
    } | EVERY_KIND_FILLED | fields  # fmt: skip


def test_an_assignment_keeps_its_start_and_drops_the_early_end(client, cast, awaiting_order):
    client.force_login(cast.curator)

    client.post(
        f"{ORDERS}create/",
        order_form(cast, OrderKind.ASSIGN_MENTOR, mentorships=[awaiting_order.pk]),
    )

    order = Order.objects.get()
    assert order.starts_on == datetime.date(2026, 12, 1)
    assert list(order.mentorships.all()) == [awaiting_order]
    assert (order.initiated_by, order.notice_given_on, order.notice_given_to) == ("", None, "")
    assert order.effective_on is None


def test_a_termination_keeps_its_notice_and_drops_the_start(client, cast, active_mentorship):
    client.force_login(cast.curator)

    client.post(
        f"{ORDERS}create/",
        order_form(cast, OrderKind.TERMINATE_MENTOR, mentorships=[active_mentorship.pk]),
    )

    order = Order.objects.get(kind=OrderKind.TERMINATE_MENTOR)
    assert order.starts_on is None
    assert order.initiated_by == EarlyEndInitiator.EMPLOYER
    assert order.notice_given_to == "Михайловой Е. А."
    assert (order.notice_given_on, order.effective_on) == (
        datetime.date(2026, 11, 25),
        datetime.date(2026, 12, 1),
    )
    assert list(order.mentorships.all()) == [active_mentorship]


def test_an_order_of_organisation_keeps_none_of_them(client, cast, awaiting_order):
    client.force_login(cast.curator)

    client.post(
        f"{ORDERS}create/",
        order_form(cast, OrderKind.ORGANISE_MENTORING, mentorships=[awaiting_order.pk]),
    )

    order = Order.objects.get()
    assert order.starts_on is None and order.effective_on is None and not order.notice_given_to
    assert not order.mentorships.exists()


def test_changing_the_kind_on_edit_clears_the_fields_of_the_old_kind(client, cast, awaiting_order):
    client.force_login(cast.curator)
    client.post(
        f"{ORDERS}create/",
        order_form(cast, OrderKind.ASSIGN_MENTOR, mentorships=[awaiting_order.pk]),
    )
    order = Order.objects.get()

    client.post(f"{ORDERS}edit/{order.pk}/", order_form(cast, OrderKind.ORGANISE_MENTORING))

    order.refresh_from_db()
    assert order.kind == OrderKind.ORGANISE_MENTORING
    assert order.starts_on is None and not order.mentorships.exists()


def test_each_group_of_fields_names_its_kinds(client, cast, awaiting_order):
    client.force_login(cast.curator)

    html = client.get(f"{ORDERS}create/").content.decode()

    def kinds_of(field: str) -> str:
        group = re.search(
            rf'data-order-kinds="([^"]*)"(?:(?!data-order-kinds).)*?name="{field}"', html, re.S
        )
        assert group, field
        return group.group(1)

    assert kinds_of("starts_on") == "assign_mentor"
    assert kinds_of("initiated_by") == kinds_of("effective_on") == "terminate_mentor"
    assert kinds_of("mentorships") == "assign_mentor terminate_mentor"
    assert "Досрочное прекращение наставничества" in html
    assert "order-kind-fields.js" in html


def test_the_order_page_shows_only_the_fields_of_its_kind(client, cast, awaiting_order):
    client.force_login(cast.curator)
    client.post(f"{ORDERS}create/", order_form(cast, OrderKind.ORGANISE_MENTORING))
    organisation = Order.objects.get()
    client.post(
        f"{ORDERS}create/",
        order_form(cast, OrderKind.ASSIGN_MENTOR, mentorships=[awaiting_order.pk]),
    )
    assignment = Order.objects.get(kind=OrderKind.ASSIGN_MENTOR)

    def page(order) -> str:
        return client.get(f"{ORDERS}inspect/{order.pk}/").content.decode().lower()

    for label in ("начало наставничества", "дата уведомления", "закрепления наставников"):
        assert label not in page(organisation)
    assert "начало наставничества" in page(assignment)
    assert "дата уведомления" not in page(assignment)


def test_the_inline_lists_say_what_they_add_in_the_accusative(client, cast, active_mentorship):
    client.force_login(cast.curator)
    order_form = client.get(f"{ORDERS}create/").content.decode()
    assert "Добавить согласующего" in order_form and "Добавить Согласующий" not in order_form
    client.force_login(cast.mentor)
    plan = f"/admin/workflows/individualplan/edit/{active_mentorship.plan.pk}/"
    plan_form = client.get(plan).content.decode()
    assert "Добавить мероприятие" in plan_form and "Добавить Мероприятия" not in plan_form
