"""Whose turn it is: the actions a document waits for, and each user's list of them.

A document *waits for* a user when a transition out of its state is one that people take in
the normal course (not an effect of another document, not an exception that needs a comment
such as returning or cancelling), the user holds its permission, and every condition that
says whose turn it is holds. Conditions that check the content (``RuleKind.CONTENT``: the rules
table, a filled-in form) do not count: a draft that breaks a rule still waits for its author.
"""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.auth.models import User
from django.db.models import Case, F, Func, IntegerField, QuerySet, Subquery, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from django_fsm import Transition

from workflows import transitions
from workflows.choices import (
    CertificateState,
    MentorshipState,
    ReportState,
    Role,
)
from workflows.conditions import RuleKind
from workflows.models import (
    Certificate,
    IndividualPlan,
    Mentorship,
    Order,
    Questionnaire,
    ReplacementRequest,
    Report,
    StatusApplication,
)
from workflows.models.base import WorkflowDocument
from workflows.models.deadlines import overdue_q
from workflows.permissions import may_hold, scoped_for
from workflows.predicates import (
    has_role,
    own_organisation_id,
    own_person_id,
    sees_whole_organisation,
)
from workflows.scoping import scope_to_candidates, scope_to_mentorships, scope_to_orders
from workflows.selectors import mentorships_relying_on_lapsed_status

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


_IN_MENTORSHIP = ("mentorship__mentor", "mentorship__mentee", "mentorship__organisation")


def _orders(queryset, user):
    return scope_to_orders(queryset, user)


def _in_mentorship(queryset, user):
    return scope_to_mentorships(queryset, user, via="mentorship__")


# Each kind of document: how its rows are narrowed to what the user may see (the admin's own
# rule), and what its permissions and turn conditions read, fetched up front so that checking
# a candidate costs no query. Every workflow document is here (a test checks it).
SCOPES = {
    Mentorship: scope_to_mentorships,
    Order: _orders,
    IndividualPlan: _in_mentorship,
    Report: _in_mentorship,
    Questionnaire: _in_mentorship,
    ReplacementRequest: _in_mentorship,
    StatusApplication: scope_to_candidates,
    Certificate: scope_to_candidates,
}
LOADS = {
    Mentorship: lambda qs: qs.select_related("mentor", "mentee", "organisation"),
    Order: lambda qs: qs.select_related("issuer").prefetch_related("route__approver"),
    IndividualPlan: lambda qs: qs.select_related(*_IN_MENTORSHIP),
    Report: lambda qs: qs.select_related(*_IN_MENTORSHIP, "mentorship__questionnaire"),
    Questionnaire: lambda qs: qs.select_related(*_IN_MENTORSHIP),
    ReplacementRequest: lambda qs: qs.select_related(*_IN_MENTORSHIP),
    StatusApplication: lambda qs: qs.select_related("person__organisation"),
    Certificate: lambda qs: qs.select_related("person__organisation"),
}


def _union(querysets: list[QuerySet]) -> QuerySet | None:
    return reduce(operator.or_, querysets) if querysets else None


