"""A cached public page costs one round trip to the cache and nothing else (issue 16, point 3)."""

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content.cache import page_cache

pytestmark = pytest.mark.django_db

PAGE_KEY = re.compile(r"public-page:[0-9a-f]{64}")
OPERATIONS = ("get", "get_many", "set", "set_many", "add", "delete", "has_key", "incr", "touch")


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call to the page cache as (operation name, the key or keys it names), from the
    moment the test reads it.

    Only the outermost call counts: locmem's ``get_many`` loops over ``get``, where Redis
    sends one MGET."""
    cache = page_cache()
    calls: list[tuple[str, object]] = []
    depth = [0]
    for name in OPERATIONS:
        method = getattr(cache, name)

        def counted(*args, _name=name, _method=method, **kwargs):
            if not depth[0]:
                calls.append((_name, args[0] if args else None))
            depth[0] += 1
            try:
                return _method(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, counted)
    return calls


def operations(calls) -> list[str]:
    return [name for name, _ in calls]


def pages_read(calls) -> list:
    """The calls that looked up a stored page (not a remembered answer or the generation)."""
    return [keys for name, keys in calls if name == "get_many" and PAGE_KEY.search(str(keys))]


@pytest.mark.parametrize("path", ["/", "/registry/", "/registry/?q=иван", "/api/registry/"])
def test_a_hit_is_one_cache_read_and_no_query(client, home, listed, cache_calls, path):
    listed(person={"surname": "Иванова"})
    client.get(path)  # the site's first visit creates its settings row: a change
    first = client.get(path)
    cache_calls.clear()
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(path)
    assert hit.content == first.content
    assert operations(cache_calls) == ["get_many"]
    assert len(queries) == 0


def test_a_hit_keeps_the_headers_of_the_middleware_it_skips(client, home):
    client.get("/")
    first = client.get("/")
    hit = client.get("/")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == first[header]


def test_the_cache_answers_before_any_other_middleware():
    assert settings.MIDDLEWARE[0] == "content.cache.PublicPageCacheMiddleware"


def test_a_miss_reads_once_and_stores_once(client, home, cache_calls):
    client.get("/")  # the site's settings row
    client.get("/?warm")  # the frame of this generation, remembered in this process
    cache_calls.clear()
    client.get("/?first")
    assert operations(cache_calls) == ["get_many", "set"]


def test_static_files_and_plain_http_pass_the_cache_by(client, home, cache_calls):
    client.get(settings.STATIC_URL + "missing.css")
    # Its «not found» page shows the site's frame, remembered per generation: no page is looked up.
    assert pages_read(cache_calls) == []
    client.get("/", secure=True)
    client.get("/", secure=True)
    stored = operations(cache_calls).count("set")
    client.get("/")
    # The plain-HTTP request has a key of its own: it is rendered (and would be redirected to
    # HTTPS by the security middleware in production), not answered with the HTTPS copy.
    assert operations(cache_calls).count("set") == stored + 1
