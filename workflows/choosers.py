"""The person chooser: a text box that suggests people as the user types.

At regional scale a ``<select>`` of everyone would carry 100,000 options. The form's field keeps
its scoped queryset and validates the posted id against it; the widget shows the chosen person
by name and asks :func:`person_search` for the people of the same scope that match the typed
text. Each scope reads who may be chosen from :mod:`workflows.services`, so the suggestions and
the validation never differ.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.db.models import Case, QuerySet, When
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from workflows.choices import CertificateKind
from workflows.models import Person, ReplacementRequest
from workflows.params import clean_text, positive_int
from workflows.scoping import organisations_for, scope_to_mentorships
from workflows.services import (
    approver_choices,
    consent_person_choices,
    find_transition,
    mentee_choices,
    mentor_choices,
    nominee_choices,
    proposed_mentor_choices,
    replacement_mentor_choices,
)
from workflows.text import folded_search, lowercase_first, search_key

# Enough to find someone by a few letters of the surname; more is a list nobody reads.
MAX_SUGGESTIONS = 20
MAX_QUERY_LENGTH = 100


def chooser_label(person: Person) -> str:
    """A person as the chooser writes them: «Фамилия И. О. — должность, организация», and the
    statuses that let someone of another organisation be chosen, when the scope reads them
    (never their experience or load, which are their organisation's records)."""
    # The status labels open a sentence («Статус «Ментор»»); here they follow a comma.
    statuses = [
        lowercase_first(str(kind.label))
        for kind, held in (
            (CertificateKind.MENTOR, getattr(person, "holds_mentor_status", False)),
            (CertificateKind.TUTOR, getattr(person, "holds_tutor_status", False)),
        )
        if held
    ]
    details = ", ".join([person.position, str(person.organisation), *statuses])
    return f"{person.short_name} — {details}"


def _issuer_approvers(user: User, params: Mapping[str, str]) -> QuerySet[User]:
    """Approvers of the orders of the issuer named in ``params`` (one the user acts for), or
    of any organisation the user acts for."""
    issuer_id = positive_int(params.get("issuer"))
    if issuer_id is None:
        return approver_choices(user=user)
    issuer = organisations_for(user).filter(pk=issuer_id).first()
    return approver_choices(user=user, issuer=issuer) if issuer else User.objects.none()


def _replacement_mentors(user: User, params: Mapping[str, str]) -> QuerySet[Person]:
    """New mentors of the request named in ``params``, for whoever may grant it now."""
    requests = scope_to_mentorships(ReplacementRequest.objects.all(), user, via="mentorship__")
    request = requests.filter(pk=positive_int(params.get("request"))).first()
    approve = find_transition(request, "approve") if request else None
    if approve is None or not approve.has_perm(request, user):
        return Person.objects.none()
    return replacement_mentor_choices(request=request)


@dataclass(frozen=True)
class PersonScope:
    """Who a person field offers: ``choices(user, params)`` from the services; ``via`` names
    the person of a choice that is not a person itself (an approver is an account)."""

    choices: Callable[[User, Mapping[str, str]], QuerySet]
    via: str = ""

    def person(self, choice) -> Person:
        return getattr(choice, self.via) if self.via else choice

    def search(self, user: User, params: Mapping[str, str], query: str) -> list[dict]:
        """The first :data:`MAX_SUGGESTIONS` choices whose name holds every word of ``query``
        (any case, ё = е), by surname, as ``{"id", "label"}``."""
        prefix = f"{self.via}__" if self.via else ""
        choices = folded_search(self.choices(user, params), query, [f"{prefix}search_name"])
        if self.via:
            choices = choices.select_related(f"{self.via}__organisation")
        # The name stored folded begins with the surname: those whose surname begins with what
        # was typed come first («михайл»: Михайлова before Захарова А. Михайловна).
        words = search_key(query).split()
        surname_first = Case(
            When(**{f"{prefix}search_name__startswith": words[0] if words else ""}, then=0),
            default=1,
        )
        choices = choices.order_by(
            surname_first, f"{prefix}surname", f"{prefix}name", f"{prefix}patronymic", "pk"
        )[:MAX_SUGGESTIONS]
        return [{"id": c.pk, "label": chooser_label(self.person(c))} for c in choices]


SCOPES = {
    "mentor": PersonScope(lambda user, params: mentor_choices(user=user)),
    "mentee": PersonScope(lambda user, params: mentee_choices(user=user)),
    "approver": PersonScope(_issuer_approvers, via="person"),
    "nominee": PersonScope(lambda user, params: nominee_choices(user=user)),
    "consent": PersonScope(lambda user, params: consent_person_choices(user=user)),
    "proposed_mentor": PersonScope(lambda user, params: proposed_mentor_choices(user=user)),
    "replacement_mentor": PersonScope(_replacement_mentors),
}


def person_search(request, scope: str):
    """The people of ``scope`` matching ``?q=``, for the chooser's suggestions (JSON)."""
    if scope not in SCOPES:
        raise Http404
    query = clean_text(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    results = SCOPES[scope].search(request.user, request.GET, query)
    return JsonResponse({"results": results})


class PersonChooser(forms.Widget):
    """A combobox (WAI-ARIA 1.2): the visible text box with the chosen person's name and a
    hidden input with their id, which the form posts; ``person-chooser.js`` suggests."""

    template_name = "workflows/widgets/person_chooser.html"

    def __init__(self, scope: str, queryset: QuerySet, params: Mapping[str, object] | None = None):
        super().__init__()
        self.scope = scope
        self.queryset = queryset
        self.params = {name: value for name, value in (params or {}).items() if value is not None}

    def url(self) -> str:
        url = reverse("workflows_person_search", args=[self.scope])
        return f"{url}?{urlencode(self.params)}" if self.params else url

    def chosen_label(self, value) -> str:
        """The name of the person chosen, if ``value`` is one the field offers (after a form
        error too); nothing for an id from outside the scope."""
        pk = positive_int(value)
        if pk is None:
            return ""
        scope = SCOPES[self.scope]
        related = f"{scope.via}__organisation" if scope.via else "organisation"
        choice = self.queryset.filter(pk=pk).select_related(related).first()
        return chooser_label(scope.person(choice)) if choice else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            url=self.url(),
            label=self.chosen_label(value),
            placeholder=_("Type part of the surname"),
            empty=_("Nobody found"),
        )
        return context


def offer_people(field, queryset: QuerySet, scope: str, **params) -> None:
    """Let the person ``field`` offer ``queryset`` through the chooser of ``scope`` (whose
    ``params`` the suggestions read); the posted id is validated against ``queryset``."""
    field.queryset = queryset
    field.widget = PersonChooser(scope, queryset, params)
    field.widget.is_required = field.required
