"""The only way documents move: one generic transition service plus the effects of a few.

Admin views, tests and any future API call :func:`perform_transition`; it checks, locks,
transitions, applies effects, saves, logs and notifies, all or nothing. Transitions that only
another document takes (an order activates a mentorship) are refused there; the effects take
them through the same engine, :func:`_run_transition`.
"""

import datetime
import inspect
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import Transition
from django_fsm_log.helpers import FSMLogDescriptor

from workflows.calendar import add_working_days
from workflows.choices import (
    REGION_WIDE_MENTOR_STATUS,
    CertificateKind,
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
from workflows.models import (
    Certificate,
    IndividualPlan,
    Mentorship,
    Order,
    OrderCounter,
    OrderVisa,
    Organisation,
    Person,
    PlanItem,
    PublicationConsent,
    Questionnaire,
    ReplacementRequest,
    Report,
    StatusApplication,
)
from workflows.models.base import WorkflowDocument, triggered_by
from workflows.models.orders import approvers_of, pending_visa_of
from workflows.models.plans import PLAN_WORKING_DAYS
from workflows.models.reports import FINAL_WORKING_DAYS
from workflows.notifications import notify_document, notify_transition
from workflows.permissions import any_of, role_in_organisation, the_person
from workflows.rules import MIN_TERM, mentorship_violations
from workflows.scoping import (
    has_role,
    is_municipal,
    organisations_for,
    own_person_id,
    scope_to_organisations,
)

logger = logging.getLogger("workflows.transitions")


# -- reading the state machine -------------------------------------------------------------


def find_transition(document: WorkflowDocument, name: str) -> Transition | None:
    """The transition ``name`` out of the document's current state, if the machine has one."""
    return next((t for t in document.transitions_from_here() if t.name == name), None)


def transition_label(transition: Transition) -> str:
    return str(transition.custom.get("label", transition.name))


def blocked_reasons(document: WorkflowDocument, transition: Transition) -> list[str]:
    """Why ``transition`` cannot run now, rule by rule (empty: it can)."""
    return [
        reason for condition in transition.conditions for reason in explain(condition, document)
    ]


def comment_required(transition: Transition) -> bool:
    return bool(transition.custom.get("comment_required"))


def triggered_transition(model: type[WorkflowDocument], name: str) -> Transition | None:
    """The transition ``name`` of ``model`` if only another document's effect takes it."""
    return next((t for t in model.transitions() if t.name == name and triggered_by(t)), None)


def user_transitions(document: WorkflowDocument, user: User) -> list[tuple[Transition, list[str]]]:
    """The transitions ``user`` may take from here, each with the reasons it is blocked.

    Transitions that only another document's effect triggers (an order activates a
    mentorship) are not offered as buttons.
    """
    offered = []
    for transition in document.transitions_from_here():
        if triggered_by(transition):
            continue
        if transition.has_perm(document, user):
            offered.append((transition, blocked_reasons(document, transition)))
    return offered


# -- the service -------------------------------------------------------------------------


def perform_transition(
    *,
    document: WorkflowDocument,
    name: str,
    user: User,
    comment: str = "",
    **params,
) -> WorkflowDocument:
    """Move ``document`` by transition ``name`` on behalf of ``user``.

    A transition that only another document takes (``triggered_by`` in its metadata: the
    signed order activates a mentorship, the accepted report completes it) is refused with
    :class:`TransitionRefused` for every user, superusers included: hiding its button is not
    enough. Everything else goes through the engine, :func:`_run_transition`.
    """
    triggered = triggered_transition(type(document), name)
    if triggered is not None:
        raise TransitionRefused(triggered_by(triggered))
    return _run_transition(document=document, name=name, user=user, comment=comment, **params)


def _run_transition(
    *,
    document: WorkflowDocument,
    name: str,
    user: User,
    comment: str = "",
    **params,
) -> WorkflowDocument:
    """The engine: move ``document`` by transition ``name``; only effects call it directly.

    Checks, in order: that the document is still in the state the caller saw (else
    :class:`TransitionConflict`), that the transition leaves this state, the user's permission
    (role and organisation; else ``PermissionDenied``), that ``params`` are what the
    transition takes (else :class:`TransitionIncomplete`), the comment where one is required
    and every condition (else :class:`TransitionRefused` with the reasons). Then, in one
    database transaction with the row locked: the transition, its effects, one save (one
    history record with the user and the comment), one transition-log entry. Notifications go
    out only after the commit. Returns the updated document.
    """
    comment = comment.strip()
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
        _check_parameters(locked, transition, params)
        if comment_required(transition) and not comment:
            raise TransitionRefused(
                _("Please give a comment: it is required to %(action)s.")
                % {"action": transition_label(transition).lower()}
            )
        reasons = blocked_reasons(locked, transition)
        if reasons:
            raise TransitionRefused(reasons)

        source = locked.state
        FSMLogDescriptor(locked, "by", user)
        FSMLogDescriptor(locked, "description", comment or None)
        getattr(locked, name)(**params)
        effect = EFFECTS.get((type(locked), name))
        if effect:
            effect(locked, user=user, comment=comment)
        locked._change_reason = comment or transition_label(transition)
        locked._history_user = user
        locked.save()
        transaction.on_commit(
            partial(_transition_committed, locked, transition, source, user, comment), robust=True
        )
    document.refresh_from_db()
    return locked


def _check_parameters(document: WorkflowDocument, transition: Transition, params: dict) -> None:
    """Refuse, before the model is touched, parameters the transition's method does not take.

    A missing one would otherwise end in a ``TypeError`` (a server error) inside the model:
    it means the transition's form, or the service that supplies them, lacks a field.
    """
    signature = inspect.signature(transition.method)
    taken = [p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    missing = {p.name for p in taken if p.default is p.empty} - params.keys()
    unexpected = params.keys() - {p.name for p in taken}
    if any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        unexpected = set()
    if missing or unexpected:
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
                "action": transition_label(transition),
                "fields": ", ".join(sorted(missing | unexpected)),
            }
        )


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
        document=document, actor=user, action=transition_label(transition), comment=comment
    )


