"""Verification of a certificate number: its standing on a day, in the one wording that the
verify page and the printed extract share, and the public address that answers it (for the QR
codes on papers and on a person's page).

What it reveals follows 152-ФЗ art. 10.1: the standing of the number (valid, expired,
suspended, revoked, unknown) to anyone who holds it; the date and the holder only where the
person is in the registry and allowed them, exactly as the registry's own entry shows them.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from django.apps import apps
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wagtail.models import Page

from registry.selectors import RegistryEntry, listed_certificates, listed_entries
from workflows.choices import CertificateState
from workflows.models import Certificate
from workflows.params import clean_text

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length

# Every dash and minus a keyboard, a word processor or a phone may put in a number.
DASHES = (
    "\u002d\u00ad\u058a\u05be\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
)
# Latin letters that look like Cyrillic capitals, and the Cyrillic letters they stand for.
LOOK_ALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
DIGITS = re.compile(r"[0-9]+")

VALID = "valid"
EXPIRED = "expired"
SUSPENDED = "suspended"
REVOKED = "revoked"
UNKNOWN = "unknown"


def number_key(number: str) -> str:
    """A certificate number as it compares: upper case, no spaces, every dash a hyphen, and
    Latin look-alike letters read as the Cyrillic ones («42-t–1001» is «42-Т-1001»)."""
    text = "".join(clean_text(number, NUMBER_MAX_LENGTH * 2).split()).upper()
    text = "".join("-" if char in DASHES else char for char in text)
    return text.translate(LOOK_ALIKES)


def normalise_number(number: str) -> str:
    """A certificate number as typed, cleaned to echo back: surrounding and doubled spaces do
    not count. Cut one character past the longest number, so that an overlong one stays
    unknown instead of matching its beginning."""
    return clean_text(number, NUMBER_MAX_LENGTH + 1)


@dataclass(frozen=True)
class Verification:
    """The answer about one certificate number: its standing and, only where the person is in
    the registry, their entry as the registry shows it (its date where they allowed it)."""

    status: str  # VALID, EXPIRED, SUSPENDED, REVOKED, UNKNOWN
    number: str = ""
    entry: RegistryEntry | None = None

    @property
    def date(self) -> datetime.date | None:
        """«Valid until», only where the person allowed it to be published."""
        return self.entry.valid_until if self.entry else None

    @property
    def verdict(self) -> str:
        """The standing in two or three words, which the page shows beside its icon and the
        extract prints: «Действует до 08.10.2029», «Отозвано»."""
        if self.status == VALID and self.date:
            return pgettext("certificate standing", "Valid until %(date)s") % {
                "date": f"{self.date:%d.%m.%Y}"
            }
        verdicts = {
            VALID: pgettext("certificate standing", "Valid"),
            EXPIRED: pgettext("certificate standing", "Expired"),
            SUSPENDED: pgettext("certificate standing", "Suspended"),
            REVOKED: pgettext("certificate standing", "Revoked"),
            UNKNOWN: pgettext("certificate standing", "Not found"),
        }
        return verdicts[self.status]

    @property
    def sentence(self) -> str:
        """The answer as one sentence naming the number."""
        return self._sentence(self.number, f"{self.date:%d.%m.%Y}" if self.date else "")

    @property
    def sentence_html(self) -> SafeString:
        """The same sentence for a page, where the number and the date never break."""
        date = (
            format_html('<span class="nowrap">{}</span>', f"{self.date:%d.%m.%Y}")
            if self.date
            else ""
        )
        number = format_html('<span class="nowrap" data-number>{}</span>', self.number)
        return mark_safe(self._sentence(number, date, escape=conditional_escape))

    def _sentence(self, number, date, escape=str) -> str:
        if self.status == VALID and date:
            text = _("Certificate No. %(number)s is valid until %(date)s.")
        else:
            text = {
                VALID: _("Certificate No. %(number)s is valid."),
                EXPIRED: _("Certificate No. %(number)s has expired."),
                SUSPENDED: _("Certificate No. %(number)s is suspended."),
                REVOKED: _("Certificate No. %(number)s has been revoked."),
                UNKNOWN: _("Certificate No. %(number)s is not in the registry."),
            }[self.status]
        return escape(text) % {"number": number, "date": date}

    def __str__(self) -> str:
        return self.verdict


def find_certificate(number: str) -> Certificate | None:
    """The certificate whose number compares equal to ``number`` (:func:`number_key`), in one
    query: the candidates share the number's longest run of digits, which no look-alike letter,
    dash or space changes; a number without digits must match exactly."""
    key = number_key(number)
    if not key:
        return None
    runs = DIGITS.findall(key)
    fields = ("number", "state", "valid_until", "person_id")
    if runs:
        candidates = Certificate.objects.filter(number__contains=max(runs, key=len))
    else:
        candidates = Certificate.objects.filter(number=number)
    return next(
        (c for c in candidates.only(*fields).order_by("pk") if number_key(c.number) == key), None
    )


def verify(number: str, day: datetime.date) -> Verification:
    """The standing of certificate ``number`` on ``day``.

    Validity is the certificate's own (:meth:`Certificate.is_valid_on`); what is left tells
    why a certificate is not valid: revoked for good, past its date, or suspended. Only a valid
    certificate of a person in the registry brings their entry (the name, the status and what
    else they allowed); no other answer says anything about the holder, not even the date.
    """
    number = normalise_number(number)
    certificate = find_certificate(number) if number else None
    if certificate is None:
        return Verification(UNKNOWN, number)
    number = certificate.number
    if certificate.state == CertificateState.REVOKED:
        return Verification(REVOKED, number)
    if certificate.is_valid_on(day):
        listed = listed_entries(listed_certificates(day).filter(pk=certificate.pk))
        return Verification(VALID, number, listed[0] if listed else None)
    if day > certificate.valid_until:
        return Verification(EXPIRED, number)
    return Verification(SUSPENDED, number)


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
