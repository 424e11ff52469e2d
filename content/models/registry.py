"""The public registry of «Ментор» and «Тьютор» statuses as one routable page.

Routes under the page (``/registry/`` in the default tree): the list, a page per person and
verification of a certificate number. The page is only where they hang in the tree: each
route is a view of the registry app (:mod:`registry.views`).
"""

from django.db import models
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from content.models.base import BasePage
from registry import views
from workflows.params import IdConverter

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
        return views.listing(self, request)

    @path("<id:person_id>/")
    def person_route(self, request, person_id: int):
        return views.person(self, request, person_id)

    @path("verify/")
    def verify_route(self, request):
        return views.verification(self, request)
