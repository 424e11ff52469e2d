"""The registry's paper: the extract (выписка из реестра) for one certificate.

Registered with the other papers (:func:`workflows.paper.base.paper`) when the registry app is
ready; its template is ``templates/workflows/paper/registry_extract.html`` like theirs.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.verification import verification_url, verify
from workflows.choices import CertificateKind, CertificateState
from workflows.models import Certificate
from workflows.paper.base import Fields, Paragraph, QRCode, Sheet, paper
from workflows.paper.typography import date_in_words


@paper(
    name="registry_extract",
    label=gettext_lazy("Registry extract"),
    model=Certificate,
    states=CertificateState.values,
)
def registry_extract_sheet(certificate: Certificate, request=None) -> Sheet:
    """An extract for one certificate: its particulars and its standing today, with a QR code
    that leads to the public verification of its number."""
    person = certificate.person
    today = timezone.localdate()
    url = verification_url(certificate.number, request=request)
    caption = _("Certificate No. %(number)s") % {"number": certificate.number}
    return Sheet(
        title=_("EXTRACT FROM THE REGISTRY"),
        subtitle=_("of teaching staff holding the «Mentor» or «Tutor» status"),
        filename=f"extract-{certificate.pk}",
        date=date_in_words(today),
        place=_("Yurga"),
        blocks=[
            Fields(
                [
                    (_("Full name"), person.full_name),
                    (_("Organisation"), person.organisation.full_name),
                    (_("Position"), person.position),
                    (_("Status"), str(CertificateKind(certificate.kind).label)),
                    (_("Direction or problem"), certificate.direction or "—"),
                    (_("Certificate number"), certificate.number),
                    (_("Issued on"), date_in_words(certificate.issued_on)),
                    (_("Valid until"), date_in_words(certificate.valid_until)),
                    (_("Ministry's order"), certificate.order or "—"),
                    (
                        _("Standing on %(date)s") % {"date": date_in_words(today)},
                        str(verify(certificate.number, today)),
                    ),
                ]
            ),
            *(
                [Paragraph(_("Check the certificate by its number: %(url)s") % {"url": url})]
                if url
                else []
            ),
        ],
        qr=QRCode(url, caption) if url else None,
    )
