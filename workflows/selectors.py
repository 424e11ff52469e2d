"""Reads that admin views share: a document's timeline, its versions, what its paper shows."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, FileField, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from django_fsm_log.models import StateLog

from workflows import grammar
from workflows.choices import REGION_WIDE_MENTOR_STATUS, MentorshipState, OrderState, Role
from workflows.models import (
    Certificate,
    IndividualPlan,
    Mentorship,
    Order,
    OrderVisa,
    Organisation,
    Person,
    PlanItem,
    PublicationConsent,
)
from workflows.models.base import WorkflowDocument


def transition_log(document: WorkflowDocument) -> QuerySet[StateLog]:
    """Every transition of ``document``, oldest first, with who took it."""
    return (
        StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(document, for_concrete_model=False),
            object_id=document.pk,
        )
        .select_related("by")
        .order_by("timestamp", "pk")
    )


# Transitions that send a document back or refuse it; their comment is the reason, required.
REFUSALS = frozenset({"return_for_revision", "reject", "cancel", "revoke", "terminate", "withdraw"})


def last_refusal(document: WorkflowDocument) -> StateLog | None:
    """The transition that returned or refused ``document``, while it still stands: the
    document is in the state that transition left it in. Its ``description`` is the reason."""
    entry = transition_log(document).order_by("-timestamp", "-pk").first()
    if entry is None or entry.transition not in REFUSALS or entry.state != document.state:
        return None
    return entry


def versions_with_changes(document: WorkflowDocument) -> list[dict]:
    """Every saved version of ``document``, newest first, each with its field-by-field diff.

    A change lists the field's label and its old and new values as the interface shows them.
    """
    records = list(
        document.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    versions = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = document._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "name": field.name,
                        "is_file": isinstance(field, FileField),
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                        "old_value": change.old,
                        "new_value": change.new,
                    }
                )
        versions.append({"record": record, "changes": changes, "is_first": previous is None})
    return versions


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(field, FileField):
        return gettext("file attached")
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        if target is None:
            return str(value)
        # People as the documents write them («Фамилия И. О.»), a user as their person.
        if isinstance(target, User):
            return grammar.user_name(target)
        return getattr(target, "short_name", None) or str(target)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value)


# -- what a printed order shows --------------------------------------------------------------


def as_of(model: type[Model], ids, moment: datetime.datetime | None) -> dict[int, Model]:
    """Objects of ``model`` by id as they were at ``moment`` (``None``: as they are now).

    One query per model: simple-history's latest record of each id before ``moment``. Rows
    that have no history (bulk-imported before it was kept) are read as they are now.
    """
    ids = set(ids) - {None}
    found = {}
    if moment is not None and ids:
        # Built from the records themselves: simple-history's own ``as_of`` would re-read the
        # fields it does not keep (such as a search key) with one query per object.
        records = model.history.filter(id__in=ids, history_date__lte=moment).latest_of_each()
        fields = [f.attname for f in model._meta.concrete_fields]
        found = {
            record.id: model(
                **{name: getattr(record, name) for name in fields if hasattr(record, name)}
            )
            for record in records
            if record.history_type != "-"
        }
    missing = ids - found.keys()
    if missing:
        found |= {obj.pk: obj for obj in model._default_manager.filter(pk__in=missing)}
    return found


def _rows_as_of(
    model: type[Model], parent_key: str, parent: Model, moment: datetime.datetime
) -> list[Model]:
    """The rows of ``model`` whose ``parent_key`` is ``parent``, as they were at ``moment``.

    Two queries: the rows' records up to ``moment``, the latest of each winning (a later
    record, or at one instant a later id), deleted rows dropped; and the rows that have no
    record at all (written before their history was kept), read as they are now.
    """
    latest = {}
    records = model.history.filter(
        **{f"{parent_key}_id": parent.pk, "history_date__lte": moment}
    ).order_by("history_date", "history_id")
    for record in records:
        latest[record.id] = record
    rows = [record.instance for record in latest.values() if record.history_type != "-"]
    rows += model._default_manager.filter(**{parent_key: parent}).exclude(
        id__in=model.history.filter(**{f"{parent_key}_id": parent.pk}).values("id")
    )
    return sorted(rows, key=lambda row: (row.sort_order is None, row.sort_order or 0, row.pk))


def plan_items_as_of(plan: IndividualPlan, moment: datetime.datetime) -> list[PlanItem]:
    """The activities of ``plan`` as they were at ``moment``, in the plan's order."""
    return _rows_as_of(PlanItem, "plan", plan, moment)


def approval_moment(plan: IndividualPlan) -> datetime.datetime | None:
    """When ``plan`` was last approved (its ``approve`` transition), ``None`` if never."""
    last = transition_log(plan).filter(transition="approve").last()
    return last.timestamp if last else None


def approved_plan_items(plan: IndividualPlan) -> list[PlanItem] | None:
    """The activities of ``plan`` as the head last approved them, whatever was amended since;
    ``None`` if the plan was never approved."""
    moment = approval_moment(plan)
    return None if moment is None else plan_items_as_of(plan, moment)


def approval_sheet_as_of(order: Order, moment: datetime.datetime) -> list[OrderVisa]:
    """The approval sheet of ``order`` at ``moment``: each visa's approver (loaded), decision,
    time of the decision and comment as they were then, in the sheet's order."""
    visas = _rows_as_of(OrderVisa, "order", order, moment)
    approvers = User.objects.in_bulk({visa.approver_id for visa in visas})
    for visa in visas:
        visa.approver = approvers[visa.approver_id]
    return visas


