from django import template

from wagtail.models import Page, Site

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
