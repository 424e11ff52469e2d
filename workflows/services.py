"""The only way documents move: one service per action, all through one engine.

Each action that takes values or changes other documents has its service (``order_sign``,
``report_accept``, ``status_application_grant``, …): it checks its values, calls the engine
(:func:`_transition`: lock, checks, the transition, one save, one history record, one log
entry, notifications after the commit) and applies its effects explicitly, all or nothing.
Every other transition goes through :func:`perform_transition`; the admin's transition page
through :func:`take_transition`. Transitions that only another document takes (an order
activates a mentorship) have no public entry: the services of those documents take them.
"""

import datetime
import inspect
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import Transition
from django_fsm_log.helpers import FSMLogDescriptor

from workflows import transitions
from workflows.choices import (
    REGION_WIDE_MENTOR_STATUS,
    CertificateKind,
    EarlyEndInitiator,
    MentoringKind,
    MentorshipState,
    Nominator,
    OrderKind,
    PlanState,
    ReplacementState,
    Role,
    VisaDecision,
)
from workflows.conditions import explain
from workflows.exceptions import TransitionConflict, TransitionIncomplete, TransitionRefused
from workflows.grammar import after_colon
from workflows.models import (
    CalendarOverride,
    Certificate,
    IndividualPlan,
    Mentorship,
    Order,
    OrderCounter,
    Organisation,
    Person,
    PlanItem,
    PublicationConsent,
    Questionnaire,
    ReplacementRequest,
    Report,
    StatusApplication,
)
from workflows.models.applications import nominator_violations, the_nominator
from workflows.models.base import WorkflowDocument
from workflows.models.orders import (
    approvers_of,
    early_end_date_reasons,
    pending_visa_of,
    register_of,
    replacement_starts_on,
)
from workflows.models.plans import PLAN_WORKING_DAYS
from workflows.models.reports import FINAL_WORKING_DAYS
from workflows.notifications import notify_document, notify_status_lapsed, notify_transition
from workflows.periods import shifted_term, term_end
from workflows.permissions import (
    any_of,
    may_draft_mentorships,
    may_draft_orders,
    may_keep_consents,
    may_keep_directory,
    mentor_or_curator,
    superuser,
    the_mentee,
    the_mentor,
)
from workflows.predicates import has_role, is_municipal, own_person_id
from workflows.rules import MIN_TERM_MONTHS, mentorship_violations
from workflows.scoping import organisations_for, scope_to_organisations
from workflows.selectors import mentorships_relying_on_lapsed_status
from workflows.validators import validate_scan

logger = logging.getLogger("workflows.transitions")
Document = TypeVar("Document", bound=WorkflowDocument)


# -- reading the state machine -------------------------------------------------------------


def find_transition(document: WorkflowDocument, name: str) -> Transition | None:
    """The transition ``name`` out of the document's current state, if the machine has one."""
    return next((t for t in document.transitions_from_here() if t.name == name), None)


def blocked_reasons(document: WorkflowDocument, transition: Transition) -> list[str]:
    """Why ``transition`` cannot run now, rule by rule (empty: it can)."""
    return [
        reason for condition in transition.conditions for reason in explain(condition, document)
    ]


def triggered_transition(model: type[WorkflowDocument], name: str) -> Transition | None:
    """The transition ``name`` of ``model`` if only another document's effect takes it."""
    return next(
        (t for t in model.transitions() if t.name == name and transitions.triggered_by(t)), None
    )


def user_transitions(document: WorkflowDocument, user: User) -> list[tuple[Transition, list[str]]]:
    """The transitions ``user`` may take from here, each with the reasons it is blocked.

    Transitions that only another document's effect triggers (an order activates a
    mentorship) are not offered as buttons.
    """
    offered = []
    for transition in document.transitions_from_here():
        if transitions.triggered_by(transition):
            continue
        if transition.has_perm(document, user):
            offered.append((transition, blocked_reasons(document, transition)))
    return offered


# -- the public entries ----------------------------------------------------------------------


def perform_transition(
    *, document: WorkflowDocument, name: str, user: User, comment: str = ""
) -> WorkflowDocument:
    """Move ``document`` by transition ``name`` on behalf of ``user``, with nothing more to give.

    The generic entry for transitions that take no values. One whose metadata names a service
    (signing, a visa, accepting a report) goes to that service, which adds its values from the
    server and its effects; one whose service needs values from a person (a consent's date) is
    refused with :class:`TransitionIncomplete`: call its service, which names them. A
    transition that only another document takes is refused with :class:`TransitionRefused`
    for every user, superusers included.
    """
    return take_transition(document=document, name=name, user=user, comment=comment, values={})


def take_transition(
    *,
    document: WorkflowDocument,
    name: str,
    user: User,
    comment: str = "",
    values: Mapping[str, object],
) -> WorkflowDocument:
    """Move ``document`` by transition ``name`` with the ``values`` its form gave.

    What the admin's transition page calls: the transition's service with the values under
    their names, or the generic engine when it has no service. Values the service does not
    take, or lacks, refuse the transition with :class:`TransitionIncomplete` before anything is
    touched (a fault of the form, not of the user); a transition that only another document
    takes is refused with :class:`TransitionRefused`.
    """
    triggered = triggered_transition(type(document), name)
    if triggered is not None:
        raise TransitionRefused(transitions.triggered_by(triggered))
    declared = next((t for t in type(document).transitions() if t.name == name), None)
    service = transitions.service(declared) if declared else None
    if service is None:
        _check_values(document, declared, taken=set(), required=set(), values=values)
        return _take(document, name, user=user, comment=comment)
    document_parameter, *rest = inspect.signature(service).parameters.values()
    taken = {p.name for p in rest} - {"user", "comment"}
    required = {p.name for p in rest if p.default is p.empty} - {"user", "comment"}
    _check_values(document, declared, taken=taken, required=required, values=values)
    return service(**{document_parameter.name: document}, user=user, comment=comment, **values)


