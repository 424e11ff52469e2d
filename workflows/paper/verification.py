"""The public verification address of a certificate number, for QR codes on paper and pages."""

from urllib.parse import urlencode, urljoin

from django.apps import apps
from django.conf import settings

from wagtail.models import Page


def registry_page() -> Page | None:
    """The live registry page, whose ``verify/`` route answers for a number."""
    # Looked up through the app registry: content depends on workflows, not the reverse.
    return apps.get_model("content", "RegistryPage").objects.live().first()


def verification_url(number: str, *, request=None, page: Page | None = None) -> str | None:
    """The absolute address that verifies ``number`` (``None`` while no registry is published).

    Absolute from the request when there is one, else from ``WAGTAILADMIN_BASE_URL``.
    """
    page = page or registry_page()
    if page is None:
        return None
    path = page.get_url(request=request) + page.reverse_subpage("verify_route")
    query = urlencode({"number": number})
    if request is not None:
        return f"{request.build_absolute_uri(path)}?{query}"
    return f"{urljoin(settings.WAGTAILADMIN_BASE_URL, path)}?{query}"
