"""Every decision on the approval sheet is a version of its visa; the sheet of any moment is
read back and printed."""

import datetime

from django.urls import reverse

import pytest

from tests.factories import OrderFactory
from tests.workflows.test_paper import docx_text, pdf_text
from workflows.choices import VisaDecision
from workflows.models import OrderVisa
from workflows.selectors import approval_sheet_as_of
from workflows.services import order_sign, perform_transition

pytestmark = pytest.mark.django_db

STEP = datetime.timedelta(hours=1)


@pytest.fixture
def route(clock, cast, awaiting_order):
    """An order with two approvers (the curator, then the head, who also signs) taken through
    submit → visa → return → resubmit → visa, visa → sign, one hour apart. Returns the order
    and the moments just after the first return and just after the signing."""
    order = OrderFactory(
        issuer=cast.school, mentorships=[awaiting_order], approvers=[cast.curator, cast.org_head]
    )

    def step(name, user, comment=""):
        clock.shift(STEP)
        perform_transition(document=order, name=name, user=user, comment=comment)

    step("submit", cast.curator)
    step("give_visa", cast.curator, "Проект приказа проверен")
    step("return_for_revision", cast.org_head, "Уточнить дату начала наставничества")
    returned_at = order.history.latest().history_date
    step("submit", cast.curator, "Дата уточнена")
    step("give_visa", cast.curator, "Повторно проверен")
    step("give_visa", cast.org_head)
    clock.shift(STEP)
    order_sign(order=order, user=cast.org_head)
    signed_at = order.history.latest().history_date
    clock.shift(STEP)
    return order, returned_at, signed_at


def sheet(order, moment):
    return [
        (visa.approver, visa.decision, visa.decided_at, visa.comment)
        for visa in approval_sheet_as_of(order, moment)
    ]


def test_the_sheet_reads_back_as_it_was_after_the_return_and_at_signing(route, cast):
    order, returned_at, signed_at = route
    after_return = sheet(order, returned_at)
    assert [(who, decision, comment) for who, decision, _at, comment in after_return] == [
        (cast.curator, VisaDecision.APPROVED, "Проект приказа проверен"),
        (cast.org_head, VisaDecision.RETURNED, "Уточнить дату начала наставничества"),
    ]
    assert all(at is not None and at <= returned_at for *_rest, at, _comment in after_return)
    at_signing = sheet(order, signed_at)
    assert [(who, decision, comment) for who, decision, _at, comment in at_signing] == [
        (cast.curator, VisaDecision.APPROVED, "Повторно проверен"),
        (cast.org_head, VisaDecision.APPROVED, ""),
    ]
    assert at_signing == sheet(order, signed_at + STEP)  # nothing changes after signing
    current = [(v.approver, v.decision, v.decided_at, v.comment) for v in order.route.all()]
    assert at_signing == current


def test_each_decision_is_a_version_with_its_user_and_comment(route, cast):
    order, _returned_at, _signed_at = route
    head_visa = order.route.get(approver=cast.org_head)
    versions = [
        (record.history_user, record.decision, record.comment, record.history_change_reason)
        for record in head_visa.history.order_by("history_date", "history_id")
    ]
    assert versions == [
        (None, VisaDecision.PENDING, "", None),  # put on the sheet by the factory
        (
            cast.org_head,
            VisaDecision.RETURNED,
            "Уточнить дату начала наставничества",
            "Уточнить дату начала наставничества",
        ),
        (cast.curator, VisaDecision.PENDING, "", "Повторно направлен на согласование"),
        (cast.org_head, VisaDecision.APPROVED, "", "Согласовано"),
    ]


def test_a_first_submission_leaves_pending_visas_without_a_new_version(clock, cast, awaiting_order):
    order = OrderFactory(issuer=cast.school, mentorships=[awaiting_order], approvers=[cast.curator])
    perform_transition(document=order, name="submit", user=cast.curator)
    assert OrderVisa.history.filter(order_id=order.pk).count() == 1


def test_the_paper_prints_the_sheet_as_of_a_version_of_the_history(route, client, cast):
    order, returned_at, _signed_at = route
    returned = order.history.get(history_date=returned_at)
    client.force_login(cast.org_head)
    history = client.get(reverse("workflows_order_modeladmin_history", args=[order.pk]))
    paper = f"/admin/workflows/order/paper/{order.pk}/order"
    assert f"{paper}.pdf?version={returned.history_id}" in history.content.decode()

    texts = [
        read(client.get(f"{paper}.{file_format}?version={returned.history_id}").content)
        for file_format, read in (("pdf", pdf_text), ("docx", docx_text))
    ]
    for text in texts:
        assert "По состоянию на" in text and "Возвращено" in text and "ПРОЕКТ" in text
    now = pdf_text(client.get(f"{paper}.pdf").content)
    assert "Возвращено" not in now and "По состоянию на" not in now and "ПРОЕКТ" not in now


def test_a_version_of_another_order_or_no_version_is_not_printed(route, client, cast):
    order, _returned_at, _signed_at = route
    other = OrderFactory(issuer=cast.school, approvers=[cast.curator])
    paper = f"/admin/workflows/order/paper/{order.pk}/order.pdf"
    client.force_login(cast.org_head)
    for version in (other.history.get().history_id, "abc", "0", "²"):
        assert client.get(f"{paper}?version={version}").status_code == 404
    client.force_login(cast.other_org_head)
    record = order.history.earliest()
    assert client.get(f"{paper}?version={record.history_id}").status_code == 404
