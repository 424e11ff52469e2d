"""History that cannot be rewritten: on PostgreSQL the history and transition-log tables refuse
UPDATE and DELETE, so even a bug or a hand-typed query cannot change what was recorded.

The tables are found from the models, not listed: every simple-history table and django-fsm-log's
``StateLog``, including those of documents added later. The migration that introduced this
installs the triggers; ``post_migrate`` installs them on tables that later migrations create.
SQLite has no such triggers here: there the rule rests on the code (no ``update()`` on tracked
models, checked by a test).
"""

from django.apps import apps
from django.db import connections

from django_fsm_log.models import StateLog
from simple_history.models import HistoricalChanges

FUNCTION = "refuse_history_rewrite"
TRIGGER = "history_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def history_tables() -> list[str]:
    """The tables of every historical model and of the transition log."""
    models = [m for m in apps.get_models() if issubclass(m, HistoricalChanges)] + [StateLog]
    return sorted(model._meta.db_table for model in models)


def protect(connection) -> None:
    """Install the refusing trigger on every history table that exists (idempotent)."""
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        for table in history_tables():
            if table in existing:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "
                    f"{quote(table)} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                )


def protect_after_migrate(using, **_kwargs) -> None:
    protect(connections[using])
