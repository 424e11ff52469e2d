from django.db import migrations

# A snapshot of what workflows/history.py did when this migration was written: a migration must
# not import live code, which changes later while this step must keep producing the same
# database. History tables created by later migrations get the trigger from history.py's
# post_migrate handler, not from here.
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

# Every history table that exists at this point of the migrations, and the transition log.
HISTORY_TABLES = [
    "django_fsm_log_statelog",
    "workflows_historicalcalendaroverride",
    "workflows_historicalcertificate",
    "workflows_historicalindividualplan",
    "workflows_historicalmentorship",
    "workflows_historicalorder",
    "workflows_historicalorganisation",
    "workflows_historicalperson",
    "workflows_historicalpublicationconsent",
    "workflows_historicalquestionnaire",
    "workflows_historicalreplacementrequest",
    "workflows_historicalreport",
    "workflows_historicalstatusapplication",
]


def protect(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        for table in HISTORY_TABLES:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "
                f"{quote(table)} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )


def unprotect(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # CASCADE also drops the triggers that post_migrate put on tables of later migrations.
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE")


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE and DELETE on history and transition-log rows (a no-op on
    SQLite); see workflows/history.py."""

    dependencies = [
        ("workflows", "0005_history_reason_text"),
        ("django_fsm_log", "__latest__"),
    ]

    operations = [migrations.RunPython(protect, unprotect, elidable=False)]
