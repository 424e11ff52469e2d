"""The order page shows its approval sheet; the printed sheet is never empty after approval."""

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

import pytest

from tests.factories import OrderFactory
from workflows.choices import OrderKind, OrderState, RouteMode
from workflows.models import Order
from workflows.selectors import order_for_print, transition_log
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


def page_of(client, user, order) -> str:
    client.force_login(user)
    response = client.get(f"/admin/workflows/order/inspect/{order.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_sheet_shows_who_decided_what_when_and_who_is_awaited_in_turn(client, cast):
    order = OrderFactory(
        issuer=cast.school,
        kind=OrderKind.ORGANISE_MENTORING,
        route_mode=RouteMode.SEQUENTIAL,
        approvers=[cast.curator, cast.org_head],
    )
    perform_transition(document=order, name="submit", user=cast.curator)
    page = page_of(client, cast.org_head, order)
    curator, head = cast.curator.person, cast.org_head.person
    sheet = page[page.index("data-approval-sheet") :]
    assert sheet.index(curator.short_name) < sheet.index(head.short_name)
    assert curator.position in sheet
    assert sheet.count("data-awaited") == 1 and sheet.count("data-queued") == 1
    perform_transition(document=order, name="give_visa", user=cast.curator, comment="Согласен")
    sheet = page_of(client, cast.org_head, order)
    sheet = sheet[sheet.index("data-approval-sheet") :]
    assert "Согласен" in sheet
    assert timezone.localtime().strftime("%d.%m.%Y %H:%M") in sheet
    assert sheet.count("data-awaited") == 1 and "data-queued" not in sheet
    assert cast.curator.username not in sheet.split("</table>")[0]


@pytest.mark.usefixtures("demo_day")
def test_every_demo_order_that_went_through_approval_prints_its_visas(client):
    call_command("load_demo", stdout=None)
    for order in Order.objects.all():
        submitted = transition_log(order).filter(transition="submit").exists()
        if submitted:
            assert order_for_print(order).visas, order
    head = User.objects.get(username="head")
    signed = Order.objects.filter(state=OrderState.SIGNED, issuer=head.person.organisation)
    page = page_of(client, head, signed.first())
    assert "data-visa" in page
