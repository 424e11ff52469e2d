"""Wagtail's own moderation workflow for pages: editors submit, moderators publish.

Not to be confused with the django-fsm documents of ``workflows/``.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from workflows.choices import Role

WORKFLOW_NAME = "Публикация материалов"
TASK_NAME = "Одобрение модератором"


@transaction.atomic
def ensure_publication_workflow() -> Workflow:
    """Create or repair the publication workflow and assign it to the root of the page tree.

    Idempotent: a run on a database that is already right writes nothing. Expects the role
    groups of ``workflows.roles.ensure_roles``.
    """
    moderators = Group.objects.get(name=Role.MODERATOR)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    if list(task.groups.all()) != [moderators]:
        task.groups.set([moderators])

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if [link.task_id for link in workflow.workflow_tasks.all()] != [task.pk]:
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    # The tree root rather than one site's home page, so every page of every site is covered.
    root = Page.get_first_root_node()
    link = WorkflowPage.objects.filter(page=root).first()
    if link is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif link.workflow_id != workflow.pk:
        link.workflow = workflow
        link.save()
    return workflow