def awaiting(model, user: User) -> tuple[QuerySet | None, QuerySet | None]:
    """The documents of ``model`` that may wait for ``user``, as two querysets (None: none):
    the *exact* ones, which all wait for the user, and the *loose* ones, a superset of the
    rest that only :func:`awaited_actions` can sort out.

    A state counts only if one of its expected transitions has a permission the user's roles
    can hold; a permission that gives its queryset form (an approver's visa) narrows by it,
    any other by the user's scope, and each condition about whose turn it is by its own
    queryset form. A transition's rows are exact when the permission says its narrowing or
    the scope is exact for the user and every such condition has a queryset form. So the
    centre, which takes no step on a draft mentorship, never loads the region's drafts, and a
    curator's thousand drafts are counted, not loaded.
    """
    exact, loose = [], []
    base = model._default_manager.all()
    # Orders are scoped by their approval sheet too: the scope is wider than the issuer's.
    sees_all = sees_whole_organisation(user) and not user.is_superuser and model is not Order
    for transition in model.transitions():
        if not is_expected(transition) or not may_hold(transition.permission, user):
            continue
        rows = base.filter(state=transition.source)
        narrow = getattr(transition.permission, "narrow", None)
        if narrow is None or user.is_superuser:
            rows = SCOPES[model](rows, user)
            precise = sees_all and scoped_for(transition.permission, user)
        else:
            rows = narrow(rows, user)
            precise = getattr(narrow, "exact", False)
        for condition in transition.conditions:
            if getattr(condition, "kind", None) is RuleKind.CONTENT:
                continue
            where = getattr(condition, "where", None)
            if where is None:
                precise = False
            else:
                rows = rows.filter(where())
        (exact if precise else loose).append(rows)
    return _union(exact), _union(loose)


def candidates(model, user: User) -> QuerySet:
    """The documents of ``model`` on which ``user`` may hold an expected transition: a
    superset of those that wait for the user (see :func:`awaiting`)."""
    found = [rows for rows in awaiting(model, user) if rows is not None]
    return LOADS[model](_union(found) if found else model._default_manager.none())


def by_urgency(queryset: QuerySet, today: datetime.date) -> QuerySet:
    """``queryset`` in the order of :attr:`Task.urgency`: overdue, then by due date, then the
    oldest undated document."""
    if issubclass(queryset.model, DEADLINE_MODELS):
        overdue = Case(When(overdue_q(today), then=Value(0)), default=Value(1))
        return queryset.alias(not_overdue=overdue).order_by(
            "not_overdue", F("due_on").asc(nulls_last=True), "created_at", "pk"
        )
    return queryset.order_by("created_at", "pk")


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
class Warning:
    """Something in the user's scope that needs attention although no step waits for them."""

    document: WorkflowDocument
    text: str

    @property
    def url(self) -> str:
        return document_path(self.document)


@dataclass
class TaskList:
    """The most urgent :data:`SHOWN` tasks and overdue documents, and how many there are."""

    tasks: list[Task]
    overdue: list[Task]
    warnings: list[Warning] = field(default_factory=list)
    more_warnings: int = 0
    task_count: int = 0
    overdue_count: int = 0

    @property
    def shown_tasks(self) -> list[Task]:
        return self.tasks

    @property
    def shown_overdue(self) -> list[Task]:
        return self.overdue

    @property
    def more_tasks(self) -> int:
        return max(self.task_count - len(self.tasks), 0)

    @property
    def more_overdue(self) -> int:
        return max(self.overdue_count - len(self.overdue), 0)


# -- warnings: what no transition waits for, but someone must see --------------------------

# How long before a status lapses its holder, their school and the registrar are warned.
LAPSE_NOTICE = datetime.timedelta(days=60)
# A final report counts as given once its mentor submitted it.
REPORT_GIVEN = (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.SENT, ReportState.ACCEPTED)


def ended_without_report(mentorships: QuerySet, today: datetime.date) -> QuerySet:
    """Running mentorships whose term ended before ``today`` with no final report submitted
    (4.4: the report is due at the end of the term; only its acceptance completes the case)."""
    return mentorships.filter(state=MentorshipState.ACTIVE, ends_on__lt=today).exclude(
        report__state__in=REPORT_GIVEN
    )


def lapsing(certificates: QuerySet, today: datetime.date) -> QuerySet:
    """Active certificates whose validity ends within :data:`LAPSE_NOTICE` of ``today``."""
    return certificates.filter(
        state=CertificateState.ACTIVE, valid_until__gte=today, valid_until__lte=today + LAPSE_NOTICE
    )


def expired(certificate, today: datetime.date) -> bool:
    """An active certificate past its validity: the public check says «срок истёк»."""
    return certificate.state == CertificateState.ACTIVE and certificate.valid_until < today


