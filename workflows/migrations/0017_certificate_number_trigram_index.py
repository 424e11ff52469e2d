"""A trigram index on certificate numbers, for verification (issue 16): on PostgreSQL only.

A number is looked up by its longest run of digits (``LIKE '%000123%'``, see
``registry.verification.find_certificate``), which read every certificate (3.7 ms at 20,000);
the GIN index of ``pg_trgm`` (migration 0010) serves it. SQLite keeps the scan.
"""

from django.db import migrations

INDEX = "workflows_certificate_number_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON workflows_certificate "
            "USING gin (number gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0016_mentorship_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
