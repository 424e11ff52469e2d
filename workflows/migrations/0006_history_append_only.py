from django.db import migrations

from workflows import history


def protect(apps, schema_editor):
    history.protect(schema_editor.connection)


def unprotect(apps, schema_editor):
    history.unprotect(schema_editor.connection)


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE and DELETE on history and transition-log rows (a no-op on
    SQLite); see workflows/history.py."""

    dependencies = [
        ("workflows", "0005_history_reason_text"),
        ("django_fsm_log", "__latest__"),
    ]

    operations = [migrations.RunPython(protect, unprotect, elidable=False)]