def _check_values(
    document: WorkflowDocument,
    transition: Transition | None,
    *,
    taken: set[str],
    required: set[str],
    values: Mapping[str, object],
) -> None:
    """Refuse, before anything is touched, values the transition does not take or lacks.

    Either would otherwise end in a ``TypeError`` (a server error): it means the transition's
    form lacks a field its service needs, or gives one it does not.
    """
    missing, unexpected = required - values.keys(), values.keys() - taken
    if not (missing or unexpected) or transition is None:
        return
    logger.error(
        "%s #%s: %s called without %s, with unexpected %s",
        type(document).__name__,
        document.pk,
        transition.name,
        sorted(missing),
        sorted(unexpected),
    )
    raise TransitionIncomplete(
        _(
            "«%(action)s» was not done: the form does not give the data this action needs "
            "(%(fields)s). Nothing has changed; please tell the portal's administrator."
        )
        % {
            "action": transitions.label(transition),
            "fields": ", ".join(sorted(missing | unexpected)),
        }
    )


# -- the engine --------------------------------------------------------------------------------


@contextmanager
def _transition(
    document: Document,
    name: str,
    *,
    user: User,
    comment: str = "",
    changes: Mapping[str, object] | None = None,
    judged_as: Mapping[str, object] | None = None,
    given_dates: Mapping[str, datetime.date] | None = None,
) -> Iterator[Document]:
    """The engine: move ``document`` by transition ``name``; every service goes through it.

    Checks, in order: that the document is still in the state the caller saw (else
    :class:`TransitionConflict`), that the transition leaves this state, the user's permission
    (role and organisation; else ``PermissionDenied``), the comment where one is required and
    every condition (else :class:`TransitionRefused` with the reasons) on the document as the
    transition will leave it (``judged_as``: values it sets that the rules must see, such as the
    term an order moves), and last the dates a
    person gave (``given_dates``, by form field: none in the future), so that someone who may
    not act hears that first. Then, in one database
    transaction with the row locked: the transition and its transition-log entry; ``changes``
    (what the transition records, such as the date of a consent) set on the document once its
    conditions have held; the locked document yielded for the service's effects; then one
    save (one history record with the user and the comment). Notifications go out only after
    the commit.
    """
    comment = comment.strip()
    changes = dict(changes or {})
    with transaction.atomic():
        locked = type(document)._default_manager.select_for_update().get(pk=document.pk)
        if locked.state != document.state:
            raise TransitionConflict(
                _(
                    "The document has just been changed by someone else: it is now «%(state)s». "
                    "Reload the page and check it again."
                )
                % {"state": locked.get_state_display()}
            )
        transition = find_transition(locked, name)
        if transition is None:
            raise TransitionRefused(
                _("This action is not available for a document in the state «%(state)s».")
                % {"state": locked.get_state_display()}
            )
        if not transition.has_perm(locked, user):
            raise PermissionDenied(_("You may not perform this action on this document."))
        if transitions.requires_comment(transition) and not comment:
            raise TransitionRefused(
                _("Please give a comment: it is required to %(action)s.")
                % {"action": transitions.label(transition).lower()}
            )
        for field, value in (judged_as or {}).items():
            setattr(locked, field, value)
        reasons = blocked_reasons(locked, transition)
        if reasons:
            raise TransitionRefused(reasons)
        _refuse_future_dates(**(given_dates or {}))

        source = locked.state
        FSMLogDescriptor(locked, "by", user)
        FSMLogDescriptor(locked, "description", comment or None)
        getattr(locked, name)()
        for field, value in changes.items():
            setattr(locked, field, value)
        yield locked
        locked._change_reason = comment or transitions.label(transition)
        locked._history_user = user
        locked.save()
        transaction.on_commit(
            partial(_transition_committed, locked, transition, source, user, comment), robust=True
        )
    document.refresh_from_db()


def _take(
    document: Document,
    name: str,
    *,
    user: User,
    comment: str = "",
    changes: Mapping[str, object] | None = None,
    given_dates: Mapping[str, datetime.date] | None = None,
) -> Document:
    """The engine for a transition with no effect beyond its own document."""
    with _transition(
        document, name, user=user, comment=comment, changes=changes, given_dates=given_dates
    ) as moved:
        pass
    return moved


def _transition_committed(document, transition, source, user, comment) -> None:
    """After commit: the audit line, then the e-mails to whoever acts next."""
    logger.info(
        "%s #%s: %s → %s by %s (%s)",
        type(document).__name__,
        document.pk,
        source,
        document.state,
        user,
        transition.name,
    )
    notify_transition(
        document=document, actor=user, action=transitions.label(transition), comment=comment
    )


def _refuse_future_dates(**dates: datetime.date | None) -> None:
    """Refuse a date a person gives that has not come yet (today in the portal's time zone).

    Every service that takes a date a person gives calls it: a transition's and a consent's.
    The refusal names the field, so that the form shows it beside the date.
    """
    today = timezone.localdate()
    future = {
        name: _("The date cannot be in the future.")
        for name, day in dates.items()
        if day and day > today
    }
    if future:
        raise TransitionRefused(future)


