"""Transitions that only another document takes are refused to everyone, by URL and by service.

A signed assignment order activates a mentorship, a signed termination order (or a granted
replacement request) ends it early, the centre's acceptance of the final report completes it.
Nobody takes these steps directly: not the head, not the centre, not a superuser. Every other
transition that takes values gets them from its form and hands them to the service it names,
so none is taken without them.
"""

import datetime
import inspect
from dataclasses import replace

from django.apps import apps

import pytest

from tests.factories import png_scan
from workflows.choices import MentorshipState, ReportState
from workflows.exceptions import TransitionIncomplete, TransitionRefused
from workflows.forms import TransitionForm
from workflows.models import Mentorship
from workflows.models.base import WorkflowDocument
from workflows.selectors import transition_log
from workflows.services import (
    perform_transition,
    replacement_request_create,
    take_transition,
)
from workflows.transitions import form_class, metadata, service, triggered_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DOCUMENT_MODELS = [m for m in apps.get_models() if issubclass(m, WorkflowDocument)]
TRIGGERED = [
    (model, t.name) for model in DOCUMENT_MODELS for t in model.transitions() if triggered_by(t)
]
EVERYONE = [
    "curator", "org_head", "mentor", "mentee", "center", "department", "registrar", "editor",
    "moderator", "other_curator", "other_org_head", "other_mentor", "other_mentee",
]  # fmt: skip


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True)


def url(document, name):
    return f"/admin/workflows/{document._meta.model_name}/transition/{document.pk}/{name}/"


def snapshot(document):
    document = type(document).objects.get(pk=document.pk)
    return document.state, transition_log(document).count(), document.history.count()


def test_the_centre_cannot_complete_a_mentorship_by_its_address(client, cast, active_mentorship):
    """The probe of issue 11, item 5: the report is a draft, the mentorship must stay active."""
    before = snapshot(active_mentorship)
    client.force_login(cast.center)

    assert client.get(url(active_mentorship, "complete")).status_code == 404
    assert client.post(url(active_mentorship, "complete"), {"comment": ""}).status_code == 404

    assert snapshot(active_mentorship) == before
    assert before[0] == MentorshipState.ACTIVE
    active_mentorship.report.refresh_from_db()
    assert active_mentorship.report.state == ReportState.DRAFT


def test_the_head_cannot_activate_or_terminate_by_address(
    client, cast, awaiting_order, assignment_order
):
    """These used to reach the model without their parameters and fail with a server error."""
    client.force_login(cast.org_head)
    before = snapshot(awaiting_order)

    assert client.post(url(awaiting_order, "activate"), {"comment": ""}).status_code == 404
    assert snapshot(awaiting_order) == before

    order = assignment_order
    perform_transition(document=order, name="submit", user=cast.curator)
    perform_transition(document=order, name="give_visa", user=cast.curator)
    client.post(url(order, "sign"), {"comment": ""})  # the real path: the order activates it
    active = snapshot(awaiting_order)
    assert active[0] == MentorshipState.ACTIVE

    response = client.post(url(awaiting_order, "terminate"), {"comment": "Перевод"})
    assert response.status_code == 404
    assert snapshot(awaiting_order) == active


@pytest.mark.parametrize(
    ("model", "name"), TRIGGERED, ids=[f"{model.__name__}.{name}" for model, name in TRIGGERED]
)
def test_a_triggered_transition_has_no_address_for_anyone(
    client, cast, superuser, active_mentorship, model, name
):
    """Derived from the metadata: whatever model declares ``triggered_by``, any user, any verb."""
    document = model.objects.first()
    assert document is not None, f"the test needs a {model.__name__} to try"
    before = snapshot(document)
    for user in [getattr(cast, who) for who in EVERYONE] + [superuser]:
        client.force_login(user)
        assert client.get(url(document, name)).status_code == 404, user
        assert client.post(url(document, name), {"comment": "попытка"}).status_code == 404, user
    assert snapshot(document) == before


def test_the_triggered_transitions_are_the_three_of_the_mentorship():
    assert sorted(name for _model, name in TRIGGERED) == ["activate", "complete", "terminate"]
    assert {model for model, _name in TRIGGERED} == {Mentorship}


