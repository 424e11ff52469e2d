"""Trigram indexes for the public registry's search (issue 16): on PostgreSQL only.

``pg_trgm`` lets the search forgive a typo in a name (word similarity) and serves ``LIKE
'%word%'`` from a GIN index instead of reading every name. SQLite has neither; there the
search stays an exact substring match and this migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "workflows_person_search_name_trgm": ("workflows_person", "search_name"),
    "workflows_certificate_search_direction_trgm": ("workflows_certificate", "search_direction"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP EXTENSION IF EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0009_mentee_basis_and_appointment")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
