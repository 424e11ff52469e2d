"""Every transition of Mentorship and Order against every role, same and other organisation.

Allowed: the state changes, with exactly one log entry and one history record. Forbidden:
nothing changes, and the admin answers 403 — or 404 where the document is outside the
user's scope, so that its existence is not revealed. A transition that only another document
takes (activation, completion, early termination) is allowed to no one: the service refuses
it and the admin has no address for it (404).
"""

import datetime

from django.core.exceptions import PermissionDenied

import pytest

from tests.factories import png_scan
from tests.workflows.conftest import consent_both
from workflows.choices import MentorshipState
from workflows.exceptions import TransitionRefused
from workflows.selectors import transition_log
from workflows.services import (
    order_sign,
    perform_transition,
    take_transition,
)

pytestmark = pytest.mark.django_db

USERS = [
    "curator", "org_head", "mentor", "mentee", "center", "department", "registrar", "editor",
    "moderator", "other_curator", "other_org_head", "other_mentor", "other_mentee",
]  # fmt: skip
# Who sees the document at all (else 404); the rest of USERS see it but may not act (403).
SEES_MENTORSHIP = {"curator", "org_head", "mentor", "mentee", "center", "department", "registrar"}
SEES_ORDER = {"curator", "org_head", "mentor", "mentee", "center", "department", "registrar"}


def awaiting_consent(cast, mentorship, order):
    return perform_transition(document=mentorship, name="send_for_consent", user=cast.curator)


def awaiting_order(cast, mentorship, order):
    return consent_both(mentorship, cast)


def active(cast, mentorship, order):
    consent_both(mentorship, cast)
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=cast.curator)
    order_sign(order=order, user=cast.org_head)
    mentorship.refresh_from_db()
    return mentorship


def order_draft(cast, mentorship, order):
    consent_both(mentorship, cast)
    return order


def order_in_approval(cast, mentorship, order):
    order_draft(cast, mentorship, order)
    return perform_transition(document=order, name="submit", user=cast.curator)


def order_with_visas(cast, mentorship, order):
    order_in_approval(cast, mentorship, order)
    return perform_transition(document=order, name="give_visa", user=cast.curator)


def order_signed(cast, mentorship, order):
    order_with_visas(cast, mentorship, order)
    return order_sign(order=order, user=cast.org_head)


CASES = {
    # transition: (prepare, allowed users, params, comment)
    ("mentorship", "send_for_consent"): (lambda c, m, o: m, {"curator", "org_head"}, {}),
    ("mentorship", "consent_as_mentor"): (
        awaiting_consent,
        {"mentor", "curator", "org_head"},
        {"consented_on": datetime.date(2026, 11, 20), "scan": png_scan},
    ),
    ("mentorship", "consent_as_mentee"): (
        awaiting_consent,
        {"mentee", "curator", "org_head"},
        {"consented_on": datetime.date(2026, 11, 20)},
    ),
    # Taken only by a signed order or the centre's acceptance of the report (their own tests).
    ("mentorship", "activate"): (
        awaiting_order,
        set(),
        {"started_on": datetime.date(2026, 12, 1)},
    ),
    ("mentorship", "complete"): (active, set(), {}),
    ("mentorship", "terminate"): (
        active,
        set(),
        {"ended_on": datetime.date(2027, 2, 1), "reason": "Перевод"},
    ),
    ("mentorship", "cancel"): (lambda c, m, o: m, {"curator", "org_head"}, {}),
    ("order", "submit"): (order_draft, {"curator", "org_head"}, {}),
    ("order", "give_visa"): (order_in_approval, {"curator"}, {}),
    ("order", "return_for_revision"): (order_in_approval, {"curator", "org_head"}, {}),
    ("order", "sign"): (order_with_visas, {"org_head"}, "sign"),
    ("order", "cancel"): (order_signed, {"org_head"}, {}),
}
# Effects of another document: refused by the service to everyone, no admin address.
TRIGGERED = {"activate", "complete", "terminate"}
# A visa, or the first of the two consents, is recorded without leaving the state.
KEEPS_STATE = {"give_visa", "consent_as_mentor", "consent_as_mentee"}
MATRIX = [(document, name, user) for (document, name) in CASES for user in USERS]


def call(document, name, user, params):
    comment = "Комментарий к решению"
    if params == "sign":
        return order_sign(order=document, user=user, comment=comment)
    params = {key: value() if callable(value) else value for key, value in params.items()}
    return take_transition(document=document, name=name, user=user, comment=comment, values=params)


@pytest.mark.parametrize(
    ("kind", "name", "who"), MATRIX, ids=[f"{k}.{n}-{u}" for k, n, u in MATRIX]
)
def test_permission_matrix(kind, name, who, cast, draft_mentorship, assignment_order_draft, client):
    prepare, allowed, params = CASES[(kind, name)]
    mentorship = draft_mentorship
    document = prepare(cast, mentorship, assignment_order_draft)
    document = type(document).objects.get(pk=document.pk)
    user = getattr(cast, who)
    state, logged, versions = (
        document.state,
        transition_log(document).count(),
        document.history.count(),
    )

    if who in allowed:
        call(document, name, user, params)
        document.refresh_from_db()
        assert document.state != state or name in KEEPS_STATE
        assert transition_log(document).count() == logged + 1
        assert document.history.count() == versions + 1
        return

    with pytest.raises(TransitionRefused if name in TRIGGERED else PermissionDenied):
        call(document, name, user, params)
    client.force_login(user)
    url = f"/admin/workflows/{kind}/transition/{document.pk}/{name}/"
    response = client.post(url, {"comment": "попытка"})
    sees = SEES_MENTORSHIP if kind == "mentorship" else SEES_ORDER
    if name in TRIGGERED:
        assert response.status_code == 404
    else:
        assert response.status_code == (403 if who in sees else 404)
    document.refresh_from_db()
    assert (document.state, transition_log(document).count(), document.history.count()) == (
        state, logged, versions,
    )  # fmt: skip


def test_the_matrix_covers_every_transition(draft_mentorship, assignment_order_draft):
    declared = {("mentorship", t.name) for t in draft_mentorship.transitions()} | {
        ("order", t.name) for t in assignment_order_draft.transitions()
    }
    assert declared == set(CASES)


def test_activation_is_not_offered_as_a_button(cast, draft_mentorship):
    mentorship = consent_both(draft_mentorship, cast)
    assert mentorship.state == MentorshipState.AWAITING_ORDER
    from workflows.services import user_transitions

    assert user_transitions(mentorship, cast.org_head) == [
        (t, r) for t, r in user_transitions(mentorship, cast.org_head) if t.name != "activate"
    ]
