"""A backup restores whole: pg_dump -Fc, pg_restore into a fresh database, the same rows."""

import subprocess

from django.db import connection

import psycopg
import pytest

from tests.workflows.conftest import sign_through
from workflows.history import history_tables

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNTED = ["workflows_mentorship", "workflows_order", "workflows_person", *history_tables()]


def counts(cursor) -> dict[str, int]:
    result = {}
    for table in COUNTED:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        result[table] = cursor.fetchone()[0]
    return result


def last_history(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT id, state, history_type, history_change_reason, history_date"
        " FROM workflows_historicalmentorship ORDER BY history_id"
    )
    return cursor.fetchall()


def test_pg_dump_and_pg_restore_bring_back_every_row_and_the_history(
    cast, assignment_order, tmp_path
):
    sign_through(assignment_order, cast)
    settings = connection.settings_dict
    server = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    server += ["-U", settings["USER"]]
    restored = f"{settings['NAME']}_restored"
    dump = tmp_path / "portal.dump"
    with connection.cursor() as cursor:
        expected, expected_history = counts(cursor), last_history(cursor)

    subprocess.run(["pg_dump", *server, "-Fc", "-f", dump, settings["NAME"]], check=True)
    subprocess.run(["dropdb", *server, "--if-exists", restored], check=True)
    subprocess.run(["createdb", *server, restored], check=True)
    try:
        subprocess.run(["pg_restore", *server, "--no-owner", "-d", restored, dump], check=True)
        with (
            psycopg.connect(
                host=server[1], port=server[3], user=settings["USER"], dbname=restored
            ) as copy,
            copy.cursor() as cursor,
        ):
            assert counts(cursor) == expected
            assert last_history(cursor) == expected_history
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", restored], check=True)
    assert expected["workflows_historicalmentorship"] >= 5
