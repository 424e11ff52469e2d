"""The registry's public views: the list, a person's page and verification (rendered as
routes of the registry page, ``content.RegistryPage``) and the open-data files at fixed
addresses. They only read request parameters and render; every read is in
:mod:`registry.selectors` and :mod:`registry.verification`.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from portal.throttle import allow
from registry.exports import EXPORTS, export_entries
from registry.selectors import RegistryFilters, listed_organisations, person_entries, registry_page
from registry.verification import normalise_number, verification_url, verify
from workflows.choices import CertificateKind
from workflows.paper.base import QRCode


def listing(page, request):
    """The registry page's list: one page of entries with the visitor's filters."""
    filters = RegistryFilters.from_params(request.GET)
    today = timezone.localdate()
    page_obj, entries = registry_page(today, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page.render(
        request,
        template="registry/registry_page.html",
        context_overrides={
            "filters": filters,
            "page_obj": page_obj,
            "entries": entries,
            "kinds": CertificateKind.choices,
            "organisations": listed_organisations(today),
            "query_string": query.urlencode(),
        },
    )


def person(page, request, person_id: int):
    """A listed person's valid certificates; 404 for anyone not in the registry."""
    entries = person_entries(timezone.localdate(), person_id)
    if not entries:
        raise Http404
    # A certificate's QR code leads to its verification, where its number is published.
    cards = [
        (
            entry,
            QRCode(verification_url(entry.number, request=request, page=page), "")
            if entry.number
            else None,
        )
        for entry in entries
    ]
    return page.render(
        request,
        template="registry/person.html",
        context_overrides={"cards": cards, "person_name": entries[0].name},
    )


def verification(page, request):
    """The standing of the number asked for, within the per-address limit (429 past it)."""
    number = normalise_number(request.GET.get("number"))
    context = {"number": number, "verification": None}
    status = 200
    if number:
        if allow(
            request,
            "verify",
            settings.REGISTRY_VERIFY_LIMIT,
            settings.REGISTRY_VERIFY_WINDOW,
        ):
            context["verification"] = verify(number, timezone.localdate())
        else:
            context["throttled"] = True
            status = 429
    response = page.render(request, template="registry/verify.html", context_overrides=context)
    response.status_code = status
    # Each answer is counted against the visitor's limit, so none may come from a cache.
    add_never_cache_headers(response)
    return response


@require_safe
def registry_export(request, extension: str):
    """The registry as an open-data file, with the list's filters (``kind``, ``organisation``,
    ``q``); at a fixed address, so that it does not move with the page tree."""
    write, content_type = EXPORTS[extension]
    today = timezone.localdate()
    entries = export_entries(today, RegistryFilters.from_params(request.GET))
    response = HttpResponse(write(entries), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="registry-{today:%Y-%m-%d}.{extension}"'
    )
    return response