ATTEMPTS = {
    "activate": (
        "awaiting_order",
        "org_head",
        {"started_on": datetime.date(2026, 12, 1)},
        "вступает в силу только с подписанием приказа о закреплении",
    ),
    "complete": ("active_mentorship", "center", {}, "только после принятия итогового отчёта"),
    "terminate": (
        "active_mentorship",
        "org_head",
        {"ended_on": datetime.date(2027, 2, 1), "reason": "Перевод"},
        "только подписанным приказом о прекращении",
    ),
}


@pytest.mark.parametrize("name", sorted(ATTEMPTS))
@pytest.mark.parametrize("who", ["holder of the permission", "superuser"])
def test_the_service_refuses_a_triggered_transition_to_everyone(
    request, cast, superuser, name, who
):
    fixture, holder, params, message = ATTEMPTS[name]
    mentorship = request.getfixturevalue(fixture)
    user = superuser if who == "superuser" else getattr(cast, holder)
    before = snapshot(mentorship)

    with pytest.raises(TransitionRefused, match=message):
        take_transition(
            document=mentorship, name=name, user=user, comment="Напрямую", values=params
        )

    assert snapshot(mentorship) == before


def test_a_transition_is_refused_without_its_parameters_and_nothing_changes(cast, draft_mentorship):
    mentorship = perform_transition(
        document=draft_mentorship, name="send_for_consent", user=cast.curator
    )
    before = snapshot(mentorship)

    with pytest.raises(TransitionIncomplete, match=r"не выполнено.*consented_on"):
        perform_transition(document=mentorship, name="consent_as_mentee", user=cast.mentee)
    with pytest.raises(TransitionIncomplete, match="scan"):
        take_transition(
            document=mentorship,
            name="consent_as_mentee",
            user=cast.mentee,
            values={"consented_on": datetime.date(2026, 11, 21), "scan": png_scan()},
        )

    assert snapshot(mentorship) == before


def test_a_transition_whose_form_is_missing_answers_400_not_a_server_error(
    client, cast, draft_mentorship, monkeypatch
):
    """Were a form forgotten, the admin refuses in words; the model is never called."""
    mentorship = perform_transition(
        document=draft_mentorship, name="send_for_consent", user=cast.curator
    )
    [consent] = [t for t in Mentorship.transitions() if t.name == "consent_as_mentee"]
    monkeypatch.setitem(consent.custom, "metadata", replace(metadata(consent), form=""))
    before = snapshot(mentorship)
    client.force_login(cast.mentee)

    response = client.post(url(mentorship, "consent_as_mentee"), {"comment": ""})

    assert response.status_code == 400
    assert "сообщите администратору портала" in response.content.decode()
    assert snapshot(mentorship) == before


def service_parameters(transition) -> tuple[set[str], set[str]]:
    """The values the transition's service takes besides the document, the user and the
    comment: (required, all); none for a transition without a service."""
    found = service(transition)
    if found is None:
        return set(), set()
    _document, *taken = inspect.signature(found).parameters.values()
    assert all(p.kind is p.KEYWORD_ONLY for p in taken), f"{found.__name__} is keyword-only"
    taken = [p for p in taken if p.name not in ("user", "comment")]
    return {p.name for p in taken if p.default is p.empty}, {p.name for p in taken}


def form_parameters(transition, model) -> set[str]:
    """The names the transition's form gives its service, read from ``transition_params()``."""
    form = form_class(transition) or TransitionForm
    kwargs = {}
    if getattr(form, "needs_document", False):
        kwargs["document"] = model.objects.first()
        assert kwargs["document"] is not None, f"the test needs a {model.__name__}"
    bound = form(data={}, **kwargs)
    bound.cleaned_data = dict.fromkeys(bound.fields)  # every field filled in
    return set(bound.transition_params())


def test_every_transition_gets_its_parameters_from_its_form_or_its_service(cast, active_mentorship):
    """A new transition with keyword parameters and no form that gives them fails here."""
    replacement_request_create(user=cast.mentee, mentorship=active_mentorship, reason="Отпуск")
    checked = 0
    for model in DOCUMENT_MODELS:
        for transition in model.transitions():
            where = f"{model.__name__}.{transition.name}"
            assert not inspect.signature(transition.method).parameters.keys() - {"self"}, (
                f"{where}: a transition method takes nothing; its service sets the values"
            )
            if triggered_by(transition):
                continue  # no address: only the effect of another document calls it
            required, taken = service_parameters(transition)
            given = form_parameters(transition, model)
            assert required <= given, f"{where}: its form does not give {required - given}"
            assert given <= taken, f"{where}: its form gives {given - taken}, never taken"
            checked += 1
    assert checked >= 30
