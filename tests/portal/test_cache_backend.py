"""The shared Redis cache works as Django's and reuses its client (portal.cache)."""

import os

from django.core.cache.backends.redis import RedisCache

import pytest

from portal.cache import SharedRedisCache

REDIS = os.environ.get("CACHE_BACKEND_REDIS", "redis://127.0.0.1:6379/13")


@pytest.fixture
def shared():
    cache = SharedRedisCache(REDIS, {"KEY_PREFIX": "cache-backend-test"})
    yield cache
    cache.clear()


def test_it_reads_writes_counts_and_expires_as_django_s_backend(shared):
    plain = RedisCache(REDIS, {"KEY_PREFIX": "cache-backend-test"})
    shared.set("page", {"body": "Реестр"}, timeout=60)
    assert plain.get("page") == {"body": "Реестр"}
    assert shared.get_many(["page", "missing"]) == {"page": {"body": "Реестр"}}
    assert shared.add("counter", 0, timeout=60) and shared.incr("counter") == 1
    shared.set("gone", 1, timeout=0)
    assert shared.get("gone") is None


def test_one_client_serves_every_operation(shared):
    backend = shared._cache
    assert backend.get_client(write=True) is backend.get_client(write=True)
    assert backend.get_client("key") is backend.get_client("other")
