"""The README's production recipe under real gunicorn: several workers, one truth.

Issue 11, item 3: with `gunicorn --workers 3` and no REDIS_URL every worker kept its own page
cache, so a withdrawn consent stayed public in the other workers for up to five minutes.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.portal.test_settings import PRODUCTION_ENV, ROOT

WORKERS = 3
SURNAME = "Отзываемая"
# Enough requests that the kernel hands some to every worker; the loops stop earlier once
# each worker has answered.
MAX_REQUESTS = 300

CREATE_LISTED_PERSON = f"""
import datetime
from django.utils import timezone
from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory

holder = PersonFactory(surname="{SURNAME}")
PublicationConsentFactory(person=holder)
CertificateFactory(person=holder, issued_on=timezone.localdate() - datetime.timedelta(days=30))
"""

WITHDRAW_CONSENT = f"""
from tests.factories import UserFactory
from workflows.models import PublicationConsent
from workflows.roles import ensure_roles
from workflows.services import consent_withdraw

ensure_roles()
registrar = UserFactory(roles=["registrar"])
consent = PublicationConsent.objects.get(person__surname="{SURNAME}")
consent_withdraw(consent=consent, user=registrar)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database: Path, **extra) -> dict:
    """The production profile on a SQLite file, as the README runs it: no REDIS_URL."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    return {
        **inherited,
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "tests.portal.served_settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_FILE": str(database),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


class Server:
    """gunicorn on a free loopback port; requests arrive as nginx would pass them."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, the worker's pid and the body of one request on a fresh connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                "GET", path, headers={"X-Forwarded-Proto": "https", "Connection": "close"}
            )
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, response.getheader("X-Worker-Pid", ""), body
        finally:
            connection.close()

    def wait_until_up(self) -> None:
        # Starting Django in three workers on a busy machine: no fixed delay, just poll.
        for _ in range(600):
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited: {self.process.stderr.read()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("gunicorn did not answer /healthz")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def database(tmp_path) -> Path:
    """A migrated SQLite file holding one listed person, whatever database the suite uses."""
    path = tmp_path / "served.sqlite3"
    env = server_env(path)
    manage(env, "migrate", "--no-input")
    manage(env, "shell", "-c", CREATE_LISTED_PERSON)
    return path


def answers_from_every_worker(server: Server, path: str, times: int) -> dict[str, list[str]]:
    """Request ``path`` until each worker has answered ``times`` times; bodies by worker pid."""
    bodies: dict[str, list[str]] = {}
    for _ in range(MAX_REQUESTS):
        status, pid, body = server.get(path)
        assert status == 200, body
        bodies.setdefault(pid, []).append(body)
        if len(bodies) == WORKERS and all(len(seen) >= times for seen in bodies.values()):
            break
    assert len(bodies) == WORKERS, f"only workers {sorted(bodies)} answered"
    return bodies


def test_a_withdrawal_leaves_the_registry_of_every_gunicorn_worker_at_once(database):
    env = server_env(database)
    server = Server(env, workers=WORKERS)
    try:
        server.wait_until_up()
        # Each worker renders the page, then (if it caches) answers from its cache.
        before = answers_from_every_worker(server, "/registry/", times=3)
        assert all(SURNAME in body for bodies in before.values() for body in bodies)

        # Another process withdraws, as another worker (or the admin's) would.
        manage(env, "shell", "-c", WITHDRAW_CONSENT)

        after = answers_from_every_worker(server, "/registry/", times=1)
        stale = {pid: sum(SURNAME in body for body in bodies) for pid, bodies in after.items()}
        assert stale == dict.fromkeys(after, 0)
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "django.core.cache.backends.dummy.DummyCache"),
        ("redis://127.0.0.1:6379/0", "portal.cache.SharedRedisCache"),
    ],
)
def test_production_keeps_no_page_cache_in_process_memory(redis_url, backend):
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['pages']['BACKEND'], settings.CACHES['pages'].get('LOCATION'))"
    )
    env = {**server_env(Path("unused.sqlite3"), REDIS_URL=redis_url)}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == backend
