"""Methodology materials and their list."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from content.blocks import ContentBlock
from content.models.base import BasePage, paginate
from workflows.choices import MentoringKind
from workflows.params import clean_text


class MaterialIndexPage(BasePage):
    """The list of methodology materials, filtered by kind of mentoring and topic."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.MaterialPage"]
    max_count = 1

    class Meta:
        verbose_name = _("materials index")

    def materials(self, *, kind: str = "", topic: str = ""):
        """Published materials below this page, newest first, ready for the list."""
        materials = (
            MaterialPage.objects.live()
            .public()
            .child_of(self)
            .select_related("organisation")
            .prefetch_related("tagged_topics__tag")
            .order_by("-first_published_at", "-pk")
        )
        if kind:
            materials = materials.filter(kind=kind)
        if topic:
            materials = materials.filter(tagged_topics__tag__slug=topic)
        return materials

    def topics(self):
        """The topics that published materials below this page carry."""
        return (
            Tag.objects.filter(
                content_materialtopic_items__content_object__in=MaterialPage.objects.live()
                .public()
                .child_of(self)
            )
            .distinct()
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind", "")
        kind = kind if kind in MentoringKind.values else ""
        # A tag's slug; anything else (NUL included, which PostgreSQL refuses) matches none.
        topic = clean_text(request.GET.get("topic"), Tag._meta.get_field("slug").max_length)
        context.update(
            kinds=MentoringKind.choices,
            topics=self.topics(),
            selected_kind=kind,
            selected_topic=topic,
            materials=paginate(request, self.materials(kind=kind, topic=topic)),
        )
        return context


class MaterialTopic(TaggedItemBase):
    """A topic tag on a material."""

    content_object = ParentalKey(
        "content.MaterialPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class MaterialPage(BasePage):
    """A methodology material: text, attached documents, kind of mentoring and topics."""

    lead = models.TextField(_("lead"), max_length=500, blank=True)
    kind = models.CharField(_("kind of mentoring"), max_length=20, choices=MentoringKind.choices)
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=MaterialTopic, blank=True)
    organisation = models.ForeignKey(
        "workflows.Organisation",
        verbose_name=_("author organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("kind"),
        FieldPanel("topics"),
        FieldPanel("organisation"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Attached documents")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["content.MaterialIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.documents.select_related("document")
        context["topic_tags"] = self.topics.order_by("name")
        return context


class MaterialDocument(Orderable):
    """A document attached to a material (a plan template, a questionnaire, slides)."""

    page = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached document")