# -- mentorships -----------------------------------------------------------------------------


def mentorship_consent_as_mentor(
    *,
    mentorship: Mentorship,
    user: User,
    consented_on: datetime.date,
    scan: File,
    comment: str = "",
) -> Mentorship:
    """File the mentor's written consent (2.6): its date (not in the future) and the scan."""
    return _take(
        mentorship,
        "consent_as_mentor",
        given_dates={"consented_on": consented_on},
        user=user,
        comment=comment,
        changes={"mentor_consented_on": consented_on, "mentor_consent_scan": scan},
    )


def mentorship_consent_as_mentee(
    *, mentorship: Mentorship, user: User, consented_on: datetime.date, comment: str = ""
) -> Mentorship:
    """Record the mentee's consent (2.1) on ``consented_on`` (not in the future)."""
    return _take(
        mentorship,
        "consent_as_mentee",
        given_dates={"consented_on": consented_on},
        user=user,
        comment=comment,
        changes={"mentee_consented_on": consented_on},
    )


def _mentorship_activate(
    mentorship: Mentorship, *, user: User, started_on: datetime.date, comment: str
) -> Mentorship:
    """The signed assignment order starts the term on ``started_on``, keeping its months (the
    end follows by calendar months, 2.4); the plan, the report and the questionnaire open with
    it. The rules are judged on the moved term, as the order's ``items_ready`` judged it."""
    starts_on, ends_on = shifted_term(mentorship.starts_on, mentorship.ends_on, started_on)
    with _transition(
        mentorship,
        "activate",
        user=user,
        comment=comment,
        judged_as={"starts_on": starts_on, "ends_on": ends_on},
        changes={"started_on": starts_on},
    ) as activated:
        _open_mentorship_documents(activated, user=user)
    return activated


def _open_mentorship_documents(mentorship: Mentorship, *, user: User) -> None:
    """The term has started: open the plan, the report and the questionnaire, each with its due
    date (plan: 5 working days after the start, 4.1; the others: 5 after the end, 6.1)."""
    plan_due = CalendarOverride.objects.add_working_days(mentorship.started_on, PLAN_WORKING_DAYS)
    final_due = CalendarOverride.objects.add_working_days(mentorship.ends_on, FINAL_WORKING_DAYS)
    for model, due_on in (
        (IndividualPlan, plan_due),
        (Report, final_due),
        (Questionnaire, final_due),
    ):
        document = model(mentorship=mentorship, due_on=due_on, created_by=user)
        document._history_user = user
        document._change_reason = _("Opened when the mentorship started")
        document.save()
    # The plan is due within days: its authors hear of it at once, the others by reminders.
    transaction.on_commit(
        partial(notify_document, document=mentorship.plan, actor=user), robust=True
    )


def _mentorship_terminate(
    mentorship: Mentorship, *, user: User, ended_on: datetime.date, reason: str, comment: str
) -> Mentorship:
    """End ``mentorship`` before its term, ``ended_on`` being its last day of mentoring.

    It holds its mentor's place through that day (``rules.holding_mentor``) and reads as being
    ended until then (``Mentorship.standing``), whether or not any job runs. Its plan, if not
    approved yet, closes with it (6.1); the final report and the questionnaire fall due five
    working days after the last day, and the report opens on that day.
    """
    with _transition(
        mentorship,
        "terminate",
        user=user,
        comment=comment,
        changes={"ended_on": ended_on, "end_reason": reason},
    ) as terminated:
        due_on = CalendarOverride.objects.add_working_days(ended_on, FINAL_WORKING_DAYS)
        for model in (Report, Questionnaire):
            for document in model.objects.filter(mentorship=terminated):
                document.due_on = due_on
                document._history_user = user
                document._change_reason = _("Due after the early end of the mentorship")
                document.save(update_fields=["due_on"])
    return terminated


# -- orders ------------------------------------------------------------------------------------


def order_submit(*, order: Order, user: User, comment: str = "") -> Order:
    """Send the draft along its approval route; every visa starts again from pending."""
    with _transition(order, "submit", user=user, comment=comment) as submitted:
        _reset_route(submitted, user=user)
    return submitted


def order_give_visa(*, order: Order, user: User, comment: str = "") -> Order:
    """Record ``user``'s visa on the order's approval sheet."""
    with _transition(order, "give_visa", user=user, comment=comment) as approved:
        _record_visa(approved, user=user, comment=comment, decision=VisaDecision.APPROVED)
    return approved


def order_return_for_revision(*, order: Order, user: User, comment: str = "") -> Order:
    """Send the order back to its author; the comment (required) says what to change."""
    with _transition(order, "return_for_revision", user=user, comment=comment) as returned:
        _record_visa(returned, user=user, comment=comment, decision=VisaDecision.RETURNED)
    return returned


def order_sign(*, order: Order, user: User, comment: str = "") -> Order:
    """Sign ``order`` today as ``user``: the only way an order is signed.

    The order takes the next number of its register; the signer's own visa, if pending, is
    recorded; an assignment order activates its mentorships from its start date, a
    termination order ends them on its effective date.
    """
    with _transition(
        order,
        "sign",
        user=user,
        comment=comment,
        changes={"signed_on": timezone.localdate(), "signed_by": user},
    ) as signed:
        assign_registration_number(signed)
        _record_visa(signed, user=user, comment=comment, decision=VisaDecision.APPROVED)
        in_order = _("Order %(order)s") % {"order": signed.registration}
        for mentorship in signed.mentorships.all():
            if signed.kind == OrderKind.ASSIGN_MENTOR:
                _mentorship_activate(
                    mentorship, user=user, started_on=signed.starts_on, comment=in_order
                )
            elif signed.kind == OrderKind.TERMINATE_MENTOR:
                _apply_termination(signed, mentorship, user=user, comment=comment or in_order)
    return signed


