"""Who may act for which organisation, and who may see which people.

Every queryset that lists domain objects goes through :func:`scope_to_organisations`, so a
user never sees, let alone changes, another organisation's documents. People are narrowed
further by :func:`scope_to_people`: a mentor or a mentee needs only the other side of their
own cases, not the school's staff directory.
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from workflows.choices import REGION_WIDE_MENTOR_STATUS, Role
from workflows.models.directory import Organisation

# Municipal and regional bodies work across every organisation of the municipality.
MUNICIPAL_ROLES = frozenset({Role.CENTER, Role.DEPARTMENT, Role.REGISTRAR})
# These roles act only within the organisation the user's person works in.
ORGANISATION_ROLES = frozenset({Role.CURATOR, Role.ORG_HEAD, Role.MENTOR, Role.MENTEE})

_ROLES_CACHE = "_portal_roles"


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The role codes of ``user`` (its group names that are roles), cached on the object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(names & set(Role.values))
        setattr(user, _ROLES_CACHE, cached)
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether ``user`` holds any of ``roles``."""
    return bool(user_roles(user) & set(roles))


def is_municipal(user: User | AnonymousUser) -> bool:
    """Superusers and municipal bodies act for every organisation."""
    return user.is_authenticated and (user.is_superuser or has_role(user, *MUNICIPAL_ROLES))


def own_organisation_id(user: User | AnonymousUser) -> int | None:
    """The organisation of the person linked to ``user``, if any."""
    if not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person.organisation_id if person else None


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


def may_act_for(user: User | AnonymousUser, organisation_id: int | None) -> bool:
    """Whether ``user`` may act for the organisation with ``organisation_id``."""
    if organisation_id is None:
        return False
    if is_municipal(user):
        return True
    return has_role(user, *ORGANISATION_ROLES) and own_organisation_id(user) == organisation_id


def own_person_id(user: User | AnonymousUser) -> int | None:
    """The person record linked to ``user``, if any."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person else None


def sees_whole_organisation(user: User | AnonymousUser) -> bool:
    """Curators, heads and municipal bodies see every mentorship of their scope."""
    return is_municipal(user) or has_role(user, Role.CURATOR, Role.ORG_HEAD)


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


def may_see_mentorship(user: User | AnonymousUser, mentorship) -> bool:
    """The single-object form of :func:`scope_to_mentorships`, without a query."""
    if sees_whole_organisation(user):
        return may_act_for(user, mentorship.organisation_id)
    person_id = own_person_id(user)
    return (
        person_id is not None
        and has_role(user, Role.MENTOR, Role.MENTEE)
        and person_id in (mentorship.mentor_id, mentorship.mentee_id)
    )


def may_see_consent_scan(user: User | AnonymousUser, mentorship) -> bool:
    """Whether ``user`` may open the mentor's signed consent of ``mentorship``.

    Those who see the mentorship and have a use for the paper: the school's curator and head
    (the head checks it before signing the order), the municipal bodies that oversee the case
    files, and the mentor, whose own paper it is. Not the mentee: it carries the mentor's
    signature and personal data, and the mentee's part is their own consent.
    """
    if sees_whole_organisation(user):
        return may_act_for(user, mentorship.organisation_id)
    return has_role(user, Role.MENTOR) and own_person_id(user) == mentorship.mentor_id


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


def may_see_candidate(user: User | AnonymousUser, person) -> bool:
    """The single-object form of :func:`scope_to_candidates` for the document's person."""
    if sees_whole_organisation(user):
        return may_act_for(user, person.organisation_id)
    return own_person_id(user) == person.pk


def _partners_q(person_id: int, via: str = "") -> Q:
    """People on the other side of the mentorships of the person ``person_id`` (either side)."""
    # Imported here: the models import this module (permissions) before Mentorship exists.
    from workflows.models import Mentorship

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


# What a mentor or a mentee reads of the other side of their case: who they are and how to
# reach them. Experience dates, the reserve flag and the login stay with the staff who keep
# the records.
PARTNER_FIELDS = frozenset({"surname", "name", "patronymic", "organisation", "position", "email"})


def visible_person_fields(user: User | AnonymousUser, person, fields) -> list[str]:
    """Those of ``fields`` of ``person`` (already in the user's scope) that ``user`` may read."""
    if sees_whole_organisation(user) or person.pk == own_person_id(user):
        return list(fields)
    return [name for name in fields if name in PARTNER_FIELDS]


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
