"""The public registry of «Ментор» and «Тьютор» statuses as one routable page.

Routes under the page (``/registry/`` in the default tree): the list, a page per person and
verification of a certificate number. The open-data files have fixed addresses of their own
(``content.views.registry_export``). The views only read request parameters and render; every
read is in :mod:`workflows.registry`.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.urls import register_converter
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from content.models.base import BasePage
from content.throttle import allow
from workflows.choices import CertificateKind
from workflows.paper.base import QRCode
from workflows.paper.verification import verification_url
from workflows.params import IdConverter
from workflows.registry import (
    RegistryFilters,
    listed_organisations,
    normalise_number,
    person_entries,
    registry_page,
    verify,
)

# Before the routes below are compiled: a person's address is a bounded id, else 404.
register_converter(IdConverter, "id")


class RegistryPage(RoutablePageMixin, BasePage):
    """The public registry: certified mentors and tutors who consented to publication."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("registry page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["registry_url"] = self.get_url(request)
        return context

    @path("")
    def index_route(self, request):
        filters = RegistryFilters.from_params(request.GET)
        today = timezone.localdate()
        page, entries = registry_page(today, filters, request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            template="content/registry/registry_page.html",
            context_overrides={
                "filters": filters,
                "page_obj": page,
                "entries": entries,
                "kinds": CertificateKind.choices,
                "organisations": listed_organisations(today),
                "query_string": query.urlencode(),
            },
        )

    @path("<id:person_id>/")
    def person_route(self, request, person_id: int):
        entries = person_entries(timezone.localdate(), person_id)
        if not entries:
            raise Http404
        # A certificate's QR code leads to its verification, where its number is published.
        cards = [
            (
                entry,
                QRCode(verification_url(entry.number, request=request, page=self), "")
                if entry.number
                else None,
            )
            for entry in entries
        ]
        return self.render(
            request,
            template="content/registry/person.html",
            context_overrides={"cards": cards, "person_name": entries[0].name},
        )

    @path("verify/")
    def verify_route(self, request):
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
        response = self.render(
            request, template="content/registry/verify.html", context_overrides=context
        )
        response.status_code = status
        # Each answer is counted against the visitor's limit, so none may come from a cache.
        add_never_cache_headers(response)
        return response
