"""Page types of the public portal."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.search.query import SearchQuery
from wagtail.search.utils import parse_query_string

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from content.blocks import ContentBlock, RegulationBlock, clause_anchor
from workflows.choices import MentoringKind
from workflows.params import clean_text, page_number

PAGE_SIZE = 10
SEARCH_MAX_LENGTH = 200

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


def paginate(request, items, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The page of ``items`` that ``?page=`` asks for; a bad number gives the nearest page."""
    return Paginator(items, per_page).get_page(page_number(request.GET.get("page")))


@register_setting(icon="image")
class SocialMediaSettings(BaseSiteSetting):
    """Site-wide defaults for links shared in social networks and messengers."""

    default_og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when a page has no sharing image of its own."),
    )

    panels = [FieldPanel("default_og_image")]
    select_related = ["default_og_image"]

    class Meta:
        verbose_name = _("social media")


class BasePage(Page):
    """Fields and panels every page of the portal shares."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Open Graph image; the site's default is used when empty."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        """Wagtail's (site id, root URL, path), with the scheme and host of the request when the
        page is on the request's site: absolute URLs (the sitemap, og:url) then name the site
        as the visitor reached it (behind the proxy: https and the public name), not as the
        Site record says, which is http://localhost/ until someone edits it."""
        parts = super().get_url_parts(request)
        if parts is None or request is None:
            return parts
        site_id, _root_url, page_path = parts
        site = Site.find_for_request(request)
        if site is None or site.pk != site_id:
            return parts
        return site_id, f"{request.scheme}://{request.get_host()}", page_path


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
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        context["latest_materials"] = (
            MaterialPage.objects.live().public().order_by("-first_published_at")[:3]
        )
        return context


class RegulationPage(BasePage):
    """The regulation on mentoring as sections and numbered clauses with stable anchors."""

    lead = models.TextField(_("lead"), blank=True)
    sections = StreamField(RegulationBlock(), verbose_name=_("sections"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("sections")]
    search_fields = [*Page.search_fields, index.SearchField("sections")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("regulation")

    def table_of_contents(self) -> list[dict]:
        """Sections with the anchors of their clauses, for the contents list."""
        return [
            {
                "number": section.value["number"],
                "title": section.value["title"],
                "clauses": [
                    (clause["number"], clause_anchor(clause["number"]))
                    for clause in section.value["clauses"]
                ],
            }
            for section in self.sections
        ]

    def clause_numbers(self) -> set[str]:
        return {
            clause["number"] for section in self.sections for clause in section.value["clauses"]
        }

    def structure(self) -> list[dict]:
        """The text as plain data, in the importer's shape: what "the text changed" compares."""
        return [
            {
                "number": section.value["number"],
                "title": section.value["title"],
                "clauses": [
                    {
                        "number": clause["number"],
                        "content": [
                            {"type": part.block_type, "value": _plain(part.value)}
                            for part in clause["content"]
                        ],
                    }
                    for clause in section.value["clauses"]
                ],
            }
            for section in self.sections
        ]


def _plain(value):
    """A clause part's value as the importer builds it: a string or a list of strings."""
    return value if isinstance(value, str) else list(value)


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
        *Page.search_fields,
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


class NewsIndexPage(BasePage):
    """The news list, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["news"] = paginate(request, news)
        return context


class NewsPage(BasePage):
    """A news item of the mentoring programme."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), max_length=500, blank=True)
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class StandardPage(BasePage):
    """A plain page of text: about the portal, contacts, the accessibility statement."""

    lead = models.TextField(_("lead"), max_length=500, blank=True)
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class SearchPage(BasePage):
    """The public search over published pages."""

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        text = clean_text(request.GET.get("q"), SEARCH_MAX_LENGTH)
        context["query"] = text
        query = search_query(text)
        if query is not None:
            results = Page.objects.live().public().not_type(SearchPage, HomePage).search(query)
            context["results"] = paginate(request, results)
        return context


def search_query(text: str) -> SearchQuery | None:
    """A visitor's search text (already :func:`clean_text`) as a query that Wagtail's database
    backend runs on SQLite and PostgreSQL alike; ``None`` when nothing is left to search.

    A raw string reaches SQLite's FTS5 with each word in double quotes, and a quote inside a
    word ends that string early: «"» alone is a syntax error (wagtail/wagtail#13227). Wagtail's
    own parser turns quoted parts into phrases and the rest into words, so no quote survives;
    colons are spaces first, as it would otherwise take «слово:значение» for a filter and drop
    it. Words match any of them, as a plain string did.
    """
    _filters, query = parse_query_string(text.replace(":", " "), operator="or", zero_terms=None)
    return query


from content.registry import RegistryPage  # noqa: E402, F401  (kept apart: see its docstring)
