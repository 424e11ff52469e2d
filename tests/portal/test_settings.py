import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction

import pytest

from portal.settings.base import database_config

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x7Kp2vQ9mZ4rT8wB3nL6yH1cF5gJ0dS-aE_uI7oP2qR9tV4xW8zC3bN6mK1jG5hD",
    "ALLOWED_HOSTS": "nastavnik.yurga.example",
}


def run_manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_database_url_a_sqlite_file_in_wal_mode_with_immediate_transactions(tmp_path):
    config = database_config(None, tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "db.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5


def test_database_url_selects_postgresql(tmp_path):
    config = database_config("postgres://portal:pw@db.example:5433/yurga", tmp_path / "unused")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("yurga", "db.example", 5433)
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_the_environment_asks_for():
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """A second database alias on a SQLite file, configured exactly as the default would be."""
    alias = "sqlite_file"
    configured = connections.configure_settings(
        {"default": database_config(None, tmp_path / "race.sqlite3")}
    )
    connections.settings[alias] = configured["default"]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_concurrent_sqlite_writers_wait_for_the_lock_instead_of_failing(sqlite_file_alias):
    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("CREATE TABLE visa (id INTEGER PRIMARY KEY, serial INTEGER UNIQUE)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    errors = []

    def writer():
        # Read, then write in one transaction: with deferred transactions two threads both
        # read, and the second one's upgrade to a write lock fails with "database is locked".
        try:
            for _ in range(15):
                with transaction.atomic(using=sqlite_file_alias):
                    cursor = connections[sqlite_file_alias].cursor()
                    cursor.execute("SELECT COALESCE(MAX(serial), 0) FROM visa")
                    next_serial = cursor.fetchone()[0] + 1
                    time.sleep(0.002)  # let the other writers interleave here
                    cursor.execute("INSERT INTO visa (serial) VALUES (%s)", [next_serial])
        except Exception as error:
            errors.append(error)
        finally:
            connections[sqlite_file_alias].close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(serial) FROM visa")
        assert cursor.fetchone() == (60, 60)


def test_interface_is_russian_in_novokuznetsk_time():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Asia/Novokuznetsk"
    assert settings.USE_TZ is True


def test_base_settings_keep_debug_off_unless_asked():
    code = "import portal.settings.base as s; print(s.DEBUG)"
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
