from django import template
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static

from wagtail.models import Page, Site

from content.cache import remember
from content.models import SearchPage, SocialMediaSettings

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages marked «show in menus», under the current site's root, and the search
    box of the header, which leads to the live search page found in the same query."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": [], "search_url": None}
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    menu, search_url = remember(
        "main-navigation", (request.get_host(), site.pk), lambda: _menu(site, request)
    )
    items = [(child, current_path.startswith(child.path)) for child in menu]
    return {"request": request, "items": items, "search_url": search_url}


def _menu(site: Site, request) -> tuple[list[Page], str | None]:
    """The site's menu pages and the address of its search page, in one query."""
    children = (
        site.root_page.get_children()
        .live()
        .only("title", "url_path", "path", "show_in_menus", "content_type_id")
    )
    search_type = ContentType.objects.get_for_model(SearchPage)
    menu, search_url = [], None
    for child in children:
        if child.show_in_menus:
            menu.append(child)
        if child.content_type_id == search_type.pk and search_url is None:
            search_url = child.get_url(request)
    return menu, search_url


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from the home page to the current page (the tree root is not a page).

    A route below a page (a person of the registry, its verification) names itself in
    ``breadcrumb_tail``: the page is then a link like its ancestors and the tail is current.
    """
    page = context.get("page")
    tail = context.get("breadcrumb_tail")
    if not isinstance(page, Page) or (page.depth <= 2 and not tail):
        return {"trail": [], "tail": None}

    def ancestors():
        return list(
            page.get_ancestors(inclusive=True).filter(depth__gte=2).only("title", "url_path")
        )

    # A new page's preview has no id to remember its trail by.
    trail = remember("breadcrumbs", (page.pk,), ancestors) if page.pk else ancestors()
    return {"trail": trail, "tail": tail, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The current query string (filters kept) pointing at page ``number`` of a list."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.inclusion_tag("components/open_graph.html", takes_context=True)
def open_graph(context, page):
    """Open Graph tags; the image falls back to the site's default, then to a built-in one."""
    request = context["request"]
    image = page.og_image or SocialMediaSettings.for_request(request).default_og_image
    if image:
        image_url = image.get_rendition("fill-1200x630").full_url
    else:
        image_url = request.build_absolute_uri(static("content/img/og-default.png"))
    return {
        "title": page.seo_title or page.title,
        "url": page.get_full_url(request),
        "image_url": image_url,
        "description": page.search_description,
    }


@register.filter
def lookup(mapping, key):
    """``mapping[key]`` in a template (``None`` when absent)."""
    return mapping.get(key)