def _apply_termination(order: Order, mentorship: Mentorship, *, user: User, comment: str) -> None:
    """A signed termination order ends each active mentorship of its list on its last day
    (art. 351.8 part 3) and, in a replacement (5.2), starts the new mentor's the day after."""
    if mentorship.state == MentorshipState.AWAITING_ORDER:
        _mentorship_activate(
            mentorship, user=user, started_on=replacement_starts_on(order), comment=comment
        )
        return
    _mentorship_terminate(
        mentorship,
        user=user,
        ended_on=order.effective_on,
        reason=order.body or order.title,
        comment=comment,
    )


def _reset_route(order: Order, *, user: User) -> None:
    """A submitted order collects every visa again: each decided visa is pending again, each a
    version by the submitter."""
    for visa in order.route.all():
        if visa.decision == VisaDecision.PENDING and visa.decided_at is None and not visa.comment:
            continue
        visa.decision, visa.decided_at, visa.comment = VisaDecision.PENDING, None, ""
        visa._history_user = user
        visa._change_reason = _("Sent for approval again")
        visa.save(update_fields=["decision", "decided_at", "comment"])


def _record_visa(order: Order, *, user: User, comment: str, decision: str) -> None:
    """Record ``decision`` on ``user``'s pending line of the approval sheet, if they have one."""
    visa = (
        pending_visa_of(order, user)
        or order.route.filter(approver=user, decision=VisaDecision.PENDING).first()
    )
    if visa is not None:
        visa.decision, visa.decided_at, visa.comment = decision, timezone.now(), comment
        visa._history_user = user
        visa._change_reason = comment or VisaDecision(decision).label
        visa.save(update_fields=["decision", "decided_at", "comment"])


def assign_registration_number(order: Order) -> None:
    """Take the next number of the order's register (issuer, register, year), never reused.

    Kinds of order that share an index share a register (GOST R 7.0.97: one number is never
    given twice), see :func:`~workflows.models.orders.register_of`. The counter row is locked,
    so concurrent signings of one register queue and get consecutive numbers; a number is
    taken only at signing.
    """
    year = order.signed_on.year
    register = register_of(order.kind)
    lookup = {"issuer_id": order.issuer_id, "register": register, "year": year}
    try:
        with transaction.atomic():
            OrderCounter.objects.get_or_create(**lookup)
    except IntegrityError:
        pass  # another signer created the register's counter first; it exists now
    counter = OrderCounter.objects.select_for_update().get(**lookup)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    order.number, order.year, order.register = counter.last_number, year, register
    order.number_index = settings.ORDER_NUMBER_INDEXES.get(order.kind, "")


# -- reports and replacements ----------------------------------------------------------------


def report_accept(*, report: Report, user: User, comment: str = "") -> Report:
    """The centre accepts the final report, which opens only once the term is over (6.1): a
    running mentorship is completed with it; one ended early stays ended early."""
    with _transition(report, "accept", user=user, comment=comment) as accepted:
        if accepted.mentorship.state == MentorshipState.ACTIVE:
            _take(
                accepted.mentorship,
                "complete",
                user=user,
                comment=_("The final report is accepted by the centre"),
            )
    return accepted


def replacement_request_approve(
    *,
    request: ReplacementRequest,
    user: User,
    new_mentor: Person,
    ended_on: datetime.date,
    comment: str = "",
) -> ReplacementRequest:
    """The head grants the request (5.2) and drafts the order that carries it out.

    Granting ends nothing by itself: it drafts a termination order that ends the old
    mentorship on ``ended_on`` (its last day of mentoring), the employer's cancellation with
    today's notice to the old mentor (Labour Code art. 351.8 part 3), and assigns the new
    mentor, whose draft mentorship starts the day after and runs to the old planned end (at
    least the six months of 2.4). The new mentorship goes for consent and the order along its
    approval route like any other; signing it ends the one and starts the other. A last day
    outside the old term or sooner than three working days after today, or a new draft that
    breaks the rules table, refuses the whole decision.
    """
    old = request.mentorship
    today = timezone.localdate()
    problems = list(early_end_date_reasons([old], today, ended_on))
    if problems:
        raise TransitionRefused({"ended_on": problems})
    with _transition(
        request,
        "approve",
        user=user,
        comment=comment,
        changes={"new_mentor": new_mentor, "effective_on": ended_on},
    ) as approved:
        starts_on = ended_on + datetime.timedelta(days=1)
        try:
            approved.new_mentorship = mentorship_create(
                user=user,
                organisation=old.organisation,
                kind=old.kind,
                mentor=new_mentor,
                mentee=old.mentee,
                starts_on=starts_on,
                ends_on=max(old.ends_on, term_end(starts_on, MIN_TERM_MONTHS)),
                goal=old.goal,
                mentee_seeks_growth=old.mentee_seeks_growth,
                mentee_basis=old.mentee_basis,
                mentee_appointed_on=old.mentee_appointed_on,
            )
        except ValidationError as error:
            raise TransitionRefused(error.messages) from error
        approved.order = _draft_replacement_order(approved, user=user, notice_given_on=today)
    return approved


