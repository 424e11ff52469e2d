"""Orders (приказы): approved along a route of visas, signed, numbered per GOST R 7.0.97."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Orderable

from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from workflows.choices import (
    EarlyEndInitiator,
    MentorshipState,
    OrderKind,
    OrderState,
    OrganisationKind,
    Role,
    RouteMode,
    VisaDecision,
)
from workflows.conditions import Rule, RuleKind, rule
from workflows.grammar import user_name
from workflows.models.base import ChangeTracked, WorkflowDocument
from workflows.models.calendar import CalendarOverride
from workflows.models.children import ChildHistoricalRecords
from workflows.models.directory import Organisation
from workflows.periods import shifted_term
from workflows.permissions import SCHOOL_STAFF, described, role_in_organisation, role_labels
from workflows.predicates import has_role
from workflows.rules import mentorship_violations, order_start_violations
from workflows.text import search_key
from workflows.transitions import transition_metadata

S = OrderState
NOTICE_WORKING_DAYS = 3  # Labour Code art. 351.8


MUNICIPAL_ISSUERS = (OrganisationKind.EDUCATION_DEPARTMENT, OrganisationKind.MENTORING_CENTRE)
REGIONAL_ISSUERS = (OrganisationKind.MINISTRY, OrganisationKind.REGIONAL_INSTITUTE)


def issuer_signer_role(issuer) -> str:
    """Who signs for ``issuer``: the department, the Ministry's operator or the school head."""
    if issuer.kind in MUNICIPAL_ISSUERS:
        return Role.DEPARTMENT
    if issuer.kind in REGIONAL_ISSUERS:
        return Role.REGISTRAR
    return Role.ORG_HEAD


def signer_role(order) -> str:
    """Who signs the order: the signer of its issuer."""
    return issuer_signer_role(order.issuer)


# Who approves (визирует) an order, by who issues it. A school's order is approved within the
# school, by those who answer for mentoring there: its curator, who prepares the orders, and
# its head (3.2, 3.3). A municipal order (2.2, 3.1) by the bodies that organise mentoring in
# the municipality: the staff of the department and of the Municipal centre. An order of the
# Ministry or the regional institute by the registry operator, the portal's only role for
# them. Approvers are people: an account without a person record (``admin``, a service login)
# is never on a sheet, nor a superuser, whose rights are no role in the issuer.
APPROVING_ROLES = {
    Role.ORG_HEAD: SCHOOL_STAFF,
    Role.DEPARTMENT: (Role.DEPARTMENT, Role.CENTER),
    Role.REGISTRAR: (Role.REGISTRAR,),
}


def approvers_of(issuers: models.QuerySet) -> models.QuerySet[User]:
    """The accounts that may be put on the approval sheet of an order of any of ``issuers``
    (a queryset of organisations), each with its person, by surname."""
    allowed = models.Q(
        groups__name__in=APPROVING_ROLES[Role.ORG_HEAD],
        person__organisation__in=issuers.exclude(kind__in=MUNICIPAL_ISSUERS + REGIONAL_ISSUERS),
    )
    for signer, kinds in ((Role.DEPARTMENT, MUNICIPAL_ISSUERS), (Role.REGISTRAR, REGIONAL_ISSUERS)):
        if issuers.filter(kind__in=kinds).exists():
            allowed |= models.Q(groups__name__in=APPROVING_ROLES[signer])
    accounts = User.objects.filter(
        allowed, is_active=True, is_superuser=False, person__isnull=False
    ).values("pk")
    return (
        User.objects.filter(pk__in=accounts)
        .select_related("person")
        .order_by("person__surname", "person__name", "person__patronymic")
    )


# The kinds of order each signer issues: a school's head orders its own mentoring (2.3, 3.3),
# the department the municipal organisation of mentoring and the centre's head (2.2, 3.1),
# the Ministry (through the registry operator) the statuses (2.1).
ISSUED_KINDS = {
    Role.ORG_HEAD: (
        OrderKind.ASSIGN_MENTOR,
        OrderKind.TERMINATE_MENTOR,
        OrderKind.ORGANISE_MENTORING,
    ),
    Role.DEPARTMENT: (OrderKind.ORGANISE_MENTORING, OrderKind.APPOINT_CENTRE_HEAD),
    Role.REGISTRAR: (OrderKind.GRANT_STATUS,),
}
# Who drafts the orders of each signer (see ``may_draft``).
_DRAFTERS = {
    Role.ORG_HEAD: SCHOOL_STAFF,
    Role.DEPARTMENT: (Role.DEPARTMENT,),
    Role.REGISTRAR: (Role.REGISTRAR,),
}


