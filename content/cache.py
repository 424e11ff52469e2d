"""The public-page cache: whole anonymous GET responses, dropped at once on any change.

Every key carries a *generation*; invalidating sets a new generation, so one write forgets
every cached page and registry answer at once, on locmem and on Redis alike, without
scanning keys. The generation is a timestamp rather than a counter, so that a generation key
lost to eviction is replaced by a new value that no stored page carries.

The pages live in the cache alias "pages": one store for every process, or none at all (the
production profile without Redis), because an invalidation must reach every process that could
answer the next request.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from content.views import LOW_VISION_COOKIE

CACHE_ALIAS = "pages"
GENERATION_KEY = "public-page:generation"
# Never from the public cache: the admin, documents (per-collection permissions) and the probe.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz")
PRIVATE_DIRECTIVES = ("private", "no-cache", "no-store", "max-age=0")


def page_cache():
    """The store of public pages (settings.CACHES["pages"])."""
    return caches[CACHE_ALIAS]


def generation() -> int:
    cache = page_cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def invalidate() -> None:
    """Forget every cached public response."""
    page_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


def invalidate_now_and_after_commit(**_kwargs) -> None:
    """Invalidate at once, so that nothing cached from now on predates the change, and again
    after the commit, to drop what a concurrent request cached from the old rows while the
    writing transaction was still open."""
    invalidate()
    transaction.on_commit(invalidate)


def is_anonymous_get(request) -> bool:
    """A request the public cache may answer: a GET or HEAD without a session (a logged-in
    user always has one, so signed-in users and the admin never see a shared copy)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def is_shareable(request, response) -> bool:
    """A response every anonymous visitor may get: a plain 200 that sets no cookie, embeds no
    CSRF token and is not marked private or uncacheable by its view."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)
    )


def page_key(request) -> str:
    """The cache key of an anonymous request: its generation, then a digest of what varies.

    A digest, because the path and query string are the visitor's to choose: a long one would
    make a key over the 250 characters that memcached and Django's key check allow.
    """
    varies = "\n".join(
        (
            request.method,
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(LOW_VISION_COOKIE, ""),
        )
    )
    digest = hashlib.sha256(varies.encode("utf-8", "surrogatepass")).hexdigest()
    return f"public-page:{generation()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages, the registry and its API from the cache.

    Placed before the session and authentication middleware: a hit costs two cache reads
    and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_get(request):
            return self.get_response(request)
        key = page_key(request)
        response = page_cache().get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if is_shareable(request, response):
            page_cache().set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response
