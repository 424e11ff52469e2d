"""The registry's public views: the list, a person's page and verification (rendered as
routes of the registry page, ``content.RegistryPage``) and the open-data files at fixed
addresses. They only read request parameters and render; every read is in
:mod:`registry.selectors` and :mod:`registry.verification`.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.throttle import allow
from registry import opendata
from registry.exports import EXPORTS, as_csv, export_entries
from registry.selectors import RegistryFilters, listed_organisations, person_entries, registry_page
from registry.verification import normalise_number, verification_url, verify
from workflows.choices import CertificateKind
from workflows.paper.base import QRCode
from workflows.selectors import consent_terms


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
        context_overrides={
            "cards": cards,
            "person_name": entries[0].name,
            "breadcrumb_tail": entries[0].name,
            # 152-ФЗ art. 10.1 part 9: the person's conditions and prohibitions are published.
            "consent": consent_terms(person_id),
        },
    )


def verification(page, request):
    """The standing of the number asked for, within the per-address limit (429 past it)."""
    number = normalise_number(request.GET.get("number"))
    context = {
        "number": number,
        "verification": None,
        "breadcrumb_tail": _("Verify a certificate"),
    }
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


@require_safe
def registry_export_excel_csv(request):
    """The registry's CSV separated by semicolons, which Excel in a Russian locale opens by a
    double click, with the list's filters."""
    today = timezone.localdate()
    entries = export_entries(today, RegistryFilters.from_params(request.GET))
    response = HttpResponse(as_csv(entries, delimiter=";"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registry-{today:%Y-%m-%d}-excel.csv"'
    return response


def _site_details(request):
    # Through the app registry: the settings model lives in content, which imports this app.
    return apps.get_model("content", "SiteDetails").for_request(request)


def _registry_title() -> str:
    return _("Registry of teaching staff holding the «Mentor» or «Tutor» status")


def _csv(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def opendata_index(request):
    """The «Open data» section: the sets, each with its passport, structure and versions."""
    today = timezone.localdate()
    return render(
        request,
        "registry/opendata.html",
        {
            "title": _registry_title(),
            "versions": [(day, opendata.data_name(day)) for day in opendata.version_dates(today)],
            "structure_name": opendata.structure_name(),
            "list_url": reverse("opendata_list_csv"),
            "breadcrumb_tail": _("Open data"),
        },
    )


@require_safe
def opendata_list(request):
    """``/opendata/list.csv``: the list of the sets."""
    meta_url = request.build_absolute_uri(reverse("opendata_meta"))
    details = _site_details(request)
    return _csv(opendata.list_csv(meta_url, _registry_title(), details.taxpayer_number), "list.csv")


@require_safe
def opendata_meta(request):
    """The registry's passport, ``meta.csv``."""
    base_url = request.build_absolute_uri(reverse("opendata_meta")).removesuffix("meta.csv")
    data = opendata.meta_csv(
        details=_site_details(request),
        base_url=base_url,
        today=timezone.localdate(),
        title=_registry_title(),
    )
    return _csv(data, "meta.csv")


@require_safe
def opendata_structure(request, date: str):
    """The structure file of the current structure; 404 for any other date."""
    if date != f"{opendata.STRUCTURE_DATE:%Y%m%d}":
        raise Http404
    return _csv(opendata.structure_csv(), opendata.structure_name())


@require_safe
def opendata_data(request, date: str, structure: str):
    """The registry as it stood on ``date`` (not after today), in the current structure."""
    try:
        day = datetime.datetime.strptime(date, "%Y%m%d").date()
    except ValueError:
        raise Http404 from None
    if structure != f"{opendata.STRUCTURE_DATE:%Y%m%d}" or day > timezone.localdate():
        raise Http404
    return _csv(as_csv(opendata.entries_on(day)), opendata.data_name(day))