def _draft_replacement_order(
    request: ReplacementRequest, *, user: User, notice_given_on: datetime.date
) -> Order:
    """The draft order of a granted replacement: the old mentorship ends, the new one starts."""
    old, new = request.mentorship, request.new_mentorship
    order = Order(
        issuer_id=old.organisation_id,
        kind=OrderKind.TERMINATE_MENTOR,
        title=_("On replacing the mentor"),
        body=_(
            "Replace the mentor at the mentee's request (clause 5.2 of the regulation): %(reason)s"
        )
        % {"reason": after_colon(request.reason)},
        initiated_by=EarlyEndInitiator.EMPLOYER,
        notice_given_on=notice_given_on,
        notice_given_to=old.mentor.full_name,
        effective_on=request.effective_on,
        created_by=user,
    )
    order._history_user = user
    order._change_reason = _("Drafted when the replacement request was granted")
    order.save()
    order.mentorships.set([old, new])
    order.save()
    return order


# -- statuses ----------------------------------------------------------------------------------


def status_application_enrol(
    *, application: StatusApplication, user: User, enrolled_on: datetime.date, comment: str = ""
) -> StatusApplication:
    """Record the candidate's enrolment in the training programme on ``enrolled_on``."""
    return _take(
        application,
        "enrol",
        user=user,
        comment=comment,
        changes={"enrolled_on": enrolled_on},
        given_dates={"enrolled_on": enrolled_on},
    )


def status_application_record_training(
    *,
    application: StatusApplication,
    user: User,
    training_certificate_number: str,
    training_certificate_date: datetime.date,
    training_provider: str,
    comment: str = "",
) -> StatusApplication:
    """Record the training certificate (удостоверение) the candidate got."""
    return _take(
        application,
        "record_training",
        given_dates={"training_certificate_date": training_certificate_date},
        user=user,
        comment=comment,
        changes={
            "training_certificate_number": training_certificate_number,
            "training_certificate_date": training_certificate_date,
            "training_provider": training_provider,
        },
    )


def status_application_grant(
    *,
    application: StatusApplication,
    user: User,
    ministry_order_number: str,
    ministry_order_date: datetime.date,
    certificate_number: str,
    comment: str = "",
) -> StatusApplication:
    """Grant the status by the Ministry's order and issue its certificate, dated by the order:
    a «Ментор» status valid three years from it, a «Тьютор» status while the training
    certificate recorded at ``record_training`` is (three years from its date, 2.1)."""
    with _transition(
        application,
        "grant",
        given_dates={"ministry_order_date": ministry_order_date},
        user=user,
        comment=comment,
        changes={
            "ministry_order_number": ministry_order_number,
            "ministry_order_date": ministry_order_date,
            "certificate_number": certificate_number,
        },
    ) as granted:
        _issue_certificate(granted, user=user)
    return granted


def _issue_certificate(application: StatusApplication, *, user: User) -> None:
    """The certificate of a granted status, dated by the Ministry's order; its number is unique."""
    if Certificate.objects.filter(number=application.certificate_number).exists():
        raise TransitionRefused(
            _("The certificate number %(number)s is already taken.")
            % {"number": application.certificate_number}
        )
    certificate = Certificate(
        person_id=application.person_id,
        kind=application.kind,
        number=application.certificate_number,
        issued_on=application.ministry_order_date,
        direction=application.direction,
        order_number=application.ministry_order_number,
        order_date=application.ministry_order_date,
        training_certificate_date=application.training_certificate_date,
        application=application,
        created_by=user,
    )
    certificate._history_user = user
    certificate._change_reason = _("Issued by the Ministry's order %(order)s") % {
        "order": certificate.order
    }
    certificate.save()


def certificate_requalify(
    *,
    certificate: Certificate,
    user: User,
    direction: str,
    requalified_on: datetime.date,
    comment: str = "",
) -> Certificate:
    """Resume a suspended «Тьютор» status after requalification on a new ``direction``."""
    return _take(
        certificate,
        "requalify",
        given_dates={"requalified_on": requalified_on},
        user=user,
        comment=comment,
        changes={"direction": direction, "requalified_on": requalified_on},
    )


def certificate_suspend(*, certificate: Certificate, user: User, comment: str = "") -> Certificate:
    """Suspend a status; every running mentorship that relies on it is flagged (2.1)."""
    return _lapse_status(certificate, "suspend", user=user, comment=comment)


def certificate_revoke(*, certificate: Certificate, user: User, comment: str = "") -> Certificate:
    """Revoke a status for good; every running mentorship that relies on it is flagged (2.1)."""
    return _lapse_status(certificate, "revoke", user=user, comment=comment)


def _lapse_status(certificate: Certificate, name: str, *, user: User, comment: str) -> Certificate:
    """The status stops: each running mentorship whose mentor now holds no valid status of
    its kind shows the warning on its page and in the tasks (by date, through
    ``selectors.mentorships_relying_on_lapsed_status``), and, once
    the change is committed, the curators and the head of its organisation hear of it."""
    with _transition(certificate, name, user=user, comment=comment) as lapsed:
        transaction.on_commit(partial(_tell_lapsed, lapsed), robust=True)
    return lapsed


