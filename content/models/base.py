"""What every page of the portal shares: the base page, site settings and pagination."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

from workflows.params import page_number

PAGE_SIZE = 10


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
