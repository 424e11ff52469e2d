"""Verification of a certificate number: its standing on a day, and the public address that
answers it (for the QR codes on papers and on a person's page)."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Page

from workflows.choices import CertificateState
from workflows.models import Certificate
from workflows.params import clean_text

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length


@dataclass(frozen=True)
class Verification:
    """The answer about one certificate number: its standing and, where it matters, a date."""

    status: str  # valid, expired, suspended, revoked, unknown
    date: datetime.date | None = None

    def __str__(self) -> str:
        date = self.date.strftime("%d.%m.%Y") if self.date else ""
        messages = {
            "valid": _("valid until %(date)s"),
            "expired": _("expired on %(date)s"),
            "suspended": _("suspended"),
            "revoked": _("revoked"),
            "unknown": _("not found"),
        }
        return messages[self.status] % {"date": date} if date else messages[self.status]


def normalise_number(number: str) -> str:
    """A certificate number as typed: surrounding and doubled spaces do not count. Cut one
    character past the longest number, so that an overlong one stays unknown instead of
    matching its beginning."""
    return clean_text(number, NUMBER_MAX_LENGTH + 1)


def verify(number: str, day: datetime.date) -> Verification:
    """The standing of certificate ``number`` on ``day``, and nothing about its holder.

    Validity is the certificate's own (:meth:`Certificate.is_valid_on`); what is left tells
    why a certificate is not valid: revoked for good, past its date, or suspended.
    """
    number = normalise_number(number)
    certificate = (
        Certificate.objects.filter(number=number).only("state", "valid_until").first()
        if number
        else None
    )
    if certificate is None:
        return Verification("unknown")
    if certificate.state == CertificateState.REVOKED:
        return Verification("revoked")
    if certificate.is_valid_on(day):
        return Verification("valid", certificate.valid_until)
    if day > certificate.valid_until:
        return Verification("expired", certificate.valid_until)
    return Verification("suspended")


def live_registry_page() -> Page | None:
    """The live registry page, whose ``verify/`` route answers for a number."""
    # Looked up through the app registry: the page type lives in content, which imports this
    # app to render it, so importing it here would close a cycle.
    return apps.get_model("content", "RegistryPage").objects.live().first()


def verification_url(number: str, *, request=None, page: Page | None = None) -> str | None:
    """The absolute address that verifies ``number`` (``None`` while no registry is published).

    Absolute from the request when there is one, else from ``WAGTAILADMIN_BASE_URL``.
    """
    page = page or live_registry_page()
    if page is None:
        return None
    path = page.get_url(request=request) + page.reverse_subpage("verify_route")
    query = urlencode({"number": number})
    if request is not None:
        return f"{request.build_absolute_uri(path)}?{query}"
    return f"{urljoin(settings.WAGTAILADMIN_BASE_URL, path)}?{query}"
