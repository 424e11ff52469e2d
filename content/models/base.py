"""What every page of the portal shares: the base page, site settings and pagination."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site
from wagtail.search import index

from content.cache import remember
from content.stemming import flatten, stems
from workflows.params import page_number

PAGE_SIZE = 10


def paginate(request, items, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The page of ``items`` that ``?page=`` asks for; a bad number gives the nearest page."""
    return Paginator(items, per_page).get_page(page_number(request.GET.get("page")))


class PublicSiteSetting(BaseSiteSetting):
    """A site setting that every public page shows in its frame."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        """The setting of the request's site, read once per process and public-cache generation
        (a save drops the cache, ``content.apps``) rather than once per page."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            label = cls._meta.label_lower
            setattr(
                request,
                attr_name,
                remember(
                    "site-setting", (label, site.pk if site else None), lambda: cls.for_site(site)
                ),
            )
        return getattr(request, attr_name)


@register_setting(icon="image")
class SocialMediaSettings(PublicSiteSetting):
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


@register_setting(icon="site")
class SiteDetails(PublicSiteSetting):
    """Who runs the site, as a municipal site says it in its header and footer: the body's
    name, its contacts, the operator of personal data and its policy (152-ФЗ art. 18.1
    part 2), which every page links to from its footer."""

    body_name = models.CharField(
        _("name of the body"),
        max_length=255,
        default="Управление образования Администрации города Юрги",
    )
    taxpayer_number = models.CharField(
        _("taxpayer number (ИНН)"),
        max_length=12,
        blank=True,
        help_text=_("Begins the identifier of the open data sets."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    operator = models.TextField(
        _("operator of personal data"),
        blank=True,
        default="Управление образования Администрации города Юрги",
        help_text=_("The operator's full name, address, taxpayer and registration numbers."),
    )
    policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personal-data policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The operator's policy on personal data, linked from every page's footer."),
    )
    description = models.CharField(
        _("default description"),
        max_length=300,
        blank=True,
        default="Программа наставничества педагогических работников города Юрги: положение, "
        "реестр менторов и тьюторов, проверка свидетельств, материалы и новости.",
        help_text=_("The meta description of pages that have none of their own."),
    )

    panels = [
        FieldPanel("body_name"),
        FieldPanel("taxpayer_number"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("operator"),
        FieldPanel("policy_page"),
        FieldPanel("description"),
    ]
    select_related = ["policy_page"]

    class Meta:
        verbose_name = _("site details")


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
    # The stems of every other searchable field, so that word forms match on any database.
    search_fields = [*Page.search_fields, index.SearchField("search_stems")]

    class Meta:
        abstract = True

    def searchable_text(self) -> str:
        """The text of the page's own searchable fields, as one string."""
        return " ".join(
            flatten(field.get_value(self))
            for field in self.get_search_fields()
            if isinstance(field, index.SearchField) and field.field_name != "search_stems"
        )

    def search_stems(self) -> str:
        """The Russian stems of :meth:`searchable_text` (:mod:`content.stemming`)."""
        return " ".join(stems(self.searchable_text()))

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
