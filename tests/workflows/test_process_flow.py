"""Every process flows: after a save the user is on the document, and the page leads on."""

import re

from django.core.exceptions import ValidationError

import pytest

from workflows.choices import MenteeBasis, MentoringKind, OrderKind
from workflows.models import Mentorship, Order

pytestmark = pytest.mark.django_db


def test_a_drafted_mentorship_lands_on_its_page(client, cast):
    client.force_login(cast.curator)
    response = client.post(
        "/admin/workflows/mentorship/create/",
        {
            "organisation": cast.school.pk,
            "kind": MentoringKind.TRADITIONAL,
            "mentor": cast.mentor.person.pk,
            "mentee": cast.mentee.person.pk,
            "starts_on": "01.12.2026",
            "ends_on": "30.11.2027",
            "mentee_basis": MenteeBasis.YOUNG_SPECIALIST,
            "goal": "Адаптация",
        },
    )
    drafted = Mentorship.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/workflows/mentorship/inspect/{drafted.pk}/"


def test_after_both_consents_the_page_leads_to_the_order_filled_in(client, cast, awaiting_order):
    client.force_login(cast.curator)
    page = client.get(f"/admin/workflows/mentorship/inspect/{awaiting_order.pk}/").content.decode()
    assert "Подготовить приказ" in page
    start = page.index('href="', page.index("data-draft-order") - 200) + 6
    url = page[start : page.index('"', start)].replace("&amp;", "&")
    form = client.get(url).content.decode()
    box = re.search(rf'<input[^>]*name="mentorships"[^>]*value="{awaiting_order.pk}"[^>]*>', form)
    assert box and "checked" in box.group(0)
    client.force_login(cast.mentor)
    page = client.get(f"/admin/workflows/mentorship/inspect/{awaiting_order.pk}/").content.decode()
    assert "Подготовить приказ" not in page


def test_no_order_to_draft_before_the_consents(client, cast, draft_mentorship):
    client.force_login(cast.curator)
    page = client.get(f"/admin/workflows/mentorship/inspect/{draft_mentorship.pk}/")
    assert "Подготовить приказ" not in page.content.decode()


def test_a_school_is_offered_only_the_kinds_of_order_it_issues(client, cast):
    client.force_login(cast.curator)
    form = client.get("/admin/workflows/order/create/").content.decode()
    assert 'value="assign_mentor"' in form and 'value="grant_status"' not in form
    client.force_login(cast.registrar)
    form = client.get("/admin/workflows/order/create/").content.decode()
    assert 'value="grant_status"' in form and 'value="assign_mentor"' not in form


def test_a_crafted_kind_the_issuer_does_not_issue_is_refused(cast):
    order = Order(issuer=cast.school, kind=OrderKind.GRANT_STATUS, title="О присвоении")
    with pytest.raises(ValidationError) as refused:
        order.clean()
    assert "не издаёт приказы этого вида" in str(refused.value.message_dict["kind"])
    order.kind = OrderKind.ORGANISE_MENTORING
    order.clean()
