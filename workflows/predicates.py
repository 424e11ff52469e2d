"""Who holds which role and may act for which organisation: pure checks on a user and ids.

Nothing here reads a model class, so the models' permissions and conditions can use these
checks without importing the modules that define the models (:mod:`workflows.scoping` builds
the querysets on top of them). The only database read is the user's own groups, once per
request object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

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


def may_see_mentorship(user: User | AnonymousUser, mentorship) -> bool:
    """The single-object form of :func:`workflows.scoping.scope_to_mentorships`, without a query."""
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


def may_see_candidate(user: User | AnonymousUser, person) -> bool:
    """The single-object form of :func:`workflows.scoping.scope_to_candidates` (the person)."""
    if sees_whole_organisation(user):
        return may_act_for(user, person.organisation_id)
    return own_person_id(user) == person.pk


# What a mentor or a mentee reads of the other side of their case: who they are and how to
# reach them. Experience dates, the reserve flag and the login stay with the staff who keep
# the records.
PARTNER_FIELDS = frozenset({"surname", "name", "patronymic", "organisation", "position", "email"})


def visible_person_fields(user: User | AnonymousUser, person, fields) -> list[str]:
    """Those of ``fields`` of ``person`` (already in the user's scope) that ``user`` may read."""
    if sees_whole_organisation(user) or person.pk == own_person_id(user):
        return list(fields)
    return [name for name in fields if name in PARTNER_FIELDS]
