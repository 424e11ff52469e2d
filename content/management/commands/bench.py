"""`make bench`: seed PostgreSQL at regional scale and at 1/100, serve both with gunicorn under
the production settings on 127.0.0.1, load every endpoint in interleaved rounds, print the
table (``--write`` puts it into docs/performance.md).

This process is the load generator; gunicorn runs in its own processes, one server per data
size, both up for the whole run. Each endpoint gets the same fixed concurrency for the same
fixed time per round, at full size and then at 1/100 before the next endpoint, so that drift
of the machine hits both sizes and all endpoints alike; the medians of the rounds are
reported. ``send_reminders`` over the region is timed once per size, as the daily job runs.
/healthz, which touches no database, is the framework's ceiling: every page is also given as
a ratio to it, so the numbers compare across machines. A round whose /healthz falls more than
15 % below the best round is measured again once, and the run is marked discarded if it still
falls short.

A development tool beside ``seed_bench``, which it runs: never part of the deployed routine,
and it never touches this profile's own database.
"""

import http.client
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ROOT = Path(settings.BASE_DIR)
PY = sys.executable
HOST = "127.0.0.1"
MAX_DROP = 0.15
SCALES = [("full", 1.0, "full"), ("1/100", 0.01, "small")]
DOC = ROOT / "docs" / "performance.md"
# docs/performance.md keeps the committed run between these lines (``--write``).
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass(frozen=True)
class Load:
    """Where the run serves and what load it sends (the command's options)."""

    port: int
    pg: str
    redis: str
    concurrency: int
    seconds: float
    rounds: int
    workers: int
    size: float
    databases: str


def server_env(load: Load, database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"{load.pg}/{database}",
        "REDIS_URL": load.redis,
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no TLS proxy in front to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # The load comes from one address: the limits would measure themselves.
        "REGISTRY_VERIFY_LIMIT": "100000000",
        "REGISTRY_API_LIMIT": "100000000",
    }


def run(*args, env=None):
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(load: Load, database: str, scale: float) -> dict:
    """A fresh database seeded at ``scale``; returns the ids the requests use."""
    env = server_env(load, database)
    server = load.pg.removeprefix("postgres://").split("@")
    host_port = server[1].split(":")
    pg_args = ["-h", host_port[0], "-p", host_port[1], "-U", server[0]]
    run("dropdb", *pg_args, "--if-exists", database)
    run("createdb", *pg_args, database)
    run(PY, "manage.py", "migrate", "--no-input", env=env)
    plan = ROOT / f".bench-{database}.json"
    subprocess.run(
        [PY, "manage.py", "seed_bench", "--scale", str(scale), "--plan", str(plan)],
        cwd=ROOT,
        env=env,
        check=True,
    )  # its progress bars show
    run(PY, "manage.py", "collectstatic", "--no-input", env=env)
    return json.loads(plan.read_text())