def _tell_lapsed(certificate: Certificate) -> None:
    relying = mentorships_relying_on_lapsed_status(
        mentorships=Mentorship.objects.filter(mentor_id=certificate.person_id)
    ).select_related("organisation", "mentor", "mentee")
    for mentorship in relying:
        notify_status_lapsed(mentorship=mentorship, certificate=certificate)


# -- who may be chosen ---------------------------------------------------------------------
# Choosers offer these and nothing else; the rules table (``rules.origin_violations``) and the
# model validation of the approval sheet refuse anyone else, whatever a form was sent.


def mentee_choices(*, user: User) -> QuerySet[Person]:
    """The people ``user`` may name as a mentee: the staff of the active organisations they
    act for."""
    people = Person.objects.filter(organisation__in=Organisation.objects.active())
    return scope_to_organisations(people.select_related("organisation"), user)


def mentor_candidates(
    *, organisations: QuerySet[Organisation], kinds, on: datetime.date | None = None
) -> QuerySet[Person]:
    """The people who may mentor in ``organisations`` in a mentorship of one of ``kinds``.

    The staff of those organisations and, for the kinds whose mentor may come from anywhere in
    the region (2.1), the holders of that kind's status valid on ``on`` (default: today); no
    one of an inactive organisation. Each person carries ``holds_mentor_status`` and
    ``holds_tutor_status``, so a chooser can say why an outsider is offered; nothing about
    their load is read.
    """
    on = on or timezone.localdate()
    valid = Certificate.objects.valid_on(on).filter(person_id=OuterRef("pk"))
    offered = Q(organisation__in=organisations)
    statuses = {REGION_WIDE_MENTOR_STATUS[k] for k in kinds if k in REGION_WIDE_MENTOR_STATUS}
    if statuses:
        offered |= Q(
            pk__in=Certificate.objects.valid_on(on).filter(kind__in=statuses).values("person_id")
        )
    return (
        Person.objects.filter(offered, organisation__in=Organisation.objects.active())
        .select_related("organisation")
        .annotate(
            holds_mentor_status=Exists(valid.filter(kind=CertificateKind.MENTOR)),
            holds_tutor_status=Exists(valid.filter(kind=CertificateKind.TUTOR)),
        )
    )


def mentor_choices(*, user: User, kinds=MentoringKind.values) -> QuerySet[Person]:
    """The people ``user`` may name as a mentor: :func:`mentor_candidates` of the organisations
    the user acts for (none at all for a user who acts for none)."""
    organisations = organisations_for(user)
    if not organisations.exists():
        return Person.objects.none()
    return mentor_candidates(organisations=organisations, kinds=kinds)


def approver_choices(*, user: User, issuer: Organisation | None = None) -> QuerySet[User]:
    """The accounts ``user`` may put on an approval sheet: of ``issuer``'s orders, or (before
    the issuer is chosen) of the orders of any organisation the user acts for; none for an
    inactive issuer."""
    if issuer is not None:
        return approvers_of(Organisation.objects.active().filter(pk=issuer.pk))
    return approvers_of(organisations_for(user))


def nominee_choices(*, user: User) -> QuerySet[Person]:
    """The people ``user`` may nominate for a status (2.1): municipal bodies anyone of an
    active organisation, a school's head or curator its staff, everyone else themselves."""
    people = Person.objects.filter(organisation__in=Organisation.objects.active())
    if is_municipal(user):
        return people.select_related("organisation")
    if has_role(user, Role.ORG_HEAD, Role.CURATOR):
        return scope_to_organisations(people.select_related("organisation"), user)
    return people.filter(pk=own_person_id(user)).select_related("organisation")


def replacement_mentor_choices(*, request: ReplacementRequest) -> QuerySet[Person]:
    """The people who may take over ``request``'s mentorship as its mentor (5.2): those who
    may mentor in its organisation and kind, neither its mentor nor its mentee."""
    mentorship = request.mentorship
    return mentor_candidates(
        organisations=Organisation.objects.filter(pk=mentorship.organisation_id),
        kinds=[mentorship.kind],
    ).exclude(pk__in=[mentorship.mentor_id, mentorship.mentee_id])


def proposed_mentor_choices(*, user: User) -> QuerySet[Person]:
    """The mentors a mentee may propose in a replacement request: those ``user`` may name as
    a mentor for the kinds of their active mentorships, not themselves."""
    person_id = own_person_id(user)
    kinds = set(
        Mentorship.objects.filter(mentee_id=person_id, state=MentorshipState.ACTIVE).values_list(
            "kind", flat=True
        )
    )
    return mentor_choices(user=user, kinds=kinds).exclude(pk=person_id)


def consent_person_choices(*, user: User) -> QuerySet[Person]:
    """The people whose consent to publication ``user`` records: anyone of an active
    organisation for the registry operator, who keeps these papers; nobody for anyone else."""
    if not (user.is_superuser or has_role(user, Role.REGISTRAR)):
        return Person.objects.none()
    people = Person.objects.filter(organisation__in=Organisation.objects.active())
    return people.select_related("organisation")


# -- creating and changing documents outside transitions -------------------------------------
# Each service checks who may act (role and organisation), the rules and the dates itself;
# the admin's forms only parse what they are sent and show these refusals.


def _check_drafter(mentorship: Mentorship, user: User) -> None:
    if not may_draft_mentorships(mentorship, user):
        raise PermissionDenied(
            _("Only the curator or the head of the organisation drafts its mentorships.")
        )