# -- effects: what a transition changes beyond its own document ---------------------------


def _reset_route(order: Order, **_kwargs) -> None:
    order.route.update(decision=VisaDecision.PENDING, decided_at=None, comment="")


def _record_visa(decision: str) -> Callable:
    def record(order: Order, *, user: User, comment: str) -> None:
        visa = (
            pending_visa_of(order, user)
            or order.route.filter(approver=user, decision=VisaDecision.PENDING).first()
        )
        if visa is not None:
            OrderVisa.objects.filter(pk=visa.pk).update(
                decision=decision, decided_at=timezone.now(), comment=comment
            )

    return record


def assign_registration_number(order: Order) -> None:
    """Take the next number of the order's register (issuer, kind, year), never reused.

    The counter row is locked, so concurrent signings of one register queue and get
    consecutive numbers; a number is taken only at signing.
    """
    year = order.signed_on.year
    lookup = {"issuer_id": order.issuer_id, "kind": order.kind, "year": year}
    try:
        with transaction.atomic():
            OrderCounter.objects.get_or_create(**lookup)
    except IntegrityError:
        pass  # another signer created the register's counter first; it exists now
    counter = OrderCounter.objects.select_for_update().get(**lookup)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    order.number, order.year = counter.last_number, year
    order.number_index = settings.ORDER_NUMBER_INDEXES.get(order.kind, "")


def _apply_signed_order(order: Order, *, user: User, comment: str) -> None:
    assign_registration_number(order)
    _record_visa(VisaDecision.APPROVED)(order, user=user, comment=comment)
    mentorships = order.mentorships.all()
    if order.kind == OrderKind.ASSIGN_MENTOR:
        for mentorship in mentorships:
            _run_transition(
                document=mentorship,
                name="activate",
                user=user,
                comment=_("Order %(order)s") % {"order": order.registration},
                started_on=order.starts_on,
            )
    elif order.kind == OrderKind.TERMINATE_MENTOR:
        for mentorship in mentorships:
            _run_transition(
                document=mentorship,
                name="terminate",
                user=user,
                comment=comment or _("Order %(order)s") % {"order": order.registration},
                ended_on=order.effective_on,
                reason=order.body or order.title,
            )


