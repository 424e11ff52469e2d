"""Template helpers of the registry's public pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

from content.cache import remember
from workflows.choices import CertificateKind

register = template.Library()

# The status by its name alone, for a column or a field already headed «Статус».
STATUS_NAMES = {
    CertificateKind.MENTOR: pgettext_lazy("status name", "Mentor"),
    CertificateKind.TUTOR: pgettext_lazy("status name", "Tutor"),
}


@register.filter
def status_name(kind: str) -> str:
    """«Ментор» rather than «Статус «Ментор»» under a «Статус» heading."""
    return STATUS_NAMES.get(kind, "")


@register.simple_tag
def organisation_options(organisations, selected: int | None) -> SafeString:
    """The ``<option>``s of the organisation filter, ``selected`` marked.

    Built here rather than by a template loop, and escaped once per cache generation: the
    registry lists hundreds of organisations, and a loop's per-variable lookups and number
    formatting cost more than the rest of a page.
    """
    options = remember(
        "registry-organisation-options",
        tuple(organisation.pk for organisation in organisations),
        lambda: [
            (
                organisation.pk,
                format_html('<option value="{}"', str(organisation.pk)),
                format_html(">{}</option>", organisation.short_name),
            )
            for organisation in organisations
        ],
    )
    return mark_safe(
        "".join(
            f"{start}{' selected' if pk == selected else ''}{end}" for pk, start, end in options
        )
    )
