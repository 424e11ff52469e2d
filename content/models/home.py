"""The portal's front page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.models.base import BasePage
from content.models.materials import MaterialIndexPage, MaterialPage
from content.models.news import NewsPage
from content.models.registry import RegistryPage
from workflows.choices import MentoringKind

KIND_DESCRIPTIONS = {
    MentoringKind.TRADITIONAL: _(
        "An experienced teacher helps a young or newly appointed colleague to settle into "
        "the profession."
    ),
    MentoringKind.MANAGEMENT: _(
        "A successful head (ментор) shares management experience with a manager or a "
        "candidate from the management reserve (менти)."
    ),
    MentoringKind.TUTORING: _(
        "A tutor accompanies colleagues through their individual programme of professional "
        "development."
    ),
    MentoringKind.COACHING: _(
        "A coach helps a teacher or a manager to find their own way to a professional goal."
    ),
}


class HomePage(BasePage):
    """The portal's front page: what the mentoring programme is and where to go next."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.RegulationPage",
        "content.MaterialIndexPage",
        "content.NewsIndexPage",
        "content.SearchPage",
        "content.RegistryPage",
        "content.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        materials_index = MaterialIndexPage.objects.live().descendant_of(self).first()
        context["kinds"] = [
            {
                "label": kind.label,
                "description": KIND_DESCRIPTIONS[kind],
                "url": f"{materials_index.url}?kind={kind.value}" if materials_index else None,
            }
            for kind in MentoringKind
        ]
        context["sections"] = self.get_children().live().public().in_menu().specific()
        # The certificate check is on the front page, where a visitor holding a paper starts.
        registry = RegistryPage.objects.live().child_of(self).only("url_path").first()
        context["registry_url"] = registry.get_url(request) if registry else None
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        context["latest_materials"] = (
            MaterialPage.objects.live().public().order_by("-first_published_at")[:3]
        )
        return context
