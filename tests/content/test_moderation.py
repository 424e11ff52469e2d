import io

from django.core.management import call_command

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState

import pytest

from content.models import MaterialPage
from content.moderation import TASK_NAME, WORKFLOW_NAME, ensure_publication_workflow
from workflows.choices import MentoringKind, Role

pytestmark = pytest.mark.django_db


def draft_material(parent, user) -> MaterialPage:
    page = MaterialPage(title="Черновик", slug="draft", kind=MentoringKind.TUTORING, live=False)
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return page


def test_the_workflow_is_set_up_once_at_the_root_for_the_moderator_group(publication_workflow):
    ensure_publication_workflow()
    call_command("setup_moderation", stdout=io.StringIO())
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    task = GroupApprovalTask.objects.get(name=TASK_NAME)
    assert [group.name for group in task.groups.all()] == [Role.MODERATOR]
    assert [link.task.specific for link in publication_workflow.workflow_tasks.all()] == [task]
    root = WorkflowPage.objects.get(page=Page.get_first_root_node())
    assert root.workflow == publication_workflow


def test_the_workflow_is_repaired_when_someone_changed_it(publication_workflow, roles):
    publication_workflow.active = False
    publication_workflow.save()
    GroupApprovalTask.objects.get(name=TASK_NAME).groups.set([roles[Role.EDITOR]])
    workflow = ensure_publication_workflow()
    assert workflow.active
    assert [g.name for g in GroupApprovalTask.objects.get(name=TASK_NAME).groups.all()] == [
        Role.MODERATOR
    ]


def test_an_editor_can_submit_but_not_publish_and_a_moderator_approves(
    publication_workflow, materials_index, make_user
):
    editor, moderator = make_user(Role.EDITOR), make_user(Role.MODERATOR)
    page = draft_material(materials_index, editor)

    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit()
    assert not editor_perms.can_publish()
    assert editor_perms.can_submit_for_moderation()
    assert page.permissions_for_user(moderator).can_publish()
    assert page.get_workflow() == publication_workflow

    state = publication_workflow.start(page, editor)
    task_state = state.current_task_state.specific
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert task.locked_for_user(page, editor)
    assert "approve" in [name for name, _label, _modal in task.get_actions(page, moderator)]

    task.on_action(task_state, moderator, "approve", comment="Можно публиковать")
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live


def test_a_moderator_rejects_with_a_comment_and_the_page_stays_unpublished(
    publication_workflow, materials_index, make_user
):
    editor, moderator = make_user(Role.EDITOR), make_user(Role.MODERATOR)
    page = draft_material(materials_index, editor)
    state = publication_workflow.start(page, editor)
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="Добавьте план")
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live
    assert state.current_task_state.comment == "Добавьте план"