def _check_mentorship_draft(mentorship: Mentorship, user: User) -> None:
    """Who drafts (the school's curator or head, 3.3) and the rules table, for a new or an
    edited draft alike."""
    _check_drafter(mentorship, user)
    if not mentorship.organisation.is_active:
        raise ValidationError(_("The organisation is no longer active."))
    problems = mentorship_violations(mentorship)
    if problems:
        raise ValidationError(problems)


def mentorship_create(*, user: User, **fields) -> Mentorship:
    """Draft a mentorship after checking who drafts it and the rules table.

    The rules table refuses a mentor the user may not choose (see :func:`mentor_candidates`):
    someone of another organisation, unless the kind allows it and they hold its status.
    """
    mentorship = Mentorship(**fields)
    _check_mentorship_draft(mentorship, user)
    mentorship.created_by = user
    mentorship._history_user = user
    mentorship._change_reason = _("Drafted")
    mentorship.save()
    return mentorship


def mentorship_change(*, mentorship: Mentorship, user: User, **fields) -> Mentorship:
    """Change the fields of a draft mentorship, under the same checks as drafting it.

    Past its editable states the document refuses the change itself (``DocumentLocked``).
    """
    _check_drafter(mentorship, user)
    for name, value in fields.items():
        setattr(mentorship, name, value)
    _check_mentorship_draft(mentorship, user)
    mentorship._history_user = user
    mentorship.save()
    return mentorship


def order_check_draft(*, order: Order, user: User) -> None:
    """Refuse a new or edited draft order that ``user`` may not write: a drafter of the issuer
    (its curator or head; the department and the registry operator for their bodies), and an
    active issuer. The approval sheet's lines are checked by the model, line by line."""
    if not may_draft_orders(order, user):
        raise PermissionDenied(_("You may not draft documents of this organisation."))
    if not order.issuer.is_active:
        raise ValidationError(_("The organisation is no longer active."))


def _check_nomination(application: StatusApplication, user: User) -> None:
    """Clause 2.1: the body named as the nominator nominates for this status (see
    ``applications.NOMINATORS``), and ``user`` acts for it: its role in the portal, the head
    or the curator of the candidate's own organisation for an educational organisation, and
    for a self-nomination the candidate (a curator, head or mentor) themselves."""
    problems = nominator_violations(application)
    if problems:
        raise ValidationError({"nominated_by": problems})
    if application.nominated_by == Nominator.SELF:
        own = own_person_id(user)
        if not (
            (has_role(user, Role.CURATOR, Role.ORG_HEAD, Role.MENTOR) or is_municipal(user))
            and own is not None
            and application.person_id == own
        ):
            raise PermissionDenied(_("You may only nominate yourself."))
        return
    if application.person_id is None or not the_nominator(application, user):
        raise PermissionDenied(
            _("You may nominate a candidate only on behalf of the body you act for (clause 2.1).")
        )


def status_application_create(*, user: User, **fields) -> StatusApplication:
    """Draft an application for a status, nominated by ``user`` (see :func:`_check_nomination`)."""
    application = StatusApplication(**fields)
    _check_nomination(application, user)
    application.created_by = user
    application._history_user = user
    application._change_reason = _("Drafted")
    application.save()
    return application


def status_application_change(
    *, application: StatusApplication, user: User, **fields
) -> StatusApplication:
    """Change a draft application, under the same checks as drafting it."""
    _check_nomination(application, user)
    for name, value in fields.items():
        setattr(application, name, value)
    _check_nomination(application, user)
    application._history_user = user
    application.save()
    return application


def person_check_edit(*, person: Person, user: User) -> None:
    """Refuse a new or edited person record of an organisation ``user`` does not keep the
    staff of (its curator or head; the department and the registry operator for all)."""
    if not may_keep_directory(person, user):
        raise PermissionDenied(_("You may not change the staff of this organisation."))


def organisation_check_edit(*, user: User) -> None:
    """Refuse anyone but the education department a new or edited organisation: it keeps
    the list of the municipality's organisations, and closes and reopens them."""
    if not (user.is_superuser or has_role(user, Role.DEPARTMENT)):
        raise PermissionDenied(_("Only the education department keeps the organisations."))


# Who fills in each document of a case (4.1, 6.1): the plan its mentor with the school's
# curator, the final report its mentor, the questionnaire its mentee.
CASE_AUTHORS = {
    IndividualPlan: mentor_or_curator,
    Report: any_of(the_mentor, superuser),
    Questionnaire: any_of(the_mentee, superuser),
}


def case_document_check_edit(*, document: WorkflowDocument, user: User) -> None:
    """Refuse an edit of a plan, a report or a questionnaire by anyone but its author (see
    :data:`CASE_AUTHORS`); past its editable states the document refuses the change itself."""
    if not CASE_AUTHORS[type(document)](document, user):
        raise PermissionDenied(_("Only the author of this document fills it in."))
    if isinstance(document, IndividualPlan) and not document.is_editable:
        raise TransitionRefused(
            _("The mentorship has ended early: its plan is closed (clause 6.1).")
        )


def _check_consent_keeper(consent: PublicationConsent, user: User) -> None:
    if not may_keep_consents(consent, user):
        raise PermissionDenied(_("Only the registry operator keeps consents to publication."))


