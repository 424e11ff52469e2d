"""Per-client counters in the cache, against enumeration of certificate numbers, scraping
of the API and password-reset floods; the login lockout (django-axes) counts
by the same client address."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def is_trusted_proxy(peer: str) -> bool:
    """Whether the direct peer is one of ``settings.TRUSTED_PROXIES``.

    An empty peer is a Unix socket (gunicorn reports it so): only processes allowed to open the
    socket file reach it, which is the proxy.
    """
    if not peer:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # a dual-stack socket's 127.0.0.1
        address = address.ipv4_mapped
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The visitor's address: the header the proxy sets (settings.CLIENT_IP_HEADER), but only
    when the request comes from the proxy itself; anyone who reaches the app server directly
    could write any address there and so escape every per-address limit and lockout."""
    peer = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_HEADER
    if header and is_trusted_proxy(peer):
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return peer


def allow(request, scope: str, limit: int, window: int, *, subject: str | None = None) -> bool:
    """Count one attempt of ``scope`` by ``subject`` (this client's address unless given);
    ``False`` once ``limit`` per ``window`` seconds is exceeded (the window starts at the first
    attempt)."""
    key = f"throttle:{scope}:{client_address(request) if subject is None else subject}"
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        attempts = 1
    return attempts <= limit
