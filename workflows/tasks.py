"""Whose turn it is: the actions a document waits for, and each user's list of them.

A document *waits for* a user when a transition out of its state is one that people take in
the normal course (not an effect of another document, not an exception that needs a comment
such as returning or cancelling), the user holds its permission, and every condition that
says whose turn it is holds. Conditions that check the content (``RuleKind.CONTENT``: the rules
table, a filled-in form) do not count: a draft that breaks a rule still waits for its author.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from django_fsm import Transition

from workflows import transitions
from workflows.choices import Role
from workflows.conditions import RuleKind
from workflows.models import (
    IndividualPlan,
    Mentorship,
    Order,
    Questionnaire,
    ReplacementRequest,
    Report,
)
from workflows.models.base import WorkflowDocument
from workflows.predicates import has_role
from workflows.scoping import scope_to_mentorships, scope_to_organisations

# Curators, heads and the centre follow the deadlines of everyone in their scope (2.7, 3.3).
OVERSEERS = (Role.CURATOR, Role.ORG_HEAD, Role.CENTER)
DEADLINE_MODELS = (IndividualPlan, Report, Questionnaire)
# How many rows each list of the panel shows; the rest are counted.
SHOWN = 30


def is_expected(transition: Transition) -> bool:
    """A step people take in the normal course, as opposed to an effect or an exception."""
    return not (transitions.triggered_by(transition) or transitions.requires_comment(transition))


def awaited_actions(document: WorkflowDocument, user: User) -> list[Transition]:
    """The transitions ``document`` waits for ``user`` to take (empty: not their turn)."""
    return [
        transition
        for transition in document.transitions_from_here()
        if is_expected(transition)
        and transition.has_perm(document, user)
        and all(
            condition(document)
            for condition in transition.conditions
            if condition.kind is not RuleKind.CONTENT
        )
    ]


def document_path(document) -> str:
    """The document's page in the admin (the admin's home for documents without one)."""
    opts = document._meta
    try:
        return reverse(f"{opts.app_label}_{opts.model_name}_modeladmin_inspect", args=[document.pk])
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def _waiting_states(model) -> list[str]:
    return sorted({t.source for t in model.transitions() if is_expected(t)})


_IN_MENTORSHIP = ("mentorship__mentor", "mentorship__mentee", "mentorship__organisation")

# Each kind of document: how to narrow it to the user and what its permissions and turn
# conditions read, fetched up front so that checking a document costs no query.
SOURCES = {
    Mentorship: lambda qs, user: scope_to_mentorships(qs, user).select_related(
        "mentor", "mentee", "organisation"
    ),
    Order: lambda qs, user: (
        scope_to_organisations(qs, user, "issuer")
        .select_related("issuer")
        .prefetch_related("route")
    ),
    IndividualPlan: lambda qs, user: scope_to_mentorships(
        qs, user, via="mentorship__"
    ).select_related(*_IN_MENTORSHIP),
    Report: lambda qs, user: scope_to_mentorships(qs, user, via="mentorship__").select_related(
        *_IN_MENTORSHIP, "mentorship__questionnaire"
    ),
    Questionnaire: lambda qs, user: scope_to_mentorships(
        qs, user, via="mentorship__"
    ).select_related(*_IN_MENTORSHIP),
    ReplacementRequest: lambda qs, user: scope_to_mentorships(
        qs, user, via="mentorship__"
    ).select_related(*_IN_MENTORSHIP),
}


@dataclass
class Task:
    document: WorkflowDocument
    actions: list[str] = field(default_factory=list)
    due_on: datetime.date | None = None
    overdue: bool = False

    @property
    def url(self) -> str:
        return document_path(self.document)

    @property
    def urgency(self) -> tuple:
        """Overdue first, then by due date, then the oldest undated document."""
        return (not self.overdue, self.due_on or datetime.date.max, self.document.created_at)


@dataclass
class TaskList:
    tasks: list[Task]
    overdue: list[Task]

    @property
    def shown_tasks(self) -> list[Task]:
        return self.tasks[:SHOWN]

    @property
    def shown_overdue(self) -> list[Task]:
        return self.overdue[:SHOWN]

    @property
    def more_tasks(self) -> int:
        return max(len(self.tasks) - SHOWN, 0)

    @property
    def more_overdue(self) -> int:
        return max(len(self.overdue) - SHOWN, 0)


def _deadline(document, today) -> tuple[datetime.date | None, bool]:
    if isinstance(document, DEADLINE_MODELS):
        return document.due_on, document.is_overdue_on(today)
    return None, False


def my_tasks(user: User, today: datetime.date) -> TaskList:
    """What waits for ``user``, most urgent first, and for overseers the overdue documents.

    One query per kind of document (two for orders), however many documents there are.
    """
    tasks = []
    for model, narrow in SOURCES.items():
        candidates = narrow(model.objects.filter(state__in=_waiting_states(model)), user)
        for document in candidates:
            actions = awaited_actions(document, user)
            if actions:
                due_on, overdue = _deadline(document, today)
                labels = [transitions.label(t) for t in actions]
                tasks.append(Task(document, labels, due_on, overdue))
    tasks.sort(key=lambda task: task.urgency)
    mine = {(type(task.document), task.document.pk) for task in tasks}
    overdue = []
    if user.is_superuser or has_role(user, *OVERSEERS):
        for model in DEADLINE_MODELS:
            for document in SOURCES[model](model.objects.overdue(today), user):
                if (model, document.pk) not in mine:
                    overdue.append(Task(document, [], document.due_on, True))
        overdue.sort(key=lambda task: task.urgency)
    return TaskList(tasks, overdue)