def consent_give(
    *,
    user: User,
    person: Person,
    given_on: datetime.date,
    scan: File | None = None,
    conditions: str = "",
    **shown,
) -> PublicationConsent:
    """Record a person's consent to publication as the document it is (152-ФЗ art. 10.1): the
    signed paper's scan (checked by its content), its date, the fields it allows besides the
    name (``show_…``) and the person's conditions and prohibitions (part 9). The registry
    operator keeps these papers."""
    consent = PublicationConsent(
        person=person, given_on=given_on, scan=scan or "", conditions=conditions.strip(), **shown
    )
    _check_consent_keeper(consent, user)
    _refuse_future_dates(given_on=given_on)
    _check_consent_scan(scan)
    if person.publication_consents.filter(withdrawn_on__isnull=True).exists():
        raise ValidationError(_("The person's consent is already on file; withdraw it first."))
    consent._history_user = user
    consent.save()
    return consent


def _check_consent_scan(scan: File | None) -> None:
    """The signed consent is kept as a scan (152-ФЗ art. 10.1), checked by its content."""
    if not scan:
        raise ValidationError(
            {"scan": _("Attach the scan of the signed consent to publication (152-ФЗ art. 10.1).")}
        )
    try:
        validate_scan(scan)
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}) from error


def consent_change(*, consent: PublicationConsent, user: User, **fields) -> PublicationConsent:
    """Correct a consent still in force (its date, the fields it allows) as its paper says."""
    _check_consent_keeper(consent, user)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    if "scan" in fields and not (fields["scan"] or consent.scan):
        fields.pop("scan")  # an older consent filed without its scan: nothing to compare
    elif "scan" in fields and fields["scan"] != consent.scan:
        _check_consent_scan(fields["scan"])
    for name, value in fields.items():
        setattr(consent, name, value)
    _refuse_future_dates(given_on=consent.given_on)
    consent._history_user = user
    consent.save()
    return consent


def consent_withdraw(
    *, consent: PublicationConsent, user: User, on: datetime.date | None = None
) -> PublicationConsent:
    """Record the withdrawal of a publication consent: the person leaves the registry at once.

    Only the registry operator records it, on the day the paper is dated (default: today),
    never later than today nor before the consent was given.
    """
    _check_consent_keeper(consent, user)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    on = on or timezone.localdate()
    _refuse_future_dates(withdrawn_on=on)
    if on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    consent.withdrawn_on = on
    consent._history_user = user
    consent._change_reason = _("Withdrawn")
    consent.save(update_fields=["withdrawn_on"])
    return consent


def replacement_request_create(
    *, user: User, mentorship: Mentorship, reason: str, proposed_mentor=None
) -> ReplacementRequest:
    """The mentee asks the head to replace the mentor of an active mentorship (5.2).

    The request is submitted as it is filed; the head is notified after the commit.
    """
    if not the_mentee(mentorship, user):
        raise PermissionDenied(
            _("Only the mentee of this mentorship may ask to replace the mentor.")
        )
    if mentorship.state != MentorshipState.ACTIVE:
        raise TransitionRefused(_("The mentorship is no longer active."))
    if proposed_mentor is not None and not _may_mentor_in(proposed_mentor, mentorship):
        raise TransitionRefused(
            _(
                "The proposed mentor may not be chosen for this mentorship: propose someone of "
                "your organisation (a «mentor» or a tutor with a valid status may also come "
                "from another one)."
            )
        )
    pending = mentorship.replacement_requests.filter(state=ReplacementState.SUBMITTED)
    if pending.exists():
        raise TransitionRefused(
            _("A request to replace this mentor is already awaiting a decision.")
        )
    request = ReplacementRequest(
        mentorship=mentorship,
        reason=reason.strip(),
        proposed_mentor=proposed_mentor,
        created_by=user,
    )
    request._history_user = user
    request._change_reason = _("Submitted")
    with transaction.atomic():
        request.save()
        transaction.on_commit(partial(notify_document, document=request, actor=user), robust=True)
    return request


def _may_mentor_in(person: Person, mentorship: Mentorship) -> bool:
    """Whether ``person`` may take over as the mentor of ``mentorship`` (not its mentee)."""
    candidates = mentor_candidates(
        organisations=Organisation.objects.filter(pk=mentorship.organisation_id),
        kinds=[mentorship.kind],
    )
    return person.pk != mentorship.mentee_id and candidates.filter(pk=person.pk).exists()


def plan_item_mark_done(*, item: PlanItem, user: User, note: str = "") -> IndividualPlan:
    """The mentor records that an activity of the approved plan is done (4.1).

    Not a transition (the plan stays approved) but a version of the plan: its count of done
    activities changes, and the change reason names the activity and the note.
    """
    note = note.strip()
    with transaction.atomic():
        plan = (
            IndividualPlan.objects.select_for_update()
            .select_related("mentorship")
            .get(pk=item.plan_id)
        )
        if not the_mentor(plan, user):
            raise PermissionDenied(_("Only the mentor marks the activities of the plan done."))
        if plan.state != PlanState.APPROVED:
            raise TransitionRefused(
                _("Activities are marked done only while the plan is approved.")
            )
        reason = _("Done: %(activity)s") % {"activity": item.activity}
        if note:
            reason = f"{reason} — {note}"
        activity = (
            PlanItem.objects.select_for_update().filter(pk=item.pk, plan=plan, done=False).first()
        )
        if activity is None:
            raise TransitionRefused(_("This activity is already marked done."))
        activity.done, activity.done_on, activity.note = True, timezone.localdate(), note
        activity._history_user = user
        activity._change_reason = reason
        activity.save(update_fields=["done", "done_on", "note"])
        plan.items_done = plan.items.filter(done=True).count()
        plan._change_reason = reason
        plan._history_user = user
        plan.save()
    return plan
