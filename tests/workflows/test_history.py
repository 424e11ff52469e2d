"""History that cannot be rewritten: append-only tables, no empty records, no bulk writes."""

import ast
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction

import pytest
from simple_history.models import HistoricalChanges

from tests.workflows.conftest import consent_both
from workflows.history import history_tables
from workflows.models import Mentorship
from workflows.selectors import transition_log

pytestmark = pytest.mark.django_db


def test_a_save_that_changes_nothing_writes_no_history(draft_mentorship):
    before = draft_mentorship.history.count()
    Mentorship.objects.get(pk=draft_mentorship.pk).save()
    assert draft_mentorship.history.count() == before


def test_each_transition_still_writes_exactly_one_record(draft_mentorship, cast):
    before = draft_mentorship.history.count()
    consent_both(draft_mentorship, cast)
    assert draft_mentorship.history.count() == before + 3
    assert len(transition_log(draft_mentorship)) == 3


def test_every_history_table_and_the_transition_log_are_covered():
    tables = history_tables()
    assert "django_fsm_log_statelog" in tables
    assert "workflows_historicalmentorship" in tables and "workflows_historicalorder" in tables


# A text column of each table, for the UPDATE.
COLUMNS = {
    "workflows_historicalmentorship": "history_change_reason",
    "django_fsm_log_statelog": "description",
}


@pytest.mark.postgres_only
@pytest.mark.parametrize("table", COLUMNS)
@pytest.mark.parametrize("statement", ["UPDATE {table} SET {column} = 'x'", "DELETE FROM {table}"])
def test_postgresql_refuses_to_rewrite_or_delete_history(draft_mentorship, cast, table, statement):
    consent_both(draft_mentorship, cast)
    sql = statement.format(table=table, column=COLUMNS[table])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(sql)
    assert len(transition_log(draft_mentorship)) == 3
    assert draft_mentorship.history.count() == 4


def tracked_model_names() -> set[str]:
    from django.apps import apps

    return {
        model.instance_type.__name__
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    }


def test_no_bulk_update_of_a_tracked_model_in_the_code():
    """``update()`` and ``bulk_update()`` bypass ``save()`` and so the history: forbidden on
    every model with a history, anywhere in the application's code."""
    tracked = tracked_model_names()
    offences = []
    for package in ("workflows", "content", "registry", "portal"):
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("update", "bulk_update")
                ):
                    continue
                names = {n.id for n in ast.walk(node.func.value) if isinstance(n, ast.Name)}
                if node.func.attr == "bulk_update" or names & tracked:
                    offences.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert offences == []
