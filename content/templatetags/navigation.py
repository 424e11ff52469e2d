from django import template
from django.templatetags.static import static

from wagtail.models import Page, Site

from content.models import SocialMediaSettings

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages marked «show in menus», under the current site's root."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    children = site.root_page.get_children().live().in_menu().only("title", "url_path", "path")
    items = [(child, current_path.startswith(child.path)) for child in children]
    return {"request": request, "items": items}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from the home page to the current page (the tree root is not a page)."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"trail": []}
    trail = page.get_ancestors(inclusive=True).filter(depth__gte=2).only("title", "url_path")
    return {"trail": list(trail), "request": context.get("request")}


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
