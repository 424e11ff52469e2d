"""Two app servers behind nginx, sharing one PostgreSQL and one Redis (issue 16, point 6).

Started here, on 127.0.0.1 high ports: two gunicorn servers of the production profile over
one PostgreSQL database of their own and one Redis database, and nginx (Debian's package,
`make nginx-deps`) passing requests to both in turn, as a region would deploy them. What
one server learns, the other must know on the very next request: a published change, the
count of a rate limit, a lock-out.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
import redis

from content.management.commands.bench import Client
from tests.portal.test_deployment import Server, free_port, manage, server_env
from tests.portal.test_settings import ROOT

pytestmark = pytest.mark.two_servers

PG = os.environ.get("TWO_SERVERS_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("TWO_SERVERS_REDIS", "redis://127.0.0.1:6379/14")
SURNAME = "Двухсерверная"
PASSWORD = "two-servers-Pa55"
VERIFY_LIMIT = 4
FAILURE_LIMIT = 3

SETUP = f"""
import datetime
from django.utils import timezone
from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory
from tests.factories import UserFactory
from workflows.roles import ensure_roles

ensure_roles()
holder = PersonFactory(surname="{SURNAME}")
PublicationConsentFactory(person=holder)
certificate = CertificateFactory(
    person=holder, number="42-ДВА-1", issued_on=timezone.localdate() - datetime.timedelta(days=30)
)
registrar = UserFactory(username="registrar2", roles=["registrar"])
registrar.set_password("{PASSWORD}")
registrar.save()
print(certificate.pk)
"""

NGINX = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream portal {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def psql_args() -> list[str]:
    user, _, address = PG.removeprefix("postgres://").partition("@")
    host, _, port = address.partition(":")
    return ["-h", host, "-p", port or "5432", "-U", user]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Ports of server A, server B and nginx in front of both, running until the module ends."""
    directory = tmp_path_factory.mktemp("two-servers")
    database = f"yurga_two_servers_{os.getpid()}"
    subprocess.run(["dropdb", *psql_args(), "--if-exists", database], check=True)
    subprocess.run(["createdb", *psql_args(), database], check=True)
    redis.Redis.from_url(REDIS).flushdb()
    env = server_env(
        directory / "unused.sqlite3",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=REDIS,
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXIES="127.0.0.1",
        REGISTRY_VERIFY_LIMIT=str(VERIFY_LIMIT),
        AXES_FAILURE_LIMIT=str(FAILURE_LIMIT),
    )
    processes = []
    try:
        manage(env, "migrate", "--no-input")
        made = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        servers = [Server(env, workers=2), Server(env, workers=2)]
        processes += [server.process for server in servers]
        for server in servers:
            server.wait_until_up()
        port = free_port()
        config = directory / "nginx.conf"
        a, b = (server.port for server in servers)
        config.write_text(NGINX.format(dir=directory, a=a, b=b, port=port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        processes.append(subprocess.Popen([nginx, "-p", str(directory), "-c", str(config)]))
        for _ in range(100):
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield a, b, port, int(made.stdout.split()[-1])
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        subprocess.run(["dropdb", *psql_args(), "--if-exists", database], check=False)


def registry(port: int) -> str:
    return Client(port).request("GET", "/registry/")[1].decode()


def log_in(port: int, password: str) -> tuple[Client, int]:
    """A browser that signed in (or tried to) as the registrar; the status of the attempt."""
    client = Client(port)
    client.request("GET", "/admin/login/")
    status, _ = client.request(
        "POST",
        "/admin/login/",
        {
            "username": "registrar2",
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    return client, status


def test_a_change_through_one_server_shows_through_the_other_at_once(stack):
    a, b, _nginx, certificate = stack
    assert SURNAME in registry(a) and SURNAME in registry(b)  # now cached, in Redis
    registrar, signed_in = log_in(a, PASSWORD)
    assert signed_in == 302
    status, _ = registrar.request(
        "POST",
        f"/admin/workflows/certificate/transition/{certificate}/suspend/",
        {"comment": "проверка", "csrfmiddlewaretoken": registrar.cookies["csrftoken"]},
    )
    assert status == 302
    assert SURNAME not in registry(b)


def test_a_rate_limit_counts_requests_to_both_servers(stack):
    _a, _b, nginx, _certificate = stack
    client = Client(nginx)
    answers, upstreams = [], set()
    for _ in range(VERIFY_LIMIT + 1):
        client.connection.request("GET", "/registry/verify/?number=42-%D0%94%D0%92%D0%90-1")
        response = client.connection.getresponse()
        response.read()
        answers.append(response.status)
        upstreams.add(response.getheader("X-Upstream"))
    assert len(upstreams) == 2  # nginx passed the requests to both servers
    assert answers == [200] * VERIFY_LIMIT + [429]


def test_a_lock_out_on_one_server_holds_on_the_other(stack):
    a, b, _nginx, _certificate = stack
    attempts = [log_in(a, "wrong")[1] for _ in range(FAILURE_LIMIT)]
    # The form again with an error, until the last failure locks the name out.
    assert attempts == [200] * (FAILURE_LIMIT - 1) + [429]
    _client, status = log_in(b, PASSWORD)
    assert status == 429  # the right password, on the other server, does not let it in
