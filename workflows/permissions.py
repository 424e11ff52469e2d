"""Transition permissions: ``(document, user)`` callables that check role *and* scope.

Each permission can also say in words who holds it, so the document page tells who acts next.
The permissions that more than one document uses are defined once, at the bottom; this module
imports no models, so the model modules import it freely.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from workflows.choices import Role
from workflows.predicates import has_role, may_act_for

Permission = Callable[[object, object], bool]
SCHOOL_STAFF = (Role.CURATOR, Role.ORG_HEAD)

# A permission may say which roles can ever hold it (``permission.roles``, a frozenset) and
# give its queryset form (``permission.narrow(queryset, user)``: the documents on which the
# user may hold it, or a superset), so that a list of what waits for a user is built with
# queries instead of trying every document. Either is optional: without them every role and
# every document in the user's scope are candidates, which is slower but never wrong.
# ``permission.scoped`` says more: for a user who holds one of its roles and sees a whole
# organisation, the model's own scope is exactly the documents on which the user holds it, so
# that list is counted and cut in the database (``narrow.exact`` says the same of a narrow).
# An ``any_of`` is so for a user who holds one of its scoped ``parts``.


def scoped_for(permission: Permission | None, user) -> bool:
    """Whether the user's scope is exactly what ``permission`` allows the user (see above)."""
    parts = getattr(permission, "parts", (permission,))
    return any(getattr(part, "scoped", False) and may_hold(part, user) for part in parts)


def may_hold(permission: Permission | None, user) -> bool:
    """Whether ``user`` has a role that can ever hold ``permission`` (a superuser always)."""
    roles = getattr(permission, "roles", None)
    return roles is None or user.is_superuser or has_role(user, *roles)


def role_labels(roles) -> str:
    return _(" or ").join(str(Role(role).label).lower() for role in roles)


def role_in_organisation(*roles: str, organisation: str = "organisation_id") -> Permission:
    """Users holding one of ``roles`` who act for the document's organisation."""

    def check(document, user) -> bool:
        if user.is_superuser:
            return True
        return has_role(user, *roles) and may_act_for(user, getattr(document, organisation))

    check.describe = lambda document: role_labels(roles)
    check.roles = frozenset(roles)
    check.scoped = True
    return check


def the_person(field: str, role: str) -> Permission:
    """The user whose person is ``document.<field>`` and who holds ``role``."""

    def check(document, user) -> bool:
        person = getattr(user, "person", None) if user.is_authenticated else None
        return (
            person is not None
            and has_role(user, role)
            and person.pk == getattr(document, f"{field}_id")
        )

    def describe(document) -> str:
        return f"{role_labels([role])} ({getattr(document, field).short_name})"

    check.describe = describe
    check.roles = frozenset({role})
    return check


def described(text: Callable[[object], str]) -> Callable[[Permission], Permission]:
    """Attach a description of who holds a hand-written permission."""

    def wrap(permission: Permission) -> Permission:
        permission.describe = text
        return permission

    return wrap


def who_holds(permission: Permission | None, document) -> str:
    """Who may take a transition guarded by ``permission``, in words."""
    describe = getattr(permission, "describe", None)
    return describe(document) if describe else _("anyone with access")


def any_of(*permissions: Permission) -> Permission:
    """Allowed when any of ``permissions`` allows."""

    def check(document, user) -> bool:
        return any(permission(document, user) for permission in permissions)

    check.describe = lambda document: _(" or ").join(who_holds(p, document) for p in permissions)
    roles = [getattr(p, "roles", None) for p in permissions]
    check.roles = None if None in roles else frozenset().union(*roles)
    check.parts = permissions
    return check


# Who acts on the documents, one definition each.
head = role_in_organisation(Role.ORG_HEAD)
centre = role_in_organisation(Role.CENTER)
department = role_in_organisation(Role.DEPARTMENT)
registrar = role_in_organisation(Role.REGISTRAR)
school_staff = role_in_organisation(*SCHOOL_STAFF)
the_mentor = the_person("mentor", Role.MENTOR)
the_mentee = the_person("mentee", Role.MENTEE)
# A side consents in the portal, or the curator records the signed paper on their behalf.
mentor_or_staff = any_of(the_mentor, school_staff)
mentee_or_staff = any_of(the_mentee, school_staff)
# The mentor develops the plan together with the organisation's curator (4.1).
mentor_or_curator = any_of(the_mentor, role_in_organisation(Role.CURATOR))


def superuser(document, user) -> bool:
    """Only a superuser: joined to a person's own permission where nobody else may act."""
    return user.is_superuser


superuser.roles = frozenset()

# Who keeps what outside transitions (the services of workflows.services check these).
may_draft_mentorships = role_in_organisation(Role.CURATOR, Role.ORG_HEAD)
may_draft_orders = role_in_organisation(
    Role.CURATOR, Role.ORG_HEAD, Role.DEPARTMENT, Role.REGISTRAR, organisation="issuer_id"
)
may_keep_consents = registrar
may_keep_directory = role_in_organisation(
    Role.CURATOR, Role.ORG_HEAD, Role.DEPARTMENT, Role.REGISTRAR
)