def kinds_issued_by(issuer) -> tuple[str, ...]:
    """The kinds of order ``issuer`` issues."""
    return ISSUED_KINDS[issuer_signer_role(issuer)]


def kinds_drafted_by(user) -> list[str]:
    """The kinds of order ``user`` may draft, in the register's order (every kind for a
    superuser)."""
    allowed = {
        kind
        for signer, drafters in _DRAFTERS.items()
        if user.is_superuser or has_role(user, *drafters)
        for kind in ISSUED_KINDS[signer]
    }
    return [kind for kind in OrderKind.values if kind in allowed]


# The fields each kind of order fills in besides its title and operative part: an assignment
# its mentorships and their start, a termination also the early end's notice (Labour Code
# art. 351.8 part 3). The other kinds have none of them.
KIND_FIELDS = {
    OrderKind.ASSIGN_MENTOR: ("starts_on", "mentorships"),
    OrderKind.TERMINATE_MENTOR: (
        "initiated_by", "notice_given_to", "notice_given_on", "effective_on", "mentorships",
    ),
}  # fmt: skip
KIND_SPECIFIC_FIELDS = tuple(dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields))


def fields_not_of_kind(kind: str) -> tuple[str, ...]:
    """The kind-specific fields an order of ``kind`` leaves empty."""
    return tuple(f for f in KIND_SPECIFIC_FIELDS if f not in KIND_FIELDS.get(kind, ()))


def kinds_with(field: str) -> list[str]:
    """The kinds of order that fill in ``field``."""
    return [kind for kind, fields in KIND_FIELDS.items() if field in fields]


APPROVER_REFUSALS = {
    Role.ORG_HEAD: _(
        "The approval sheet of an order of %(issuer)s lists only the mentoring curator and the "
        "head of that organisation."
    ),
    Role.DEPARTMENT: _(
        "The approval sheet of a municipal order lists only the staff of the education "
        "department and of the municipal mentoring centre."
    ),
    Role.REGISTRAR: _(
        "The approval sheet of an order of the Ministry lists only the registry operator."
    ),
}


def _acts_for_issuer(order, user, school_roles) -> bool:
    """School orders: ``school_roles`` of the issuing school. Municipal and Ministry orders:
    the body that signs them (the department, or the registry operator for the Ministry)."""
    role = signer_role(order)
    if role == Role.ORG_HEAD:
        return role_in_organisation(*school_roles, organisation="issuer_id")(order, user)
    return user.is_superuser or has_role(user, role)


def _drafters(order) -> str:
    role = signer_role(order)
    return role_labels(SCHOOL_STAFF if role == Role.ORG_HEAD else [role])


@described(_drafters)
def may_draft(order, user) -> bool:
    """Who prepares the issuer's orders and sends them for approval."""
    return _acts_for_issuer(order, user, SCHOOL_STAFF)


@described(lambda order: role_labels([signer_role(order)]))
def may_sign(order, user) -> bool:
    """The issuer's signer."""
    return _acts_for_issuer(order, user, [Role.ORG_HEAD])


def pending_visa_of(order, user):
    """The visa ``user`` may give now: theirs, pending, and (in sequence) next in line."""
    if not user.is_authenticated:
        return None
    pending = [visa for visa in order.route.all() if visa.decision == VisaDecision.PENDING]
    if order.route_mode == RouteMode.SEQUENTIAL:
        pending = pending[:1]
    return next((visa for visa in pending if visa.approver_id == user.pk), None)


def _pending_approvers(order) -> str:
    pending = [visa for visa in order.route.all() if visa.decision == VisaDecision.PENDING]
    if order.route_mode == RouteMode.SEQUENTIAL:
        pending = pending[:1]
    return ", ".join(user_name(visa.approver) for visa in pending)


@described(_pending_approvers)
def may_give_visa(order, user) -> bool:
    return pending_visa_of(order, user) is not None


