"""Template helpers of the portal's admin: its name, and people written as documents write them."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext

from wagtail.admin.auth import user_has_any_page_permission

from workflows import grammar, selectors

register = template.Library()


@register.simple_tag
def portal_name() -> str:
    """The portal's name, as the tab titles, the sidebar and the sign-in page show it."""
    return settings.WAGTAIL_SITE_NAME


@register.filter
def person_name(user) -> str:
    """A user as documents write a person: «Фамилия И. О.» (see :func:`grammar.user_name`)."""
    return grammar.user_name(user)


@register.simple_tag(takes_context=True)
def history_file(context, field_name: str, stored_name: str):
    """A file named in a document's history: a link to the scan when it is the document's
    current file and the user may open it; otherwise what it is, without its storage path."""
    if not stored_name:
        return "—"
    view, document = context["view"], context["document"]
    for name, scan in getattr(view.model_admin, "scans", {}).items():
        current = getattr(document, scan.field)
        if (
            scan.field == field_name
            and current
            and current.name == stored_name
            and scan.may_see(context["request"].user, document)
        ):
            return format_html(
                '<a href="{}">{}</a>', view.model_admin.scan_url(document, name), scan.label
            )
    return gettext("an earlier file (replaced)")


@register.filter
def may_edit_pages(user) -> bool:
    """Whether ``user`` edits or publishes pages: only they are offered the page search."""
    return user_has_any_page_permission(user)


@register.inclusion_tag("workflows/includes/last_refusal.html")
def last_refusal(document):
    """Why the document was returned or refused, on its own page (not only in its history)."""
    return {"entry": selectors.last_refusal(document)}