def document_warnings(document: WorkflowDocument, today: datetime.date) -> list[str]:
    """The warnings about one document, as its page shows them (the same rules as the lists)."""
    model = type(document)
    texts = []
    for kind in WARNINGS:
        if (
            kind.model is model
            and kind.check(model._default_manager.filter(pk=document.pk), today).exists()
        ):
            texts.append(kind.text(document))
    if isinstance(document, Certificate) and expired(document, today):
        texts.append(_expired(document))
    return texts


def _relying_on_lapsed_status(mentorships: QuerySet, today: datetime.date) -> QuerySet:
    return mentorships_relying_on_lapsed_status(on=today, mentorships=mentorships)


def _ended(mentorship) -> str:
    return _("The term ended on %(date)s and the final report is not submitted (clause 4.4).") % {
        "date": f"{mentorship.ends_on:%d.%m.%Y}"
    }


def _status_lapsed(mentorship) -> str:
    return _(
        "The mentor's status on which this mentorship relies is no longer valid "
        "(suspended, revoked or expired): the curator and the head decide how the "
        "mentoring goes on (clause 2.1)."
    )


def _lapses(certificate) -> str:
    return _("The status lapses on %(date)s.") % {"date": f"{certificate.valid_until:%d.%m.%Y}"}


def _expired(certificate) -> str:
    return _("The status lapsed on %(date)s.") % {"date": f"{certificate.valid_until:%d.%m.%Y}"}


# -- who is warned: each kind of warning goes to those who can act on it ----------------------


def _school_staff(organisation: str):
    """The curator and the head, for the documents of their own organisation (``organisation``
    is the path from the document to it)."""

    def narrow(queryset: QuerySet, user: User) -> QuerySet:
        organisation_id = own_organisation_id(user)
        if organisation_id is None or not has_role(user, Role.CURATOR, Role.ORG_HEAD):
            return queryset.none()
        return queryset.filter(**{f"{organisation}_id": organisation_id})

    return narrow


def _municipal(role: Role):
    """A municipal body, over the whole municipality."""

    def narrow(queryset: QuerySet, user: User) -> QuerySet:
        return queryset if has_role(user, role) else queryset.none()

    return narrow


def _own(person: str, *roles: Role):
    """The person the document names at ``person``, when the user is that person (and holds
    one of ``roles``, if given)."""

    def narrow(queryset: QuerySet, user: User) -> QuerySet:
        person_id = own_person_id(user)
        if person_id is None or (roles and not has_role(user, *roles)):
            return queryset.none()
        return queryset.filter(**{f"{person}_id": person_id})

    return narrow


@dataclass(frozen=True)
class WarningKind:
    """One kind of warning: which documents it flags, how it reads, and who is warned."""

    model: type[WorkflowDocument]
    check: Callable[[QuerySet, datetime.date], QuerySet]
    text: Callable[[WorkflowDocument], str]
    # Each narrows the model's documents to those it warns the user about (none when the user
    # is not among them); the user is warned about their union.
    warned: tuple[Callable[[QuerySet, User], QuerySet], ...]

    def addressed_to(self, user: User) -> QuerySet:
        """The documents of this kind's model that this warning would tell ``user`` about."""
        documents = self.model._default_manager.all()
        if user.is_superuser:
            return documents
        found = documents.none()
        for narrow in self.warned:
            found |= narrow(documents, user)
        return found


# The one place that says who is warned about what. A case past its term without a report:
# its mentor, who writes the report, the school's curator and head, who follow its deadlines,
# and the centre, which receives the reports (6.1, 6.2). A mentor's status lapsed under a running
# case: the school's curator and head, who decide how it goes on (2.1). A status about to lapse:
# its holder, their school and the registrar, who keeps the statuses.
WARNINGS = (
    WarningKind(
        Mentorship,
        ended_without_report,
        _ended,
        (_own("mentor", Role.MENTOR), _school_staff("organisation"), _municipal(Role.CENTER)),
    ),
    WarningKind(
        Mentorship, _relying_on_lapsed_status, _status_lapsed, (_school_staff("organisation"),)
    ),
    WarningKind(
        Certificate,
        lapsing,
        _lapses,
        (_own("person"), _school_staff("person__organisation"), _municipal(Role.REGISTRAR)),
    ),
)