def _issue_certificate(application: StatusApplication, *, user: User, comment: str) -> None:
    """Granting issues the certificate, dated by the Ministry's order, valid three years."""
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
        application=application,
        created_by=user,
    )
    certificate._history_user = user
    certificate._change_reason = _("Issued by the Ministry's order %(order)s") % {
        "order": certificate.order
    }
    certificate.save()


def _open_mentorship_documents(mentorship: Mentorship, *, user: User, comment: str) -> None:
    """The term has started: open the plan, the report and the questionnaire, each with its due
    date (plan: 5 working days after the start, 4.1; the others: 5 after the end, 6.1)."""
    plan_due = add_working_days(mentorship.started_on, PLAN_WORKING_DAYS)
    final_due = add_working_days(mentorship.ends_on, FINAL_WORKING_DAYS)
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


def _complete_mentorship(report: Report, *, user: User, comment: str) -> None:
    _run_transition(
        document=report.mentorship,
        name="complete",
        user=user,
        comment=_("The final report is accepted by the centre"),
    )


def _replace_mentor(request: ReplacementRequest, *, user: User, comment: str) -> None:
    """End the old mentorship and draft the new one with the same mentee and the new mentor.

    The draft starts the day after the old one ends and runs at least the six months of 2.4;
    the head adjusts it before sending it for consent. A draft that breaks the rules table
    (the new mentor's load or qualification) refuses the whole approval.
    """
    old = request.mentorship
    _run_transition(
        document=old,
        name="terminate",
        user=user,
        comment=_("Mentor replaced at the mentee's request (clause 5.2)"),
        ended_on=request.effective_on,
        reason=request.reason,
    )
    starts_on = request.effective_on + datetime.timedelta(days=1)
    try:
        request.new_mentorship = mentorship_create(
            user=user,
            organisation=old.organisation,
            kind=old.kind,
            mentor=request.new_mentor,
            mentee=old.mentee,
            starts_on=starts_on,
            ends_on=max(old.ends_on, starts_on + MIN_TERM),
            goal=old.goal,
            mentee_seeks_growth=old.mentee_seeks_growth,
        )
    except ValidationError as error:
        raise TransitionRefused(error.messages) from error


EFFECTS: dict[tuple[type, str], Callable] = {
    (Order, "submit"): _reset_route,
    (Order, "give_visa"): _record_visa(VisaDecision.APPROVED),
    (Order, "return_for_revision"): _record_visa(VisaDecision.RETURNED),
    (Order, "sign"): _apply_signed_order,
    (StatusApplication, "grant"): _issue_certificate,
    (Mentorship, "activate"): _open_mentorship_documents,
    (Report, "accept"): _complete_mentorship,
    (ReplacementRequest, "approve"): _replace_mentor,
}


def sign_order(order: Order, *, user: User, comment: str = "") -> Order:
    """Sign ``order`` today on behalf of ``user`` (numbering and effects included).

    The service that ``Order.sign`` names in its metadata: the admin calls it with the
    document first, the way it calls any transition's service.
    """
    return perform_transition(
        document=order,
        name="sign",
        user=user,
        comment=comment,
        signed_on=timezone.localdate(),
        by=user,
    )


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


# -- creating and changing documents outside transitions -------------------------------------
# Each service checks who may act (role and organisation), the rules and the dates itself;
# the admin's forms only parse what they are sent and show these refusals.

may_draft_mentorships = role_in_organisation(Role.CURATOR, Role.ORG_HEAD)
may_keep_consents = role_in_organisation(Role.REGISTRAR)


def refuse_future(**dates: datetime.date | None) -> None:
    """Refuse any of ``dates`` (by field name) that is later than today."""
    today = timezone.localdate()
    message = _("The date cannot be in the future.")
    future = {name: message for name, day in dates.items() if day and day > today}
    if future:
        raise ValidationError(future)


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


may_draft_orders = role_in_organisation(
    Role.CURATOR, Role.ORG_HEAD, Role.DEPARTMENT, Role.REGISTRAR, organisation="issuer_id"
)


