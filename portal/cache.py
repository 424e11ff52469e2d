"""The Redis cache backend of the shared caches (settings.CACHES)."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool.

    Django builds a new redis-py client for every operation, and its constructor registers
    some 170 response callbacks: as long as the MGET that answers a cached page. A redis-py
    client is safe to share between threads (each command takes a connection from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class SharedRedisCache(RedisCache):
    """Django's Redis cache with :class:`ReusingRedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