# The roles that can hold these permissions, and the orders on which one may give a visa,
# for the lists of what waits for a user (see ``workflows.permissions``).
may_draft.roles = frozenset({*SCHOOL_STAFF, Role.DEPARTMENT, Role.REGISTRAR})
may_sign.roles = frozenset({Role.ORG_HEAD, Role.DEPARTMENT, Role.REGISTRAR})
may_give_visa.narrow = lambda orders, user: orders.filter(
    pk__in=OrderVisa.objects.filter(approver_id=user.pk, decision=VisaDecision.PENDING).values(
        "order_id"
    )
)


@described(lambda order: _("an approver or the signer"))
def may_return(order, user) -> bool:
    """Any approver still to decide, or the signer, may return the order with a comment."""
    in_route = any(
        visa.approver_id == user.pk and visa.decision == VisaDecision.PENDING
        for visa in order.route.all()
    )
    return in_route or may_sign(order, user)


@rule(
    _("Not every visa of the approval sheet is in yet."),
    kind=RuleKind.TURN,
    where=lambda: (
        ~models.Exists(
            OrderVisa.objects.filter(order=models.OuterRef("pk")).exclude(
                decision=VisaDecision.APPROVED
            )
        )
    ),
)
def all_visas_in(order) -> bool:
    return all(visa.decision == VisaDecision.APPROVED for visa in order.route.all())


@rule(
    _("The approval sheet is empty: add at least one approver before sending the order."),
    kind=RuleKind.CONTENT,
)
def has_approvers(order) -> bool:
    """An order goes for approval along a route of at least one visa, so that its approval
    sheet (лист согласования) records who approved it."""
    return order.route.exists()


def _item_reasons(order):
    """What the mentorships of an assignment or termination order lack for it to proceed."""
    mentorships = list(order.mentorships.select_related("mentor", "mentee"))
    if order.kind in (OrderKind.ASSIGN_MENTOR, OrderKind.TERMINATE_MENTOR) and not mentorships:
        yield _("The order lists no mentorships.")
    for mentorship in mentorships:
        if mentorship.organisation_id != order.issuer_id:
            yield _("%(m)s belongs to another organisation.") % {"m": mentorship}
        if order.kind == OrderKind.ASSIGN_MENTOR:
            if mentorship.state != MentorshipState.AWAITING_ORDER:
                yield _("%(m)s is not awaiting an order: both consents are needed (2.1, 2.6).") % {
                    "m": mentorship
                }
            elif order.starts_on:
                shifted = _shifted(mentorship, order.starts_on)
                for problem in mentorship_violations(shifted, on=order.starts_on):
                    yield f"{mentorship}: {problem}"
        elif order.kind == OrderKind.TERMINATE_MENTOR:
            yield from _replacement_item_reasons(order, mentorship, mentorships)
    if order.kind == OrderKind.ASSIGN_MENTOR and not order.starts_on:
        yield _("The start date of mentoring is required.")
    elif order.kind == OrderKind.ASSIGN_MENTOR:
        # Before signing, "the day of signing" is today at the earliest.
        yield from order_start_violations(order.starts_on, signed_on=timezone.localdate())
    if order.kind == OrderKind.TERMINATE_MENTOR:
        yield from _early_end_reasons(order, mentorships)


def _replacement_item_reasons(order, mentorship, mentorships):
    """A termination order ends active mentorships; one that replaces a mentor (5.2) also
    assigns the new mentor of the same mentee from the day after the old one's last day."""
    if mentorship.state == MentorshipState.ACTIVE:
        return
    replaces = any(
        other.state == MentorshipState.ACTIVE and other.mentee_id == mentorship.mentee_id
        for other in mentorships
    )
    if not replaces:
        yield _("%(m)s is not active.") % {"m": mentorship}
    elif mentorship.state != MentorshipState.AWAITING_ORDER:
        yield _("%(m)s is not awaiting an order: both consents are needed (2.1, 2.6).") % {
            "m": mentorship
        }
    elif order.effective_on:
        for problem in mentorship_violations(mentorship, on=replacement_starts_on(order)):
            yield f"{mentorship}: {problem}"


def replacement_starts_on(order):
    """The first day of the new mentor's term in a replacement: the day after the old last day."""
    return order.effective_on + datetime.timedelta(days=1)


def earliest_early_end(notice_given_on):
    """The first day a mentorship may end after notice given on ``notice_given_on``: the
    third working day after it (Labour Code art. 351.8 part 3; the period runs from the next
    day, Civil Code art. 191)."""
    return CalendarOverride.objects.add_working_days(notice_given_on, NOTICE_WORKING_DAYS)


