"""The public-page cache: whole anonymous GET responses, dropped at once on any change.

Every key carries a *generation*; invalidating sets a new generation, so one write forgets
every cached page and registry answer at once, on locmem and on Redis alike, without
scanning keys. The generation is a random number rather than a counter, so that a generation
key lost to eviction is replaced by a new value that no stored page carries (a timestamp would
repeat under a frozen clock, and the processes' own memos, :func:`remember`, outlive the
store).

The pages live in the cache alias "pages": one store for every process, or none at all (the
production profile without Redis), because an invalidation must reach every process that could
answer the next request.
"""

import hashlib
import secrets
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "pages"
GENERATION_KEY = "public-page:generation"
# Never from the public cache: the admin, documents (per-collection permissions) and the probe.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz")
PRIVATE_DIRECTIVES = ("private", "no-cache", "no-store", "max-age=0")
# The generation the public-page middleware read for the request being served: what
# :func:`remember` computed for it in this process is valid for the whole request.
request_generation: ContextVar[int | None] = ContextVar("request_generation", default=None)
# What :func:`remember` computed in this process, for one generation at a time: the site's
# frame and the registry's orders are then read with no cache round trip at all.
LOCAL_ENTRIES = 128
_local: tuple[int | None, dict] = (None, {})


def page_cache():
    """The store of public pages (settings.CACHES["pages"])."""
    return caches[CACHE_ALIAS]


def _random_generation() -> int:
    """A generation no stored value carries."""
    return secrets.randbits(62)


def _new_generation(cache) -> int:
    """The generation after a lost or never-set one: ``add``, so that of two processes
    racing to start it, both keep the one that was stored first."""
    cache.add(GENERATION_KEY, _random_generation(), timeout=None)
    return cache.get(GENERATION_KEY)


def read_current(key: str):
    """The current generation and what ``key`` holds for it (``None`` when it holds nothing
    or something stored in an older generation), in one round trip to the cache.

    Values are stored with the generation they were computed in (:func:`store`), under a key
    that does not carry it, so the generation and the value come back from one ``get_many``
    (one MGET on Redis) instead of a read of the generation and then of a key built from it.
    """
    cache = page_cache()
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or _new_generation(cache)
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return current, stored[1]
    return current, None


def store(key: str, current: int, value, timeout: int) -> None:
    """Keep ``value`` under ``key`` for generation ``current`` — the one read *before* the
    value was computed, so a value computed across an invalidation is already stale."""
    page_cache().set(key, (current, value), timeout)


def remember(name: str, parts, compute):
    """``compute()``, computed once per generation for ``name`` and ``parts`` (a repr-able
    tuple): for answers that change only when the published content or the registry does,
    such as a list's order or the site's navigation.

    Two levels: this process's own memory, when the request's generation is known (an
    anonymous GET, see :data:`request_generation`), and the shared page cache, so that what
    one process computed the others read instead of computing it again.
    """
    seconds = settings.PUBLIC_CACHE_SECONDS
    if not seconds:
        return compute()
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
    key = f"public-memo:{name}:{digest}"
    local = _local_values(request_generation.get())
    now = time.monotonic()
    # Kept no longer than in the shared store: what no signal announces (a bulk update) is
    # picked up as late, and no later, as the cached pages pick it up.
    if local is not None and key in local and local[key][0] > now:
        return local[key][1]
    current, value = read_current(key)
    if value is None:
        value = compute()
        store(key, current, value, seconds)
    if local is not None:
        if len(local) >= LOCAL_ENTRIES:
            local.clear()
        local[key] = (now + seconds, value)
    return value


def _local_values(generation: int | None) -> dict | None:
    """This process's memo of ``generation`` (emptied when a newer one arrives), or ``None``
    when the generation is unknown."""
    global _local
    if generation is None:
        return None
    known, values = _local
    if known != generation:
        # Replaced in one assignment, never cleared: a thread still serving another generation
        # keeps the dict that belongs to it.
        values = {}
        _local = (generation, values)
    return values


def invalidate() -> None:
    """Forget every cached public response."""
    page_cache().set(GENERATION_KEY, _random_generation(), timeout=None)


def invalidate_on_change(*models) -> None:
    """Drop the public cache whenever a row of one of ``models`` is saved or deleted (each app
    names what its public pages show; STYLE 10: signals only for audit and cache invalidation)."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_now_and_after_commit,
                sender=model,
                dispatch_uid=f"public-cache-{model._meta.label}-{signal}",
            )


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
        # WhiteNoise serves these, after this middleware: a cache read would be wasted.
        and not request.path.startswith(settings.STATIC_URL)
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
    """The cache key of an anonymous request: a digest of what varies (the generation is
    stored with the page, see :func:`read_current`).

    A digest, because the path and query string are the visitor's to choose: a long one would
    make a key over the 250 characters that memcached and Django's key check allow.
    """
    # Here, not at the top: content.views loads Wagtail's admin, which needs the models, and
    # the registry's selectors import this module while the models are still loading.
    from content.views import LOW_VISION_COOKIE

    varies = "\n".join(
        (
            # The scheme: a plain-HTTP request must reach the security middleware's redirect.
            request.scheme,
            request.method,
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(LOW_VISION_COOKIE, ""),
        )
    )
    digest = hashlib.sha256(varies.encode("utf-8", "surrogatepass")).hexdigest()
    return f"public-page:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages, the registry and its API from the cache.

    Placed first, before the security, WhiteNoise and session middleware: a hit costs one
    cache round trip (the generation and the page together) and no database query, and runs
    no other middleware — the stored response already carries their headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_get(request):
            return self.get_response(request)
        key = page_key(request)
        current, response = read_current(key)
        if response is not None:
            return response
        token = request_generation.set(current)
        try:
            response = self.get_response(request)
        finally:
            request_generation.reset(token)
        if is_shareable(request, response):
            store(key, current, response, settings.PUBLIC_CACHE_SECONDS)
        return response
