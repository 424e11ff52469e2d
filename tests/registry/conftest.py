import datetime

from django.utils import timezone

import pytest

from tests.factories import CertificateFactory, PersonFactory, PublicationConsentFactory
from workflows.choices import CertificateKind
from workflows.models import Certificate, Person, PublicationConsent
from workflows.models.certificates import CERTIFICATE_TERM
from workflows.text import search_key


@pytest.fixture
def listed(db):
    """A person with a valid certificate and a consent; keyword groups adjust each part."""

    def make(person=None, consent=None, **certificate):
        holder = PersonFactory(**(person or {}))
        if consent is not False:
            PublicationConsentFactory(person=holder, **(consent or {}))
        certificate.setdefault("issued_on", timezone.localdate() - datetime.timedelta(days=30))
        return CertificateFactory(person=holder, **certificate)

    return make


def bulk_listed(count: int, organisation, start: int = 0) -> None:
    """``count`` listed tutors in one go, as a large registry would hold."""
    issued_on = timezone.localdate() - datetime.timedelta(days=30)
    people = Person.objects.bulk_create(
        Person(
            surname=f"Массов{n}",
            name="Иван",
            patronymic="Иванович",
            organisation=organisation,
            position="учитель",
            search_name=search_key(f"Массов{n}", "Иван", "Иванович"),
        )
        for n in range(start, start + count)
    )
    Certificate.objects.bulk_create(
        Certificate(
            person=person,
            kind=CertificateKind.TUTOR,
            number=f"BULK-{start + i:06d}",
            issued_on=issued_on,
            valid_until=issued_on + CERTIFICATE_TERM,
            direction="Цифровая школа",
            search_direction="цифровая школа",
        )
        for i, person in enumerate(people)
    )
    PublicationConsent.objects.bulk_create(
        PublicationConsent(person=person, given_on=issued_on, show_organisation=True)
        for person in people
    )