class Client:
    """One keep-alive connection with its cookies, as one browser tab."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, quote(path, safe="/?=&"), body=data, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def login(self, username: str) -> None:
        self.request("GET", "/admin/login/")
        status, _ = self.request(
            "POST",
            "/admin/login/",
            {
                "username": username,
                "password": "yurga-demo",
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, f"login of {username} failed: {status}"


def endpoints(plan: dict) -> dict:
    """Each endpoint: (login or None, a function of the request number giving method, path,
    body). The uncached rows carry a parameter of their own (``n``), so that every request
    misses the page cache at both sizes and the growth compares a miss with a miss; what a
    generation remembers (a list's order, the site's frame) is used, as in production."""
    drafts = iter(plan["drafts"])
    lock = threading.Lock()

    def transition(n, client):
        with lock:
            pk = next(drafts)
        body = {"comment": "", "csrfmiddlewaretoken": client.cookies["csrftoken"]}
        return "POST", f"/admin/workflows/mentorship/transition/{pk}/send_for_consent/", body

    people, numbers, pages = plan["people"], plan["numbers"], plan["pages"]
    tables = plan["dashboard_tables"]
    return {
        "/healthz": (None, lambda n, c: ("GET", "/healthz", None)),
        "home": (None, lambda n, c: ("GET", "/", None)),
        "regulation": (None, lambda n, c: ("GET", "/regulation/", None)),
        "material": (None, lambda n, c: ("GET", plan["material"], None)),
        "registry list": (
            None,
            lambda n, c: ("GET", f"/registry/?page={n % pages + 1}&n={n}", None),
        ),
        "registry filtered": (
            None,
            lambda n, c: (
                "GET",
                f"/registry/?kind=mentor&organisation={plan['organisation']}&page={n % 5 + 1}",
                None,
            ),
        ),
        "registry searched": (
            None,
            lambda n, c: ("GET", f"/registry/?q=иванов{n % 1000}&n={n}", None),
        ),
        "person page": (
            None,
            lambda n, c: ("GET", f"/registry/{people[n % len(people)]}/?n={n}", None),
        ),
        "verification": (
            None,
            lambda n, c: ("GET", f"/registry/verify/?number={numbers[n % len(numbers)]}", None),
        ),
        "API": (None, lambda n, c: ("GET", f"/api/registry/?page={n % pages + 1}&n={n}", None)),
        "admin index": ("center", lambda n, c: ("GET", "/admin/workflows/mentorship/", None)),
        "transition": ("curator", transition),
        # Never measured before issue 16. The admin home is where «Мои задачи» is.
        "tasks (centre)": ("center", lambda n, c: ("GET", "/admin/", None)),
        "tasks (department)": ("department", lambda n, c: ("GET", "/admin/", None)),
        "dashboard": ("center", lambda n, c: ("GET", "/admin/centre/", None)),
        "dashboard XLSX": (
            "center",
            lambda n, c: ("GET", f"/admin/centre/?export={tables[n % len(tables)]}", None),
        ),
        # An unknown parameter gives each request a key of its own: the export, not the cache.
        "registry CSV, all": (None, lambda n, c: ("GET", f"/registry/export.csv?n={n}", None)),
        "registry XLSX, all": (None, lambda n, c: ("GET", f"/registry/export.xlsx?n={n}", None)),
        "plan PDF, 50 activities": ("curator", lambda n, c: ("GET", plan["plan_pdf"], None)),
    }


def measure(load: Load, login, make, seconds: float) -> dict:
    clients = [Client(load.port) for _ in range(load.concurrency)]
    if login:
        for client in clients:
            client.login(login)
    latencies, errors, counter = [], [0], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(client):
        while time.perf_counter() < deadline:
            with lock:
                n = counter[0]
                counter[0] += 1
            method, path, body = make(n, client)
            start = time.perf_counter()
            try:
                status, _ = client.request(method, path, body)
            except (OSError, http.client.HTTPException):
                status = 599
                client.connection.close()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors[0] += 1

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / wall,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def serve(load: Load, database: str, port: int) -> subprocess.Popen:
    """gunicorn on ``port`` over ``database``, answering /healthz when this returns."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi", "-b", f"{HOST}:{port}",
            # Processes, not threads: django-fsm-2's refresh_from_db switches the protection
            # of the shared field object off and on, which races between threads.
            "-w", str(load.workers), "-k", "sync", "--log-level", "warning",
            "--timeout", "120",
        ],
        cwd=ROOT,
        env=server_env(load, database),
    )  # fmt: skip
    for _ in range(150):
        try:
            if Client(port).request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise CommandError(f"gunicorn on port {port} did not start")


def bench(load: Load, plans: dict, progress) -> tuple[dict, bool]:
    """The medians over the rounds per size and endpoint, and whether the run held (no
    /healthz drop at full size)."""
    ports = {label: load.port + n for n, (label, _s, _d) in enumerate(SCALES)}
    servers = [
        serve(load, f"{load.databases}_{suffix}", ports[label]) for label, _s, suffix in SCALES
    ]
    try:
        targets = {label: endpoints(plans[label]) for label in ports}
        for label, port in ports.items():  # warm: caches, connections, templates
            for login, make in targets[label].values():
                measure(replace(load, port=port), login, make, 0.5)
        rounds = {label: {name: [] for name in targets[label]} for label in ports}
        best = 0.0
        held = True
        for number in range(load.rounds):
            progress(f"→ round {number + 1} of {load.rounds}")
            for attempt in range(2):
                result = {label: {} for label in ports}
                for name in targets["full"]:
                    for label, port in ports.items():
                        result[label][name] = measure(
                            replace(load, port=port), *targets[label][name], load.seconds
                        )
                ceiling = result["full"]["/healthz"]["rps"]
                best = max(best, ceiling)
                if ceiling >= (1 - MAX_DROP) * best:
                    break
                if attempt == 1:
                    held = False
            for label in ports:
                for name, numbers in result[label].items():
                    rounds[label][name].append(numbers)
        medians = {}
        for label, by_name in rounds.items():
            medians[label] = {
                name: {key: statistics.median(r[key] for r in results) for key in results[0]}
                for name, results in by_name.items()
            }
            for name, results in by_name.items():
                medians[label][name]["errors"] = sum(r["errors"] for r in results)
        return medians, held
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def time_reminders(load: Load, database: str) -> float:
    """Seconds of ``send_reminders`` over the whole data set (e-mail queued, as in production)."""
    start = time.perf_counter()
    run(PY, "manage.py", "send_reminders", env=server_env(load, database))
    return time.perf_counter() - start


