"""A per-client counter in the cache, against enumeration of certificate numbers."""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's address; behind a proxy, from the header the proxy sets (settings)."""
    header = settings.CLIENT_IP_HEADER
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def allow(request, scope: str, limit: int, window: int) -> bool:
    """Count one attempt of ``scope`` by this client; ``False`` once ``limit`` per ``window``
    seconds is exceeded (the window starts at the first attempt)."""
    key = f"throttle:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        attempts = 1
    return attempts <= limit
