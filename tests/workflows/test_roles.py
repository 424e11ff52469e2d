from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page

import pytest

from workflows.choices import Role
from workflows.roles import ensure_roles

pytestmark = pytest.mark.django_db


def page_permissions(role):
    return set(
        GroupPagePermission.objects.filter(group__name=role).values_list(
            "permission__codename", flat=True
        )
    )


def test_every_role_of_the_domain_is_a_group_with_admin_access(roles):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    for role in Role:
        assert roles[role].permissions.filter(codename="access_admin").exists(), role


def test_editors_write_pages_but_only_moderators_publish(roles):
    assert page_permissions(Role.EDITOR) == {"add_page", "change_page"}
    assert "publish_page" in page_permissions(Role.MODERATOR)
    root = Page.get_first_root_node()
    assert all(p.page_id == root.pk for p in GroupPagePermission.objects.all())


def test_ensure_roles_twice_changes_nothing_and_repairs_drift(roles):
    editor = Group.objects.get(name=Role.EDITOR)
    editor.permissions.add(Permission.objects.get(codename="delete_person"))
    counts = (Group.objects.count(), GroupPagePermission.objects.count())

    ensure_roles()
    ensure_roles()

    assert (Group.objects.count(), GroupPagePermission.objects.count()) == counts
    assert not editor.permissions.filter(codename="delete_person").exists()


def test_only_the_department_maintains_organisations(roles):
    can_add = {
        group.name for group in Group.objects.filter(permissions__codename="add_organisation")
    }
    assert can_add == {Role.DEPARTMENT}
