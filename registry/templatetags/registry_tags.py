"""Template helpers of the registry's public pages."""

from django import template
from django.utils.translation import pgettext_lazy

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
