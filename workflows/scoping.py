"""Who may act for which organisation, and who may see which people.

Every queryset that lists domain objects goes through :func:`scope_to_organisations`, so a
user never sees, let alone changes, another organisation's documents. People are narrowed
further by :func:`scope_to_people`: a mentor or a mentee needs only the other side of their
own cases, not the school's staff directory. The checks on a user alone (roles, the
organisation one acts for, what one may see of a given object) are in
:mod:`workflows.predicates`, which the models' permissions use without importing models.
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from workflows.choices import REGION_WIDE_MENTOR_STATUS, Role
from workflows.models import Mentorship, OrderVisa, Organisation
from workflows.predicates import (
    ORGANISATION_ROLES,
    has_role,
    is_municipal,
    may_act_for,
    own_organisation_id,
    own_person_id,
    sees_whole_organisation,
)


def organisations_for(
    user: User | AnonymousUser, *, inactive: bool = False
) -> QuerySet[Organisation]:
    """The active organisations ``user`` may act for (the inactive ones too with ``inactive``,
    for the directory that reopens them).

    Municipal roles and superusers: all of them. Curators, heads, mentors and mentees: the
    organisation of their own person record. Everyone else (editors, moderators, the public):
    none, because they have no part in the mentoring documents.
    """
    organisations = Organisation.objects.all() if inactive else Organisation.objects.active()
    if is_municipal(user):
        return organisations
    organisation_id = own_organisation_id(user)
    if organisation_id is not None and has_role(user, *ORGANISATION_ROLES):
        return organisations.filter(pk=organisation_id)
    return Organisation.objects.none()


def scope_to_organisations(
    queryset: QuerySet, user: User | AnonymousUser, field: str = "organisation"
) -> QuerySet:
    """Narrow ``queryset`` to the rows whose ``field`` is an organisation ``user`` acts for."""
    if is_municipal(user):
        return queryset
    organisation_id = own_organisation_id(user)
    if organisation_id is None or not has_role(user, *ORGANISATION_ROLES):
        return queryset.none()
    return queryset.filter(**{f"{field}_id": organisation_id})


def scope_to_orders(queryset: QuerySet, user: User | AnonymousUser) -> QuerySet:
    """Narrow orders to those of the organisations ``user`` acts for, and those on whose
    approval sheet the user stands: an approver opens the order they are asked to approve,
    whatever their role or organisation."""
    own = scope_to_organisations(queryset, user, "issuer")
    if not user.is_authenticated or is_municipal(user):
        return own
    on_sheet = OrderVisa.objects.filter(approver_id=user.pk).values("order_id")
    return queryset.filter(Q(pk__in=own.values("pk")) | Q(pk__in=on_sheet))


def may_see_order(user: User | AnonymousUser, order) -> bool:
    """The single-object form of :func:`scope_to_orders`."""
    if may_act_for(user, order.issuer_id):
        return True
    return user.is_authenticated and order.route.filter(approver_id=user.pk).exists()


def scope_to_mentorships(queryset: QuerySet, user: User | AnonymousUser, via: str = "") -> QuerySet:
    """Narrow mentorships (or documents reached ``via`` a mentorship relation) to ``user``.

    Curators and heads see their organisation's; mentors and mentees only their own.
    """
    if sees_whole_organisation(user):
        return scope_to_organisations(queryset, user, f"{via}organisation")
    person_id = own_person_id(user)
    if person_id is None or not has_role(user, Role.MENTOR, Role.MENTEE):
        return queryset.none()
    return queryset.filter(
        Q(**{f"{via}mentor_id": person_id}) | Q(**{f"{via}mentee_id": person_id})
    )


def scope_to_candidates(queryset: QuerySet, user: User | AnonymousUser, via: str = "person"):
    """Narrow status documents (reached ``via`` their person) to what ``user`` may see.

    Municipal bodies see every one; curators and heads their organisation's; anyone else
    only their own.
    """
    if sees_whole_organisation(user):
        return scope_to_organisations(queryset, user, f"{via}__organisation")
    person_id = own_person_id(user)
    if person_id is None:
        return queryset.none()
    return queryset.filter(**{f"{via}_id": person_id})


def _partners_q(person_id: int, via: str = "") -> Q:
    """People on the other side of the mentorships of the person ``person_id`` (either side)."""
    own = Mentorship.objects.filter(Q(mentor_id=person_id) | Q(mentee_id=person_id))
    return (
        Q(**{f"{via}pk": person_id})
        | Q(**{f"{via}pk__in": own.values("mentor_id")})
        | Q(**{f"{via}pk__in": own.values("mentee_id")})
    )


def scope_to_people(queryset: QuerySet, user: User | AnonymousUser, via: str = "") -> QuerySet:
    """Narrow people (or rows reached ``via`` a person relation) to the directory of ``user``.

    Municipal bodies see everyone; curators and heads their organisation's staff; a mentor or a
    mentee only themselves and the people of their own mentorships (least privilege: the
    staff's experience, reserve flag and e-mail are not theirs to read); anyone else nobody.
    """
    if sees_whole_organisation(user):
        return scope_to_organisations(queryset, user, f"{via}organisation")
    person_id = own_person_id(user)
    if person_id is None or not has_role(user, Role.MENTOR, Role.MENTEE):
        return queryset.none()
    return queryset.filter(_partners_q(person_id, via))


def may_see_person(user: User | AnonymousUser, person) -> bool:
    """The single-object form of :func:`scope_to_people` (one query for mentors and mentees)."""
    if sees_whole_organisation(user):
        return may_act_for(user, person.organisation_id)
    person_id = own_person_id(user)
    if person_id is None or not has_role(user, Role.MENTOR, Role.MENTEE):
        return False
    if person.pk == person_id:
        return True
    return type(person).objects.filter(_partners_q(person_id), pk=person.pk).exists()


def may_see_party(user: User | AnonymousUser, mentorship, person) -> bool:
    """Whether ``user``, who sees ``mentorship``, may see ``person`` as a side of it (to print
    their consent, say): someone of the user's directory, or the mentor of a kind whose mentor
    may come from another organisation (2.1), where choosing an outsider is the rule."""
    if may_see_person(user, person):
        return True
    return person.pk == mentorship.mentor_id and mentorship.kind in REGION_WIDE_MENTOR_STATUS


# How the rows of each model of the domain are narrowed to a user, as the model's admin says
# (``ScopedModelAdmin`` registers its ``scope_queryset``). Views that show those objects
# indirectly, such as Wagtail's site history, ask the same rule instead of repeating it.
Narrowing = Callable[[QuerySet, User | AnonymousUser], QuerySet]
_MODEL_SCOPES: dict[type, Narrowing] = {}


def register_scope(model: type, narrow: Narrowing) -> None:
    """Declare how the rows of ``model`` are narrowed to a user (one rule per model)."""
    _MODEL_SCOPES[model] = narrow


def scope_log_entries(queryset: QuerySet, user: User | AnonymousUser) -> QuerySet:
    """Narrow Wagtail's model log entries to those about objects ``user`` may see.

    An entry about a mentoring object (any model of this app) is kept only if the object is
    in the user's scope by its model's own rule, so the site history shows no more than the
    history views of the objects the user may open. Municipal bodies see every organisation,
    so nothing is narrowed for them (entries of deleted objects included). For anyone else an
    entry is dropped when its object no longer exists or its model declares no rule: what
    cannot be placed in an organisation is not shown (fail closed). Entries about other apps'
    objects are left to Wagtail's own rule (a permission on their type).
    """
    if is_municipal(user):
        return queryset
    domain_types = ContentType.objects.filter(app_label=Organisation._meta.app_label)
    visible = ~Q(content_type_id__in=domain_types.values("pk"))
    for model, narrow in _MODEL_SCOPES.items():
        object_ids = (
            narrow(model._default_manager.all(), user)
            .annotate(log_object_id=Cast("pk", CharField()))
            .values("log_object_id")
        )
        visible |= Q(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id__in=object_ids,
        )
    return queryset.filter(visible)
