"""Reads that admin views share: a document's timeline and its versions with diffs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from django_fsm_log.models import StateLog

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
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
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
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        if target is None:
            return str(value)
        # A user is shown by name, as everywhere else in the history.
        return getattr(target, "get_full_name", lambda: "")() or str(target)
    return str(value)
