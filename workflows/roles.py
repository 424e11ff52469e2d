"""The roles of DOMAIN.md as Django groups, with their admin access and model permissions.

The spec below is the single source of truth; :func:`ensure_roles` makes the database match
it and can run any number of times (``manage.py setup_roles``, ``load_demo``).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from workflows.choices import Role

ADMIN_ACCESS = "wagtailadmin.access_admin"

DIRECTORY_VIEW = ["workflows.view_organisation", "workflows.view_person"]
DIRECTORY_EDIT = [*DIRECTORY_VIEW, "workflows.add_person", "workflows.change_person"]

MENTORSHIPS_VIEW = ["workflows.view_mentorship"]
MENTORSHIPS_DRAFT = [*MENTORSHIPS_VIEW, "workflows.add_mentorship", "workflows.change_mentorship"]
ORDERS_VIEW = ["workflows.view_order"]
ORDERS_DRAFT = [*ORDERS_VIEW, "workflows.add_order", "workflows.change_order"]
CALENDAR_VIEW = ["workflows.view_calendaroverride"]
# Everyone who may nominate (or be) a candidate drafts applications and sees certificates;
# scoping narrows what each of them sees.
STATUSES_APPLY = [
    "workflows.view_statusapplication",
    "workflows.add_statusapplication",
    "workflows.change_statusapplication",
    "workflows.view_certificate",
]
CONSENTS_KEEP = [
    "workflows.view_publicationconsent",
    "workflows.add_publicationconsent",
    "workflows.change_publicationconsent",
]
CASE_VIEW = [
    "workflows.view_individualplan",
    "workflows.view_report",
    "workflows.view_questionnaire",
    "workflows.view_replacementrequest",
]
# Plans, reports and questionnaires open with the mentorship; their authors fill them in.
PLAN_EDIT = ["workflows.view_individualplan", "workflows.change_individualplan"]
REPORT_EDIT = ["workflows.view_report", "workflows.change_report"]
QUESTIONNAIRE_EDIT = ["workflows.view_questionnaire", "workflows.change_questionnaire"]
REPLACEMENT_ASK = ["workflows.view_replacementrequest", "workflows.add_replacementrequest"]

MODEL_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: [],
    Role.MODERATOR: [],
    Role.CURATOR: [
        *DIRECTORY_EDIT,
        *MENTORSHIPS_DRAFT,
        *ORDERS_DRAFT,
        *CALENDAR_VIEW,
        *STATUSES_APPLY,
        *CASE_VIEW,
        "workflows.change_individualplan",  # the curator co-develops the plan (4.1)
    ],
    Role.ORG_HEAD: [
        *DIRECTORY_EDIT,
        *MENTORSHIPS_DRAFT,
        *ORDERS_DRAFT,
        *CALENDAR_VIEW,
        *STATUSES_APPLY,
        *CASE_VIEW,
    ],
    # The mentor does not see the mentee's questionnaire, nor a request to replace them.
    Role.MENTOR: [*DIRECTORY_VIEW, *MENTORSHIPS_VIEW, *STATUSES_APPLY, *PLAN_EDIT, *REPORT_EDIT],
    Role.MENTEE: [
        *DIRECTORY_VIEW,
        *MENTORSHIPS_VIEW,
        "workflows.view_individualplan",
        "workflows.view_report",
        *QUESTIONNAIRE_EDIT,
        *REPLACEMENT_ASK,
    ],
    Role.CENTER: [
        *DIRECTORY_VIEW,
        *MENTORSHIPS_VIEW,
        *ORDERS_VIEW,
        *CALENDAR_VIEW,
        *STATUSES_APPLY,
        *CASE_VIEW,
    ],
    Role.DEPARTMENT: [
        *DIRECTORY_EDIT,
        "workflows.add_organisation",
        "workflows.change_organisation",
        *MENTORSHIPS_VIEW,
        *ORDERS_DRAFT,
        *CALENDAR_VIEW,
        "workflows.add_calendaroverride",
        "workflows.change_calendaroverride",
        *STATUSES_APPLY,
    ],
    Role.REGISTRAR: [*DIRECTORY_EDIT, *ORDERS_DRAFT, *STATUSES_APPLY, *CONSENTS_KEEP],
}

# Page permissions at the root of the page tree (Wagtail inherits them downwards).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: ["add_page", "change_page"],
    Role.MODERATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Collection permissions at the root collection, for images and documents of pages.
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS: dict[str, list[str]] = {Role.EDITOR: _MEDIA, Role.MODERATOR: _MEDIA}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create or update the role groups so their permissions are exactly the spec's."""
    groups = {}
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(
            [_permission(ADMIN_ACCESS)] + [_permission(name) for name in MODEL_PERMISSIONS[role]]
        )
        wanted_pages = {
            _permission(f"wagtailcore.{codename}").pk for codename in PAGE_PERMISSIONS.get(role, [])
        }
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission_id__in=wanted_pages
        ).delete()
        for permission_id in wanted_pages:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission_id=permission_id
            )
        wanted_collections = {_permission(name).pk for name in COLLECTION_PERMISSIONS.get(role, [])}
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission_id__in=wanted_collections
        ).delete()
        for permission_id in wanted_collections:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission_id=permission_id
            )
        groups[role.value] = group
    return groups