def _early_end_reasons(order, mentorships):
    """Labour Code art. 351.8 part 3: who ends the mentorship (the mentor refuses or the
    employer cancels), the notice (when and to whom) at least three working days before the
    last day, and that last day inside each term: after its start, before its planned end."""
    if not order.initiated_by:
        yield _(
            "Say who ends the mentorship early: the mentor who refuses or the employer who "
            "cancels the assignment (Labour Code art. 351.8 part 3)."
        )
    if not order.notice_given_to.strip():
        yield _(
            "Say to whom the notice of the early end was given (Labour Code art. 351.8 part 3)."
        )
    if not (order.notice_given_on and order.effective_on):
        yield _("The notice date and the date of termination are required.")
        return
    ending = [m for m in mentorships if m.state == MentorshipState.ACTIVE]
    yield from early_end_date_reasons(ending, order.notice_given_on, order.effective_on)


def early_end_date_reasons(mentorships, notice_given_on, last_day):
    """Labour Code art. 351.8 part 3 on the dates of an early end of ``mentorships``: the last
    day no earlier than the third working day after the notice, and inside each term (after
    its start, before its planned end)."""
    earliest = earliest_early_end(notice_given_on)
    if last_day < earliest:
        yield _(
            "Termination takes effect no earlier than 3 working days after the notice "
            "(Labour Code art. 351.8): not before %(date)s."
        ) % {"date": earliest.strftime("%d.%m.%Y")}
    for mentorship in mentorships:
        if mentorship.starts_on < last_day < mentorship.ends_on:
            continue
        yield _(
            "%(m)s: the last day of mentoring must fall inside the term, after "
            "%(start)s and before %(end)s (Labour Code art. 351.8 part 3)."
        ) % {
            "m": mentorship,
            "start": mentorship.starts_on.strftime("%d.%m.%Y"),
            "end": mentorship.ends_on.strftime("%d.%m.%Y"),
        }


def _shifted(mentorship, starts_on):
    """The mentorship as the order would start it: the same months, from ``starts_on``."""
    copy = type(mentorship)(**{
        f.attname: getattr(mentorship, f.attname) for f in mentorship._meta.concrete_fields
    })  # fmt: skip
    copy.starts_on, copy.ends_on = shifted_term(mentorship.starts_on, mentorship.ends_on, starts_on)
    return copy


items_ready = Rule(lambda order: list(_item_reasons(order)), kind=RuleKind.CONTENT)


def register_of(kind: str) -> str:
    """The register an order of ``kind`` is numbered in (GOST R 7.0.97): the one its index
    names, shared by every kind with that index (assignment and termination orders are both
    «-н»); the kinds without an index share the general register (the empty index), so no
    two orders of one issuer and year print the same number."""
    return settings.ORDER_NUMBER_INDEXES.get(kind, "")


class OrderCounter(models.Model):
    """The last registration number used per issuer, register and calendar year."""

    issuer = models.ForeignKey("workflows.Organisation", on_delete=models.PROTECT)
    register = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "register", "year"], name="one_counter_per_register"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} / {self.register} / {self.year}: {self.last_number}"


