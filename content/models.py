"""Page types of the public portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class BasePage(Page):
    """Fields and panels every page of the portal shares."""

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The portal's front page: what the mentoring programme is and where to go next."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


from content.registry import RegistryPage  # noqa: E402, F401  (kept apart: see its docstring)