def order_version_moment(order: Order, history_id: int) -> datetime.datetime | None:
    """The moment of the version ``history_id`` of ``order``; ``None`` if it has no such one."""
    record = order.history.filter(history_id=history_id).only("history_date").first()
    return record.history_date if record else None


@dataclass(frozen=True)
class OrderSheetData:
    """An order as its paper shows it: the signed version for a signed order, else the current
    (or the version of the moment asked for)."""

    order: Order
    issuer: Organisation
    mentorships: list[Mentorship]
    visas: list[OrderVisa]
    log: list[StateLog]
    names_by_user: dict[int, str]  # Фамилия И. О. (the login where no person is linked)
    is_signed: bool


def order_for_print(order: Order, moment: datetime.datetime | None = None) -> OrderSheetData:
    """The order, its issuer, its mentorships with both sides, its visas and transition log.

    A signed order is read from its history record of the ``sign`` transition, and everything
    it names as it was at that moment: a later renaming of the school or of a person does not
    change a signed paper. Given ``moment``, the order is read as it was then: its version, its
    approval sheet and the transitions up to it (signed by then, it prints as signed). A
    bounded number of queries, whatever the number of mentorships.
    """
    asked = moment
    signed = None
    if order.state == OrderState.SIGNED:
        signings = order.history.filter(state=OrderState.SIGNED)
        if asked is not None:
            signings = signings.filter(history_date__lte=asked)
        signed = signings.order_by("history_date", "history_id").first()
    if signed is not None:
        moment, version = signed.history_date, signed.instance
    elif asked is not None:
        version = order.history.filter(history_date__lte=asked).latest().instance
    else:
        version = order
    mentorship_ids = list(order.mentorships.values_list("id", flat=True))
    mentorships = sorted(as_of(Mentorship, mentorship_ids, moment).values(), key=lambda m: m.pk)
    if asked is None:
        visas = list(order.route.select_related("approver"))
    else:
        visas = approval_sheet_as_of(order, moment)
    log = [entry for entry in transition_log(order) if moment is None or entry.timestamp <= moment]
    user_ids = {version.signed_by_id, version.created_by_id}
    user_ids |= {visa.approver_id for visa in visas} | {entry.by_id for entry in log}
    person_of_user = dict(
        Person.objects.filter(user_id__in=user_ids - {None}).values_list("user_id", "pk")
    )
    people = as_of(
        Person,
        [*person_of_user.values()]
        + [m.mentor_id for m in mentorships]
        + [m.mentee_id for m in mentorships],
        moment,
    )
    for mentorship in mentorships:
        mentorship.mentor, mentorship.mentee = (
            people[mentorship.mentor_id],
            people[mentorship.mentee_id],
        )
    version.issuer = as_of(Organisation, [version.issuer_id], moment)[version.issuer_id]
    return OrderSheetData(
        order=version,
        issuer=version.issuer,
        mentorships=mentorships,
        visas=visas,
        log=log,
        names_by_user={
            pk: people[person_of_user[pk]].short_name
            if pk in person_of_user
            else grammar.user_name(user)
            for pk, user in User.objects.in_bulk(user_ids - {None}).items()
        },
        is_signed=signed is not None,
    )


def mentorships_relying_on_lapsed_status(
    *, on: datetime.date | None = None, mentorships: QuerySet[Mentorship] | None = None
) -> QuerySet[Mentorship]:
    """The running mentorships (active, or being ended) of ``mentorships`` (default: all) whose
    kind relies on the mentor's status (менторство on «Ментор», тьюторство on «Тьютор», 2.1)
    while the mentor holds no such status valid on ``on`` (default: today): suspended,
    revoked or expired. One query, whatever their number; by date, with no job run."""
    on = on or timezone.localdate()
    mentorships = Mentorship.objects.all() if mentorships is None else mentorships
    lapsed = Q()
    for kind, status in REGION_WIDE_MENTOR_STATUS.items():
        valid = Certificate.objects.valid_on(on).filter(
            person_id=OuterRef("mentor_id"), kind=status
        )
        lapsed |= Q(kind=kind) & ~Q(Exists(valid))
    running = Q(state=MentorshipState.ACTIVE) | Q(
        state=MentorshipState.TERMINATED, ended_on__gte=on
    )
    return mentorships.filter(running).filter(lapsed)


@dataclass(frozen=True)
class ConsentTerms:
    """What a person's consent in force says (152-ФЗ art. 10.1): its date, what it lets the
    registry publish besides the name, and the conditions and prohibitions the person set."""

    given_on: datetime.date
    published: list[str]
    conditions: str
    has_scan: bool


def consent_terms(person_id: int, on: datetime.date | None = None) -> ConsentTerms | None:
    """The terms of the person's consent to publication in force on ``on`` (default: today),
    for the registry to say what it publishes and on what conditions; ``None`` without one."""
    on = on or timezone.localdate()
    consent = PublicationConsent.objects.live_on(on).filter(person_id=person_id).first()
    if consent is None:
        return None
    return ConsentTerms(
        given_on=consent.given_on,
        published=consent.published_fields,
        conditions=consent.conditions,
        has_scan=bool(consent.scan),
    )


def organisation_head(organisation: Organisation) -> Person | None:
    """The person who heads ``organisation``: the one active account of its staff with the
    head's role. ``None`` when there is none or more than one (an acting head beside the head),
    so that a paper leaves the name to be written in rather than guess whose it is."""
    heads = list(
        Person.objects.filter(
            organisation=organisation, user__is_active=True, user__groups__name=Role.ORG_HEAD
        ).distinct()[:2]
    )
    return heads[0] if len(heads) == 1 else None