class Order(WorkflowDocument, ClusterableModel):
    """An order of an organisation's head, the department or the Ministry."""

    DERIVED_FIELDS = (
        "number", "number_index", "register", "year", "signed_on", "signed_by", "search_title",
    )  # fmt: skip

    issuer = models.ForeignKey(
        "workflows.Organisation",
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    kind = models.CharField(_("kind of order"), max_length=32, choices=OrderKind.choices)
    title = models.CharField(_("title"), max_length=500)
    # The title folded by ``search_key``, for a list search that folds on every database.
    search_title = models.CharField(max_length=500, editable=False, blank=True)
    body = models.TextField(_("operative part"), blank=True)
    starts_on = models.DateField(_("mentoring starts on"), null=True, blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    effective_on = models.DateField(_("last day of mentoring"), null=True, blank=True)
    initiated_by = models.CharField(
        _("the early end is initiated by"),
        max_length=16,
        choices=EarlyEndInitiator.choices,
        blank=True,
    )
    notice_given_to = models.CharField(_("notice given to"), max_length=255, blank=True)
    mentorships = ParentalManyToManyField(
        "workflows.Mentorship", verbose_name=_("mentorships"), related_name="orders", blank=True
    )
    route_mode = models.CharField(
        _("visas are given"), max_length=16, choices=RouteMode.choices, default=RouteMode.PARALLEL
    )
    number = models.PositiveIntegerField(_("registration number"), null=True, blank=True)
    number_index = models.CharField(_("number index"), max_length=10, blank=True)
    # The register the number was taken from (see ``register_of``), fixed at signing.
    register = models.CharField(_("register"), max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = FSMField(_("state"), choices=S.choices, default=S.DRAFT, protected=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "register", "year", "number"],
                name="order_number_unique_per_register",
            )
        ]
        indexes = [models.Index(fields=["issuer", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}" if not self.number else self.registration

    def save(self, *args, **kwargs):
        self.search_title = search_key(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        """Refuse a kind of order its issuer does not issue (a school grants no statuses)."""
        super().clean()
        if self.issuer_id and self.kind and self.kind not in kinds_issued_by(self.issuer):
            raise ValidationError(
                {
                    "kind": _("%(issuer)s does not issue orders of this kind.")
                    % {"issuer": self.issuer}
                }
            )

    @property
    def organisation_id(self) -> int:
        return self.issuer_id

    @property
    @admin.display(description=_("registration number"))
    def registration(self) -> str:
        """The registration number as written on the order, e.g. «№ 12-н от 05.10.2026»."""
        if not self.number:
            return ""
        return settings.ORDER_NUMBER_FORMAT.format(
            number=self.number, index=self.number_index, date=self.signed_on
        )

    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=S.APPROVAL,
        conditions=[has_approvers, items_ready],
        permission=may_draft,
        custom=transition_metadata(
            _("Send for approval"), service="workflows.services.order_submit"
        ),
    )
    def submit(self):
        """The draft goes along its approval route; every visa starts again from pending."""

    @transition(
        field=state,
        source=S.APPROVAL,
        target=S.APPROVAL,
        permission=may_give_visa,
        custom=transition_metadata(
            _("Approve (visa)"), service="workflows.services.order_give_visa"
        ),
    )
    def give_visa(self):
        """One approver of the route approves the order."""

    @transition(
        field=state,
        source=S.APPROVAL,
        target=S.RETURNED,
        permission=may_return,
        custom=transition_metadata(
            _("Return for revision"),
            comment_required=True,
            service="workflows.services.order_return_for_revision",
        ),
    )
    def return_for_revision(self):
        """An approver or the signer sends the order back to its author with a comment."""

    @transition(
        field=state,
        source=S.APPROVAL,
        target=S.SIGNED,
        conditions=[all_visas_in, items_ready],
        permission=may_sign,
        # The date and the signer are the server's to give, not a form's: the service does.
        custom=transition_metadata(_("Sign"), service="workflows.services.order_sign"),
    )
    def sign(self):
        """The signer signs once every visa is in; numbering and effects follow."""

    @transition(
        field=state,
        source=S.SIGNED,
        target=S.CANCELLED,
        permission=may_sign,
        custom=transition_metadata(_("Cancel the order"), comment_required=True),
    )
    def cancel(self):
        """A signed order is cancelled by its signer; its number is never reused."""


class OrderVisa(ChangeTracked, Orderable):
    """One line of the approval sheet (лист согласования).

    Each decision is also a transition of the order (``give_visa``, ``return_for_revision``);
    each is a version of the visa too, so the sheet of any moment can be read back and printed.
    """

    order = ParentalKey(Order, on_delete=models.CASCADE, related_name="route")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="order_visas",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=VisaDecision.choices, default=VisaDecision.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = ChildHistoricalRecords()

    class Meta(Orderable.Meta):
        verbose_name = _("visa")
        verbose_name_plural = _("approval sheet")

    def __str__(self) -> str:
        return f"{self.approver}: {self.get_decision_display()}"

    def clean(self):
        """Refuse an approver who does not approve the issuer's orders (a crafted form too)."""
        # The sheet's order is unknown while a new line of a new order is validated alone.
        order = getattr(self, "order", None)
        if order is None or not order.issuer_id or not self.approver_id:
            return
        issuers = Organisation.objects.filter(pk=order.issuer_id)
        if not approvers_of(issuers).filter(pk=self.approver_id).exists():
            refusal = APPROVER_REFUSALS[issuer_signer_role(order.issuer)]
            raise ValidationError({"approver": refusal % {"issuer": order.issuer}})