def order_check_draft(*, order: Order, user: User) -> None:
    """Refuse a new or edited draft order that ``user`` may not write: a drafter of the issuer
    (its curator or head; the department and the registry operator for their bodies), and an
    active issuer. The approval sheet's lines are checked by the model, line by line."""
    if not may_draft_orders(order, user):
        raise PermissionDenied(_("You may not draft documents of this organisation."))
    if not order.issuer.is_active:
        raise ValidationError(_("The organisation is no longer active."))


def _check_nomination(application: StatusApplication, user: User) -> None:
    """Clause 2.1 as the portal holds it: the municipal bodies nominate anyone; a school's
    curator, head or mentor only themselves, as a self-nomination."""
    if is_municipal(user):
        return
    own = own_person_id(user)
    if not (
        has_role(user, Role.CURATOR, Role.ORG_HEAD, Role.MENTOR)
        and own is not None
        and application.person_id == own
        and application.nominated_by == Nominator.SELF
    ):
        raise PermissionDenied(_("You may only nominate yourself."))


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


may_keep_directory = role_in_organisation(
    Role.CURATOR, Role.ORG_HEAD, Role.DEPARTMENT, Role.REGISTRAR
)


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


def _superuser(document, user) -> bool:
    return user.is_superuser


# Who fills in each document of a case (4.1, 6.1): the plan its mentor with the school's
# curator, the final report its mentor, the questionnaire its mentee.
CASE_AUTHORS = {
    IndividualPlan: any_of(
        the_person("mentor", Role.MENTOR), role_in_organisation(Role.CURATOR), _superuser
    ),
    Report: any_of(the_person("mentor", Role.MENTOR), _superuser),
    Questionnaire: any_of(the_person("mentee", Role.MENTEE), _superuser),
}


def case_document_check_edit(*, document: WorkflowDocument, user: User) -> None:
    """Refuse an edit of a plan, a report or a questionnaire by anyone but its author (see
    :data:`CASE_AUTHORS`); past its editable states the document refuses the change itself."""
    if not CASE_AUTHORS[type(document)](document, user):
        raise PermissionDenied(_("Only the author of this document fills it in."))


def _check_consent_keeper(consent: PublicationConsent, user: User) -> None:
    if not may_keep_consents(consent, user):
        raise PermissionDenied(_("Only the registry operator keeps consents to publication."))


def consent_give(
    *, user: User, person: Person, given_on: datetime.date, **shown
) -> PublicationConsent:
    """Record a person's consent to publication, with the fields they allow besides the name
    (``show_…``): the registry operator keeps these papers (152-ФЗ art. 10.1)."""
    consent = PublicationConsent(person=person, given_on=given_on, **shown)
    _check_consent_keeper(consent, user)
    refuse_future(given_on=given_on)
    if person.publication_consents.filter(withdrawn_on__isnull=True).exists():
        raise ValidationError(_("The person's consent is already on file; withdraw it first."))
    consent._history_user = user
    consent.save()
    return consent


def consent_change(*, consent: PublicationConsent, user: User, **fields) -> PublicationConsent:
    """Correct a consent still in force (its date, the fields it allows) as its paper says."""
    _check_consent_keeper(consent, user)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    for name, value in fields.items():
        setattr(consent, name, value)
    refuse_future(given_on=consent.given_on)
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
    refuse_future(withdrawn_on=on)
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
    if not the_person("mentee", Role.MENTEE)(mentorship, user):
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
        if not the_person("mentor", Role.MENTOR)(plan, user):
            raise PermissionDenied(_("Only the mentor marks the activities of the plan done."))
        if plan.state != PlanState.APPROVED:
            raise TransitionRefused(
                _("Activities are marked done only while the plan is approved.")
            )
        if not PlanItem.objects.filter(pk=item.pk, plan=plan, done=False).update(
            done=True, done_on=timezone.localdate(), note=note
        ):
            raise TransitionRefused(_("This activity is already marked done."))
        plan.items_done = plan.items.filter(done=True).count()
        reason = _("Done: %(activity)s") % {"activity": item.activity}
        if note:
            reason = f"{reason} — {note}"
        plan._change_reason = reason
        plan._history_user = user
        plan.save()
    return plan