def machine() -> str:
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return (
        f"{os.cpu_count()} cores ({cpu.group(1) if cpu else platform.processor()}), "
        f"{int(memory) // 1024 // 1024} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def report(
    load: Load, results: dict, plans: dict, reminders: dict, held: bool, elapsed: float
) -> str:
    small, full = results["1/100"], results["full"]
    ceiling = full["/healthz"]["rps"]
    lines = [
        "| endpoint | RPS | p50 ms | p95 ms | p99 ms | errors | ÷ /healthz | growth 1/100→full |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in full.items():
        growth = small[name]["rps"] / row["rps"] if row["rps"] else float("inf")
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['p99']:.1f} | {row['errors']} | {row['rps'] / ceiling:.2f} | {growth:.2f} |"
        )
    counts = plans["full"]["counts"]
    return "\n".join(
        [
            f"Machine: {machine()}.",
            f"Data (full{'' if load.size == 1 else f', at {load.size:g} of the region'}): "
            f"{counts}; 1/100 of it for the growth ratio.",
            f"Load: {load.concurrency} concurrent keep-alive clients, {load.seconds:g} s per "
            f"endpoint per size per round, {load.rounds} rounds, sizes and endpoints "
            f"interleaved, medians; gunicorn {load.workers} sync workers per size.",
            f"Run {'held' if held else 'DISCARDED: /healthz dropped more than 15 %'}; "
            f"whole run {elapsed / 60:.1f} min.",
            "",
            *lines,
            "",
            f"`send_reminders` over the whole data set: {reminders['full']:.1f} s at full size, "
            f"{reminders['1/100']:.1f} s at 1/100 (e-mail queued for the worker, as in "
            "production).",
        ]
    )


def write_doc(table: str) -> None:
    """Replace the committed run in docs/performance.md with ``table``."""
    text = DOC.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if not tail:
        raise CommandError(f"{DOC} has no {START} … {END} block to replace")
    DOC.write_text(f"{head}{START}\n{table}\n{END}{tail}")


class Command(BaseCommand):
    help = (
        "Benchmark the portal at regional scale and at 1/100 on PostgreSQL and Redis "
        "(minutes); writes .bench-result.md. Each option defaults to its BENCH_* variable."
    )

    def add_arguments(self, parser):
        def option(name, kind, variable, default, help_text):
            parser.add_argument(
                f"--{name}", type=kind, default=kind(os.environ.get(variable, default)),
                help=f"{help_text} (${variable}, default %(default)s)",
            )  # fmt: skip

        option("port", int, "BENCH_PORT", "8788", "port gunicorn serves on, on 127.0.0.1")
        option("pg", str, "BENCH_PG", "postgres://postgres@127.0.0.1:5432", "PostgreSQL server")
        option("redis", str, "BENCH_REDIS", "redis://127.0.0.1:6379/11", "Redis database")
        option("concurrency", int, "BENCH_CONCURRENCY", "8", "concurrent keep-alive clients")
        option("seconds", float, "BENCH_SECONDS", "3", "seconds per endpoint per round")
        option("rounds", int, "BENCH_ROUNDS", "3", "interleaved rounds")
        option("workers", int, "BENCH_WORKERS", "4", "gunicorn sync worker processes per size")
        option("databases", str, "BENCH_DATABASES", "yurga_bench", "prefix of the two databases")
        option("size", float, "BENCH_SIZE", "1", "the full data set as a share of the region")
        parser.add_argument(
            "--write", action="store_true", help="put the table into docs/performance.md"
        )

    def progress(self, line: str) -> None:
        """A step of a run that takes minutes, shown at once even when the output is piped."""
        self.stdout.write(line)
        self.stdout.flush()

    def handle(self, *args, **options):
        load = Load(**{name: options[name] for name in Load.__dataclass_fields__})
        started = time.perf_counter()
        plans, reminders = {}, {}
        for label, scale, suffix in SCALES:
            self.progress(f"→ seeding {label} into {load.databases}_{suffix}")
            plans[label] = prepare(load, f"{load.databases}_{suffix}", scale * load.size)
        for label, _scale, suffix in SCALES:
            self.progress(f"→ send_reminders over {label}")
            reminders[label] = time_reminders(load, f"{load.databases}_{suffix}")
        self.progress("→ loading both sizes")
        results, held = bench(load, plans, self.progress)
        table = report(load, results, plans, reminders, held, time.perf_counter() - started)
        self.stdout.write(table)
        (ROOT / ".bench-result.md").write_text(table + "\n")
        if options["write"]:
            write_doc(table)
        if not held:
            raise CommandError("DISCARDED: /healthz dropped more than 15 % in a round")