def my_warnings(user: User, today: datetime.date) -> tuple[list[Warning], int]:
    """The warnings addressed to ``user`` (see :data:`WARNINGS`), at most :data:`SHOWN` of each
    kind, and how many more.

    One query per kind of warning, however many documents there are.
    """
    found, more = [], 0
    for kind in WARNINGS:
        matching = LOADS[kind.model](kind.check(kind.addressed_to(user), today))
        rows, count = _first(matching)
        found += [Warning(row, kind.text(row)) for row in rows]
        more += count - len(rows)
    return found, more


def _deadline(document, today) -> tuple[datetime.date | None, bool]:
    if isinstance(document, DEADLINE_MODELS):
        return document.due_on, document.is_overdue_on(today)
    return None, False


def _task(document, user: User, today: datetime.date) -> Task | None:
    actions = awaited_actions(document, user)
    if not actions:
        return None
    due_on, overdue = _deadline(document, today)
    return Task(document, [transitions.label(t) for t in actions], due_on, overdue)


def _first(queryset: QuerySet) -> tuple[list, int]:
    """The first :data:`SHOWN` rows of ``queryset`` and how many rows it has in all, in one
    query. The rows are chosen and counted by subqueries over the bare table, so that only the
    rows shown are joined to what they display (sorting the joined rows would join them all)."""
    counted = queryset.order_by().annotate(
        rows=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    shown = queryset.filter(pk__in=queryset.values("pk")[:SHOWN])
    rows = list(shown.annotate(in_all=Subquery(counted.values("rows"))))
    return rows, (rows[0].in_all if rows else 0)


def my_tasks(user: User, today: datetime.date) -> TaskList:
    """What waits for ``user``, most urgent first, and for overseers the overdue documents:
    the first :data:`SHOWN` of each and how many there are.

    The exact part of each kind of document (see :func:`awaiting`) is counted and cut in the
    database, the loose part checked one by one: one or two queries per kind of document,
    however many documents there are.
    """
    tasks, task_count, mine = [], 0, {}
    for model in SCOPES:
        exact, loose = awaiting(model, user)
        found = []
        if loose is not None:
            found = [t for d in LOADS[model](loose) if (t := _task(d, user, today)) is not None]
            task_count += len(found)
        if exact is not None:
            if found:  # a document counts once, whichever way it was found
                exact = exact.exclude(pk__in=[task.document.pk for task in found])
            rows, count = _first(by_urgency(LOADS[model](exact), today))
            found += [t for d in rows if (t := _task(d, user, today)) is not None]
            task_count += count
        tasks += found
        mine[model] = (exact, [task.document.pk for task in found])
    tasks.sort(key=lambda task: task.urgency)
    overdue, overdue_count = [], 0
    if user.is_superuser or has_role(user, *OVERSEERS):
        for model in DEADLINE_MODELS:
            rows = _in_mentorship(model.objects.overdue(today), user)
            exact, found = mine.get(model, (None, []))
            if exact is not None:
                rows = rows.exclude(pk__in=exact.values("pk"))
            if found:
                rows = rows.exclude(pk__in=found)
            documents, count = _first(LOADS[model](rows).order_by("due_on", "created_at", "pk"))
            overdue += [Task(document, [], document.due_on, True) for document in documents]
            overdue_count += count
        overdue.sort(key=lambda task: task.urgency)
    warnings, more_warnings = my_warnings(user, today)
    return TaskList(
        tasks[:SHOWN], overdue[:SHOWN], warnings, more_warnings, task_count, overdue_count
    )
